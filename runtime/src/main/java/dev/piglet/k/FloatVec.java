package dev.piglet.k;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/** A float vector: IEEE 754 doubles off-heap, such as {@code 1.5 2 3}. */
public final class FloatVec extends Vec {
    FloatVec(MemorySegment mem, long base, int n) {
        super(mem, base, n);
    }

    /** A new vector of n zeros (verbs fill it, then it is never written again). */
    static FloatVec of(int n) {
        return VectorHeap.VALUES.floats(n);
    }

    /** Item i. */
    public double get(int i) {
        Objects.checkIndex(i, n);
        return (double) VectorLayout.FLOAT.get(mem, VectorLayout.item(base, i));
    }

    void set(int i, double value) {
        Objects.checkIndex(i, n);
        VectorLayout.FLOAT.set(mem, VectorLayout.item(base, i), value);
    }

    /** A copy of the items on the Java heap. */
    public double[] toArray() {
        double[] a = new double[n];
        MemorySegment.copy(mem, ValueLayout.JAVA_DOUBLE, base, a, 0, n);
        return a;
    }

    @Override
    Object box(int i) {
        return get(i);
    }
}
