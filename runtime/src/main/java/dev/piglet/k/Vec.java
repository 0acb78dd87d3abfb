package dev.piglet.k;

import java.lang.foreign.MemorySegment;

/**
 * A K int, float or char vector: {@link #count()} contiguous 64-bit words off-heap (see {@link VectorLayout}),
 * immutable once a verb has built it. The object itself is only a handle: the segment holding the
 * words (usually a chunk shared with other vectors, see {@link VectorHeap}) and the first item's offset.
 */
public abstract sealed class Vec permits IntVec, FloatVec, CharVec {
    /** The segment holding the items (a whole chunk, or this vector's own segment). */
    final MemorySegment mem;
    /** Byte offset of item 0 in {@link #mem}. */
    final long base;
    /** Item count. */
    final int n;

    Vec(MemorySegment mem, long base, int n) {
        this.mem = mem;
        this.base = base;
        this.n = n;
    }

    /** The number of items. */
    public final int count() {
        return n;
    }

    /** The items as a read-only native segment (no copy): 8 bytes an item, 1 for a char vector. */
    public final MemorySegment segment() {
        return mem.asSlice(base, bytes()).asReadOnly();
    }

    /** Payload bytes. */
    long bytes() {
        return VectorLayout.bytes(n);
    }

    /** Item i, boxed (a {@code Long} or a {@code Double}). */
    abstract Object box(int i);
}
