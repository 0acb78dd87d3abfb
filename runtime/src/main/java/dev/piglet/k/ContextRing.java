package dev.piglet.k;

/**
 * The ring that holds K contexts (a lambda call's frame: arguments then locals) and the temporaries
 * a call's arguments are evaluated into — which then become the callee's frame in place, so a call
 * copies nothing. Positions are monotonically numbered longs; slot = position &amp; mask. A record
 * never straddles the wrap (the rest of the lap is padding). {@link #oldest} is the oldest live
 * position (the base of the current evaluation); an allocation that would pass it fails with
 * {@code stack error.} instead of overwriting. Frames are released LIFO on return, and a tail call
 * releases its caller's frame before taking its own, so a tail loop runs in constant space.
 *
 * <p>The JVM cannot keep object references off-heap, so slots are an {@code Object[]}. The position
 * arithmetic is the same as {@link dev.piglet.arena.RingArena}'s (monotonic positions, masked offsets,
 * padding to the wrap), but this ring is deliberately not built on it: a RingArena manages bytes of a
 * native segment this ring would never touch (it would be native memory held only to do arithmetic),
 * counts in bytes where frames count in slots, validates alignment on every release (a check per K
 * call on the hottest path), and forgets its low-water mark when it empties, while here the oldest
 * live position is the evaluation's base, fixed for the whole evaluation. The continuation records,
 * which are bytes off-heap, do use a RingArena ({@link ContinuationStack}).
 */
public final class ContextRing {
    final Object[] slots;
    final int mask;
    private final int capacity;
    long head;
    long oldest;
    long highWater; // (the int-form loop reserves on its own copy of head: IntFormPath.runF)

    public ContextRing(int capacity) {
        if (capacity < 16 || Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two >= 16: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.slots = new Object[capacity];
    }

    public int capacity() { return capacity; }

    /** Most slots ever live at once (since the last {@link #resetHighWater}). */
    public long highWater() { return highWater; }

    public void resetHighWater() { highWater = head - oldest; }

    public long used() { return head - oldest; }

    int index(long position) { return (int) (position & mask); }

    /** n contiguous slots at the head; returns their position. */
    long reserve(int n) {
        long p = head;
        int idx = (int) (p & mask);
        if (idx + n > capacity) p += capacity - idx; // pad to the wrap
        long end = p + n;
        if (end - oldest > capacity) throw KError.stack();
        head = end;
        if (end - oldest > highWater) highWater = end - oldest;
        return p;
    }

    /** Grows the top record at p from {@code have} to {@code n} slots, moving it past the wrap if needed. */
    long extend(long p, int have, int n) {
        int idx = (int) (p & mask);
        if (idx + n <= capacity) {
            long end = p + n;
            if (end - oldest > capacity) throw KError.stack();
            if (end > head) head = end;
            if (end - oldest > highWater) highWater = end - oldest;
            return p;
        }
        long q = p + (capacity - idx);
        long end = q + n;
        if (end - oldest > capacity) throw KError.stack();
        System.arraycopy(slots, idx, slots, 0, have);
        head = end;
        if (end - oldest > highWater) highWater = end - oldest;
        return q;
    }

    /** LIFO release back to a mark taken before a reserve. */
    void release(long mark) {
        head = mark;
    }

    /** Starts an evaluation: everything before the head is dead, the head becomes the oldest live position. */
    void begin() {
        oldest = head;
    }
}
