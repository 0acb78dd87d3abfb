package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The CPS interpreter: one loop (a trampoline) that evaluates cells read in place from the code
 * segment. Where a recursive evaluator would recurse, it pushes a continuation record and goes on
 * with the sub-expression; a value pops the record that says what to do with it. K recursion
 * therefore grows the {@link ContinuationStack} and the {@link ContextRing}, never the Java stack.
 *
 * <p>Calls: the arguments are evaluated right to left into ring slots reserved at the head, and those
 * slots become the callee's frame in place. A call whose continuation is the caller's return record
 * is a tail call: the caller's frame is released first and the callee's frame takes its place, so tail
 * loops run in constant ring space. A lambda whose inner lambdas read its locals (known from the syntax
 * tree) gets a promoted {@link HeapFrame} instead, which closures may keep after the call returns.
 */
final class Interp {
    // continuation kinds
    private static final int K_SEQ = 1, K_DYAD_R = 2, K_DYAD_L = 3, K_MONAD = 4, K_ARGS = 5, K_FN = 6,
            K_COND = 7, K_LIST = 8, K_SETLOCAL = 9, K_SETGLOBAL = 10, K_RETURN = 11, K_LOOP = 12;
    // trampoline states
    private static final int EVAL = 0, RET = 1, CALL = 2, LOOP = 3;

    private final Code code;
    final ContextRing ring;
    final ContinuationStack cs;
    Object[] globals = new Object[64];
    private final Consumer<Object> show;
    long fuel = Long.MAX_VALUE;
    long steps;
    private final Object[] scratch = new Object[16];

    Interp(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        this.code = code;
        this.ring = new ContextRing(ringSlots);
        this.cs = new ContinuationStack(continuations);
        this.show = show;
    }

    Object global(String name) {
        int id = code.symbol(name);
        return id < globals.length ? globals[id] : null;
    }

    private KError outOfFuel() {
        return new KError("out of fuel.");
    }

    /** Evaluates the program cell (a SEQ); returns its value. Leaves the rings as it found them. */
    Object run(int program) {
        if (globals.length < code.symbols.size()) {
            globals = Arrays.copyOf(globals, Math.max(code.symbols.size(), globals.length * 2));
        }
        final MemorySegment seg = code.segment();
        final ContextRing ring = this.ring;
        final ContinuationStack cs = this.cs;
        final int base0 = cs.top;
        final long mark0 = ring.head;
        ring.begin();
        Object[] env = null;
        int base = 0;
        Lambda self = null;
        HeapFrame heap = null;
        Object val = null;
        int c = program;
        int state = EVAL;
        // CALL registers
        Object callF = null;
        long callT = 0, callMark = 0;
        int callN = 0;
        Loop loop = null;
        boolean loopStart = false;
        int at = program; // the cell being worked on, for error lines
        try {
            while (true) {
                switch (state) {
                    case EVAL -> {
                        if (++steps > fuel) throw outOfFuel();
                        at = c;
                        long h = (long) WORD.get(seg, cell(c) + HEAD);
                        if (simple(h)) {
                            val = leaf(seg, c, h, env, base, self, heap);
                            state = RET;
                            break;
                        }
                        long o = cell(c);
                        switch (kind(h)) {
                            case DYAD -> {
                                cs.push(K_DYAD_R, 0, c, 0, 0, null, null);
                                c = (int) (long) WORD.get(seg, o + B);
                            }
                            case MONAD -> {
                                cs.push(K_MONAD, 0, c, 0, 0, null, null);
                                c = (int) (long) WORD.get(seg, o + A);
                            }
                            case SEQ -> {
                                int n = (int) (long) WORD.get(seg, o + B);
                                if (n == 0) {
                                    val = new Object[0];
                                    state = RET;
                                } else {
                                    if (n > 1) cs.push(K_SEQ, 1, c, 0, 0, null, null);
                                    c = code.item(c, 0);
                                }
                            }
                            case APPLY -> {
                                int n = (int) (long) WORD.get(seg, o + B);
                                long mark = ring.head;
                                long t = ring.reserve(Math.max(n, 1));
                                int i = n - 1;
                                // right to left; simple arguments inline
                                for (; i >= 0; i--) {
                                    int ac = code.item(c, i);
                                    if (ac == 0) {
                                        ring.slots[ring.index(t + i)] = null;
                                        continue;
                                    }
                                    long ah = (long) WORD.get(seg, cell(ac) + HEAD);
                                    if (!simple(ah)) break;
                                    ring.slots[ring.index(t + i)] = leaf(seg, ac, ah, env, base, self, heap);
                                }
                                if (i >= 0) {
                                    cs.push(K_ARGS, i, c, t, mark, null, null);
                                    c = code.item(c, i);
                                } else {
                                    int fc = (int) (long) WORD.get(seg, o + A);
                                    long fh = (long) WORD.get(seg, cell(fc) + HEAD);
                                    if (simple(fh)) {
                                        callF = leaf(seg, fc, fh, env, base, self, heap);
                                        callT = t;
                                        callN = n;
                                        callMark = mark;
                                        state = CALL;
                                    } else {
                                        cs.push(K_FN, n, c, t, mark, null, null);
                                        c = fc;
                                    }
                                }
                            }
                            case COND -> {
                                int n = (int) (long) WORD.get(seg, o + B);
                                int i = 0;
                                // simple conditions inline
                                while (i < n - 1) {
                                    int cc = code.item(c, i);
                                    long ch = (long) WORD.get(seg, cell(cc) + HEAD);
                                    if (!simple(ch)) break;
                                    if (Num.truthy(leaf(seg, cc, ch, env, base, self, heap))) break;
                                    i += 2;
                                }
                                if (i >= n - 1) {
                                    c = code.item(c, n - 1);
                                } else {
                                    int cc = code.item(c, i);
                                    long ch = (long) WORD.get(seg, cell(cc) + HEAD);
                                    if (simple(ch)) {
                                        c = code.item(c, i + 1); // condition was true
                                    } else {
                                        cs.push(K_COND, i, c, 0, 0, null, null);
                                        c = cc;
                                    }
                                }
                            }
                            case LIST -> {
                                int n = (int) (long) WORD.get(seg, o + B);
                                if (n == 0) {
                                    val = new Object[0];
                                    state = RET;
                                } else {
                                    long mark = ring.head;
                                    long t = ring.reserve(n);
                                    cs.push(K_LIST, n - 1, c, t, mark, null, null);
                                    c = code.item(c, n - 1);
                                }
                            }
                            case SETLOCAL -> {
                                cs.push(K_SETLOCAL, 0, c, 0, 0, null, null);
                                c = (int) (long) WORD.get(seg, o + B);
                            }
                            case SETGLOBAL -> {
                                cs.push(K_SETGLOBAL, 0, c, 0, 0, null, null);
                                c = (int) (long) WORD.get(seg, o + B);
                            }
                            case LAMBDA -> {
                                val = new Lambda(code.lambdas.get((int) (long) WORD.get(seg, o + A)), heap);
                                state = RET;
                            }
                            case ADVERB -> {
                                int fc = (int) (long) WORD.get(seg, o + A);
                                long fh = (long) WORD.get(seg, cell(fc) + HEAD);
                                if (simple(fh)) {
                                    val = new Derived(op(h), leaf(seg, fc, fh, env, base, self, heap));
                                    state = RET;
                                } else {
                                    cs.push(K_FN, -1, c, 0, 0, null, null);
                                    c = fc;
                                }
                            }
                            case NIL -> {
                                val = new Object[0];
                                state = RET;
                            }
                            default -> throw new IllegalStateException("bad cell kind " + kind(h) + " at " + c);
                        }
                    }
                    case RET -> {
                        if (cs.top == base0) return val;
                        long kh = cs.head();
                        int kc = ContinuationLayout.cell(kh);
                        at = kc;
                        switch (ContinuationLayout.kind(kh)) {
                            case K_RETURN -> {
                                Object saved = cs.r0[cs.top - 1];
                                self = (Lambda) cs.r1[cs.top - 1];
                                ring.release(cs.b());
                                if (saved instanceof HeapFrame hf) {
                                    heap = hf;
                                    env = hf.slots;
                                    base = 0;
                                } else {
                                    heap = null;
                                    env = (Object[]) saved;
                                    base = (int) cs.a();
                                }
                                cs.pop();
                            }
                            case K_DYAD_R -> {
                                int lc = (int) code.a(kc);
                                long lh = (long) WORD.get(seg, cell(lc) + HEAD);
                                if (simple(lh)) {
                                    cs.pop();
                                    val = dyad((char) op((long) WORD.get(seg, cell(kc) + HEAD)),
                                            leaf(seg, lc, lh, env, base, self, heap), val);
                                } else {
                                    cs.r0[cs.top - 1] = val;
                                    cs.setHead(ContinuationLayout.head(K_DYAD_L, 0, kc));
                                    c = lc;
                                    state = EVAL;
                                }
                            }
                            case K_DYAD_L -> {
                                Object right = cs.r0[cs.top - 1];
                                cs.pop();
                                val = dyad((char) code.op(kc), val, right);
                            }
                            case K_MONAD -> {
                                cs.pop();
                                val = Prims.monad((char) code.op(kc), val);
                            }
                            case K_SEQ -> {
                                int i = ContinuationLayout.aux(kh);
                                int n = (int) code.b(kc);
                                if (i == n - 1) cs.pop();
                                else cs.setHead(ContinuationLayout.head(K_SEQ, i + 1, kc));
                                c = code.item(kc, i);
                                state = EVAL;
                            }
                            case K_SETLOCAL -> {
                                cs.pop();
                                env[base + (int) code.a(kc)] = val;
                            }
                            case K_SETGLOBAL -> {
                                cs.pop();
                                globals[(int) code.a(kc)] = val;
                            }
                            case K_COND -> {
                                int i = ContinuationLayout.aux(kh);
                                int n = (int) code.b(kc);
                                if (Num.truthy(val)) {
                                    cs.pop();
                                    c = code.item(kc, i + 1);
                                } else if (i + 2 >= n - 1) {
                                    cs.pop();
                                    c = code.item(kc, n - 1);
                                } else {
                                    cs.setHead(ContinuationLayout.head(K_COND, i + 2, kc));
                                    c = code.item(kc, i + 2);
                                }
                                state = EVAL;
                            }
                            case K_LIST -> {
                                int i = ContinuationLayout.aux(kh);
                                long t = cs.a();
                                ring.slots[ring.index(t + i)] = val;
                                if (i == 0) {
                                    int n = (int) code.b(kc);
                                    Object[] items = new Object[n];
                                    for (int k = 0; k < n; k++) items[k] = ring.slots[ring.index(t + k)];
                                    ring.release(cs.b());
                                    cs.pop();
                                    val = Num.norm(items);
                                } else {
                                    cs.setHead(ContinuationLayout.head(K_LIST, i - 1, kc));
                                    c = code.item(kc, i - 1);
                                    state = EVAL;
                                }
                            }
                            case K_ARGS -> {
                                int i = ContinuationLayout.aux(kh);
                                long t = cs.a();
                                ring.slots[ring.index(t + i)] = val;
                                // continue right to left, simple arguments inline
                                int j = i - 1;
                                for (; j >= 0; j--) {
                                    int ac = code.item(kc, j);
                                    if (ac == 0) {
                                        ring.slots[ring.index(t + j)] = null;
                                        continue;
                                    }
                                    long ah = (long) WORD.get(seg, cell(ac) + HEAD);
                                    if (!simple(ah)) break;
                                    ring.slots[ring.index(t + j)] = leaf(seg, ac, ah, env, base, self, heap);
                                }
                                if (j >= 0) {
                                    cs.setHead(ContinuationLayout.head(K_ARGS, j, kc));
                                    c = code.item(kc, j);
                                    state = EVAL;
                                } else {
                                    int n = (int) code.b(kc);
                                    int fc = (int) code.a(kc);
                                    long fh = (long) WORD.get(seg, cell(fc) + HEAD);
                                    if (simple(fh)) {
                                        callF = leaf(seg, fc, fh, env, base, self, heap);
                                        callT = t;
                                        callN = n;
                                        callMark = cs.b();
                                        cs.pop();
                                        state = CALL;
                                    } else {
                                        cs.setHead(ContinuationLayout.head(K_FN, n, kc));
                                        c = fc;
                                        state = EVAL;
                                    }
                                }
                            }
                            case K_FN -> {
                                int n = ContinuationLayout.aux(kh);
                                if (n == 0xFFFFFF) { // an adverb's function expression
                                    cs.pop();
                                    val = new Derived(code.op(kc), val);
                                } else {
                                    callF = val;
                                    callT = cs.a();
                                    callN = n;
                                    callMark = cs.b();
                                    cs.pop();
                                    state = CALL;
                                }
                            }
                            case K_LOOP -> {
                                loop = (Loop) cs.r0[cs.top - 1];
                                cs.pop();
                                loopStart = false;
                                state = LOOP;
                            }
                            default -> throw new IllegalStateException("bad continuation " + kh);
                        }
                    }
                    case CALL -> {
                        // callF applied to callN arguments in ring slots [callT, callT+callN)
                        Object f = callF;
                        Object[] slots = ring.slots;
                        int ti = ring.index(callT);
                        if (f instanceof Verb v && v.op == '@' && !v.monadic && callN == 2) { // x@y applies x
                            callF = slots[ti];
                            slots[ti] = slots[ti + 1];
                            callN = 1;
                            break;
                        }
                        boolean hole = false;
                        for (int k = 0; k < callN; k++) if (slots[ti + k] == null) hole = true;
                        if (hole || (f instanceof Lambda lm && callN < lm.info.valence)) {
                            Object[] args = new Object[Math.max(callN, f instanceof Lambda lm2 ? lm2.info.valence : callN)];
                            for (int k = 0; k < callN; k++) args[k] = slots[ti + k];
                            ring.release(callMark);
                            val = new Projection(f, args);
                            state = RET;
                        } else if (f instanceof Lambda lam) {
                            LambdaInfo info = lam.info;
                            int n = callN;
                            if (n > info.valence) {
                                if (info.valence == 0 && n == 1) n = 0;
                                else throw KError.valence();
                            }
                            if (++steps > fuel) throw outOfFuel();
                            boolean tail = cs.top > base0
                                    && ContinuationLayout.kind(cs.head()) == K_RETURN;
                            if (info.heapFrame) {
                                HeapFrame hf = new HeapFrame(info.slots, lam);
                                for (int k = 0; k < n; k++) hf.slots[k] = slots[ti + k];
                                if (tail) {
                                    ring.release(cs.b());
                                } else {
                                    ring.release(callMark);
                                    cs.push(K_RETURN, 0, at, base, callMark, heap != null ? heap : env, self);
                                }
                                heap = hf;
                                env = hf.slots;
                                base = 0;
                            } else {
                                long p;
                                if (tail) {
                                    Object[] tmp = scratch;
                                    for (int k = 0; k < n; k++) tmp[k] = slots[ti + k];
                                    ring.release(cs.b());
                                    p = ring.reserve(Math.max(info.slots, 1));
                                    int pi = ring.index(p);
                                    for (int k = 0; k < n; k++) {
                                        slots[pi + k] = tmp[k];
                                        tmp[k] = null;
                                    }
                                } else {
                                    p = ring.extend(callT, n, Math.max(info.slots, 1));
                                    cs.push(K_RETURN, 0, at, base, callMark, heap != null ? heap : env, self);
                                }
                                int pi = ring.index(p);
                                for (int k = n; k < info.slots; k++) slots[pi + k] = null;
                                heap = null;
                                env = slots;
                                base = pi;
                            }
                            self = lam;
                            c = info.body;
                            state = EVAL;
                        } else if (f instanceof Projection pr) {
                            if (callN > pr.holes) throw KError.valence();
                            Object[] args = pr.args.clone();
                            int k = 0;
                            for (int j = 0; j < args.length && k < callN; j++) {
                                if (args[j] == null) args[j] = slots[ti + k++];
                            }
                            ring.release(callMark);
                            long mark = ring.head;
                            long t = ring.reserve(Math.max(args.length, 1));
                            int t2 = ring.index(t);
                            for (int j = 0; j < args.length; j++) slots[t2 + j] = args[j];
                            callF = pr.fn;
                            callT = t;
                            callN = args.length;
                            callMark = mark;
                        } else if (f instanceof Derived d) {
                            Object x = callN > 0 ? slots[ti] : null, y = callN > 1 ? slots[ti + 1] : null;
                            int n = callN;
                            ring.release(callMark);
                            loop = Loop.of(d, n, x, y);
                            loopStart = true;
                            state = LOOP;
                        } else {
                            Object x = callN > 0 ? slots[ti] : null, y = callN > 1 ? slots[ti + 1] : null;
                            int n = callN;
                            Object extra = null;
                            if (f instanceof Verb v) {
                                if (n > 2) throw KError.valence();
                            } else if (n > 1 && !Num.isAtom(f)) {
                                Object[] rest = new Object[n - 1];
                                for (int k = 0; k < n - 1; k++) rest[k] = slots[ti + 1 + k];
                                extra = rest;
                            }
                            ring.release(callMark);
                            val = applyDirect(f, n, x, y);
                            if (extra != null) val = indexDeep(val, (Object[]) extra);
                            state = RET;
                        }
                    }
                    case LOOP -> {
                        Loop lp = loop;
                        boolean more = lp.step(val, loopStart);
                        loopStart = false;
                        while (more) {
                            if (++steps > fuel) throw outOfFuel();
                            Object f = lp.fn;
                            if ((f instanceof Verb v && v.op != '@') || (!Num.isFunction(f) && !Num.isAtom(f))) {
                                val = applyDirect(f, lp.argc, lp.a0, lp.a1);
                                more = lp.step(val, false);
                                continue;
                            }
                            break;
                        }
                        if (!more) {
                            val = lp.result;
                            state = RET;
                        } else {
                            cs.push(K_LOOP, 0, at, 0, 0, lp, null);
                            long mark = ring.head;
                            long t = ring.reserve(2);
                            int ti = ring.index(t);
                            ring.slots[ti] = lp.a0;
                            ring.slots[ti + 1] = lp.a1;
                            callF = lp.fn;
                            callT = t;
                            callN = lp.argc;
                            callMark = mark;
                            state = CALL;
                        }
                    }
                    default -> throw new IllegalStateException("state " + state);
                }
            }
        } catch (KError e) {
            throw e.at(code.line(at), code.col(at));
        } catch (StackOverflowError e) {
            throw KError.stack().at(code.line(at), code.col(at));
        } catch (OutOfMemoryError e) {
            throw new KError("wsfull.").at(code.line(at), code.col(at));
        } finally {
            // an error (or a normal end) leaves the session's rings as they were
            while (cs.top > base0) cs.pop();
            ring.release(mark0);
            ring.oldest = mark0;
        }
    }

    /** A leaf, or a primitive monad/dyad over leaves (see {@link CellLayout#SIMPLE}). */
    private Object leaf(MemorySegment seg, int c, long h, Object[] env, int base, Lambda self, HeapFrame heap) {
        long o = cell(c);
        switch (kind(h)) {
            case INT:
                return (long) WORD.get(seg, o + A);
            case LOCAL: {
                Object v = env[base + (int) (long) WORD.get(seg, o + A)];
                if (v != null) return v;
                return globalByName((int) (long) WORD.get(seg, o + C));
            }
            case GLOBAL: {
                int s = (int) (long) WORD.get(seg, o + A);
                Object v = s < globals.length ? globals[s] : null;
                if (v == null) throw KError.notDefined(code.symbolName(s));
                return v;
            }
            case DYAD: {
                int lc = (int) (long) WORD.get(seg, o + A);
                int rc = (int) (long) WORD.get(seg, o + B);
                long rh = (long) WORD.get(seg, cell(rc) + HEAD);
                Object r = leaf(seg, rc, rh, env, base, self, heap);
                long lh = (long) WORD.get(seg, cell(lc) + HEAD);
                Object l = leaf(seg, lc, lh, env, base, self, heap);
                return dyad((char) op(h), l, r);
            }
            case MONAD: {
                int ac = (int) (long) WORD.get(seg, o + A);
                Object a = leaf(seg, ac, (long) WORD.get(seg, cell(ac) + HEAD), env, base, self, heap);
                return Prims.monad((char) op(h), a);
            }
            case FLT:
                return Double.longBitsToDouble((long) WORD.get(seg, o + A));
            case CONST:
                return code.constants.get((int) (long) WORD.get(seg, o + A));
            case UPVAL: {
                int depth = (int) (long) WORD.get(seg, o + A);
                HeapFrame f = self == null ? null : self.parent;
                for (int d = 1; d < depth && f != null; d++) f = f.fn.parent;
                Object v = f == null ? null : f.slots[(int) (long) WORD.get(seg, o + B)];
                if (v != null) return v;
                return globalByName((int) (long) WORD.get(seg, o + C));
            }
            case SELF:
                if (self == null) return globalByName(code.symbol("o"));
                return self;
            case VERB:
                return Verb.of((char) op(h), (long) WORD.get(seg, o + A) != 0);
            default:
                throw new IllegalStateException("not a simple cell: " + kind(h));
        }
    }

    private Object globalByName(int sym) {
        Object v = sym < globals.length ? globals[sym] : null;
        if (v == null) throw KError.notDefined(code.symbolName(sym));
        return v;
    }

    /** A primitive dyad; {@code 0N!x} shows x and returns it. */
    private Object dyad(char op, Object x, Object y) {
        if (op == '!' && x instanceof Long l && l == Num.NULL_INT) {
            show.accept(y);
            return y;
        }
        return Prims.dyad(op, x, y);
    }

    /** Applying something that needs no K code: a verb, or indexing a list. */
    private Object applyDirect(Object f, int n, Object x, Object y) {
        if (f instanceof Verb v) {
            if (n == 1) return Prims.monad(v.op, x);
            if (n == 2) {
                if (v.monadic) throw KError.valence();
                return dyad(v.op, x, y);
            }
            throw KError.valence();
        }
        if (Num.isAtom(f)) {
            if (Num.isFunction(f)) throw KError.valence();
            throw KError.domain();
        }
        if (n == 0) return f;
        return Prims.index(f, x);
    }

    private Object indexDeep(Object v, Object[] rest) {
        for (Object i : rest) {
            if (Num.isAtom(v)) throw KError.domain();
            v = Prims.index(v, i);
        }
        return v;
    }
}
