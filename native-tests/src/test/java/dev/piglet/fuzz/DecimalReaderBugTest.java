package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.vm.DecimalReader;
import dev.piglet.vm.Input;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A finding of the READ-input fuzz target, kept as a regression test: a lone CR (not followed by LF)
 * once ended a line and silently dropped the rest of it.
 */
class DecimalReaderBugTest {
    private static List<String> read(String text) {
        DecimalReader r = new DecimalReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), "stdin");
        List<String> out = new ArrayList<>();
        for (int got = r.next(); got != Input.END; got = r.next()) {
            out.add(got == Input.WORD ? Long.toUnsignedString(r.word()) : "BAD");
        }
        return out;
    }

    @Test
    void aLoneCarriageReturnDoesNotSilentlyDropInput() {
        List<String> a = read("12\r34\n");
        assertTrue(a.equals(List.of("12", "34")) || a.equals(List.of("BAD")), "12\\r34\\n read as " + a);
        List<String> b = read(" \r5\n");
        assertTrue(b.equals(List.of("5")) || b.equals(List.of("BAD")), " \\r5\\n read as " + b);
    }

    @Test
    void crLfLineEndingsAreFine() {
        assertEquals(List.of("12", "34"), read("12\r\n 34 \r\n\r\n"));
    }
}
