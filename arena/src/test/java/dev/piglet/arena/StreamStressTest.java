package dev.piglet.arena;

import static org.junit.jupiter.api.Assertions.*;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Many words between two threads, in order, with a checksum, for several ring capacities. 10^7 words
 * per case by default to keep the build quick; {@code -Dpiglet.stress.words=100000000} runs 10^8.
 */
class StreamStressTest {
    static final long WORDS = Long.getLong("piglet.stress.words", 10_000_000L);

    static long checksum(long sum, long word) {
        return Long.rotateLeft(sum, 7) ^ word;  // order-sensitive, unlike a plain sum
    }

    static void pump(WordSink sink, WordSource source) throws InterruptedException {
        AtomicLong sent = new AtomicLong();
        Thread producer = new Thread(() -> {
            long sum = 0;
            for (long i = 0; i < WORDS; i++) {
                long w = i * 0x9E3779B97F4A7C15L;
                sink.put(w);
                sum = checksum(sum, w);
            }
            sink.close();
            sent.set(sum);
        }, "stress-producer");
        producer.start();
        long sum = 0;
        long count = 0;
        while (source.hasNext()) {
            long w = source.next();
            if (w != count * 0x9E3779B97F4A7C15L) {
                fail("word " + count + " out of order: " + w);
            }
            sum = checksum(sum, w);
            count++;
        }
        producer.join();
        assertEquals(WORDS, count);
        assertEquals(sent.get(), sum, "checksum");
    }

    @ParameterizedTest(name = "WordStream of {0} words")
    @CsvSource({"16", "1024", "65536", "1048576"})
    void cursorRing(long words) throws Exception {
        try (WordStream s = WordStream.ofCapacity(words)) {
            pump(s.sink(), s.source());
        }
    }

    @ParameterizedTest(name = "WordLink of {0} bytes, batches of {1} words")
    @CsvSource({"256, 8", "4096, 64", "65536, 256", "8388608, 1024"})
    void queueLinkedRing(long bytes, int batch) throws Exception {
        try (WordLink l = WordLink.of(bytes, batch)) {
            pump(l.sink(), l.source());
        }
    }
}
