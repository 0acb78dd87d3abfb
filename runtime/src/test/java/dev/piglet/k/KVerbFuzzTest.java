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
 * N random expressions (default 40,000), {@code -Dpiglet.k.fuzz.seed=S} another seed.
 */
class KVerbFuzzTest {
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
        int random = Integer.getInteger("piglet.k.fuzz.expressions", 40_000);
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < random; i++) {
            exprs.add(expr(r, 3));
        }
        Result res = run(exprs);
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
     * Evaluates each expression (fuel 100,000 steps each; a fresh session every 2,000 expressions and after
     * a finding) on a worker thread; fails if one expression runs for more than 20 s.
     */
    static Result run(List<String> exprs) throws InterruptedException {
        long[] counts = new long[2];
        Map<String, String> findings = new LinkedHashMap<>();
        Map<String, Integer> hits = new LinkedHashMap<>();
        List<String> slow = new ArrayList<>();
        int[] at = {0};
        Thread worker = Thread.ofPlatform().name("k-verb-fuzz").daemon().unstarted(() -> {
            KSession s = null;
            for (int i = 0; i < exprs.size(); i++) {
                synchronized (at) {
                    at[0] = i;
                    at.notifyAll();
                }
                if (s == null || i % 2000 == 0) {
                    s = new KSession(4096, 100_000, x -> {});
                }
                String e = exprs.get(i);
                long t0 = System.nanoTime();
                try {
                    Object v = s.eval(e);
                    if (v != null) {
                        KSession.format(v);
                    }
                    counts[0]++;
                } catch (KError k) {
                    counts[1]++;
                } catch (Throwable t) {
                    StackTraceElement[] st = t.getStackTrace();
                    String where = t.getClass().getSimpleName() + " at " + (st.length > 0 ? st[0].getClassName().replace("dev.piglet.k.", "")
                            + "." + st[0].getMethodName() + ":" + st[0].getLineNumber() : "?");
                    hits.merge(where, 1, Integer::sum);
                    findings.putIfAbsent(where, e);
                    s = null;
                }
                long ms = (System.nanoTime() - t0) / 1_000_000;
                if (ms >= 1000) {
                    synchronized (slow) {
                        slow.add(e + " (" + ms + " ms)");
                    }
                }
            }
            synchronized (at) {
                at[0] = exprs.size();
                at.notifyAll();
            }
        });
        worker.start();
        int last = -1;
        long since = System.nanoTime();
        while (true) {
            int now;
            synchronized (at) {
                at.wait(1000);
                now = at[0];
            }
            if (now >= exprs.size()) {
                break;
            }
            if (now != last) {
                last = now;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > 20_000_000_000L) {
                fail("K hangs (no result within 20 s, fuel 100,000) on: " + exprs.get(now));
            }
        }
        worker.join();
        Map<String, String> report = new LinkedHashMap<>();
        findings.forEach((where, e) -> report.put(where, hits.get(where) + ", first " + e));
        if (!slow.isEmpty()) {
            System.out.println("K verb fuzz: slow expressions (1 s or more with fuel 100,000): " + slow);
        }
        return new Result(counts[0], counts[1], report);
    }
}
