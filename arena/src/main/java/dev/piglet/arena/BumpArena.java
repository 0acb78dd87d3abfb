package dev.piglet.arena;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A non-circular region of off-heap memory handed out by bumping a cursor: code segments, machine
 * state and promoted values. One native allocation backs every record; {@link #reset()} gives all
 * of it back at once, {@link #close()} frees it.
 *
 * <p>Not thread-safe: one owner allocates; the segments it hands out may be read by any thread
 * (the backing arena is shared, which also keeps hot loops over it fast, see TOOLCHAIN.md).
 */
public final class BumpArena implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment region;
    private long cursor;

    private BumpArena(Arena arena, MemorySegment region) {
        this.arena = arena;
        this.region = region;
    }

    /** A bump arena of {@code capacity} bytes, 64-byte aligned (a cache line), zero-filled. */
    public static BumpArena ofCapacity(long capacity) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("arena capacity must be positive: " + capacity);
        }
        Arena arena = Arena.ofShared();
        return new BumpArena(arena, arena.allocate(capacity, 64));
    }

    /**
     * Carves {@code size} bytes aligned to {@code alignment} (a power of two) out of the region.
     *
     * @throws ArenaFullException if the region has no room left; nothing is allocated then
     */
    public MemorySegment allocate(long size, long alignment) {
        return region.asSlice(allocateOffset(size, alignment), size);
    }

    /** Like {@link #allocate} but returns the record's offset in {@link #region()}: positions, not slices. */
    public long allocateOffset(long size, long alignment) {
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
        if (alignment <= 0 || Long.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        long start = (cursor + alignment - 1) & -alignment;
        if (start > region.byteSize() - size) {
            throw new ArenaFullException("bump arena full: " + size + " bytes wanted, "
                    + Math.max(0, region.byteSize() - start) + " of " + region.byteSize() + " left");
        }
        cursor = start + size;
        return start;
    }

    /** Forgets every allocation; the memory is reused by the next ones (and is not cleared). */
    public void reset() {
        cursor = 0;
    }

    /** Bytes handed out so far, padding included. */
    public long used() {
        return cursor;
    }

    public long capacity() {
        return region.byteSize();
    }

    /** The whole backing region; records live at the offsets {@link #allocateOffset} returned. */
    public MemorySegment region() {
        return region;
    }

    /** Frees the native memory; every segment handed out becomes inaccessible. */
    @Override
    public void close() {
        arena.close();
    }
}
