package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Piglet against oK on generated expressions inside Piglet's dialect: {@code k/ok-differential.tsv} holds
 * each expression with what oK printed (or {@code ERROR message}), made by
 * {@code native-tests/ok-table/generate.js} (the only step that needs node). Where oK gives a value,
 * Piglet must print exactly that value; a K error there is allowed but counted and printed. Where oK
 * errs, Piglet's answer is not compared. Divergences K has not fixed yet are listed in
 * {@code k/ok-differential-known.txt} (printed, not failed); one that agrees again is reported so the list can shrink.
 */
class KOkDifferentialTest {
    /** Expressions where Piglet is known to print another value than oK ({@code k/ok-differential-known.txt}, reported to k-lang). */
    static java.util.Set<String> known() throws IOException {
        try (InputStream in = KOkDifferentialTest.class.getResourceAsStream("/k/ok-differential-known.txt")) {
            java.util.Set<String> set = new java.util.HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isEmpty() && !line.startsWith("#")) set.add(unescape(line));
            }
            return set;
        }
    }

    record Row(String expr, String ok) {}

    static List<Row> table() throws IOException {
        try (InputStream in = KOkDifferentialTest.class.getResourceAsStream("/k/ok-differential.tsv")) {
            List<Row> rows = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                int tab = line.indexOf('\t');
                rows.add(new Row(unescape(line.substring(0, tab)), unescape(line.substring(tab + 1))));
            }
            return rows;
        }
    }

    /** The table's escapes: backslash, tab and newline (as the generator writes them). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char n = s.charAt(++i);
                b.append(n == 'n' ? '\n' : n == 't' ? '\t' : n);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Test
    void pigletPrintsWhatOkPrints() throws IOException {
        List<Row> rows = table();
        java.util.Set<String> KNOWN = known();
        int values = 0, same = 0, errorsWhereOkHasValue = 0, okErrors = 0;
        List<String> divergences = new ArrayList<>();
        List<String> known = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Row r : rows) {
            if (r.ok.startsWith("ERROR ")) {
                okErrors++;
                continue;
            }
            values++;
            String got;
            boolean error = false;
            try {
                got = new KSession(4096, 1_000_000, s -> {}).evalToString(r.expr);
            } catch (KError e) {
                got = e.getMessage();
                error = true;
            }
            String line = r.expr + "   piglet: " + got.replace("\n", "\\n") + "   oK: " + r.ok.replace("\n", "\\n");
            if (error) {
                errorsWhereOkHasValue++;
                errors.add(line);
            } else if (got.equals(r.ok)) {
                same++;
                if (KNOWN.contains(r.expr)) System.out.println("known divergence now agrees (remove it from KNOWN): " + r.expr);
            } else if (KNOWN.contains(r.expr)) {
                known.add(line);
            } else {
                divergences.add(line);
            }
        }
        System.out.printf("K vs oK: %d expressions, oK gives a value for %d: Piglet prints the same for %d, a K error for %d, "
                + "another value for %d (%d of them known); oK errs on %d%n", rows.size(), values, same, errorsWhereOkHasValue,
                divergences.size() + known.size(), known.size(), okErrors);
        errors.forEach(e -> System.out.println("  error where oK has a value: " + e));
        known.forEach(e -> System.out.println("  known divergence: " + e));
        divergences.forEach(e -> System.out.println("  DIVERGENCE: " + e));
        assertTrue(rows.size() >= 1000 && values >= 500, "the table is too small: " + rows.size() + " rows");
        assertEquals(List.of(), divergences, "Piglet prints another value than oK");
    }
}
