package dev.piglet.k;

import static dev.piglet.k.CellLayout.APPLY;
import static dev.piglet.k.CellLayout.COND;
import static dev.piglet.k.CellLayout.DYAD;
import static dev.piglet.k.CellLayout.GLOBAL;
import static dev.piglet.k.IntForm.NODE;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * The int-form path: runs a lambda that has an {@link IntForm} (decoded on its first call here) with
 * its parameters unboxed in the ring's int slots. It is {@link IntPath#evalI} over the decoded words
 * instead of the cells: the same evaluation order, the same ring reservations (so the same
 * {@code stack error.} points), the same Java stack budget, the same steps counted (each at the same
 * point, with no per-step fuel check: the path runs only while fuel is unlimited, and it checks at
 * every call for an {@link #interrupt}), the same error cells. What it saves is decoding: a leaf or
 * a simple int dyad is one word whose operands need no cell reads, descriptor checks or boxes, a
 * call's function is a symbol read from its word, and an argument goes into an int slot.
 *
 * <p>A value that is not an int can only come from a call (a global that is not such a lambda, or
 * one that returns something else); it takes the interpreter's general rules from there on.
 */
abstract class IntFormPath extends IntPath {
    /** Returned through {@link #ov} for a pending tail call whose arguments are in int slots at {@link #tailT}. */
    static final Object INT_TAIL = new Object();

    /** The int-form words ({@link Code#forms}'s segment), re-read after a lambda is decoded. */
    MemorySegment fseg;
    /** The ring's int slots (null until a lambda with an int form is called). */
    long[] is;
    /** Whether lambdas get int forms (off only to compare the two paths in tests). */
    boolean intForms = true;

    IntFormPath(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
        fseg = code.forms.segment();
    }

    /**
     * Whether lam's call whose arguments are boxed in the ring frame at p can take the int-form path
     * (it has an int form, fuel is unlimited and the arguments are ints); if so they are copied to
     * the int slots.
     */
    @Override
    final boolean intFrame(Lambda lam, long p) {
        LambdaInfo info = lam.info;
        if (info.form != 1 && (info.form == 2 || !hasForm(lam)) || fuel != Long.MAX_VALUE) return false;
        int pi = ring.index(p);
        long[] ints = is;
        for (int i = 0; i < info.valence; i++) {
            if (!(rs[pi + i] instanceof Long x)) return false;
            ints[pi + i] = x;
        }
        return true;
    }

    /** Decides once whether lam has an int form (decoding it if so). */
    final boolean hasForm(Lambda lam) {
        LambdaInfo info = lam.info;
        if (info.form == 0 && intForms) {
            long w = isDirect(info) && !info.heapFrame ? code.forms.decode(code, info) : 0;
            info.formBody = w;
            info.form = w != 0 ? (byte) 1 : (byte) 2;
            if (w != 0) {
                fseg = code.forms.segment();
                is = ring.ints();
            }
        }
        return info.form == 1;
    }

    /** Whether lam has an int form (decided now if need be) and fuel is unlimited. */
    final boolean hasFormUnlimited(Lambda lam) {
        LambdaInfo info = lam.info;
        return (info.form == 1 || info.form == 0 && hasForm(lam)) && fuel == Long.MAX_VALUE;
    }

    /**
     * A program that is one call of a global lambda with an int form on int literals ({@code fac 5}),
     * as evalI runs it (the same steps, frame and error cell) without its cells being read: the
     * arguments go straight into the int slots.
     */
    final long callForm(Lambda lam, CompiledTier.FastCall fc) {
        steps += fc.cellSteps;
        at = fc.cell;
        int n = fc.n;
        long mark = ring.head;
        long t = ring.reserve(n);
        int ti = ring.index(t);
        long[] ints = is;
        ints[ti] = fc.a;
        if (n > 1) ints[ti + 1] = fc.b;
        if (n > 2) ints[ti + 2] = fc.c;
        if (++steps > fuel) throw outOfFuel(); // the call's step
        int used = depth;
        depth = used + lam.info.height;
        long r = invokeF(lam, t);
        depth = used;
        ring.release(mark);
        return r;
    }

    /** Runs lam's int form in its frame at p (arguments in the int slots, steps counted); tail calls in place. */
    @Override
    final long invokeF(Lambda lam, long p) {
        while (true) {
            long r = evalF(lam.info.formBody, ring.index(p), lam, true);
            if (r != NOT_INT) return r;
            Object o = ov;
            if (o == INT_TAIL) {
                ov = null;
                Lambda callee = tailF;
                p = intTailFrame(lam, callee, p);
                lam = callee;
                continue;
            }
            if (o == TAIL) { // a tail call to a direct lambda without an int form: its arguments are boxed
                ov = null;
                Lambda callee = tailF;
                return invokeI(callee, tailFrame(lam, callee, p));
            }
            return r;
        }
    }

    /** An int-form tail call from lam's frame at p to callee (arguments in int slots at tailT): callee's frame in its place. */
    private long intTailFrame(Lambda lam, Lambda callee, long p) {
        depth += callee.info.height - lam.info.height; // checked against the budget at the call
        tailF = null;
        int n = callee.info.valence;
        long[] ints = is;
        int from = ring.index(tailT);
        ring.release(p);
        long q = ring.reserve(n); // slots == valence; the arguments sit above q, so moving down is safe
        System.arraycopy(ints, from, ints, ring.index(q), n);
        return q;
    }

    /**
     * Evaluates int-form word w in the int frame at base of lambda self, as {@link #evalI} would its
     * cell; in tail position a call to a direct lambda returns {@link #INT_TAIL} or {@link #TAIL}.
     * The common cases are written out in this one method for the reason given at evalI.
     */
    final long evalF(long w, int base, Lambda self, boolean tail) {
        final MemorySegment f = fseg;
        final long[] ints = is;
        while (true) {
            steps++; // this word's own step (the cell path's step for its cell)
            if (IntForm.tag(w) != NODE) return IntForm.simpleValue(w, ints, base, consts);
            int o = IntForm.node(w);
            long h = IntForm.word(f, o);
            int k = IntForm.kind(h);
            if (k == COND) {
                int n = IntForm.count(h);
                int i = 0;
                for (; i < n - 1; i += 2) {
                    long cw = IntForm.word(f, o + 1 + i);
                    if (IntForm.tag(cw) != NODE) {
                        if (IntForm.simpleValue(cw, ints, base, consts) != 0) break;
                        continue;
                    }
                    long v = evalF(cw, base, self, false);
                    if (v == NOT_INT && ov != null) {
                        Object x = ov;
                        ov = null;
                        at = IntForm.cell(h);
                        if (Num.truthy(x)) break;
                    } else if (v != 0) {
                        break;
                    }
                }
                w = IntForm.word(f, o + 1 + (i < n - 1 ? i + 1 : n - 1));
                continue;
            }
            long dh = 0; // a dyad whose right operand is the call below (x*f[...]), or 0
            long lw = 0; // its left operand's word
            long r;
            right: {
                if (k == DYAD) {
                    dh = h;
                    lw = IntForm.word(f, o + 1);
                    long rw = IntForm.word(f, o + 2);
                    if (IntForm.tag(rw) != NODE || IntForm.kind(IntForm.word(f, IntForm.node(rw))) != APPLY) {
                        r = evalF(rw, base, self, false);
                        break right;
                    }
                    steps++; // the call cell's own step, then the call in this activation
                    o = IntForm.node(rw);
                    h = IntForm.word(f, o);
                }
                // the call at node o: a frame reserved, arguments right to left into its int slots
                boolean tl = tail && dh == 0;
                int n = IntForm.count(h);
                int cell = IntForm.cell(h);
                at = cell;
                long mark = ring.head;
                long t = ring.reserve(n);
                int ti = ring.index(t);
                for (int i = n - 1; i >= 0; i--) {
                    long aw = IntForm.word(f, o + 2 + i);
                    long x;
                    if (IntForm.tag(aw) != NODE) {
                        x = IntForm.simpleValue(aw, ints, base, consts);
                    } else {
                        x = evalF(aw, base, self, false);
                        at = cell;
                        if (x == NOT_INT && ov != null) {
                            r = callBoxed(f, o, h, i, t, mark, tl, base, self);
                            break right;
                        }
                    }
                    ints[ti + i] = x;
                }
                long fw = IntForm.word(f, o + 1);
                Object fn;
                if ((int) fw == GLOBAL) {
                    Object[] g = globals;
                    int sym = (int) (fw >>> 32);
                    fn = sym < g.length ? g[sym] : null;
                    if (fn == null) fn = globalByName(sym); // not defined: the error
                } else {
                    fn = self;
                }
                if (jitOff && fn instanceof Lambda lam) {
                    LambdaInfo info = lam.info;
                    if ((info.form == 1 || info.form == 0 && hasForm(lam)) && n == info.valence) {
                        int height = info.height;
                        if (tl ? depth - self.info.height + height <= DIRECT_BUDGET : depth + height <= DIRECT_BUDGET) {
                            if (++steps > fuel) throw outOfFuel(); // the call's step; an interrupt stops here
                            if (tl) {
                                tailF = lam;
                                tailT = t;
                                ov = INT_TAIL;
                                return NOT_INT;
                            }
                            int used = depth;
                            depth = used + height;
                            long p = t;
                            while (true) {
                                r = evalF(lam.info.formBody, ring.index(p), lam, true);
                                if (r != NOT_INT || ov != INT_TAIL) break;
                                ov = null;
                                Lambda callee = tailF;
                                p = intTailFrame(lam, callee, p);
                                lam = callee;
                            }
                            if (r == NOT_INT && ov == TAIL) r = tailToCells(lam, p);
                            depth = used;
                            ring.release(mark);
                            break right;
                        }
                    }
                }
                // anything else: the arguments boxed into the frame's slots, the interpreter's call
                for (int i = 0; i < n; i++) rs[ti + i] = ints[ti + i];
                r = callI(fn, t, n, mark, false, tl, self);
            }
            if (dh == 0) return r;
            // the dyad dh with its right operand's value r
            Object ro = null;
            if (r == NOT_INT && ov != null) {
                ro = ov;
                ov = null;
            }
            long l;
            if (IntForm.tag(lw) != NODE) {
                l = IntForm.simpleValue(lw, ints, base, consts);
            } else {
                l = evalF(lw, base, self, false);
            }
            int op = IntForm.op(dh);
            if (ro == null && (l != NOT_INT || ov == null)) return intDyad(op, l, r);
            at = IntForm.cell(dh);
            return dyadO((char) op, l, r, ro);
        }
    }

    /** A pending tail call to a direct lambda without an int form (ov is TAIL) from lam's frame at p: made on the cell path. */
    private long tailToCells(Lambda lam, long p) {
        ov = null;
        Lambda callee = tailF;
        return invokeI(callee, tailFrame(lam, callee, p));
    }

    /**
     * The rest of the call at node o (header h) once argument i came back as a value that is not an int
     * (in ov): every argument boxed into the frame's slots, the rest evaluated, the interpreter's call.
     */
    private long callBoxed(MemorySegment f, int o, long h, int i, long t, long mark, boolean tl, int base, Lambda self) {
        int n = IntForm.count(h);
        int cell = IntForm.cell(h);
        int ti = ring.index(t);
        long[] ints = is;
        for (int j = n - 1; j > i; j--) rs[ti + j] = ints[ti + j];
        rs[ti + i] = ov;
        ov = null;
        for (int j = i - 1; j >= 0; j--) {
            long aw = IntForm.word(f, o + 2 + j);
            long x = IntForm.tag(aw) != NODE ? IntForm.simpleValue(aw, ints, base, consts) : evalF(aw, base, self, false);
            at = cell;
            rs[ti + j] = box(x);
        }
        long fw = IntForm.word(f, o + 1);
        Object fn = (int) fw == GLOBAL ? globalByName((int) (fw >>> 32)) : self;
        return callI(fn, t, n, mark, false, tl, self);
    }
}
