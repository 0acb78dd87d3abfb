package dev.piglet.arena;

import java.lang.invoke.VarHandle;
import java.lang.foreign.ValueLayout;

/**
 * Every off-heap layout of the arena module, named in one place (in the style of Agrona's
 * {@code *Descriptor} classes): ring record alignment, and the header of a {@link WordStream}.
 *
 * <p>A ring record is any byte range handed out by {@link RingArena}: it starts at a position that is
 * a multiple of {@link #RECORD_ALIGNMENT} and its size is rounded up to one. A record never crosses the
 * end of the ring; a record that would is preceded by padding up to the next lap.
 *
 * <p>A word stream segment is a header of {@link #STREAM_HEADER_BYTES} bytes followed by the data ring
 * of 64-bit words. The producer cursor, the consumer cursor and the two closed flags live on cache lines of
 * their own (128 bytes apart, so the adjacent-line prefetcher does not make them share either): each is
 * written by one thread only and read by the other, so they must not false-share.
 */
public final class RingLayout {
    private RingLayout() {
    }

    /** Records start at multiples of this, and their sizes are rounded up to it (one word). */
    public static final int RECORD_ALIGNMENT = 8;

    /** Bytes of one stream word. */
    public static final int WORD_BYTES = 8;

    /** Spacing of independently written header fields: two cache lines. */
    public static final int FALSE_SHARING_PAD = 128;

    /** Offset of the producer cursor (long: words published so far; written by the producer only). */
    public static final long PRODUCER_CURSOR = 0;

    /** Offset of the consumer cursor (long: words consumed so far; written by the consumer only). */
    public static final long CONSUMER_CURSOR = FALSE_SHARING_PAD;

    /** Offset of the end-of-stream flag (long: 1 once the producer closed, 2 if it aborted; written by the producer only). */
    public static final long PRODUCER_CLOSED = 2 * FALSE_SHARING_PAD;

    /** Offset of the reader-gone flag (long: 1 once the consumer stopped reading; written by the consumer only). */
    public static final long CONSUMER_CLOSED = 3 * FALSE_SHARING_PAD;

    /** Bytes before the first data word of a stream. */
    public static final long STREAM_HEADER_BYTES = 4 * FALSE_SHARING_PAD;

    /** Offset of the data word at {@code index} (0 ≤ index &lt; the stream's capacity in words). */
    public static long streamWord(long index) {
        return STREAM_HEADER_BYTES + index * WORD_BYTES;
    }

    /**
     * Aligned 64-bit access (plain, opaque, acquire/release) for cursors and data words.
     * Coordinates: (MemorySegment segment, long offset).
     */
    public static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    /** {@code size} rounded up to {@link #RECORD_ALIGNMENT}. */
    public static long alignRecord(long size) {
        return (size + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }
}
