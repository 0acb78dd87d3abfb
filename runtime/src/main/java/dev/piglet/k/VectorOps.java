package dev.piglet.k;

import static dev.piglet.k.VectorLayout.FLOAT;
import static dev.piglet.k.VectorLayout.INT;

import java.lang.foreign.MemorySegment;

/**
 * The hot loops over vector words, each in a small method of its own so the JIT compiles it as a
 * tight loop over segments held in locals (a big caller such as {@link Prims#atomic} would otherwise
 * stop inlining the per-item accessors). The verb is switched on once per vector, not once per item.
 * Callers check lengths and kinds; these only read whole vectors they were given and fill a new one.
 */
final class VectorOps {
    private VectorOps() {}

    /** a op b item by item for two int vectors of equal length (op is + - * & | &lt; &gt; =). */
    static IntVec intInt(char op, IntVec a, IntVec b) {
        int n = a.n;
        IntVec r = IntVec.of(n);
        MemorySegment am = a.mem, bm = b.mem, rm = r.mem;
        long ao = a.base, bo = b.base, ro = r.base, end = VectorLayout.bytes(n);
        switch (op) {
            case '+' -> {
                for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, (long) INT.get(am, ao + o) + (long) INT.get(bm, bo + o));
            }
            case '-' -> {
                for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, (long) INT.get(am, ao + o) - (long) INT.get(bm, bo + o));
            }
            case '*' -> {
                for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, (long) INT.get(am, ao + o) * (long) INT.get(bm, bo + o));
            }
            default -> {
                for (long o = 0; o < end; o += 8) {
                    INT.set(rm, ro + o, Prims.longPrim(op, (long) INT.get(am, ao + o), (long) INT.get(bm, bo + o)));
                }
            }
        }
        return r;
    }

    /** a op b for an int vector and an int atom, the atom on the right ({@code swap}: on the left). */
    static IntVec intAtom(char op, IntVec a, long b, boolean swap) {
        int n = a.n;
        IntVec r = IntVec.of(n);
        MemorySegment am = a.mem, rm = r.mem;
        long ao = a.base, ro = r.base, end = VectorLayout.bytes(n);
        switch (op) {
            case '+' -> {
                for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, (long) INT.get(am, ao + o) + b);
            }
            case '*' -> {
                for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, (long) INT.get(am, ao + o) * b);
            }
            default -> {
                for (long o = 0; o < end; o += 8) {
                    long x = (long) INT.get(am, ao + o);
                    INT.set(rm, ro + o, swap ? Prims.longPrim(op, b, x) : Prims.longPrim(op, x, b));
                }
            }
        }
        return r;
    }

    /** a % b for two int vectors of equal length: a float vector. */
    static FloatVec divide(IntVec a, IntVec b) {
        int n = a.n;
        FloatVec r = FloatVec.of(n);
        MemorySegment am = a.mem, bm = b.mem, rm = r.mem;
        long ao = a.base, bo = b.base, ro = r.base, end = VectorLayout.bytes(n);
        for (long o = 0; o < end; o += 8) {
            FLOAT.set(rm, ro + o, (double) (long) INT.get(am, ao + o) / (double) (long) INT.get(bm, bo + o));
        }
        return r;
    }

    /** m!a for an int vector: floored mod for m &gt; 0, floored division by -m for m &lt; 0. */
    static IntVec mod(long m, IntVec a) {
        int n = a.n;
        IntVec r = IntVec.of(n);
        MemorySegment am = a.mem, rm = r.mem;
        long ao = a.base, ro = r.base, end = VectorLayout.bytes(n);
        if (m > 0) {
            for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, Math.floorMod((long) INT.get(am, ao + o), m));
        } else {
            for (long o = 0; o < end; o += 8) INT.set(rm, ro + o, Math.floorDiv((long) INT.get(am, ao + o), -m));
        }
        return r;
    }

    /** 0 1 ... n-1 (n &gt; 0). */
    static IntVec til(int n) {
        IntVec r = IntVec.of(n);
        MemorySegment rm = r.mem;
        long ro = r.base;
        for (int i = 0; i < n; i++) INT.set(rm, VectorLayout.item(ro, i), (long) i);
        return r;
    }

    /** a[ix] for int vectors: out-of-range indices give the int null. */
    static IntVec index(IntVec a, IntVec ix) {
        int m = ix.n, n = a.n;
        IntVec r = IntVec.of(m);
        MemorySegment am = a.mem, im = ix.mem, rm = r.mem;
        long ao = a.base, io = ix.base, ro = r.base;
        for (int j = 0; j < m; j++) {
            long k = (long) INT.get(im, VectorLayout.item(io, j));
            INT.set(rm, VectorLayout.item(ro, j), k >= 0 && k < n ? (long) INT.get(am, VectorLayout.item(ao, (int) k)) : Num.NULL_INT);
        }
        return r;
    }

    /** The items of an int or float vector in reverse order (words are copied as they are). */
    static Vec reverse(Vec a) {
        int n = a.n;
        Vec r = a instanceof IntVec ? IntVec.of(n) : FloatVec.of(n);
        MemorySegment am = a.mem, rm = r.mem;
        long ao = a.base, ro = r.base;
        for (int i = 0; i < n; i++) {
            INT.set(rm, VectorLayout.item(ro, i), (long) INT.get(am, VectorLayout.item(ao, n - 1 - i)));
        }
        return r;
    }

    /** Copies count items of a from index af to r at index rf (same kind of vector). */
    static void copy(Vec a, int af, Vec r, int rf, int count) {
        MemorySegment.copy(a.mem, VectorLayout.item(a.base, af), r.mem, VectorLayout.item(r.base, rf),
                VectorLayout.bytes(count));
    }
}
