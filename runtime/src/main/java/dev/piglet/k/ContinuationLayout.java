package dev.piglet.k;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the off-heap layout of a continuation record (what to do with the value
 * being computed). Records are 24 bytes; their object operands (a saved value, a frame) sit in two
 * parallel reference arrays at the same record index, since the JVM keeps references on-heap.
 *
 * <pre>
 * struct continuation {
 *     uint64_t head;   // bits 0..7 kind, 8..31 aux (an item index), 32..63 cell number
 *     int64_t  a;      // a ring position, a frame base, ...
 *     int64_t  b;      // a ring mark to release to
 * };
 * </pre>
 */
public final class ContinuationLayout {
    private ContinuationLayout() {}

    public static final int RECORD_BYTES = 24;
    public static final long HEAD = 0, A = 8, B = 16;
    public static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    static long head(int kind, int aux, int cell) {
        return (kind & 0xFF) | ((long) (aux & 0xFFFFFF) << 8) | ((long) cell << 32);
    }

    static int kind(long head) { return (int) (head & 0xFF); }
    static int aux(long head) { return (int) ((head >>> 8) & 0xFFFFFF); }
    static int cell(long head) { return (int) (head >>> 32); }
}
