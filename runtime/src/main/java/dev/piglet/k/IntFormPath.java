package dev.piglet.k;

import static dev.piglet.k.IntForm.*;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The int-form path: runs a lambda that has an {@link IntForm} (translated on its first call here)
 * on its linear register code, in one loop ({@link #runF}) that makes calls between such lambdas
 * itself: a call pushes no Java frame, it moves the loop's frame pointer to the callee's registers
 * (the arguments, computed in place) and its pc to the callee's code; a return moves them back. It is
 * {@link IntPath#evalI} over that code instead of the cells: the same evaluation order, the same ring
 * reservations (so the same {@code stack error.} points and high-water marks), the same stack budget
 * ({@link #depth}: past it calls go the interpreter's way, as on the cell path), the same steps counted
 * (each instruction carries the steps the cell path counts at that point, with no per-step fuel
 * check: the path runs only while fuel is unlimited, and it checks at every call for an
 * {@link #interrupt}), the same error cells.
 *
 * <p>A value that is not an int can only come back from a call (a global that is not such a lambda,
 * or one that returns something else); it is carried in the loop's object registers (the int register
 * holds {@link #NOT_INT}) and takes the interpreter's general rules. Calls the loop does not make
 * itself (anything but an int-form lambda on int arguments within the budget) go to {@link #callI},
 * with the arguments boxed into the frame's ring slots.
 */
abstract class IntFormPath extends IntPath {
    /** Registers the loop may use at most (past that, calls go the interpreter's way). */
    static final int MAX_REGS = 1 << 20;

    /** The int-form code and its calls' inline caches ({@link IntForm#words}, {@link IntForm#callees}), re-read when a lambda is translated. */
    long[] words = new long[0];
    Object[] callees = new Object[0];
    /** Whether lambdas get int forms (off only to compare the two paths in tests). */
    boolean intForms = true;
    /** The loop's registers (empty until a lambda with an int form is called). */
    long[] regs = new long[0];
    /** The object registers: a value that is not an int, where regs holds NOT_INT; else null. */
    Object[] robj = new Object[0];
    /** Registers below this are used by activations of {@link #runF} further up the Java stack. */
    int regTop;
    /** Calls the loop has handed to the rest of the interpreter (see {@code Interp.runForm}). */
    int callouts;

    IntFormPath(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
    }

    /**
     * Whether lam's call whose arguments are boxed in the ring frame at p can take the int-form path
     * (it has an int form, fuel is unlimited and the arguments are ints); if so they are copied to
     * its registers.
     */
    @Override
    final boolean intFrame(Lambda lam, long p) {
        LambdaInfo info = lam.info;
        if (info.form != 1 && (info.form == 2 || !hasForm(lam)) || fuel != Long.MAX_VALUE) return false;
        int fp = regTop + LINK;
        if (fp + info.formFrame > regs.length && !growRegs(fp + info.formFrame)) return false;
        int pi = ring.index(p);
        long[] r = regs;
        for (int i = 0; i < info.valence; i++) {
            if (!(rs[pi + i] instanceof Long x)) return false;
            r[fp + i] = x;
        }
        return true;
    }

    /** Decides once whether lam has an int form (translating it if so). */
    final boolean hasForm(Lambda lam) {
        LambdaInfo info = lam.info;
        if (info.form == 0 && intForms) {
            int entry = isDirect(info) && !info.heapFrame ? code.forms.translate(code, info) : 0;
            info.formEntry = entry;
            info.form = entry != 0 ? (byte) 1 : (byte) 2;
            if (entry != 0) {
                words = code.forms.words;
                callees = code.forms.callees;
                if (regs.length == 0) growRegs(4096);
            }
        }
        return info.form == 1;
    }

    /** Whether lam has an int form (decided now if need be) and fuel is unlimited. */
    final boolean hasFormUnlimited(Lambda lam) {
        LambdaInfo info = lam.info;
        return (info.form == 1 || info.form == 0 && hasForm(lam)) && fuel == Long.MAX_VALUE;
    }

    /** Makes room for {@code need} registers; false past {@link #MAX_REGS}. */
    private boolean growRegs(int need) {
        if (need > MAX_REGS) return false;
        int size = Math.max(need, Math.max(4096, regs.length * 2));
        regs = Arrays.copyOf(regs, size);
        robj = Arrays.copyOf(robj, size);
        return true;
    }

    /**
     * A program that is one call of a global lambda with an int form on int literals ({@code fac 5}),
     * as evalI runs it (the same steps, frame and error cell) without its cells being read: the
     * arguments go straight into the registers.
     */
    final long callForm(Lambda lam, CompiledTier.FastCall fc) {
        steps += fc.cellSteps;
        at = fc.cell;
        int n = fc.n;
        long mark = ring.head;
        long t = ring.reserve(n);
        int fp = regTop + LINK; // (the first form made room for any frame at 0)
        long[] r = regs;
        r[fp] = fc.a;
        if (n > 1) r[fp + 1] = fc.b;
        if (n > 2) r[fp + 2] = fc.c;
        if (++steps > fuel) throw outOfFuel(); // the call's step
        int used = depth;
        depth = used + lam.info.height;
        long v = runF(lam.info, t);
        depth = used;
        ring.release(mark);
        return v;
    }

    /** Runs lam's int form in its frame at ring position p, its arguments in the registers at regTop + LINK. */
    @Override
    final long invokeF(Lambda lam, long p) {
        return runF(lam.info, p);
    }

    /**
     * The loop: runs the int-form code of info0 (arguments in the registers at regTop + LINK, ring
     * frame at p0) and of every int-form lambda it calls, until info0's activation returns. Steps and
     * the stack budget are in locals, written back to the fields only where something else may read
     * them (a call the loop does not make, an error, the end); rare cases are methods of their own, so
     * that the loop stays small enough for C2 to keep its state in registers.
     */
    final long runF(LambdaInfo info0, long p0) {
        final int fp0 = regTop + LINK;
        long[] regs = this.regs;
        regs[fp0 - 2] = p0;
        regs[fp0 - 1] = -1; // the entry activation: its return leaves the loop
        long[] f = words;
        int pc = info0.formEntry, fp = fp0;
        long acc = 0, s = steps;
        // acc holds a value that is not an int when it is NOT_INT and ov is not null (ov holds it); every
        // value put in acc is read by the next instruction that reads acc, which takes ov
        run: while (true) {
            long w = f[pc];
            s += IntForm.steps(w);
            switch (IntForm.op(w)) {
                case ACC_R:
                    acc = regs[fp + IntForm.a(w)];
                    pc++;
                    continue;
                case ACC_I:
                    acc = IntForm.b(w);
                    pc++;
                    continue;
                case ACC_K:
                    acc = f[pc + 1];
                    pc += 2;
                    continue;
                case D_RR:
                    acc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], regs[fp + IntForm.b(w)]);
                    pc++;
                    continue;
                case D_RI:
                    acc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w));
                    pc++;
                    continue;
                case D_IR:
                    acc = intDyad(IntForm.x(w), IntForm.b(w), regs[fp + IntForm.a(w)]);
                    pc++;
                    continue;
                case DA_R:
                case DA_I: { // a leaf on the left, acc on the right
                    long l = IntForm.op(w) == DA_R ? regs[fp + IntForm.a(w)] : IntForm.b(w);
                    if (acc != NOT_INT || ov == null) {
                        acc = intDyad(IntForm.x(w), l, acc);
                    } else {
                        steps = s;
                        acc = objDyad(IntForm.x(w), (Object) l, takeOv(), IntForm.lo(f[pc + 1]));
                    }
                    pc += 2;
                    continue;
                }
                case AD_R: { // acc on the left, the temporary on the right
                    int ri = fp + IntForm.a(w);
                    long r = regs[ri];
                    if ((acc != NOT_INT || ov == null) && (r != NOT_INT || robj[ri] == null)) {
                        acc = intDyad(IntForm.x(w), acc, r);
                    } else {
                        Object ro = r == NOT_INT ? robj[ri] : null;
                        robj[ri] = null;
                        steps = s;
                        acc = objDyad(IntForm.x(w), box(acc), ro != null ? ro : (Object) r, IntForm.lo(f[pc + 1]));
                    }
                    pc += 2;
                    continue;
                }
                case ST: {
                    int ri = fp + IntForm.a(w);
                    regs[ri] = acc;
                    if (acc == NOT_INT) store(ri);
                    pc++;
                    continue;
                }
                case J:
                    pc = IntForm.b(w);
                    continue;
                case JF: {
                    boolean t;
                    if (acc != NOT_INT || ov == null) {
                        t = acc != 0;
                    } else {
                        steps = s;
                        t = truthAt(IntForm.hi(f[pc + 1]));
                    }
                    pc = t ? pc + 2 : IntForm.lo(f[pc + 1]);
                    continue;
                }
                case JF_RR:
                    pc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], regs[fp + IntForm.b(w)]) != 0 ? pc + 2 : IntForm.lo(f[pc + 1]);
                    continue;
                case JF_RI:
                    pc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w)) != 0 ? pc + 2 : IntForm.lo(f[pc + 1]);
                    continue;
                case JF_IR:
                    pc = intDyad(IntForm.x(w), IntForm.b(w), regs[fp + IntForm.a(w)]) != 0 ? pc + 2 : IntForm.lo(f[pc + 1]);
                    continue;
                case RES: {
                    long mark = ring.head;
                    if (reserveFails(IntForm.x(w))) throw stackAt(s, IntForm.b(w));
                    regs[fp + IntForm.a(w) - 3] = mark;
                    pc++;
                    continue;
                }
                case CALL_OP: case CALL_OP + 1: case CALL_OP + 2: case CALL_OP + 3: case CALL_OP + 4: case CALL_OP + 5:
                case CALL_OP + 6: case CALL_OP + 7: case CALL_OP + 8: case CALL_OP + 9: case CALL_OP + 10: case CALL_OP + 11:
                case CALL_OP + 12: case CALL_OP + 13: case CALL_OP + 14: case CALL_OP + 15: {
                    call: while (true) {
                        int op = IntForm.op(w), n = IntForm.x(w), nfp = fp + IntForm.a(w);
                        long w2 = f[pc + 1];
                        if ((op & RESERVES) != 0) { // the call reserves its ring slots itself (its arguments are simple)
                            long mark = ring.head;
                            if (reserveFails(n)) throw stackAt(s, IntForm.lo(w2));
                            regs[nfp - 3] = mark;
                        }
                        if ((op & ARG_WORDS) != 0) { // argument 0 in acc, the others in place
                            for (int i = 1; i < n; i++) regs[nfp + i] = simple(f[pc + 3 + i], regs, fp);
                            acc = simple(f[pc + 3], regs, fp);
                        }
                        // the callee: for o this lambda, else the global's lambda if it is the one this call's
                        // inline cache holds (its entry, frame and height in the third word), else looked up
                        long w3;
                        Object fn = null;
                        if ((op & SELF_CALL) == 0) {
                            Object[] g = globals;
                            int sym = IntForm.b(w);
                            fn = sym < g.length ? g[sym] : null;
                            if (fn == callees[pc]) { // (never null: NO_CALLEE until the first call)
                                w3 = f[pc + 2];
                            } else {
                                w3 = fn instanceof Lambda lam ? lookUp(lam, pc, n) : 0;
                                f = words; // (a lambda translated just now may have moved the code)
                            }
                        } else {
                            w3 = f[pc + 2];
                        }
                        boolean tl = (op & TAIL_CALL) != 0;
                        int next = pc + 3 + ((op & ARG_WORDS) != 0 ? n : 0); // the instruction after the call
                        own: if (w3 != 0 && jitOff) {
                            if ((op & ARG_WORDS) == 0) { // (arguments computed from simple words are ints)
                                if (acc == NOT_INT && ov != null) break own;
                                for (int i = 1; i < n; i++) if (regs[nfp + i] == NOT_INT && robj[nfp + i] != null) break own;
                            }
                            int top = (tl ? fp : nfp) + IntForm.frame(w3);
                            if (top > regs.length) {
                                if (!growRegs(top)) break own;
                                regs = this.regs;
                            }
                            int d = depth, h = IntForm.height(w3);
                            if (!tl) {
                                if (d + h > DIRECT_BUDGET) break own;
                                if (++s > fuel) throw fuelAt(s, IntForm.lo(w2)); // the call's step; an interrupt stops here
                                depth = d + h;
                                regs[nfp] = acc;
                                regs[nfp - 2] = ring.head - n; // the callee's frame in the ring
                                regs[nfp - 1] = ((long) next << 32) | ((long) d << 20) | fp;
                                fp = nfp;
                            } else { // the callee's frame in this one's place, in the ring and the registers
                                int sh = IntForm.selfHeight(w2);
                                if (d - sh + h > DIRECT_BUDGET) break own;
                                if (++s > fuel) throw fuelAt(s, IntForm.lo(w2));
                                depth = d - sh + h;
                                ring.head = regs[fp - 2];
                                if (reserveFails(n)) throw stackAt(s, IntForm.lo(w2));
                                regs[fp - 2] = ring.head - n;
                                regs[fp] = acc;
                                for (int i = 1; i < n; i++) regs[fp + i] = regs[nfp + i];
                            }
                            pc = IntForm.entry(w3);
                            // the callee's first instruction, when it is a conditional return (the base-case
                            // test of a recursion), is done here without a dispatch: it returns, or not
                            w = f[pc];
                            if (IntForm.op(w) == RETIF_RI) {
                                s += IntForm.steps(w);
                                if (intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w)) != 0) {
                                    w = f[pc + 1];
                                    s += IntForm.steps(w);
                                    acc = simple(w, regs, fp);
                                    break call;
                                }
                                pc += 2;
                                w = f[pc];
                            }
                            // and a call that comes next (the recursion) here again, without a dispatch
                            if ((IntForm.op(w) & ~15) == CALL_OP) {
                                s += IntForm.steps(w);
                                continue call;
                            }
                            continue run;
                        }
                        // a call this loop does not make
                        steps = s;
                        acc = callOut(w, w2, fn, fp, nfp, acc);
                        regs = this.regs;
                        f = words;
                        s = steps;
                        if (!tl) {
                            pc = next;
                            continue run;
                        }
                        break call; // its value is this activation's
                    }
                    break;
                }
                case RETURN:
                    break;
                case RET_R:
                    acc = regs[fp + IntForm.a(w)];
                    break;
                case RET_I:
                    acc = IntForm.b(w);
                    break;
                case D_RR_RET:
                    acc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], regs[fp + IntForm.b(w)]);
                    break;
                case D_RI_RET:
                    acc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w));
                    break;
                case D_IR_RET:
                    acc = intDyad(IntForm.x(w), IntForm.b(w), regs[fp + IntForm.a(w)]);
                    break;
                case DA_R_RET:
                case DA_I_RET: {
                    long l = IntForm.op(w) == DA_R_RET ? regs[fp + IntForm.a(w)] : IntForm.b(w);
                    if (acc != NOT_INT || ov == null) {
                        acc = intDyad(IntForm.x(w), l, acc);
                    } else {
                        steps = s;
                        acc = objDyad(IntForm.x(w), (Object) l, takeOv(), IntForm.lo(f[pc + 1]));
                    }
                    break;
                }
                case RETIF_RR:
                    if (intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], regs[fp + IntForm.b(w)]) == 0) {
                        pc += 2;
                        continue;
                    }
                    w = f[pc + 1];
                    s += IntForm.steps(w);
                    acc = simple(w, regs, fp);
                    break;
                case RETIF_RI:
                    if (intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w)) == 0) {
                        pc += 2;
                        continue;
                    }
                    w = f[pc + 1];
                    s += IntForm.steps(w);
                    acc = simple(w, regs, fp);
                    break;
                case RETIF_IR:
                    if (intDyad(IntForm.x(w), IntForm.b(w), regs[fp + IntForm.a(w)]) == 0) {
                        pc += 2;
                        continue;
                    }
                    w = f[pc + 1];
                    s += IntForm.steps(w);
                    acc = simple(w, regs, fp);
                    break;
                case NOP:
                    pc++;
                    continue;
                default:
                    throw new IllegalStateException("bad int-form instruction " + IntForm.op(w) + " at " + pc);
            }
            // return from this activation: acc is its value; a caller whose next instruction is
            // DA_R_RET (x*f[...]) finishes and returns here too, without a dispatch per level
            long link, mark;
            while (true) {
                link = regs[fp - 1];
                if (link == -1) { // (whoever called the loop releases the ring to its own mark)
                    steps = s;
                    return acc;
                }
                mark = regs[fp - 3];
                fp = (int) link & 0xFFFFF;
                pc = (int) (link >>> 32);
                w = f[pc];
                if (IntForm.op(w) != DA_R_RET || acc == NOT_INT) break;
                s += IntForm.steps(w);
                acc = intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], acc);
            }
            // the last return's ring mark and stack budget (each return restores its caller's)
            ring.head = mark;
            depth = (int) (link >>> 20) & 0xFFF;
        }
    }

    /** The value of a simple word (ACC_R, ACC_I, D_RR, D_RI, D_IR) in the frame at fp: never fails, ints in, an int out. */
    private static long simple(long w, long[] regs, int fp) {
        switch (IntForm.op(w)) {
            case ACC_R: return regs[fp + IntForm.a(w)];
            case ACC_I: return IntForm.b(w);
            case D_RR: return intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], regs[fp + IntForm.b(w)]);
            case D_RI: return intDyad(IntForm.x(w), regs[fp + IntForm.a(w)], IntForm.b(w));
            default: return intDyad(IntForm.x(w), IntForm.b(w), regs[fp + IntForm.a(w)]);
        }
    }

    /** ST of a NOT_INT acc: the object it stands for (or null: the int NOT_INT) into the object register. */
    private void store(int ri) {
        robj[ri] = ov;
        ov = null;
    }

    /**
     * The call at pc found lam in its global, not the lambda its inline cache holds: if lam has an int
     * form (translated now if need be) taking n arguments, the cache takes it; returns the call's third
     * word, or 0 if the loop cannot make this call itself.
     */
    private long lookUp(Lambda lam, int pc, int n) {
        LambdaInfo info = lam.info;
        if (info.form == 0 && jitOff) hasForm(lam);
        if (info.form != 1 || info.valence != n) return 0;
        return code.forms.cache(pc, lam);
    }

    /** ring.reserve(n) without its exception: false and the head moved, or true (stack full) and nothing moved. */
    private boolean reserveFails(int n) {
        ContextRing r = ring;
        long q = r.head;
        int cap = r.mask + 1;
        int idx = (int) (q & r.mask);
        if (idx + n > cap) q += cap - idx; // pad to the wrap
        long end = q + n;
        long used = end - r.oldest;
        if (used > cap) return true;
        r.head = end;
        if (used > r.highWater) r.highWater = used;
        return false;
    }

    private KError stackAt(long s, int cell) {
        steps = s;
        at = cell;
        return KError.stack();
    }

    private KError fuelAt(long s, int cell) {
        steps = s;
        at = cell;
        return outOfFuel();
    }

    /** A dyad whose operands are not both ints: the interpreter's rule, at cell; the result through the int register. */
    private long objDyad(int op, Object l, Object r, int cell) {
        at = cell;
        return reg(dyad((char) op, l, r));
    }

    /** The truth of the object in ov (taken), at cell. */
    private boolean truthAt(int cell) {
        at = cell;
        Object o = ov;
        ov = null;
        return Num.truthy(o);
    }

    /**
     * A call the loop does not make (not an int-form lambda on int arguments within the budget, or the
     * compiled tier may take it): the arguments (argument 0 is acc) boxed into the ring slots reserved for
     * them, the interpreter's call. In tail position (TCALL) a pending tail call to a direct lambda is
     * made here, in this activation's ring frame. The result through the int register.
     */
    private long callOut(long w, long w2, Object fn, int fp, int nfp, long acc) {
        callouts++;
        int n = IntForm.x(w);
        boolean tl = (IntForm.op(w) & TAIL_CALL) != 0;
        LambdaInfo selfInfo = code.forms.infos[IntForm.id(w2)];
        at = IntForm.lo(w2);
        if (fn == null) fn = (IntForm.op(w) & SELF_CALL) != 0 ? selfInfo.plainLambda() : globalByName(IntForm.b(w));
        long p = ring.head - n;
        int ti = ring.index(p);
        long[] regs = this.regs;
        Object[] robj = this.robj;
        rs[ti] = box(acc); // (an object in ov, taken)
        for (int i = 1; i < n; i++) {
            long v = regs[nfp + i];
            Object o = v == NOT_INT ? robj[nfp + i] : null;
            if (o != null) robj[nfp + i] = null;
            rs[ti + i] = o != null ? o : (Object) v;
        }
        Lambda self = selfInfo.plainLambda();
        int top0 = regTop;
        regTop = nfp + n;
        long r = callI(fn, p, n, regs[nfp - 3], false, tl, self);
        if (r == NOT_INT && ov == TAIL) { // a tail call to a direct lambda without an int form
            ov = null;
            Lambda callee = tailF;
            int d0 = depth;
            r = invokeI(callee, tailFrame(self, callee, this.regs[fp - 2]));
            depth = d0;
        }
        regTop = top0;
        return r;
    }

    /** The object acc stands for (taken from ov). */
    private Object takeOv() {
        Object o = ov;
        ov = null;
        return o;
    }
}
