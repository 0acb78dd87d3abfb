package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random token streams into the parser and interpreter: each must end in a value or a K error, never
 * another exception, within a fuel bound. Seeded, so a failure reproduces.
 */
class KFuzzTest {
    private static final String[] TOKENS = {
        "1", "2", "-3", "0", "1.5", "1 2 3", "0N", "0w", "x", "y", "z", "a", "f", "o", "+", "-", "*", "%", "!", "<",
        ">", "=", "&", "|", "~", "#", ",", "@", "_", "$", "'", "/", "\\", "/:", "\\:", "':", "(", ")", "[", "]",
        "{", "}", ";", ":", "::", "$[", "\n", " ", "a:", "f:", "{x+1}", "{[a;b]a*b}", "!5", "()", "+:", "-:",
        "\"", "`", "9223372036854775807", "1e300", ".", "2.", "{x}", "f[", "}", "/ c",
    };

    @Test
    void randomTokenStreamsNeverThrowAnythingButKErrors() {
        Random r = new Random(0x5EED);
        int values = 0, errors = 0;
        long deadline = System.nanoTime() + 20_000_000_000L;
        for (int i = 0; i < 20_000 && System.nanoTime() < deadline; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(14);
            for (int k = 0; k < n; k++) sb.append(TOKENS[r.nextInt(TOKENS.length)]);
            String src = sb.toString();
            KSession s = new KSession(4096, 20_000, v -> {});
            try {
                s.eval("f:{x*2};a:1 2 3");
                Object v = s.eval(src);
                if (v != null) KSession.format(v);
                values++;
            } catch (KError e) {
                assertTrue(e.getMessage().endsWith(".") || e.getMessage().startsWith("invalid"), e.getMessage());
                errors++;
            } catch (Throwable e) {
                fail("input " + src.replace("\n", "\\n") + " threw " + e, e);
            }
        }
        System.out.println("K fuzz: " + values + " values, " + errors + " errors");
        assertTrue(values > 100 && errors > 100);
    }

    @Test
    void deepNestingIsAParseErrorNotAStackOverflow() {
        KSession s = new KSession();
        for (String src : new String[] {"(".repeat(100_000) + "1", "{".repeat(50_000), "1+".repeat(100_000) + "1",
                "-".repeat(100_000) + "1", "f[".repeat(30_000)}) {
            try {
                s.eval(src);
            } catch (KError e) {
                assertTrue(e.getMessage().startsWith("parse error."), e.getMessage());
            }
        }
    }
}
