package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The direct path: a lambda (or top-level program) whose body uses only leaves, primitive monads and
 * dyads, {@code $[...]}, calls, statements, assignments and lambda literals (no adverbs or list
 * literals) is run by a recursive evaluator on the Java stack instead of through continuation
 * records: no record per pending operation, no trampoline dispatch per cell.
 *
 * <p>Everything else is as on the trampoline: frames are ring contexts reserved the same way (promoted
 * heap frames for lambdas whose inner lambdas read their locals), steps (fuel) are counted at the same
 * points, errors carry the same cell, tail calls to ring-frame lambdas replace their caller's frame (a
 * loop, not a Java call). The Java stack stays bounded: an activation is entered only while the summed
 * syntax heights of the direct activations on the Java stack stay within {@link #DIRECT_BUDGET}; past
 * it calls go through the trampoline, and calls the direct path cannot make itself (verbs,
 * projections, other lambdas) run on a nested trampoline. Ring-frame lambdas run on {@link IntPath};
 * this class runs top-level programs' heap-frame lambdas and holds the rules both share.
 */
abstract class DirectPath extends Trampoline {
    DirectPath(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
    }

    /** Runs a ring-frame direct lambda (arguments at t, steps counted) through the int register; releases to mark. */
    abstract long enterI(Lambda lam, long t, int n, long mark);

    /** The value of a result r just returned through the int register, as an object. */
    abstract Object box(long r);

    @Override
    final boolean isDirect(LambdaInfo info) {
        byte d = info.direct;
        if (d == 0) {
            int height = directHeight(info.body);
            info.height = height;
            d = height > 0 ? (byte) 1 : (byte) 2;
            info.direct = d;
        }
        return d == 1;
    }

    /** The syntax height of the cell if the direct path can run it (and it is at most DIRECT_HEIGHT), else 0. */
    final int directHeight(int body) {
        long[] stack = new long[32];
        int sp = 0, height = 0;
        stack[sp++] = ((long) body << 32) | 1;
        while (sp > 0) {
            long e = stack[--sp];
            int c = (int) (e >>> 32), level = (int) e;
            if (c <= 0 || level > DIRECT_HEIGHT) return 0;
            height = Math.max(height, level);
            long h = headOf(c);
            int k = kind(h);
            int n = k == APPLY || k == COND || k == SEQ ? (int) word(c, B) : 0;
            if (sp + n + 3 > stack.length) stack = Arrays.copyOf(stack, sp + n + 32);
            long next = level + 1;
            switch (k) {
                case INT, FLT, CONST, LOCAL, UPVAL, GLOBAL, SELF, VERB, LAMBDA -> { }
                case MONAD -> stack[sp++] = (word(c, A) << 32) | next;
                case DYAD -> {
                    stack[sp++] = (word(c, A) << 32) | next;
                    stack[sp++] = (word(c, B) << 32) | next;
                }
                case SETLOCAL, SETGLOBAL -> stack[sp++] = (word(c, B) << 32) | next;
                case APPLY, COND, SEQ -> {
                    if (k == APPLY) stack[sp++] = (word(c, A) << 32) | next;
                    else if (n == 0 && k == COND) return 0;
                    for (int i = 0; i < n; i++) {
                        int it = item(c, i);
                        if (it == 0 && k == APPLY) continue; // an elided argument: a projection, decided at the call
                        stack[sp++] = ((long) it << 32) | next;
                    }
                }
                default -> { return 0; }
            }
        }
        return height;
    }

    /** Runs a direct lambda whose n arguments are in ring slots at t (steps already counted); releases to mark. */
    @Override
    final Object enterDirect(Lambda lam, long t, int n, long mark) {
        if (lam.info.heapFrame) return enterDirectHeap(lam, t, n, mark);
        return box(enterI(lam, t, n, mark));
    }

    /**
     * A direct lambda whose inner lambdas read its locals: its frame is promoted (a {@link HeapFrame}
     * its closures keep), the ring slots its arguments came in are released at once. Its calls in
     * tail position are made as ordinary direct calls (the Java stack budget bounds them).
     */
    final Object enterDirectHeap(Lambda lam, long t, int n, long mark) {
        LambdaInfo info = lam.info;
        HeapFrame hf = new HeapFrame(info.slots, lam);
        System.arraycopy(ring.slots, ring.index(t), hf.slots, 0, n);
        ring.release(mark);
        HeapFrame h0 = heap;
        Object[] e0 = env;
        int b0 = base;
        Lambda s0 = self;
        int used = depth;
        depth = used + info.height;
        heap = hf;
        env = hf.slots;
        base = 0;
        self = lam;
        boolean off0 = jitOff;
        Object v = evalD(info.body, false);
        jitOff = off0;
        depth = used;
        heap = h0;
        env = e0;
        base = b0;
        self = s0;
        return v;
    }

    /** Evaluates cell c on the direct path; in tail position a call to a direct lambda returns {@link #TAIL}. */
    private Object evalD(int c, boolean tail) {
        final MemorySegment s = seg;
        while (true) {
            if (++steps > fuel) throw outOfFuel();
            at = c;
            long h = headOf(s, c);
            if (simple(h)) return simpleValue(c, h, env, base, self);
            switch (kind(h)) {
                case COND: // the chosen branch is evaluated by this loop, not by a nested call
                    c = condBranch(s, c);
                    continue;
                case DYAD: {
                    Object r = evalD((int) word(s, c, B), false);
                    int ld = (int) word(s, c, C);
                    if (ld != 0) { // a leaf on the left, the common x*f[...]
                        at = c;
                        return dyad((char) op(h), operand(s, ld, c, A, env, base, self), r);
                    }
                    int lc = (int) word(s, c, A);
                    long lh = headOf(s, lc);
                    Object l;
                    if (simple(lh)) {
                        at = c;
                        l = simpleValue(lc, lh, env, base, self);
                    } else {
                        l = evalD(lc, false);
                        at = c;
                    }
                    return dyad((char) op(h), l, r);
                }
                case APPLY:
                    return applyD(c, tail);
                default:
                    return evalDRare(c, h, tail);
            }
        }
    }

    /** Tests the clauses of $[...] cell c in order; returns the cell to evaluate (a branch or the else). */
    private int condBranch(MemorySegment s, int c) {
        int n = (int) word(s, c, B);
        for (int i = 0; i < n - 1; i += 2) {
            int cc = item(s, c, i);
            long ch = headOf(s, cc);
            boolean t;
            if (simple(ch)) {
                t = simpleTruth(cc, ch, env, base, self);
            } else {
                Object v = evalD(cc, false);
                at = c;
                t = Num.truthy(v);
            }
            if (t) return item(s, c, i + 1);
        }
        return item(s, c, n - 1);
    }

    private Object applyD(int c, boolean tail) {
        final MemorySegment s = seg;
        int n = (int) word(s, c, B);
        long mark = ring.head;
        long t = ring.reserve(Math.max(n, 1));
        Object[] slots = ring.slots;
        int ti = ring.index(t);
        boolean holes = false;
        for (int i = n - 1; i >= 0; i--) {
            int ac = item(s, c, i);
            Object v = null;
            if (ac != 0) {
                long ah = headOf(s, ac);
                if (simple(ah)) {
                    v = simpleValue(ac, ah, env, base, self);
                } else {
                    v = evalD(ac, false);
                    at = c;
                }
            } else {
                holes = true;
            }
            slots[ti + i] = v;
        }
        int fd = (int) word(s, c, C);
        Object f;
        if (fd != 0) {
            f = operand(s, fd, c, A, env, base, self);
        } else if (simple(headOf(s, (int) word(s, c, A)))) {
            int fc = (int) word(s, c, A);
            f = simpleValue(fc, headOf(s, fc), env, base, self);
        } else {
            int fc = (int) word(s, c, A);
            f = evalD(fc, false);
            at = c;
        }
        boolean off0 = jitOff; // a bail-out in jitCall holds for this call only (or, on a tail call, the caller's activation)
        if (f instanceof Lambda lam && !holes) {
            LambdaInfo info = lam.info;
            if (!jitOff && n == info.valence && n > 0) {
                Object r = jitCall(lam, t, n);
                if (r != null) {
                    if (++steps > fuel) throw outOfFuel();
                    ring.release(mark);
                    return r;
                }
            }
            if (n == info.valence && isDirect(info)) {
                if (tail && !info.heapFrame && depth - self.info.height + info.height <= DIRECT_BUDGET) {
                    if (++steps > fuel) throw outOfFuel();
                    tailF = lam;
                    tailT = t;
                    return TAIL;
                }
                if (depth + info.height <= DIRECT_BUDGET) {
                    if (++steps > fuel) throw outOfFuel();
                    Object v = enterDirect(lam, t, n, mark);
                    jitOff = off0;
                    return v;
                }
            }
        }
        Object v = callNested(f, t, n, mark);
        jitOff = off0;
        return v;
    }

    private Object evalDRare(int c, long h, boolean tail) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case MONAD: {
                Object v = evalD((int) word(s, c, A), false);
                at = c;
                return Prims.monad((char) op(h), v);
            }
            case SEQ: {
                int n = (int) word(s, c, B);
                if (n == 0) return new Object[0];
                for (int i = 0; i < n - 1; i++) evalD(item(s, c, i), false);
                return evalD(item(s, c, n - 1), tail);
            }
            case SETLOCAL: {
                Object v = evalD((int) word(s, c, B), false);
                at = c;
                env[base + (int) word(s, c, A)] = v;
                return v;
            }
            case SETGLOBAL: {
                Object v = evalD((int) word(s, c, B), false);
                at = c;
                globals[(int) word(s, c, A)] = v;
                return v;
            }
            case LAMBDA: // a closure over the promoted frame, if this lambda's frame is one
                return new Lambda(code.lambdas.get((int) word(s, c, A)), heap);
            default:
                throw new IllegalStateException("not a direct cell: " + kind(h) + " at " + c);
        }
    }

}
