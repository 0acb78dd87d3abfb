package dev.piglet.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs every example of docs/embedding.md and checks what the manual says it gives. */
class EmbeddingExamplesTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    @Test
    void theHelloHostPrints42() {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Hello.main(new String[0]);
        } finally {
            System.setOut(saved);
        }
        assertEquals("42\n", out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void examplesDoWhatTheManualSays() throws Exception {
        assertEquals(42, EmbeddingExamples.quickStart());
        List<Long> primes = EmbeddingExamples.printedWords(EXAMPLES);
        assertEquals(6543, primes.size());
        assertEquals(65521L, primes.getLast());
        assertEquals("2147385345\n", EmbeddingExamples.printedText(EXAMPLES));
        assertEquals("DIVISION_BY_ZERO: division by zero at pc 6", EmbeddingExamples.faults());
        assertEquals("calc.pvm:2:7: Invalid argument supplied: 'x'", EmbeddingExamples.assemblyError());
        assertEquals(List.of(42L, 4950L), EmbeddingExamples.input(EXAMPLES));
        assertEquals("1 2 6 24 120 / length error. at 1:6", EmbeddingExamples.k());
        long fibSum = 0;
        for (long a = 0, b = 1, i = 0; i < 94; i++) {
            fibSum += a;
            long c = a + b;
            a = b;
            b = c;
        }
        assertArrayEquals(new long[] {fibSum, 94}, EmbeddingExamples.streamToAnotherThread(EXAMPLES));
        assertEquals(List.of(Long.parseUnsignedLong("18298599784663306461"), Long.parseUnsignedLong("18298599784663306461")),
                EmbeddingExamples.manyThreads(EXAMPLES));
    }
}
