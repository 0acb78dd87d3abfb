package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every verb under every adverb (and none), monadic and dyadic, over every kind of value, then random
 * nested expressions built from the same parts: each must end in a value (which must print) or a K error
 * ({@link KError}), never another exception and never a hang (each evaluation has fuel; a watchdog fails
 * the test with the expression that stopped making progress). Findings are grouped by exception type and
 * place, each with the first expression that hit it. Seeded; {@code -Dpiglet.k.fuzz.expressions=N} runs
 * N random nested expressions as well (default none in CI: at 40,000 they find the hangs in {@link #KNOWN_HANGS} and more, and an abandoned runaway worker may take the JVM's memory), {@code -Dpiglet.k.fuzz.seed=S} another seed.
 */
class KVerbFuzzTest {
    /**
     * Steps per evaluation: far more than any generated expression needs. Kept small because some work is
     * not counted in steps (matching ever deeper values in a converge is quadratic in the depth), and the
     * test is about what escapes, not about how far a runaway converge gets.
     */
    static final long FUEL = 10_000;
    /** oK's verbs; those Piglet lacks ({@code ^ ? .}) must still end in a K error. */
    static final String[] VERBS = {"+", "-", "*", "%", "!", "<", ">", "=", "&", "|", "~", "#", ",", "@", "_", "$", "^", "?", "."};
    static final String[] ADVERBS = {"", "'", "/", "\\", "/:", "\\:", "':"};
    /** One or more values of every kind, as source text that is a noun wherever it stands (parenthesized if needed). */
    static final String[] VALUES = {
        // int atoms, edges included
        "0", "1", "-2", "7", "0N", "9223372036854775807",
        // float atoms, infinities and null
        "1.5", "-0.5", "2.", "0w", "-0w", "0n",
        // int vectors: plain, empty, one item, negative, with null
        "1 2 3", "(!0)", "(!5)", "(,7)", "0 -1 2", "3 0N 1",
        // float vectors
        "1.5 2 -3", "0w 0n 1.", "(,2.5)",
        // general and nested lists, the empty list
        "()", "(1;2 3;4)", "(1;2.5)", "((1;2);(3;4 5))", "(();!0)", "(1 2;3 4)", "(,,1)", "({x};1)",
        // lambdas of one, two and three arguments
        "{x}", "{x+1}", "{x*y}", "{[a;b]a-b}", "{x,y}", "{x+y+z}",
        // projections and verbs as values
        "(+[1;])", "({x-y}[3])", "({x+y+z}[1;;2])", "(+)", "(-:)", "(,)", "(@)",
        // strings, symbols, dictionaries (oK's; a parse or domain error until Piglet has them)
        "\"abc\"", "\"a\"", "(\"\")", "`a", "`a`b`c", "((`a`b)!1 2)", "(`a`b!(1;2.5))",
    };

    /**
     * Expressions of the default run that do not end within fuel (the work that grows is not counted in
     * steps): skipped by the fuzz run, kept by {@link #knownHangsEndWithinFuel} until K bounds them.
     */
    static final java.util.Set<String> KNOWN_HANGS = java.util.Set.of(
            "*\\[((({x+y+z}[1;;2]))+/: 1.5 2 -3)[^ 3 0N 1];{=\\:[(!5);(`a`b!(x;2.5))]}\\ 0w 0n 1.]",
            "{(?[(,2.5);(x 2;3 4)])-\\ ((x;2.5);0 -x 2)}\\ *' ((,,1);(1;2.5))",
            "!': (0w)[. (1;2.5)]",
            "~'[(#'[(!5);\"abc\"])[{()}\\: (1 2;3 4)];{(\"abc\"){x,/:y}': 3 0N x}\\ ((();!0))[1.5 2 -3]]",
            "((1)[(!5)]){x$\\y}\\ 1.5 2 -3",
            "$':[(^ (`a`b!(1;2.5))){x$':y}\\ ((,,1))>': -2;({x};1)]",
            "{(x.5)[{({x+y+z}[x;;2])}/ ({x-y}[3])]}': {((x;2 3;4);x)}\\ ({x};1)");

    @Test
    @org.junit.jupiter.api.Disabled("bug: work that fuel does not count (values growing per converge/scan step, "
            + "verbs over nested or huge values) runs for minutes; found by the random part, reported to k-lang")
    void knownHangsEndWithinFuel() throws InterruptedException {
        Result res = run(new ArrayList<>(KNOWN_HANGS), false);
        assertTrue(res.findings.isEmpty(), res.findings.toString());
    }

    @Test
    void everyVerbAdverbAndValueEndsInAValueOrAKError() throws InterruptedException {
        List<String> exprs = new ArrayList<>();
        for (String v : VERBS) {
            for (String a : ADVERBS) {
                for (String y : VALUES) {
                    exprs.add(v + a + " " + y);
                    exprs.add("(" + v + a + ")" + y);
                    for (String x : VALUES) {
                        exprs.add(x + v + a + " " + y);
                    }
                }
            }
        }
        long seed = Long.getLong("piglet.k.fuzz.seed", 0xC0FFEE);
        int random = Integer.getInteger("piglet.k.fuzz.expressions", 0);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < random; i++) {
            exprs.add(expr(r, 3));
        }
        Result res = run(exprs, true);
        System.out.printf("K verb fuzz: %,d expressions (%,d systematic, %,d random, seed %d): %,d values, %,d K errors, %d finding(s)%n",
                exprs.size(), exprs.size() - random, random, seed, res.values, res.errors, res.findings.size());
        if (!res.findings.isEmpty()) {
            StringBuilder s = new StringBuilder("internal errors escaped from K (exception at place: count, first expression):\n");
            res.findings.forEach((k, v) -> s.append("  ").append(k).append(": ").append(v).append('\n'));
            fail(s.toString());
        }
        assertTrue(res.values > 1000 && res.errors > 1000, "the generator lost its reach: " + res.values + " values, " + res.errors + " errors");
    }

    /** A random expression of depth at most {@code depth}: values, verbs with adverbs, lambdas applied, brackets. */
    static String expr(SplittableRandom r, int depth) {
        if (depth == 0 || r.nextInt(4) == 0) {
            return VALUES[r.nextInt(VALUES.length)];
        }
        String v = VERBS[r.nextInt(VERBS.length)] + ADVERBS[r.nextInt(ADVERBS.length)];
        return switch (r.nextInt(7)) {
            case 0 -> v + " " + expr(r, depth - 1);
            case 1 -> "(" + expr(r, depth - 1) + ")" + v + " " + expr(r, depth - 1);
            case 2 -> "{" + expr(r, depth - 1).replace("1", "x") + "}" + ADVERBS[r.nextInt(ADVERBS.length)] + " " + expr(r, depth - 1);
            case 3 -> "(" + expr(r, depth - 1) + ")" + "{x" + v + "y}" + ADVERBS[r.nextInt(ADVERBS.length)] + " " + expr(r, depth - 1);
            case 4 -> v + "[" + expr(r, depth - 1) + ";" + expr(r, depth - 1) + "]";
            case 5 -> "(" + expr(r, depth - 1) + ";" + expr(r, depth - 1) + ")";
            default -> "(" + expr(r, depth - 1) + ")[" + expr(r, depth - 1) + "]";
        };
    }

    record Result(long values, long errors, Map<String, String> findings) {}

    /**
     * Evaluates each expression (fuel {@link #FUEL} steps each; a fresh session every 2,000 expressions and
     * after a finding) on a worker thread. An expression with no result within 20 s is a hang: it is
     * recorded, its worker abandoned (a daemon, told to stop if it ever returns) and a new worker goes on
     * with the next expression, so one run lists every hang. Expressions in {@link #KNOWN_HANGS} are skipped.
     */
    static Result run(List<String> exprs, boolean skipKnown) throws InterruptedException {
        Shared sh = new Shared();
        int next = 0;
        while (next < exprs.size()) {
            int from = next;
            int generation = ++sh.generation;
            Thread.ofPlatform().name("k-verb-fuzz-" + generation).daemon().start(() -> work(exprs, from, generation, sh, skipKnown));
            int last = -1;
            long since = System.nanoTime();
            while (true) {
                int now;
                synchronized (sh) {
                    sh.wait(1000);
                    now = sh.at;
                }
                if (now >= exprs.size()) {
                    next = now;
                    break;
                }
                if (now != last) {
                    last = now;
                    since = System.nanoTime();
                } else if (System.nanoTime() - since > 20_000_000_000L) {
                    synchronized (sh) {
                        sh.generation++; // the stuck worker stops if it ever comes back
                        sh.hangs.add(exprs.get(now));
                    }
                    System.out.println("K verb fuzz: hang (no result within 20 s, fuel " + FUEL + "): " + exprs.get(now));
                    next = now + 1;
                    break;
                }
            }
        }
        Map<String, String> report = new LinkedHashMap<>();
        synchronized (sh) {
            sh.findings.forEach((where, e) -> report.put(where, sh.hits.get(where) + ", first " + e));
            for (String h : sh.hangs) {
                report.put("hang (no result within 20 s, fuel " + FUEL + ")", h);
            }
            if (!sh.slow.isEmpty()) {
                System.out.println("K verb fuzz: slow expressions (1 s or more with fuel " + FUEL + "): " + sh.slow);
            }
            return new Result(sh.values, sh.errors, report);
        }
    }

    /** What the workers found, under its own lock. */
    private static final class Shared {
        int at;
        int generation;
        long values;
        long errors;
        final Map<String, String> findings = new LinkedHashMap<>();
        final Map<String, Integer> hits = new LinkedHashMap<>();
        final List<String> hangs = new ArrayList<>();
        final List<String> slow = new ArrayList<>();
    }

    private static void work(List<String> exprs, int from, int generation, Shared sh, boolean skipKnown) {
        KSession s = null;
        for (int i = from; i < exprs.size(); i++) {
            synchronized (sh) {
                if (sh.generation != generation) {
                    return;
                }
                sh.at = i;
                sh.notifyAll();
            }
            String e = exprs.get(i);
            if (skipKnown && KNOWN_HANGS.contains(e)) {
                continue;
            }
            if (s == null || i % 2000 == 0) {
                s = new KSession(4096, FUEL, x -> {});
            }
            long t0 = System.nanoTime();
            String where = null;
            boolean value = false;
            try {
                Object v = s.eval(e);
                if (v != null) {
                    KSession.format(v);
                }
                value = true;
            } catch (KError k) {
                value = false;
            } catch (Throwable t) {
                StackTraceElement[] st = t.getStackTrace();
                where = t.getClass().getSimpleName() + " at " + (st.length > 0 ? st[0].getClassName().replace("dev.piglet.k.", "")
                        + "." + st[0].getMethodName() + ":" + st[0].getLineNumber() : "?");
                s = null;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            synchronized (sh) {
                if (where != null) {
                    sh.hits.merge(where, 1, Integer::sum);
                    sh.findings.putIfAbsent(where, e);
                } else if (value) {
                    sh.values++;
                } else {
                    sh.errors++;
                }
                if (ms >= 1000) {
                    sh.slow.add(e + " (" + ms + " ms)");
                }
            }
        }
        synchronized (sh) {
            if (sh.generation == generation) {
                sh.at = exprs.size();
                sh.notifyAll();
            }
        }
    }
}
