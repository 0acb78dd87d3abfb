package dev.piglet.k;

import static dev.piglet.k.ContinuationLayout.*;

import dev.piglet.arena.RingArena;
import java.lang.foreign.MemorySegment;

/**
 * The interpreter's continuations: LIFO records (see {@link ContinuationLayout}) in a
 * {@link RingArena}, plus two reference slots each. The trampoline pushes a record instead of
 * recursing on the Java stack, so K recursion depth is bounded by this ring and the context ring,
 * never by the JVM's thread stack; a push past the store's capacity is {@code stack error.}.
 *
 * <p>The ring starts at {@link #INITIAL_RECORDS} and doubles when a push finds it full, up to the
 * capacity: a session pays for the depth its programs reach, not for the depth they could reach (the
 * default capacity is 16 MiB of records, which a session that never recurses deeply never allocates).
 */
public final class ContinuationStack implements AutoCloseable {
    /** Records the ring starts with (8 KiB): small, since a host may open many sessions that never recurse. */
    static final int INITIAL_RECORDS = 256;

    private final int capacity;
    private RingArena ring;
    /**
     * The ring's own bounded segment: every record access is bounds-checked against it (offsets are
     * {@code position & mask}, always inside), and a bug can at worst throw, never read or write
     * outside the ring.
     */
    private MemorySegment seg;
    private long mask;
    private Object[] r0;
    private Object[] r1;
    /** Records live (the depth). */
    int top;
    private long topPos = -1;
    private int highWater;
    /** The most bytes any earlier (outgrown) ring had in use at once. */
    private long earlierHighWaterBytes;

    /** A store for up to {@code records} continuations (rounded up to a power of two). */
    public ContinuationStack(int records) {
        int n = Integer.highestOneBit(Math.max(16, records - 1)) << 1;
        if (Integer.bitCount(records) == 1 && records >= 16) n = records;
        this.capacity = n;
        allocate(Math.min(n, INITIAL_RECORDS));
    }

    private void allocate(int records) {
        ring = RingArena.ofCapacity((long) records * RECORD_BYTES); // its own arena: close() frees it at once
        seg = ring.segment();
        mask = ring.mask();
        r0 = new Object[records];
        r1 = new Object[records];
    }

    /** The most records the store will hold (a push past it is {@code stack error.}). */
    public int capacity() { return capacity; }
    /** Most records ever live at once (since the last {@link #resetHighWater}). */
    public int highWater() { return highWater; }
    public void resetHighWater() { highWater = top; }
    /** Bytes the ring has ever had in use at once. */
    public long ringHighWaterBytes() { return Math.max(earlierHighWaterBytes, ring.highWaterMark()); }

    /** Native bytes the records take now. */
    public long nativeBytes() { return seg.byteSize(); }

    /** Frees the records' native memory at once; the stack must not be used afterwards. */
    @Override
    public void close() {
        if (seg.scope().isAlive()) ring.close();
    }

    /**
     * The ring is full: moves the live records, oldest first, into a ring twice the size (their
     * positions change, and only this class knows them) and frees the old one; returns the position
     * of a new record in it.
     */
    private long grow() {
        int live = r0.length;
        if (live >= capacity) throw KError.stack();
        long[] positions = new long[top];
        long p = topPos;
        for (int i = top - 1; i >= 0; i--) {
            positions[i] = p;
            p = (long) WORD.get(seg, (p & mask) + PREV);
        }
        RingArena oldRing = ring;
        MemorySegment oldSeg = seg;
        long oldMask = mask;
        Object[] old0 = r0, old1 = r1;
        earlierHighWaterBytes = ringHighWaterBytes();
        allocate(live * 2);
        long prev = -1;
        for (long q : positions) {
            long from = q & oldMask;
            long to = ring.allocate(RECORD_BYTES);
            long off = to & mask;
            WORD.set(seg, off + HEAD, (long) WORD.get(oldSeg, from + HEAD));
            WORD.set(seg, off + A, (long) WORD.get(oldSeg, from + A));
            WORD.set(seg, off + B, (long) WORD.get(oldSeg, from + B));
            WORD.set(seg, off + PREV, prev);
            int i = (int) (off >>> RECORD_SHIFT), j = (int) (from >>> RECORD_SHIFT);
            r0[i] = old0[j];
            r1[i] = old1[j];
            prev = to;
        }
        topPos = prev;
        oldRing.close();
        return ring.tryAllocate(RECORD_BYTES);
    }

    void push(int kind, int aux, int cell, long a, long b, Object o0, Object o1) {
        long p = ring.tryAllocate(RECORD_BYTES);
        if (p < 0) p = grow();
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
