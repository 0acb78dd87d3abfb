package dev.piglet.k;

import static dev.piglet.k.ContinuationLayout.*;

import dev.piglet.arena.RingArena;
import java.lang.foreign.MemorySegment;

/**
 * The interpreter's continuations: LIFO records (see {@link ContinuationLayout}) in a
 * {@link RingArena}, plus two reference slots each. The trampoline pushes a record instead of
 * recursing on the Java stack, so K recursion depth is bounded by this ring and the context ring,
 * never by the JVM's thread stack; a push the ring cannot take (it never overwrites its oldest live
 * record) is {@code stack error.}.
 */
public final class ContinuationStack implements AutoCloseable {
    private final RingArena ring;
    /**
     * The ring's own bounded segment, in a final field: every record access is bounds-checked against
     * it (offsets are {@code position & mask}, always inside, so the JIT can fold the check), and a bug
     * can at worst throw, never read or write outside the ring.
     */
    private final MemorySegment seg;
    private final long mask;
    private final Object[] r0;
    private final Object[] r1;
    /** Records live (the depth). */
    int top;
    private long topPos = -1;
    private int highWater;

    /** A store for {@code records} continuations (rounded up to a power of two). */
    public ContinuationStack(int records) {
        int n = Integer.highestOneBit(Math.max(16, records - 1)) << 1;
        if (Integer.bitCount(records) == 1 && records >= 16) n = records;
        this.ring = RingArena.ofCapacity((long) n * RECORD_BYTES); // its own arena: close() frees it at once
        this.seg = ring.segment();
        this.mask = ring.mask();
        this.r0 = new Object[n];
        this.r1 = new Object[n];
    }

    public int capacity() { return r0.length; }
    /** Most records ever live at once (since the last {@link #resetHighWater}). */
    public int highWater() { return highWater; }
    public void resetHighWater() { highWater = top; }
    /** Bytes the ring has ever had in use at once. */
    public long ringHighWaterBytes() { return ring.highWaterMark(); }

    /** Native bytes the records take. */
    public long nativeBytes() { return seg.byteSize(); }

    /** Frees the records' native memory at once; the stack must not be used afterwards. */
    @Override
    public void close() {
        if (seg.scope().isAlive()) ring.close();
    }

    void push(int kind, int aux, int cell, long a, long b, Object o0, Object o1) {
        long p = ring.tryAllocate(RECORD_BYTES);
        if (p < 0) throw KError.stack();
        long off = p & mask;
        MemorySegment s = seg;
        WORD.set(s, off + HEAD, ContinuationLayout.head(kind, aux, cell));
        WORD.set(s, off + A, a);
        WORD.set(s, off + B, b);
        WORD.set(s, off + PREV, topPos);
        int i = (int) (off >>> RECORD_SHIFT);
        r0[i] = o0;
        r1[i] = o1;
        topPos = p;
        if (++top > highWater) highWater = top;
    }

    // the interpreter reads only records it pushed: top >= 1 whenever these are called
    private long at() { return topPos & mask; }
    private int index() { return (int) ((topPos & mask) >>> RECORD_SHIFT); }

    long head() { return (long) WORD.get(seg, at() + HEAD); }
    long a() { return (long) WORD.get(seg, at() + A); }
    long b() { return (long) WORD.get(seg, at() + B); }
    void setHead(long h) { WORD.set(seg, at() + HEAD, h); }
    Object ref0() { return r0[index()]; }
    Object ref1() { return r1[index()]; }
    void setRef0(Object v) { r0[index()] = v; }

    void pop() {
        int i = index();
        r0[i] = null;
        r1[i] = null;
        long prev = (long) WORD.get(seg, at() + PREV);
        ring.releaseTo(topPos);
        topPos = prev;
        top--;
    }
}
