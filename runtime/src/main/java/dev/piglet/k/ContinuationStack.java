package dev.piglet.k;

import static dev.piglet.k.ContinuationLayout.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The interpreter's continuations: bounded LIFO records in an off-heap segment (see
 * {@link ContinuationLayout}) plus two reference slots each. The trampoline pushes a record instead of
 * recursing on the Java stack, so K recursion depth is bounded by this store and the context ring,
 * never by the JVM's thread stack; a push past the end is {@code stack error.}.
 */
public final class ContinuationStack {
    private final MemorySegment seg;
    /** Address of record 0; records are accessed through {@link Interp#ALL} (no per-access liveness check). */
    private final long base;
    final Object[] r0;
    final Object[] r1;
    private final int capacity;
    int top;
    private int highWater;

    public ContinuationStack(int capacity) {
        this.capacity = capacity;
        this.seg = Arena.ofAuto().allocate((long) capacity * RECORD_BYTES, 8);
        this.base = seg.address();
        this.r0 = new Object[capacity];
        this.r1 = new Object[capacity];
    }

    public int capacity() { return capacity; }
    public int highWater() { return highWater; }
    public void resetHighWater() { highWater = top; }

    void push(int kind, int aux, int cell, long a, long b, Object o0, Object o1) {
        int t = top;
        if (t == capacity) throw KError.stack();
        long off = base + (long) t * RECORD_BYTES;
        WORD.set(Interp.ALL, off + HEAD, ContinuationLayout.head(kind, aux, cell));
        WORD.set(Interp.ALL, off + A, a);
        WORD.set(Interp.ALL, off + B, b);
        r0[t] = o0;
        r1[t] = o1;
        top = t + 1;
        if (top > highWater) highWater = top;
    }

    // top >= 1 whenever these are called: the interpreter only reads the record it pushed
    long head() { return (long) WORD.get(Interp.ALL, base + (long) (top - 1) * RECORD_BYTES + HEAD); }
    long a() { return (long) WORD.get(Interp.ALL, base + (long) (top - 1) * RECORD_BYTES + A); }
    long b() { return (long) WORD.get(Interp.ALL, base + (long) (top - 1) * RECORD_BYTES + B); }

    void setHead(long h) { WORD.set(Interp.ALL, base + (long) (top - 1) * RECORD_BYTES + HEAD, h); }

    void pop() {
        int t = --top;
        r0[t] = null;
        r1[t] = null;
    }
}
