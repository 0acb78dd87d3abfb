package dev.piglet.arena;

import static dev.piglet.arena.RingLayout.CONSUMER_CLOSED;
import static dev.piglet.arena.RingLayout.CONSUMER_CURSOR;
import static dev.piglet.arena.RingLayout.LONG;
import static dev.piglet.arena.RingLayout.PRODUCER_CLOSED;
import static dev.piglet.arena.RingLayout.PRODUCER_CURSOR;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;

/**
 * A bounded circular stream of 64-bit words between one producer thread and one consumer thread,
 * entirely in one off-heap segment laid out by {@link RingLayout}: a header with the producer cursor
 * (words published), the consumer cursor (words consumed) and two closed flags, then a power-of-two
 * ring of words. Word {@code n} of the stream lives in slot {@code n & mask}.
 *
 * <p>Memory ordering: the producer writes words with plain stores and then publishes its cursor with a
 * release store; the consumer reads the cursor with an acquire load, then the words. Symmetrically the
 * consumer releases its cursor only after it has read the words, and the producer overwrites a slot
 * only after an acquire load of that cursor shows it free. Cursors are published in batches
 * (a quarter of the ring, at most {@value #MAX_BATCH} words), so the cache line holding a cursor moves
 * between the cores once per batch, not once per word.
 *
 * <p>Backpressure: a producer that finds the ring full publishes what it has and waits (spin, yield,
 * bounded park); a consumer that finds it empty releases what it has read and waits the same way.
 * Nothing is dropped or overwritten. {@link WordSink#close()} ends the stream; {@link WordSource#close()}
 * tells the producer nobody reads any more ({@link StreamClosedException} instead of waiting forever).
 *
 * <p>Both ends must be on different threads once the ring can fill: a producer waiting for space on the
 * consumer's thread waits forever (use {@link #sink()} and {@link #source()} from two threads).
 */
public final class WordStream implements AutoCloseable {
    /** Largest publish/release batch in words. */
    public static final int MAX_BATCH = 1024;

    /** Values of the PRODUCER_CLOSED flag. */
    private static final long CLOSED = 1;
    private static final long ABORTED = 2;

    private final Arena arena;   // null when the segment belongs to someone else
    private final MemorySegment segment;
    private final long capacity;
    private final Writer writer;
    private final Reader reader;

    private WordStream(Arena arena, MemorySegment segment, long capacity) {
        this.arena = arena;
        this.segment = segment;
        this.capacity = capacity;
        long batch = Math.max(1, Math.min(capacity / 4, MAX_BATCH));
        this.writer = new Writer(segment, capacity, batch);
        this.reader = new Reader(segment, capacity, batch);
    }

    /** Bytes a stream of {@code words} slots needs: header plus ring. */
    public static long segmentBytes(long words) {
        return RingLayout.streamWord(words);
    }

    /** A stream of {@code words} slots (a power of two, at least 1) in fresh zeroed native memory. */
    public static WordStream ofCapacity(long words) {
        checkCapacity(words);
        Arena arena = Arena.ofShared();
        return new WordStream(arena, arena.allocate(segmentBytes(words), 128), words);
    }

    /**
     * A stream in an existing zeroed segment (header plus a power-of-two number of words, 8-byte
     * aligned), e.g. carved from a {@link BumpArena}. {@link #close()} leaves the segment alone.
     */
    public static WordStream over(MemorySegment segment) {
        long words = (segment.byteSize() - RingLayout.STREAM_HEADER_BYTES) / RingLayout.WORD_BYTES;
        checkCapacity(words);
        if (segment.byteSize() != segmentBytes(words) || (segment.address() & 7) != 0) {
            throw new IllegalArgumentException("stream segment must be 8-aligned and hold the header plus"
                    + " a power-of-two number of words: " + segment.byteSize() + " bytes");
        }
        return new WordStream(null, segment, words);
    }

    private static void checkCapacity(long words) {
        if (words < 1 || Long.bitCount(words) != 1) {
            throw new IllegalArgumentException("stream capacity must be a power of two (words): " + words);
        }
    }

    /** The producer end; use it from one thread only. */
    public WordSink sink() {
        return writer;
    }

    /** The consumer end; use it from one thread only. */
    public WordSource source() {
        return reader;
    }

    /** Slots in the ring, in words. */
    public long capacity() {
        return capacity;
    }

    /** The stream's segment (header, then the ring). */
    public MemorySegment segment() {
        return segment;
    }

    /** Frees the native memory if this stream allocated it; both ends must be done. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }

    // Padding classes keep the producer's and the consumer's hot fields on different cache lines even
    // when the two objects are allocated next to each other (fields of a superclass come first).
    @SuppressWarnings("unused")
    private abstract static class PadBefore {
        long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
    }

    /** The producer's state. */
    private abstract static class WriterFields extends PadBefore {
        final MemorySegment segment;
        final long mask;
        final long capacity;
        final long batch;
        long position;      // words written
        long published;     // words made visible
        long nextPublish;   // publish when position reaches this
        long limit;         // position may not reach this without a fresh look at the consumer cursor
        boolean closed;
        final Backoff backoff = new Backoff();

        WriterFields(MemorySegment segment, long capacity, long batch) {
            this.segment = segment;
            this.capacity = capacity;
            this.mask = capacity - 1;
            this.batch = batch;
            this.nextPublish = batch;
            this.limit = capacity;
        }
    }

    @SuppressWarnings("unused")
    private static final class Writer extends WriterFields implements WordSink {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        Writer(MemorySegment segment, long capacity, long batch) {
            super(segment, capacity, batch);
        }

        @Override
        public void put(long word) {
            long p = position;
            if (p == limit) {
                awaitSpace(p);
            }
            LONG.set(segment, RingLayout.streamWord(p & mask), word);
            position = ++p;
            if (p == nextPublish) {
                publish(p);
            }
        }

        private void publish(long p) {
            LONG.setRelease(segment, PRODUCER_CURSOR, p);
            published = p;
            nextPublish = p + batch;
        }

        private void awaitSpace(long p) {
            if (closed) {
                throw new IllegalStateException("put after close");
            }
            if (p != published) {
                publish(p);     // let the consumer drain what is there before waiting for it
            }
            backoff.reset();
            while (true) {
                long consumed = (long) LONG.getAcquire(segment, CONSUMER_CURSOR);
                if (consumed + capacity > p) {
                    limit = consumed + capacity;
                    return;
                }
                if ((long) LONG.getAcquire(segment, CONSUMER_CLOSED) != 0) {
                    throw new StreamClosedException("the reader of the word stream has stopped");
                }
                backoff.idle();
            }
        }

        @Override
        public void flush() {
            if (position != published) {
                publish(position);
            }
        }

        @Override
        public void close() {
            end(CLOSED);
        }

        @Override
        public void abort() {
            end(ABORTED);
        }

        private void end(long how) {
            if (!closed) {
                flush();
                closed = true;
                limit = position;   // a put after close fails in awaitSpace
                LONG.setRelease(segment, PRODUCER_CLOSED, how);
            }
        }
    }

    /** The consumer's state. */
    private abstract static class ReaderFields extends PadBefore {
        final MemorySegment segment;
        final long mask;
        final long batch;
        long position;      // words read
        long released;      // words handed back to the producer
        long nextRelease;   // release when position reaches this
        long available;     // the producer cursor last seen
        boolean ended;
        final Backoff backoff = new Backoff();

        ReaderFields(MemorySegment segment, long capacity, long batch) {
            this.segment = segment;
            this.mask = capacity - 1;
            this.batch = batch;
            this.nextRelease = batch;
        }
    }

    @SuppressWarnings("unused")
    private static final class Reader extends ReaderFields implements WordSource {
        long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;

        Reader(MemorySegment segment, long capacity, long batch) {
            super(segment, capacity, batch);
        }

        @Override
        public boolean hasNext() {
            return position < available || awaitWords();
        }

        @Override
        public long next() {
            long p = position;
            if (p >= available) {
                throw new NoSuchElementException("no word available; call hasNext() first");
            }
            long word = (long) LONG.get(segment, RingLayout.streamWord(p & mask));
            position = ++p;
            if (p == nextRelease) {
                release(p);
            }
            return word;
        }

        @Override
        public int drainTo(LongConsumer handler, int max) {
            if (!hasNext()) {
                return -1;
            }
            long p = position;
            int n = (int) Math.min(available - p, max);
            for (int i = 0; i < n; i++) {
                handler.accept((long) LONG.get(segment, RingLayout.streamWord((p + i) & mask)));
            }
            position = p + n;
            release(position);
            return n;
        }

        private void release(long p) {
            LONG.setRelease(segment, CONSUMER_CURSOR, p);
            released = p;
            nextRelease = p + batch;
        }

        private boolean awaitWords() {
            if (ended) {
                return false;
            }
            if (position != released) {
                release(position);  // let the producer refill before we wait for it
            }
            backoff.reset();
            while (true) {
                long p = (long) LONG.getAcquire(segment, PRODUCER_CURSOR);
                if (p > position) {
                    available = p;
                    return true;
                }
                long how = (long) LONG.getAcquire(segment, PRODUCER_CLOSED);
                if (how != 0) {
                    // the producer publishes its last words before it sets the flag: look once more
                    p = (long) LONG.getAcquire(segment, PRODUCER_CURSOR);
                    if (p > position) {
                        available = p;
                        return true;
                    }
                    if (how == ABORTED) {
                        throw new StreamClosedException("the writer of the word stream failed");
                    }
                    ended = true;
                    return false;
                }
                backoff.idle();
            }
        }

        @Override
        public void close() {
            LONG.setRelease(segment, CONSUMER_CLOSED, 1L);
        }
    }
}
