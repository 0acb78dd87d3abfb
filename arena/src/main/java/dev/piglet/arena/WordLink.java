package dev.piglet.arena;

import static dev.piglet.arena.RingLayout.LONG;

import java.lang.foreign.MemorySegment;
import java.util.NoSuchElementException;
import java.util.function.LongConsumer;
import org.jctools.queues.varhandle.SpscVarHandleArrayQueue;

/**
 * A word stream across threads built from a {@link RingArena} and two JCTools single-producer /
 * single-consumer queues of <em>batch descriptors</em>: the words stay off-heap, only references to
 * preallocated descriptors cross between the threads.
 *
 * <p>The producer allocates each batch as a FIFO record of the ring, fills it with plain stores and
 * offers its descriptor on the {@code full} queue (the queue's release store publishes the words). The
 * consumer polls it (acquire), reads the words and returns the descriptor on the {@code free} queue;
 * the producer takes returned descriptors back and releases their records from the ring in order
 * ({@link RingArena#releaseBefore}), so only the producer ever touches the ring's cursors. There are as
 * many descriptors as batches fit in the ring, plus one end-of-stream (or abort) marker, so both queues always
 * have room and no object is allocated per word or per batch.
 *
 * <p>Backpressure: with every batch in flight the producer waits (spin, yield, bounded park) for the
 * consumer to return one; nothing is dropped or overwritten.
 */
public final class WordLink implements AutoCloseable {
    /** A batch of words in the ring, passed by reference between the threads. */
    static final class Batch {
        long position;  // ring position of the first word (producer's bookkeeping)
        long offset;    // byte offset of the first word in the ring segment
        int count;      // words in the batch
    }

    private final RingArena ring;
    private final int batchWords;
    private final SpscVarHandleArrayQueue<Batch> full;
    private final SpscVarHandleArrayQueue<Batch> free;
    private final Batch endOfStream = new Batch();
    private final Batch aborted = new Batch();
    private volatile boolean readerGone;
    private final Writer writer;
    private final Reader reader;

    private WordLink(long ringBytes, int batchWords) {
        if (batchWords < 1 || Long.bitCount(batchWords) != 1) {
            throw new IllegalArgumentException("batch size must be a power of two (words): " + batchWords);
        }
        long batchBytes = (long) batchWords * RingLayout.WORD_BYTES;
        if (ringBytes < batchBytes || Long.bitCount(ringBytes) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two of at least one batch ("
                    + batchBytes + " bytes): " + ringBytes);
        }
        long slots = ringBytes / batchBytes;
        if (slots > 1 << 20) {
            throw new IllegalArgumentException("too many batches in the ring: " + slots + "; use larger batches");
        }
        this.ring = RingArena.ofCapacity(ringBytes);
        this.batchWords = batchWords;
        this.full = new SpscVarHandleArrayQueue<>((int) slots + 1);
        this.free = new SpscVarHandleArrayQueue<>((int) slots + 1);
        Batch[] pool = new Batch[(int) slots];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = new Batch();
        }
        this.writer = new Writer(pool);
        this.reader = new Reader();
    }

    /**
     * A link whose ring holds {@code ringBytes} bytes (a power of two) of words, handed over in batches
     * of {@code batchWords} words (a power of two; at most ringBytes / 8).
     */
    public static WordLink of(long ringBytes, int batchWords) {
        return new WordLink(ringBytes, batchWords);
    }

    /** The producer end; use it from one thread only. */
    public WordSink sink() {
        return writer;
    }

    /** The consumer end; use it from one thread only. */
    public WordSource source() {
        return reader;
    }

    /** Ring capacity in bytes. */
    public long capacity() {
        return ring.capacity();
    }

    public int batchWords() {
        return batchWords;
    }

    /** Frees the ring; both ends must be done. */
    @Override
    public void close() {
        ring.close();
    }

    private final class Writer implements WordSink {
        private final MemorySegment segment = ring.segment();
        private final long batchBytes = (long) batchWords * RingLayout.WORD_BYTES;
        private final Batch[] spare;
        private int spareCount;
        private Batch current;
        private long base;      // byte offset of the current batch
        private int count;      // words in the current batch
        private int limit;      // batchWords while a batch is open, 0 otherwise
        private boolean closed;
        private final Backoff backoff = new Backoff();

        Writer(Batch[] pool) {
            this.spare = pool;
            this.spareCount = pool.length;
        }

        @Override
        public void put(long word) {
            if (count == limit) {
                roll();
            }
            LONG.set(segment, base + ((long) count << 3), word);
            count++;
        }

        private void roll() {
            if (closed) {
                throw new IllegalStateException("put after close");
            }
            if (current != null) {
                send();
            }
            open();
        }

        private void send() {
            current.count = count;
            full.offer(current);    // never fails: the queue has room for every descriptor
            current = null;
            count = 0;
            limit = 0;
        }

        private void open() {
            backoff.reset();
            while (true) {
                reclaim();
                if (spareCount > 0) {
                    long position = ring.tryAllocate(batchBytes);
                    if (position >= 0) {
                        Batch b = spare[--spareCount];
                        b.position = position;
                        b.offset = ring.offsetOf(position);
                        current = b;
                        base = b.offset;
                        limit = batchWords;
                        return;
                    }
                }
                if (readerGone) {
                    throw new StreamClosedException("the reader of the word stream has stopped");
                }
                backoff.idle();
            }
        }

        /** Takes back the batches the consumer is done with, oldest first, and frees their ring space. */
        private void reclaim() {
            Batch b;
            while ((b = free.poll()) != null) {
                ring.releaseBefore(b.position + batchBytes);
                spare[spareCount++] = b;
            }
        }

        @Override
        public void flush() {
            if (current != null && count > 0) {
                send();
            }
        }

        @Override
        public void close() {
            end(endOfStream);
        }

        @Override
        public void abort() {
            end(aborted);
        }

        private void end(Batch marker) {
            if (!closed) {
                flush();
                if (current != null) {      // an opened, empty batch: give its space back
                    ring.releaseTo(current.position);
                    spare[spareCount++] = current;
                    current = null;
                    count = 0;
                    limit = 0;
                }
                closed = true;
                full.offer(marker);
            }
        }
    }

    private final class Reader implements WordSource {
        private final MemorySegment segment = ring.segment();
        private Batch current;
        private long base;
        private int index;
        private int count;
        private boolean ended;
        private boolean failed;
        private final Backoff backoff = new Backoff();

        @Override
        public boolean hasNext() {
            return index < count || awaitBatch();
        }

        @Override
        public long next() {
            int i = index;
            if (i >= count) {
                throw new NoSuchElementException("no word available; call hasNext() first");
            }
            index = i + 1;
            return (long) LONG.get(segment, base + ((long) i << 3));
        }

        @Override
        public int drainTo(LongConsumer handler, int max) {
            if (!hasNext()) {
                return -1;
            }
            int n = Math.min(count - index, max);
            long at = base + ((long) index << 3);
            for (int i = 0; i < n; i++) {
                handler.accept((long) LONG.get(segment, at + ((long) i << 3)));
            }
            index += n;
            return n;
        }

        private boolean awaitBatch() {
            if (current != null) {
                free.offer(current);    // never fails: room for every descriptor
                current = null;
                index = 0;
                count = 0;
            }
            if (ended) {
                if (failed) {
                    throw new StreamClosedException("the writer of the word stream failed");
                }
                return false;
            }
            backoff.reset();
            while (true) {
                Batch b = full.poll();
                if (b == endOfStream) {
                    ended = true;
                    return false;
                }
                if (b == aborted) {
                    ended = true;
                    failed = true;
                    throw new StreamClosedException("the writer of the word stream failed");
                }
                if (b != null) {
                    current = b;
                    base = b.offset;
                    count = b.count;
                    index = 0;
                    return true;
                }
                backoff.idle();
            }
        }

        @Override
        public void close() {
            readerGone = true;
        }
    }
}
