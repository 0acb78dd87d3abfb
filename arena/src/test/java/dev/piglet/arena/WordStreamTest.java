package dev.piglet.arena;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The same contract tests for both word streams: the cursor ring and the queue-linked ring. */
class WordStreamTest {

    /** A stream under test: its two ends and how to free it. */
    record Pair(WordSink sink, WordSource source, AutoCloseable owner, long capacityWords) {
    }

    static Pair cursorRing(long words) {
        WordStream s = WordStream.ofCapacity(words);
        return new Pair(s.sink(), s.source(), s, words);
    }

    static Pair linked(long bytes, int batch) {
        WordLink l = WordLink.of(bytes, batch);
        return new Pair(l.sink(), l.source(), l, bytes / 8);
    }

    static Stream<Arguments> streams() {
        return Stream.of(
                Arguments.of("WordStream 1 word", (Supplier<Pair>) () -> cursorRing(1)),
                Arguments.of("WordStream 8 words", (Supplier<Pair>) () -> cursorRing(8)),
                Arguments.of("WordStream 4096 words", (Supplier<Pair>) () -> cursorRing(4096)),
                Arguments.of("WordLink 64 B / 8", (Supplier<Pair>) () -> linked(64, 8)),
                Arguments.of("WordLink 256 B / 4", (Supplier<Pair>) () -> linked(256, 4)),
                Arguments.of("WordLink 64 KiB / 256", (Supplier<Pair>) () -> linked(1 << 16, 256)));
    }

    static long mix(long i) {
        long z = i * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        return z ^ (z >>> 31);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void wordsArriveInOrderAcrossThreadsThenTheEnd(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            int n = 200_000;
            CompletableFuture<Void> producer = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < n; i++) {
                    p.sink().put(mix(i));
                    if (i % 9_999 == 0) {
                        p.sink().flush();
                    }
                }
                p.sink().close();
            }, runnable -> new Thread(runnable, "producer").start());
            long i = 0;
            while (p.source().hasNext()) {
                assertEquals(mix(i), p.source().next(), "word " + i);
                i++;
            }
            assertEquals(n, i);
            assertFalse(p.source().hasNext(), "the end stays the end");
            producer.get(10, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void batchDrainSeesEveryWord(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            int n = 100_000;
            Thread producer = new Thread(() -> {
                for (int i = 0; i < n; i++) {
                    p.sink().put(i);
                }
                p.sink().close();
            });
            producer.start();
            AtomicLong expected = new AtomicLong();
            int got;
            long batches = 0;
            while ((got = p.source().drainTo(w -> assertEquals(expected.getAndIncrement(), w), 7)) >= 0) {
                assertTrue(got > 0 && got <= 7);
                batches++;
            }
            assertEquals(n, expected.get());
            assertTrue(batches >= n / 7);
            producer.join(10_000);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void aFullStreamMakesTheProducerWaitAndLosesNothing(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            long cap = p.capacityWords();
            AtomicLong written = new AtomicLong();
            Thread producer = new Thread(() -> {
                for (long i = 0; i < cap * 3; i++) {
                    p.sink().put(i);
                    written.incrementAndGet();
                }
                p.sink().close();
            });
            producer.start();
            // nobody reads: the producer must stop once the ring is full
            long before;
            do {
                before = written.get();
                Thread.sleep(50);
            } while (written.get() != before);
            assertTrue(written.get() <= cap + 1, "wrote " + written.get() + " words into " + cap + " slots");
            assertTrue(producer.isAlive());
            List<Long> got = new ArrayList<>();
            while (p.source().hasNext()) {
                got.add(p.source().next());
            }
            producer.join(10_000);
            assertEquals(cap * 3, got.size());
            for (int i = 0; i < got.size(); i++) {
                assertEquals(i, got.get(i));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void aReaderThatStopsReleasesTheWaitingProducer(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            CompletableFuture<Throwable> producer = new CompletableFuture<>();
            Thread t = new Thread(() -> {
                try {
                    for (long i = 0; ; i++) {
                        p.sink().put(i);
                    }
                } catch (Throwable e) {
                    producer.complete(e);
                }
            });
            t.start();
            assertTrue(p.source().hasNext());
            assertEquals(0, p.source().next());
            p.source().close();
            Throwable e = producer.get(10, TimeUnit.SECONDS);
            assertInstanceOf(StreamClosedException.class, e);
            assertEquals("the reader of the word stream has stopped", e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void anEmptyStreamEndsAtOnceAndPutAfterCloseFails(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            p.sink().close();
            p.sink().close();
            assertFalse(p.source().hasNext());
            assertEquals(-1, p.source().drainTo(w -> fail(), 10));
            assertThrows(java.util.NoSuchElementException.class, () -> p.source().next());
            assertThrows(IllegalStateException.class, () -> {
                for (int i = 0; i < 10_000; i++) {
                    p.sink().put(i);
                }
            });
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("streams")
    void anAbortedStreamDeliversWhatWasSentThenFails(String name, Supplier<Pair> make) throws Exception {
        Pair p = make.get();
        AutoCloseable owner = p.owner(); // closed after the body, which never names it
        try (owner) {
            Thread producer = new Thread(() -> {
                p.sink().put(7);
                p.sink().abort();
                p.sink().close();   // no effect after abort
            });
            producer.start();
            producer.join(10_000);
            assertTrue(p.source().hasNext());
            assertEquals(7, p.source().next());
            StreamClosedException e = assertThrows(StreamClosedException.class, () -> p.source().hasNext());
            assertEquals("the writer of the word stream failed", e.getMessage());
            assertThrows(StreamClosedException.class, () -> p.source().hasNext()); // and stays failed
        }
    }

    @org.junit.jupiter.api.Test
    void aStreamOverASegmentFromABumpArena() throws Exception {
        try (BumpArena bump = BumpArena.ofCapacity(64 * 1024)) {
            WordStream s = WordStream.over(bump.allocate(WordStream.segmentBytes(256), 128));
            assertEquals(256, s.capacity());
            Thread producer = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    s.sink().put(i);
                }
                s.sink().close();
            });
            producer.start();
            long sum = 0;
            while (s.source().hasNext()) {
                sum += s.source().next();
            }
            producer.join(10_000);
            assertEquals(10_000L * 9_999 / 2, sum);
            s.close(); // leaves the bump arena's memory alone
            assertThrows(IllegalArgumentException.class, () -> WordStream.over(bump.allocate(1000, 8)));
        }
    }

    @org.junit.jupiter.api.Test
    void badCapacities() {
        assertThrows(IllegalArgumentException.class, () -> WordStream.ofCapacity(0));
        assertThrows(IllegalArgumentException.class, () -> WordStream.ofCapacity(12));
        assertThrows(IllegalArgumentException.class, () -> WordLink.of(64, 16)); // batch larger than ring
        assertThrows(IllegalArgumentException.class, () -> WordLink.of(100, 4));
        assertThrows(IllegalArgumentException.class, () -> WordLink.of(64, 3));
    }
}
