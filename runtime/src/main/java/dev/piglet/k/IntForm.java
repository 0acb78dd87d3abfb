package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;

/**
 * The int form of a lambda: its body's cells decoded once into compact off-heap words, for the
 * interpreter's int-form path ({@link IntFormPath}). The one place that names this layout.
 *
 * <p>Which lambdas have one: a ring-frame lambda of 1 to 255 parameters and no other locals whose body
 * the direct path runs and is built only from its parameters, int literals, the int primitives
 * ({@code + - * < > = & |}), {@code $[...]} and calls of a global or {@code o} with every argument given.
 * Its locals are then always int atoms (a call is given the form only when its arguments are), so they
 * live unboxed in the ring's int slots ({@link ContextRing#ints}); a value that is not an int can only
 * come back from a call, and goes the interpreter's way ({@link IntPath#NOT_INT} and {@code ov}).
 *
 * <p>An <em>expression word</em> (64 bits) is one of:
 * <pre>
 *   LEAF   bits 0..1 = 1, bits 2..3 leaf kind (LOC, IMM, CONST), bits 32..63 payload
 *   SDYAD  bits 0..1 = 2, bits 2..9 op, bits 10..36 left leaf, bits 37..63 right leaf   (a simple dyad)
 *   NODE   bits 0..1 = 3, bits 32..63 the node's word index in the segment
 * </pre>
 * where a leaf's payload is a parameter slot (LOC), the value itself (IMM) or a constant index
 * (CONST); inside an SDYAD a leaf is 27 bits: kind in bits 0..1, a signed 25-bit payload above.
 * A <em>node</em> is a header word, bits 0..7 the cell kind (COND, DYAD or APPLY, as in
 * {@link CellLayout}), 8..15 op, 16..31 count, 32..63 the cell it came from (errors carry its line and
 * column), followed by its words: COND the clause words; DYAD left then right; APPLY the function
 * (bits 0..7 GLOBAL or SELF, 32..63 symbol) then the argument words. LEAF and SDYAD words are the
 * cells the interpreter marks {@link CellLayout#SIMPLE}, so the path counts steps exactly where the
 * cell path does.
 *
 * <p>Memory: the words of every lambda decoded so far, appended to one segment of the code's, taken
 * at the first decode and freed with the code ({@link #close}); when it grows, the old segments stay
 * mapped until then, since an activation may still be reading its own words through one.
 */
final class IntForm implements AutoCloseable {
    static final int LEAF = 1, SDYAD = 2, NODE = 3;
    static final int LOC = 0, IMM = 1, CONST = 2;
    /** Reads a word: the segment is 8-aligned and words are 8 bytes, so no alignment check. */
    static final VarHandle READ = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();
    private static final VarHandle WRITE = ValueLayout.JAVA_LONG.varHandle();

    private final List<Arena> arenas = new ArrayList<>();
    /** Empty until the first lambda is decoded (most sessions never call one that has an int form). */
    private MemorySegment seg = MemorySegment.NULL;
    private int words = 1; // word 0 unused: a node index is never 0
    private long bytes;

    /** Native bytes held (the segment and the older ones still mapped). */
    long nativeBytes() { return bytes; }

    MemorySegment segment() { return seg; }

    static int tag(long w) { return (int) w & 3; }
    static int node(long w) { return (int) (w >>> 32); }
    static long word(MemorySegment s, int i) { return (long) READ.get(s, 8L * i); }
    static int kind(long header) { return (int) header & 0xFF; }
    static int op(long header) { return (int) (header >>> 8) & 0xFF; }
    static int count(long header) { return (int) (header >>> 16) & 0xFFFF; }
    static int cell(long header) { return (int) (header >>> 32); }

    /**
     * lam's body as an expression word, or 0 if the lambda has no int form. The caller has checked
     * that the direct path runs it in a ring frame.
     */
    long decode(Code code, LambdaInfo info) {
        if (info.heapFrame || info.valence < 1 || info.valence > 255 || info.slots != info.valence) return 0;
        int mark = words;
        long w = expr(code, info.body, info.valence);
        if (w == 0) words = mark; // give back what a partial decode took
        return w;
    }

    /** The expression word of cell c, appending its nodes; 0 if it is outside the int form. */
    private long expr(Code code, int c, int valence) {
        if (c <= 0) return 0;
        int k = code.kind(c);
        switch (k) {
            case LOCAL, INT -> {
                return leaf(code, c, valence);
            }
            case DYAD -> {
                int op = code.op(c);
                if (!Machine.intPrim(op)) return 0;
                int a = (int) code.a(c), b = (int) code.b(c);
                if (simple(code.headOf(c))) { // both leaves: one word, no node
                    long l = leaf27(code, a, valence), r = leaf27(code, b, valence);
                    if (l < 0 || r < 0) return 0;
                    return SDYAD | ((long) op << 2) | (l << 10) | (r << 37);
                }
                int n = reserve(3);
                long lw = expr(code, a, valence);
                if (lw == 0) return 0;
                long rw = expr(code, b, valence);
                if (rw == 0) return 0;
                put(n, header(DYAD, op, 2, c));
                put(n + 1, lw);
                put(n + 2, rw);
                return nodeWord(n);
            }
            case COND -> {
                int count = (int) code.b(c);
                if (count < 1 || count > 0xFFFF) return 0;
                int n = reserve(1 + count);
                put(n, header(COND, 0, count, c));
                for (int i = 0; i < count; i++) {
                    long w = expr(code, code.item(c, i), valence);
                    if (w == 0) return 0;
                    put(n + 1 + i, w);
                }
                return nodeWord(n);
            }
            case APPLY -> {
                int count = (int) code.b(c), fc = (int) code.a(c);
                if (count < 1 || count > 255 || fc <= 0) return 0;
                int fk = code.kind(fc);
                long fw;
                if (fk == GLOBAL) fw = GLOBAL | (code.a(fc) << 32);
                else if (fk == SELF) fw = SELF;
                else return 0;
                int n = reserve(2 + count);
                put(n, header(APPLY, 0, count, c));
                put(n + 1, fw);
                for (int i = 0; i < count; i++) {
                    long w = expr(code, code.item(c, i), valence); // an elided argument (0) is outside
                    if (w == 0) return 0;
                    put(n + 2 + i, w);
                }
                return nodeWord(n);
            }
            default -> {
                return 0;
            }
        }
    }

    /** A LOCAL (a parameter) or INT cell as a LEAF word; 0 otherwise. */
    private static long leaf(Code code, int c, int valence) {
        int k = code.kind(c);
        if (k == LOCAL) {
            long slot = code.a(c);
            return slot >= 0 && slot < valence ? LEAF | ((long) LOC << 2) | (slot << 32) : 0;
        }
        if (k != INT) return 0;
        long v = code.a(c);
        if (v == (int) v) return LEAF | ((long) IMM << 2) | (v << 32);
        return LEAF | ((long) CONST << 2) | (code.b(c) << 32); // the literal's boxed constant
    }

    /** A LOCAL or INT cell as a 27-bit SDYAD leaf; -1 otherwise (or if it does not fit). */
    private static long leaf27(Code code, int c, int valence) {
        if (c <= 0) return -1;
        int k = code.kind(c);
        long kind, payload;
        if (k == LOCAL) {
            kind = LOC;
            payload = code.a(c);
            if (payload < 0 || payload >= valence) return -1;
        } else if (k == INT) {
            long v = code.a(c);
            if (v >= -(1 << 24) && v < (1 << 24)) {
                kind = IMM;
                payload = v;
            } else {
                kind = CONST;
                payload = code.b(c);
                if (payload >= (1 << 24)) return -1;
            }
        } else {
            return -1;
        }
        return kind | ((payload & 0x1FFFFFF) << 2);
    }

    /** The value of a 27-bit SDYAD leaf x (in the low bits of an int) in the int frame at base. */
    static long leaf27Value(int x, long[] ints, int base, Object[] consts) {
        int payload = (x << 5) >> 7; // sign-extend the 25 bits above the kind
        switch (x & 3) {
            case LOC: return ints[base + payload];
            case IMM: return payload;
            default: return (Long) consts[payload];
        }
    }

    /** The value of a LEAF or SDYAD word in the int frame at base (never fails: ints in, an int out). */
    static long simpleValue(long w, long[] ints, int base, Object[] consts) {
        if (tag(w) == LEAF) {
            int payload = (int) (w >>> 32);
            switch ((int) (w >>> 2) & 3) {
                case LOC: return ints[base + payload];
                case IMM: return payload;
                default: return (Long) consts[payload];
            }
        }
        long l = leaf27Value((int) (w >>> 10) & 0x7FFFFFF, ints, base, consts);
        long r = leaf27Value((int) (w >>> 37) & 0x7FFFFFF, ints, base, consts);
        return Machine.intDyad((int) (w >>> 2) & 0xFF, l, r);
    }

    private static long header(int kind, int op, int count, int cell) {
        return kind | ((long) op << 8) | ((long) count << 16) | ((long) cell << 32);
    }

    private static long nodeWord(int n) {
        return NODE | ((long) n << 32);
    }

    private int reserve(int n) {
        long need = 8L * (words + n);
        if (need > seg.byteSize()) {
            long size = Math.max(seg.byteSize(), 1024);
            while (size < need) size *= 2;
            Arena a = Arena.ofShared();
            arenas.add(a);
            MemorySegment bigger = a.allocate(size, 8);
            bytes += size;
            bigger.copyFrom(seg);
            seg = bigger;
        }
        int at = words;
        words += n;
        return at;
    }

    private void put(int i, long w) {
        WRITE.set(seg, 8L * i, w);
    }

    @Override
    public void close() {
        for (Arena a : arenas) if (a.scope().isAlive()) a.close();
    }
}
