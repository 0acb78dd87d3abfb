package dev.piglet.k;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/** An int vector: signed 64-bit words off-heap, such as {@code !10} or {@code 1 2 3}. */
public final class IntVec extends Vec {
    IntVec(MemorySegment mem, long base, int n) {
        super(mem, base, n);
    }

    /** A new vector of n zeros (verbs fill it, then it is never written again). */
    static IntVec of(int n) {
        return VectorHeap.VALUES.ints(n);
    }

    /** A new vector holding a copy of items. */
    static IntVec of(long[] items) {
        IntVec v = of(items.length);
        MemorySegment.copy(items, 0, v.mem, ValueLayout.JAVA_LONG, v.base, items.length);
        return v;
    }

    /** Item i. */
    public long get(int i) {
        Objects.checkIndex(i, n);
        return (long) VectorLayout.INT.get(mem, VectorLayout.item(base, i));
    }

    void set(int i, long value) {
        Objects.checkIndex(i, n);
        VectorLayout.INT.set(mem, VectorLayout.item(base, i), value);
    }

    /** A copy of the items on the Java heap. */
    public long[] toArray() {
        long[] a = new long[n];
        MemorySegment.copy(mem, ValueLayout.JAVA_LONG, base, a, 0, n);
        return a;
    }

    @Override
    Object box(int i) {
        return get(i);
    }
}
