package dev.piglet.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A bump allocator over one {@link MemorySegment} that is closed into a bounded ring.
 *
 * <p>Every record gets a monotonically growing {@code long} <em>position</em>; its byte offset in
 * {@link #segment()} is {@code position & mask} ({@link #offsetOf}). Records are 8-byte aligned and
 * never cross the end of the segment: a record that would is preceded by padding and starts the next
 * lap at offset 0. The live records are the positions in {@code [lowWaterMark(), head())}; everything
 * behind the low-water mark is free and is reused by later allocations. An allocation that would
 * overwrite the oldest live record throws {@link RingFullException} and changes nothing.
 *
 * <p>Two release disciplines share one ring:
 * <ul>
 *   <li>LIFO (call frames): {@code long mark = ring.head(); ... allocate ...; ring.releaseTo(mark);}
 *       or {@code ring.releaseTo(p)} with the position {@code p} of a record to drop it and everything
 *       newer.</li>
 *   <li>FIFO (streams): {@link #releaseBefore(long)} drops every record older than a position (the
 *       position of the oldest record still wanted, or {@link #head()} to drop all).</li>
 * </ul>
 *
 * <p>Not thread-safe: one owner allocates and releases ({@link WordStream} is the cross-thread ring).
 */
public final class RingArena implements AutoCloseable {
    private final Arena arena;          // null when the segment belongs to someone else
    private final MemorySegment segment;
    private final long capacity;
    private final long mask;
    private long head;                  // next free position
    private long tail;                  // low-water mark: position of the oldest live byte
    private long highWaterMark;         // largest used() ever seen

    private RingArena(Arena arena, MemorySegment segment) {
        long size = segment.byteSize();
        if (size < RingLayout.RECORD_ALIGNMENT || Long.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= "
                    + RingLayout.RECORD_ALIGNMENT + ": " + size);
        }
        if ((segment.address() & (RingLayout.RECORD_ALIGNMENT - 1)) != 0) {
            throw new IllegalArgumentException("ring segment must be 8-byte aligned");
        }
        this.arena = arena;
        this.segment = segment;
        this.capacity = size;
        this.mask = size - 1;
    }

    /** A ring of {@code capacity} bytes (a power of two, at least 8) in fresh zeroed native memory. */
    public static RingArena ofCapacity(long capacity) {
        if (capacity < RingLayout.RECORD_ALIGNMENT || Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= "
                    + RingLayout.RECORD_ALIGNMENT + ": " + capacity);
        }
        Arena arena = Arena.ofShared();
        return new RingArena(arena, arena.allocate(capacity, 64));
    }

    /**
     * A ring over an existing segment (e.g. carved from a {@link BumpArena}); its size must be a power
     * of two and its address 8-byte aligned. {@link #close()} leaves the segment alone.
     */
    public static RingArena over(MemorySegment segment) {
        return new RingArena(null, segment);
    }

    /**
     * Allocates a record of {@code size} bytes (rounded up to 8) and returns its position.
     * A zero-size record gets the current {@link #head()} as its position and occupies and pins nothing
     * (it is never live, so it never makes the ring full).
     *
     * @throws RingFullException if the record would overwrite the oldest live record, or is larger than
     *                           the ring; nothing changes then
     */
    public long allocate(long size) {
        long position = tryAllocate(size);
        if (position < 0) {
            throw full(size);
        }
        return position;
    }

    /**
     * Like {@link #allocate} but returns {@code -1} instead of throwing when the ring is full: the
     * allocation-free form for hot loops that wait for the consumer to release (no exception object).
     */
    public long tryAllocate(long size) {
        if (size < 0) {
            throw new IllegalArgumentException("negative record size: " + size);
        }
        long bytes = RingLayout.alignRecord(size);
        if (bytes == 0) {
            return head;
        }
        long start = head;
        long index = start & mask;
        if (index + bytes > capacity) {
            start += capacity - index;
        }
        long end = start + bytes;
        if (tail == head) {
            if (bytes > capacity) {
                return -1;
            }
            tail = start;
        } else if (end - tail > capacity) {
            return -1;
        }
        head = end;
        long used = end - tail;
        if (used > highWaterMark) {
            highWaterMark = used;
        }
        return start;
    }

    private RingFullException full(long size) {
        return new RingFullException("ring full: " + size + " bytes wanted, " + (head - tail)
                + " of " + capacity + " in use (oldest live position " + tail + ", next " + head + ")");
    }

    /**
     * LIFO release: drops every record at or after {@code position} ({@code head()} taken earlier as a
     * mark, or a record's position). A position at or before the low-water mark empties the ring.
     *
     * @throws IllegalArgumentException if {@code position} is beyond {@link #head()} or not 8-aligned
     */
    public void releaseTo(long position) {
        checkPosition(position);
        if (position > head) {
            throw new IllegalArgumentException("release to " + position + " beyond the next position " + head);
        }
        head = Math.max(position, tail);
    }

    /**
     * FIFO release: drops every record older than {@code position}, which becomes the low-water mark
     * (the position of the oldest record still wanted, or {@link #head()} to drop all). Releasing to a
     * position at or before the current low-water mark changes nothing.
     *
     * @throws IllegalArgumentException if {@code position} is beyond {@link #head()} or not 8-aligned
     */
    public void releaseBefore(long position) {
        checkPosition(position);
        if (position > head) {
            throw new IllegalArgumentException("release before " + position + " beyond the next position " + head);
        }
        if (position > tail) {
            tail = position;
        }
    }

    /** Drops every record; positions keep growing. */
    public void clear() {
        tail = head;
    }

    private static void checkPosition(long position) {
        if ((position & (RingLayout.RECORD_ALIGNMENT - 1)) != 0 || position < 0) {
            throw new IllegalArgumentException("not a record position: " + position);
        }
    }

    /** The byte offset in {@link #segment()} of the record at {@code position}. */
    public long offsetOf(long position) {
        return position & mask;
    }

    /** True if the byte at {@code position} belongs to a live record (is in [lowWaterMark, head)). */
    public boolean isLive(long position) {
        return position >= tail && position < head;
    }

    /** The position the next record would get if it needs no padding. */
    public long head() {
        return head;
    }

    /** The position of the oldest live byte; everything before it is free. Equals head() when empty. */
    public long lowWaterMark() {
        return tail;
    }

    /** Bytes between the low-water mark and the head: live records plus padding between them. */
    public long used() {
        return head - tail;
    }

    /** Bytes that can still be allocated contiguously or not (ignoring padding a wrap may need). */
    public long free() {
        return capacity - (head - tail);
    }

    /** The largest {@link #used()} ever reached: what capacity the workload really needed. */
    public long highWaterMark() {
        return highWaterMark;
    }

    public long capacity() {
        return capacity;
    }

    /** {@code capacity() - 1}: {@code position & mask()} is the offset. */
    public long mask() {
        return mask;
    }

    /** The backing segment; the record at position p lives at {@code offsetOf(p)}. */
    public MemorySegment segment() {
        return segment;
    }

    /** Frees the native memory if this ring allocated it ({@link #ofCapacity}). */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
