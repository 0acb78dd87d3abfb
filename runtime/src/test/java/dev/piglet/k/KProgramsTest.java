package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Small whole programs in the style of oK's examples (strings, symbols, dictionaries, adverbs, matrices),
 * each run as a script: the printed last value must be exactly what oK prints for the same file
 * ({@code /k/programs/NAME.out}, produced by running oK on {@code NAME.k}).
 */
class KProgramsTest {
    static String resource(String name) throws IOException {
        try (InputStream in = KProgramsTest.class.getResourceAsStream("/k/programs/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rle", "words", "parse", "matrix", "primes", "fib"})
    void printsWhatOkPrints(String name) throws IOException {
        String src = resource(name + ".k");
        String want = resource(name + ".out").stripTrailing();
        assertEquals(want, new KSession().evalToString(src), name + ".k");
    }

    @org.junit.jupiter.api.Test
    void backtickZeroColonWritesTextAsItIs() {
        java.util.List<String> out = new java.util.ArrayList<>();
        KSession k = new KSession(1 << 12, Long.MAX_VALUE, out::add);
        assertEquals("\"ab\"", k.evalToString("`0:\"hello\";`0:(\"a\";\"bc\");\"ab\""));
        assertEquals(java.util.List.of("hello", "a\nbc"), out);
        org.junit.jupiter.api.Assertions.assertThrows(KError.class, () -> k.eval("`file 0:\"x\""));
    }
}
