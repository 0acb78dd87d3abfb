package dev.piglet.k;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the off-heap layout of a continuation record (what to do with the value
 * being computed). Records are 32 bytes in a {@link dev.piglet.arena.RingArena}; their object operands
 * (a saved value, a frame) sit in two parallel reference arrays at index {@code offset / 32}, since
 * the JVM keeps references on-heap. 32 divides the ring's power-of-two capacity, so records never need
 * wrap padding and that index is exact.
 *
 * <pre>
 * struct continuation {
 *     uint64_t head;   // bits 0..7 kind, 8..31 aux (an item index), 32..63 cell number
 *     int64_t  a;      // a ring position, a frame base, ...
 *     int64_t  b;      // a context-ring mark to release to
 *     int64_t  prev;   // ring position of the record below (LIFO chain)
 * };
 * </pre>
 */
public final class ContinuationLayout {
    private ContinuationLayout() {}

    public static final int RECORD_BYTES = 32;
    public static final int RECORD_SHIFT = 5;
    public static final long HEAD = 0, A = 8, B = 16, PREV = 24;
    public static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    static long head(int kind, int aux, int cell) {
        return (kind & 0xFF) | ((long) (aux & 0xFFFFFF) << 8) | ((long) cell << 32);
    }

    static int kind(long head) { return (int) (head & 0xFF); }
    static int aux(long head) { return (int) ((head >>> 8) & 0xFFFFFF); }
    static int cell(long head) { return (int) (head >>> 32); }
}
