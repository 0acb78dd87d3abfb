package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecimalReaderTest {
    static List<String> read(InputStream in) {
        DecimalReader r = new DecimalReader(in, "stdin");
        List<String> out = new ArrayList<>();
        for (int got = r.next(); got != Input.END; got = r.next()) {
            out.add(got == Input.WORD ? Long.toUnsignedString(r.word()) : "BAD " + r.error());
        }
        return out;
    }

    static List<String> read(String text) {
        return read(new ByteArrayInputStream(text.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void oneDecimalPerLine() {
        assertEquals(List.of("1", "22", "18446744073709551615", "0"), read("1\n 22\t\n\n18446744073709551615\n0"));
        assertEquals(List.of(), read(""));
        assertEquals(List.of(), read("\n \n\t\r\n"));
    }

    @Test
    void crBelongsToTheLineEndOnlyBeforeLfOrTheEnd() {
        assertEquals(List.of("12", "34"), read("12\r\n34\r"));
        assertEquals(List.of("BAD stdin:1: '12?34' is not an unsigned 64-bit decimal (0..18446744073709551615)"), read("12\r34\n"));
        assertEquals(List.of("BAD stdin:1: '?5' is not an unsigned 64-bit decimal (0..18446744073709551615)"), read(" \r5\n"));
    }

    @Test
    void badLinesNameTheLineAndText() {
        String tail = "' is not an unsigned 64-bit decimal (0..18446744073709551615)";
        assertEquals(List.of("1", "BAD stdin:2: 'abc" + tail, "3"), read("1\nabc\n3\n"));
        assertEquals(List.of("BAD stdin:1: '-5" + tail), read("-5"));
        assertEquals(List.of("BAD stdin:1: '18446744073709551616" + tail), read("18446744073709551616"));
        assertEquals(List.of("BAD stdin:1: '1 2" + tail), read("1 2"));
        assertEquals(List.of("BAD stdin:1: '+1" + tail), read("+1"));
    }

    @Test
    void linesSpanningBufferRefillsAndOneByteReads() {
        StringBuilder big = new StringBuilder();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            big.append(i).append(i % 3 == 0 ? "\r\n" : "\n");
            expected.add(Integer.toString(i));
        }
        assertEquals(expected, read(big.toString()));
        InputStream trickle = new ByteArrayInputStream("7\r\n8\r9\n".getBytes(StandardCharsets.US_ASCII)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1));
            }
        };
        assertEquals(List.of("7", "BAD stdin:2: '8?9' is not an unsigned 64-bit decimal (0..18446744073709551615)"), read(trickle));
    }
}
