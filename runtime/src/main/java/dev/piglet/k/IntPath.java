package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The int register path. The body of a ring-frame direct lambda is evaluated by {@link #evalI}: the
 * same cells in the same order, the same steps and error cells as {@code DirectPath.evalD}, but (1)
 * the frame comes in as parameters (its base in the ring's slot array, and the running lambda for
 * {@code o} and upvalues) instead of registers that every call saves and restores, and (2) an int atom
 * comes back as a long in a register instead of a boxed Long. Any other value comes back as
 * {@link #NOT_INT} with the value itself in {@link #ov}, which the caller takes at once; ov is null
 * whenever a plain long is returned, so the int NOT_INT itself is told apart by ov being null. A
 * pending direct tail call is NOT_INT with ov == {@link #TAIL}.
 *
 * <p>Leaves and primitives follow {@link EvalState}'s rules (small static or final methods C2 inlines);
 * what is written out here is only the control flow of one K call level, kept in one method on
 * purpose (see {@link #evalI}).
 */
abstract class IntPath extends DirectPath {
    IntPath(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
    }

    /** See above: "the value is in {@link #ov}" when ov is not null. */
    static final long NOT_INT = Long.MIN_VALUE + 1;
    /** The value behind a NOT_INT result of evalI and friends; null otherwise. */
    Object ov;

    /** v through the int register: its long if it is an int atom, else NOT_INT with v in ov. */
    final long reg(Object v) {
        if (v instanceof Long l) return l;
        ov = v;
        return NOT_INT;
    }

    /** The value of a result r just returned through the int register, as an object. */
    @Override
    final Object box(long r) {
        if (r == NOT_INT) {
            Object o = ov;
            if (o != null) {
                ov = null;
                return o;
            }
        }
        return r;
    }

    /**
     * Whether lam's call, its arguments boxed in the ring frame at p, can run on the int-form path
     * ({@link IntFormPath}); if so the arguments are now in its registers too.
     */
    abstract boolean intFrame(Lambda lam, long p);

    /** Runs lam's int form in its frame at p; see {@link IntFormPath}. */
    abstract long invokeF(Lambda lam, long p);

    /** Runs a ring-frame direct lambda (arguments at t, steps counted) through the int register; releases to mark. */
    @Override
    final long enterI(Lambda lam, long t, int n, long mark) {
        LambdaInfo info = lam.info;
        if (info.heapFrame) return reg(enterDirectHeap(lam, t, n, mark));
        long p = ring.extend(t, n, Math.max(info.slots, 1));
        Object[] slots = rs;
        int pi = ring.index(p);
        for (int k = n; k < info.slots; k++) slots[pi + k] = null;
        int used = depth;
        depth = used + info.height;
        boolean off0 = jitOff; // a bail-out inside this activation (e.g. on a tail call) keeps it interpreted, not its caller
        long v = invokeI(lam, p);
        jitOff = off0;
        depth = used;
        ring.release(mark);
        return v;
    }

    /** Evaluates lam's body in the ring frame at p; tail calls to direct lambdas reuse the frame's place. */
    final long invokeI(Lambda lam, long p) {
        while (true) {
            if (lam.info.form != 2 && intFrame(lam, p)) return invokeF(lam, p);
            long v = evalI(lam.info.body, ring.index(p), lam, true);
            if (v != NOT_INT || ov != TAIL) return v;
            ov = null;
            Lambda callee = tailF;
            p = tailFrame(lam, callee, p);
            lam = callee;
        }
    }

    /**
     * evalD for a ring frame at base of lambda self, through the int register. One activation per K
     * call level: the common cases (a simple int dyad, {@code $[...]}, a dyad whose right operand
     * is a call, the call itself with its tail-call loop) are written out in this one method rather
     * than in helpers, because C2 will not inline large helpers into a recursive method (it compiles
     * them on their own first), and each would cost a Java call, with its spills, per cell.
     */
    final long evalI(int c, int base, Lambda self, boolean tail) {
        final MemorySegment s = seg;
        final Object[] rs = this.rs;
        while (true) {
            if (++steps > fuel) throw outOfFuel();
            at = c;
            long h = headOf(s, c);
            int k = kind(h);
            if (simple(h)) {
                long v = k == DYAD ? fastDyad(s, c, h, base) : k == INT ? (Long) consts[(int) word(s, c, B)] : NOT_INT;
                return v != NOT_INT ? v : simpleI(s, c, h, base, self);
            }
            int dc = 0; // a dyad whose right operand is the call below (x*f[...]), or 0
            long dh = 0;
            int ld = 0; // its left operand's descriptor, read now: no cell read after the call
            long r;
            right: {
                if (k == DYAD) {
                    dc = c;
                    dh = h;
                    ld = (int) word(s, c, C);
                    int rc = (int) word(s, c, B);
                    long rh = headOf(s, rc);
                    if (kind(rh) != APPLY) {
                        r = evalI(rc, base, self, false);
                        break right;
                    }
                    // evalI's first steps for the call cell rc, then the call in this activation
                    if (++steps > fuel) throw outOfFuel();
                    at = rc;
                    c = rc;
                } else if (k == COND) { // the chosen branch is evaluated by this loop, not by a nested call
                    int n = (int) word(s, c, B);
                    int next = 0;
                    for (int i = 0; i < n - 1; i += 2) {
                        int cc = item(s, c, i);
                        long ch = headOf(s, cc);
                        long v;
                        if (simple(ch)) {
                            v = kind(ch) == DYAD ? fastDyad(s, cc, ch, base) : NOT_INT;
                            if (v == NOT_INT) v = simpleI(s, cc, ch, base, self);
                        } else {
                            v = evalI(cc, base, self, false);
                            at = c;
                        }
                        boolean t;
                        if (v == NOT_INT && ov != null) {
                            Object o = ov;
                            ov = null;
                            t = Num.truthy(o);
                        } else {
                            t = v != 0;
                        }
                        if (t) {
                            next = item(s, c, i + 1);
                            break;
                        }
                    }
                    c = next != 0 ? next : item(s, c, n - 1);
                    continue;
                } else if (k == SEQ) {
                    int n = (int) word(s, c, B);
                    if (n == 0) {
                        ov = new Object[0];
                        return NOT_INT;
                    }
                    for (int i = 0; i < n - 1; i++) {
                        if (evalI(item(s, c, i), base, self, false) == NOT_INT) ov = null;
                    }
                    c = item(s, c, n - 1); // the last statement by this loop, in this cell's position
                    continue;
                } else if (k != APPLY) {
                    return evalIRare(s, c, h, base, self);
                }
                // the call at c: arguments right to left into ring slots, the function, the call
                boolean tl = tail && dc == 0;
                int n = (int) word(s, c, B);
                long mark = ring.head;
                long t = ring.reserve(Math.max(n, 1));
                int ti = ring.index(t);
                boolean holes = false;
                for (int i = n - 1; i >= 0; i--) {
                    int ac = item(s, c, i);
                    if (ac == 0) {
                        holes = true;
                        rs[ti + i] = null;
                        continue;
                    }
                    long ah = headOf(s, ac);
                    long x;
                    if (simple(ah)) {
                        int ak = kind(ah);
                        if (ak == INT) { // the literal's own box, as before: no allocation for large ints
                            rs[ti + i] = consts[(int) word(s, ac, B)];
                            continue;
                        }
                        x = ak == DYAD ? fastDyad(s, ac, ah, base) : NOT_INT;
                        if (x == NOT_INT) x = simpleI(s, ac, ah, base, self);
                    } else {
                        x = evalI(ac, base, self, false);
                        at = c;
                    }
                    rs[ti + i] = box(x);
                }
                int fd = (int) word(s, c, C);
                Object f = null;
                if (descKind(fd) == GLOBAL) {
                    Object[] g = globals;
                    int sym = descOperand(fd);
                    if (sym < g.length) f = g[sym];
                    if (f == null) f = globalByName(sym); // not defined: the error
                } else {
                    f = fd != 0 ? operand(s, fd, c, A, rs, base, self) : functionI(s, c, base, self);
                }
                if (jitOff && !holes && f instanceof Lambda lam) { // no compiled tier to try: the common direct call
                    LambdaInfo info = lam.info;
                    if (n == info.valence && info.direct == 1 && !info.heapFrame) {
                        int height = info.height;
                        if (tl ? depth - self.info.height + height <= DIRECT_BUDGET : depth + height <= DIRECT_BUDGET) {
                            if (++steps > fuel) throw outOfFuel();
                            if (tl) {
                                tailF = lam;
                                tailT = t;
                                ov = TAIL;
                                return NOT_INT;
                            }
                            // enterI and invokeI, written out; a frame of no more slots than the
                            // arguments' reservation is that reservation (the head is right after it)
                            long p = t;
                            if (info.slots > Math.max(n, 1)) {
                                p = ring.extend(t, n, info.slots);
                                int pi = ring.index(p);
                                for (int q = n; q < info.slots; q++) rs[pi + q] = null;
                            }
                            int used = depth;
                            depth = used + height;
                            while (true) {
                                if (lam.info.form != 2 && intFrame(lam, p)) {
                                    r = invokeF(lam, p);
                                    break;
                                }
                                r = evalI(lam.info.body, ring.index(p), lam, true);
                                if (r != NOT_INT || ov != TAIL) break;
                                ov = null;
                                Lambda callee = tailF;
                                p = tailFrame(lam, callee, p);
                                lam = callee;
                            }
                            depth = used; // (jitOff was set on entry and nothing in the call clears it)
                            ring.release(mark);
                            break right;
                        }
                    }
                }
                r = callI(f, t, n, mark, holes, tl, self);
            }
            if (dc == 0) return r;
            // the dyad dc (head dh) with its right operand's value r
            Object ro = null;
            if (r == NOT_INT && ov != null) {
                ro = ov;
                ov = null;
            }
            long l;
            if (ld != 0) { // a leaf on the left, the common x*f[...]
                at = dc;
                Object lv;
                if (descKind(ld) == LOCAL && (lv = rs[base + descOperand(ld)]) instanceof Long lx) l = lx;
                else l = operandI(s, ld, dc, A, base, self);
            } else {
                l = leftI(s, dc, base, self);
            }
            int op = op(dh);
            if (ro == null && (l != NOT_INT || ov == null) && intPrim(op)) return intDyad(op, l, r);
            return dyadO((char) op, l, r, ro);
        }
    }

    /**
     * A simple dyad over two int leaves (locals holding ints, or int literals) with an int
     * primitive: its value; NOT_INT (ov untouched) for "not this case", and then the caller
     * evaluates the cell in full with {@link #simpleI} (leaves have no effects, so nothing happens twice).
     */
    private long fastDyad(MemorySegment s, int c, long h, int base) {
        int op = op(h);
        if (!intPrim(op)) return NOT_INT;
        long d = word(s, c, C);
        int dr = (int) (d >>> 32), dl = (int) d;
        long r, l;
        int k = descKind(dr);
        if (k == IMM) {
            r = immValue(dr);
        } else {
            Object o = k == LOCAL ? rs[base + descOperand(dr)] : k == INT ? consts[descOperand(dr)] : null;
            if (!(o instanceof Long x)) return NOT_INT;
            r = x;
        }
        k = descKind(dl);
        if (k == IMM) {
            l = immValue(dl);
        } else {
            Object o = k == LOCAL ? rs[base + descOperand(dl)] : k == INT ? consts[descOperand(dl)] : null;
            if (!(o instanceof Long x)) return NOT_INT;
            l = x;
        }
        return intDyad(op, l, r);
    }

    /** A direct tail call from lam's frame at p to callee (arguments at tailT): callee's frame in its place. */
    final long tailFrame(Lambda lam, Lambda callee, long p) {
        depth += callee.info.height - lam.info.height; // checked against the budget at the call
        tailF = null;
        LambdaInfo info = callee.info;
        int n = info.valence;
        Object[] slots = rs;
        Object[] tmp = scratch;
        System.arraycopy(slots, ring.index(tailT), tmp, 0, n);
        ring.release(p);
        p = ring.reserve(Math.max(info.slots, 1));
        int pi = ring.index(p);
        System.arraycopy(tmp, 0, slots, pi, n);
        Arrays.fill(tmp, 0, n, null);
        for (int k = n; k < info.slots; k++) slots[pi + k] = null;
        return p;
    }

    /** The rest of a call in evalI: the compiled tier, heap frames, the budget, and calls the direct path does not make. */
    final long callI(Object f, long t, int n, long mark, boolean holes, boolean tail, Lambda self) {
        boolean off0 = jitOff; // a bail-out in jitCall holds for this call only (or, on a tail call, the caller's activation)
        if (f instanceof Lambda lam && !holes) {
            LambdaInfo info = lam.info;
            if (!jitOff && n == info.valence && n > 0) {
                Object r = jitCall(lam, t, n);
                if (r != null) {
                    if (++steps > fuel) throw outOfFuel();
                    ring.release(mark);
                    return reg(r);
                }
            }
            if (n == info.valence && isDirect(info)) {
                if (tail && !info.heapFrame && depth - self.info.height + info.height <= DIRECT_BUDGET) {
                    if (++steps > fuel) throw outOfFuel();
                    tailF = lam;
                    tailT = t;
                    ov = TAIL;
                    return NOT_INT;
                }
                if (depth + info.height <= DIRECT_BUDGET) {
                    if (++steps > fuel) throw outOfFuel();
                    long v = enterI(lam, t, n, mark);
                    jitOff = off0;
                    return v;
                }
            }
        }
        Object v = callNested(f, t, n, mark);
        jitOff = off0;
        return reg(v);
    }

    /** The left operand of dyad c when it is not a leaf with a descriptor. */
    private long leftI(MemorySegment s, int c, int base, Lambda self) {
        int lc = (int) word(s, c, A);
        long lh = headOf(s, lc);
        if (simple(lh)) {
            at = c;
            return simpleI(s, lc, lh, base, self);
        }
        long l = evalI(lc, base, self, false);
        at = c;
        return l;
    }

    /** A dyad on objects: the right value is ro (or the int r), the left the register result l. */
    final long dyadO(char op, long l, long r, Object ro) {
        Object lo = box(l);
        return reg(dyad(op, lo, ro != null ? ro : (Object) r));
    }

    /** The function of apply cell c when it is not a leaf with a descriptor. */
    private Object functionI(MemorySegment s, int c, int base, Lambda self) {
        int fc = (int) word(s, c, A);
        long fh = headOf(s, fc);
        if (simple(fh)) return simpleValue(fc, fh, rs, base, self);
        Object f = box(evalI(fc, base, self, false));
        at = c;
        return f;
    }

    private long evalIRare(MemorySegment s, int c, long h, int base, Lambda self) {
        switch (kind(h)) {
            case MONAD: {
                Object v = box(evalI((int) word(s, c, A), base, self, false));
                at = c;
                return reg(Prims.monad((char) op(h), v));
            }
            case SETLOCAL: {
                Object v = box(evalI((int) word(s, c, B), base, self, false));
                at = c;
                rs[base + (int) word(s, c, A)] = v;
                return reg(v);
            }
            case SETGLOBAL: {
                Object v = box(evalI((int) word(s, c, B), base, self, false));
                at = c;
                globals[(int) word(s, c, A)] = v;
                return reg(v);
            }
            case LAMBDA: // a ring frame is never captured: the closure has no parent frame
                ov = new Lambda(code.lambdas.get((int) word(s, c, A)), null);
                return NOT_INT;
            default:
                throw new IllegalStateException("not a direct cell: " + kind(h) + " at " + c);
        }
    }

    /** A simple cell (see {@link CellLayout#SIMPLE}) in a ring frame, through the int register: int dyads unboxed. */
    private long simpleI(MemorySegment s, int c, long h, int base, Lambda self) {
        if (kind(h) == DYAD) {
            long d = word(s, c, C);
            long r = operandI(s, (int) (d >>> 32), c, B, base, self);
            if (r == NOT_INT && ov != null) {
                ov = null; // leaves have no effects: evaluate the cell again on objects
                return reg(simpleValue(c, h, rs, base, self));
            }
            long l = operandI(s, (int) d, c, A, base, self);
            if (l == NOT_INT && ov != null) {
                ov = null;
                return reg(simpleValue(c, h, rs, base, self));
            }
            int op = op(h);
            return intPrim(op) ? intDyad(op, l, r) : reg(dyad((char) op, l, r));
        }
        return reg(simpleValue(c, h, rs, base, self));
    }

    /** A leaf operand through the int register (see {@link #operand}): ints without their box. */
    private long operandI(MemorySegment s, int d, int c, long field, int base, Lambda self) {
        switch (descKind(d)) {
            case LOCAL: {
                Object v = rs[base + descOperand(d)];
                if (v instanceof Long l) return l;
                if (v != null) {
                    ov = v;
                    return NOT_INT;
                }
                break; // not assigned yet: the leaf resolves the name globally
            }
            case INT:
                return (Long) consts[descOperand(d)];
            case IMM:
                return immValue(d);
            case GLOBAL:
                return reg(globalByName(descOperand(d)));
            default:
                break;
        }
        int oc = (int) word(s, c, field);
        return reg(leaf(oc, headOf(s, oc), rs, base, self));
    }
}
