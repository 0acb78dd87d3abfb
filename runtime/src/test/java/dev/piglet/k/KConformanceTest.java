package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every line of the oK conformance table, each in a fresh session, exact output. */
class KConformanceTest {
    /** Runs one expression in a fresh session: its printed value, or its error message. */
    static String run(String expr) {
        try {
            return new KSession(1 << 14, 100_000_000L, s -> {}).evalToString(expr); // small rings: 242 fresh sessions
        } catch (KError e) {
            return e.getMessage();
        }
    }

    static List<String[]> table() throws IOException {
        try (InputStream in = KConformanceTest.class.getResourceAsStream("/k/conformance.tsv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            List<String[]> rows = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty()) continue;
                int tab = line.indexOf('\t');
                rows.add(new String[] {line.substring(0, tab), line.substring(tab + 1).replace("\\n", "\n")});
            }
            return rows;
        }
    }

    @Test
    void allLinesPass() throws IOException {
        List<String[]> rows = table();
        assertEquals(242, rows.size(), "the table has 242 lines");
        List<String> failures = new ArrayList<>();
        for (String[] row : rows) {
            String got;
            try {
                got = run(row[0]);
            } catch (RuntimeException e) {
                got = "JAVA EXCEPTION " + e;
            }
            if (!got.equals(row[1])) failures.add(row[0] + "  =>  " + got.replace("\n", "\\n") + "   (want " + row[1].replace("\n", "\\n") + ")");
        }
        System.out.println("K conformance: " + (rows.size() - failures.size()) + "/" + rows.size() + " pass");
        failures.forEach(f -> System.out.println("FAIL " + f));
        assertEquals(List.of(), failures);
    }
}
