package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * oK's own test suite (749 cases, with the output oK prints for each, in {@code /k/ok-suite.tsv}), run
 * case by case in fresh sessions. Every case must either print exactly what oK prints, or be named in
 * {@code /k/ok-suite-exceptions.tsv} with its category:
 * <ul>
 *   <li>{@code unsupported}: Piglet raises a K error where oK gives a value (or another error) — never
 *       a different value;
 *   <li>{@code deliberate}: Piglet prints a different value on purpose, for the reason given (each is
 *       listed in docs/k.md, "Where Piglet differs from oK").
 * </ul>
 * The test fails on any other mismatch, on a listed {@code unsupported} case that prints a value, on a
 * Java exception, and on a listed case that now matches (so the list only shrinks honestly).
 */
class KOkSuiteTest {
    record Case(String expr, String want) {}
    record Outcome(String text, boolean error) {}

    /** oK's suite: expression, tab, output; in the output {@code \n} is a newline and {@code \\} a backslash. */
    static List<Case> suite() throws IOException {
        List<Case> cases = new ArrayList<>();
        for (String line : lines("/k/ok-suite.tsv")) {
            int tab = line.indexOf('\t');
            cases.add(new Case(line.substring(0, tab), unescape(line.substring(tab + 1))));
        }
        return cases;
    }

    /** category, tab, expression, tab, reason; {@code ## } starts a comment line. */
    static Map<String, String[]> exceptions() throws IOException {
        Map<String, String[]> known = new LinkedHashMap<>();
        for (String line : lines("/k/ok-suite-exceptions.tsv")) {
            if (line.startsWith("## ")) continue;
            String[] f = line.split("\t", 3);
            if (f.length < 3 || f[2].isBlank()) throw new AssertionError("exception line needs category, expression and reason: " + line);
            if (!f[0].equals("unsupported") && !f[0].equals("deliberate")) throw new AssertionError("unknown category: " + line);
            if (known.put(f[1], f) != null) throw new AssertionError("listed twice: " + f[1]);
        }
        return known;
    }

    static List<String> lines(String resource) throws IOException {
        try (InputStream in = KOkSuiteTest.class.getResourceAsStream(resource)) {
            List<String> out = new ArrayList<>();
            for (String l : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) if (!l.isEmpty()) out.add(l);
            return out;
        }
    }

    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                b.append(d == 'n' ? '\n' : d);
            } else b.append(c);
        }
        return b.toString();
    }

    /** One case in a fresh session: the printed value, or the error message (flagged as an error). */
    static Outcome run(String expr) {
        try {
            return new Outcome(new KSession(1 << 12, 20_000_000L, s -> {}).evalToString(expr), false);
        } catch (KError e) {
            return new Outcome(e.getMessage(), true);
        } catch (RuntimeException | StackOverflowError | OutOfMemoryError e) {
            return new Outcome("JAVA EXCEPTION " + e, true);
        }
    }

    @Test
    void okSuite() throws IOException {
        List<Case> cases = suite();
        assertEquals(749, cases.size(), "oK's suite has 749 cases");
        Map<String, String[]> known = exceptions();
        List<String> problems = new ArrayList<>();
        java.util.Set<String> used = new java.util.HashSet<>();
        int match = 0, unsupported = 0, deliberate = 0;
        for (int i = 0; i < cases.size(); i++) {
            Case c = cases.get(i);
            Outcome o = run(c.expr());
            String[] k = known.get(c.expr());
            used.add(c.expr());
            String shown = c.expr() + "  =>  " + o.text().replace("\n", "\\n") + "   (oK: " + c.want().replace("\n", "\\n") + ")";
            if (o.text().startsWith("JAVA EXCEPTION")) problems.add("Java exception: " + shown);
            else if (o.text().equals(c.want())) {
                match++;
                if (k != null) problems.add("listed as " + k[0] + " but now matches (remove it): " + c.expr());
            } else if (k == null) problems.add((o.error() ? "error, not listed: " : "WRONG VALUE: ") + shown);
            else if (k[0].equals("unsupported") && !o.error()) problems.add("listed unsupported but prints a value: " + shown);
            else if (k[0].equals("unsupported")) unsupported++;
            else deliberate++;
            if ((i + 1) % 250 == 0) System.out.println("oK suite: " + (i + 1) + "/" + cases.size() + " run");
        }
        known.keySet().stream().filter(e -> !used.contains(e)).forEach(e -> problems.add("listed but not in the suite: " + e));
        System.out.printf("oK suite: %d/%d match, %d unsupported (an error), %d deliberate differences%n",
            match, cases.size(), unsupported, deliberate);
        problems.forEach(p -> System.out.println("  " + p));
        assertTrue(problems.isEmpty(), problems.size() + " problems, first: " + (problems.isEmpty() ? "" : problems.get(0)));
    }
}
