package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

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
 * A call to a lambda the direct path can run goes to {@link DirectPath} while its Java stack budget lasts.
 *
 * <p>The machine registers are fields and each trampoline state is its own small method: one big
 * method would exhaust C2's inlining budget and leave even the segment reads as calls.
 */
abstract class Trampoline extends EvalState {
    // continuation kinds
    static final int K_SEQ = 1, K_DYAD_R = 2, K_DYAD_L = 3, K_MONAD = 4, K_ARGS = 5, K_FN = 6,
            K_COND = 7, K_LIST = 8, K_SETLOCAL = 9, K_SETGLOBAL = 10, K_RETURN = 11, K_LOOP = 12;
    private static final int ADVERB_FN = 0xFFFFFF;
    // trampoline states
    static final int EVAL = 0, RET = 1, CALL = 2, LOOP = 3, DONE = 4;

    /** The continuation depth the running trampoline returns at. */
    int base0;
    /** The value register. */
    Object val;
    /** The cell to evaluate next (EVAL). */
    int c;
    /** A call to make (CALL): the function, its arguments' ring position and count, the mark to release to. */
    Object callF;
    long callT, callMark;
    int callN;
    Loop loop;
    boolean loopStart;

    Trampoline(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
    }

    /** Whether the direct path can run lam's body (decided once per lambda). */
    abstract boolean isDirect(LambdaInfo info);

    /** Runs a direct lambda whose n arguments are in ring slots at t (steps already counted); releases to mark. */
    abstract Object enterDirect(Lambda lam, long t, int n, long mark);

    /** Runs the state machine from {@code state} until the continuations are back at {@link #base0}. */
    final Object trampoline(int state) {
        while (true) {
            switch (state) {
                case EVAL -> state = eval();
                case RET -> state = ret();
                case CALL -> state = call();
                case LOOP -> state = loopStep();
                default -> {
                    return val;
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------- EVAL

    /** Evaluates cells until one yields a value (RET) or a call must be made (CALL). */
    private int eval() {
        int c = this.c;
        while (true) {
            if (++steps > fuel) throw outOfFuel();
            at = c;
            long h = headOf(c);
            if (simple(h)) {
                val = simpleValue(c, h, env, base, self);
                return RET;
            }
            int next;
            switch (kind(h)) {
                case DYAD -> {
                    cs.push(K_DYAD_R, 0, c, 0, 0, null, null);
                    c = (int) word(c, B);
                    continue;
                }
                case APPLY -> next = evalApply(c);
                case COND -> next = evalCond(c);
                default -> next = evalRare(c, h);
            }
            if (next != EVAL) return next;
            c = this.c;
        }
    }

    private int evalApply(int c) {
        int n = (int) word(c, B);
        long mark = ring.head;
        long t = ring.reserve(Math.max(n, 1));
        int j = argsInline(c, t, n - 1);
        if (j >= 0) {
            cs.push(K_ARGS, j, c, t, mark, null, null);
            this.c = item(c, j);
            return EVAL;
        }
        return callOrEvalFn(c, n, t, mark, false);
    }

    /** Evaluates arguments i, i-1, ... 0 into ring slots while they are simple; returns the first that is not, or -1. */
    private int argsInline(int c, long t, int i) {
        Object[] slots = ring.slots;
        int ti = ring.index(t);
        for (; i >= 0; i--) {
            int ac = item(c, i);
            if (ac == 0) {
                slots[ti + i] = null;
                continue;
            }
            long ah = headOf(ac);
            if (!simple(ah)) return i;
            slots[ti + i] = simpleValue(ac, ah, env, base, self);
        }
        return -1;
    }

    /** All arguments are in; evaluate the function (inline if simple) and call. */
    private int callOrEvalFn(int c, int n, long t, long mark, boolean recordOnTop) {
        int fc = (int) word(c, A);
        long fh = headOf(fc);
        if (simple(fh)) {
            if (recordOnTop) cs.pop();
            callF = simpleValue(fc, fh, env, base, self);
            callT = t;
            callN = n;
            callMark = mark;
            return CALL;
        }
        if (recordOnTop) cs.setHead(ContinuationLayout.head(K_FN, n, c));
        else cs.push(K_FN, n, c, t, mark, null, null);
        this.c = fc;
        return EVAL;
    }

    private int evalCond(int c) {
        int n = (int) word(c, B);
        int i = 0;
        while (i < n - 1) {
            int cc = item(c, i);
            long ch = headOf(cc);
            if (!simple(ch)) {
                cs.push(K_COND, i, c, 0, 0, null, null);
                this.c = cc;
                return EVAL;
            }
            if (simpleTruth(cc, ch, env, base, self)) {
                this.c = item(c, i + 1);
                return EVAL;
            }
            i += 2;
        }
        this.c = item(c, n - 1);
        return EVAL;
    }

    private int evalRare(int c, long h) {
        switch (kind(h)) {
            case MONAD -> {
                cs.push(K_MONAD, 0, c, 0, 0, null, null);
                this.c = (int) word(c, A);
            }
            case SEQ -> {
                int n = (int) word(c, B);
                if (n == 0) {
                    val = new Object[0];
                    return RET;
                }
                if (n > 1) cs.push(K_SEQ, 1, c, 0, 0, null, null);
                this.c = item(c, 0);
            }
            case LIST -> {
                int n = (int) word(c, B);
                if (n == 0) {
                    val = new Object[0];
                    return RET;
                }
                long mark = ring.head;
                long t = ring.reserve(n);
                cs.push(K_LIST, n - 1, c, t, mark, null, null);
                this.c = item(c, n - 1);
            }
            case SETLOCAL -> {
                cs.push(K_SETLOCAL, 0, c, 0, 0, null, null);
                this.c = (int) word(c, B);
            }
            case SETGLOBAL -> {
                cs.push(K_SETGLOBAL, 0, c, 0, 0, null, null);
                this.c = (int) word(c, B);
            }
            case LAMBDA -> {
                val = new Lambda(code.lambdas.get((int) word(c, A)), heap);
                return RET;
            }
            case ADVERB -> {
                int fc = (int) word(c, A);
                long fh = headOf(fc);
                if (simple(fh)) {
                    val = new Derived(op(h), simpleValue(fc, fh, env, base, self));
                    return RET;
                }
                cs.push(K_FN, ADVERB_FN, c, 0, 0, null, null);
                this.c = fc;
            }
            case NIL -> {
                val = new Object[0];
                return RET;
            }
            default -> throw new IllegalStateException("bad cell kind " + kind(h) + " at " + c);
        }
        return EVAL;
    }

    // -------------------------------------------------------------------------------------- RET

    /** Pops continuations while they turn values into values; returns the next state otherwise. */
    private int ret() {
        ContinuationStack cs = this.cs;
        while (true) {
            if (cs.top == base0) return DONE;
            long kh = cs.head();
            int kc = ContinuationLayout.cell(kh);
            at = kc;
            switch (ContinuationLayout.kind(kh)) {
                case K_RETURN -> {
                    Object saved = cs.ref0();
                    self = (Lambda) cs.ref1();
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
                    int lc = (int) word(kc, A);
                    long lh = headOf(lc);
                    if (!simple(lh)) {
                        cs.setRef0(val);
                        cs.setHead(ContinuationLayout.head(K_DYAD_L, 0, kc));
                        c = lc;
                        return EVAL;
                    }
                    cs.pop();
                    val = dyad((char) op(headOf(kc)), simpleValue(lc, lh, env, base, self), val);
                }
                case K_ARGS -> {
                    int i = ContinuationLayout.aux(kh);
                    long t = cs.a();
                    ring.slots[ring.index(t) + i] = val;
                    int j = argsInline(kc, t, i - 1);
                    if (j >= 0) {
                        cs.setHead(ContinuationLayout.head(K_ARGS, j, kc));
                        c = item(kc, j);
                        return EVAL;
                    }
                    return callOrEvalFn(kc, (int) word(kc, B), t, cs.b(), true);
                }
                default -> {
                    int next = retRare(kh, kc);
                    if (next != RET) return next;
                }
            }
        }
    }

    private int retRare(long kh, int kc) {
        ContinuationStack cs = this.cs;
        switch (ContinuationLayout.kind(kh)) {
            case K_DYAD_L -> {
                Object right = cs.ref0();
                cs.pop();
                val = dyad((char) op(headOf(kc)), val, right);
            }
            case K_MONAD -> {
                cs.pop();
                val = Prims.monad((char) op(headOf(kc)), val);
            }
            case K_SEQ -> {
                int i = ContinuationLayout.aux(kh);
                int n = (int) word(kc, B);
                if (i == n - 1) cs.pop();
                else cs.setHead(ContinuationLayout.head(K_SEQ, i + 1, kc));
                c = item(kc, i);
                return EVAL;
            }
            case K_SETLOCAL -> {
                cs.pop();
                env[base + (int) word(kc, A)] = val;
            }
            case K_SETGLOBAL -> {
                cs.pop();
                globals[(int) word(kc, A)] = val;
            }
            case K_COND -> {
                int i = ContinuationLayout.aux(kh);
                int n = (int) word(kc, B);
                if (Num.truthy(val)) {
                    cs.pop();
                    c = item(kc, i + 1);
                    return EVAL;
                }
                cs.pop();
                // go on with the remaining clauses as a fresh cond from clause i+2
                for (int k = i + 2; k < n - 1; k += 2) {
                    int cc = item(kc, k);
                    long ch = headOf(cc);
                    if (!simple(ch)) {
                        cs.push(K_COND, k, kc, 0, 0, null, null);
                        c = cc;
                        return EVAL;
                    }
                    if (Num.truthy(simpleValue(cc, ch, env, base, self))) {
                        c = item(kc, k + 1);
                        return EVAL;
                    }
                }
                c = item(kc, n - 1);
                return EVAL;
            }
            case K_LIST -> {
                int i = ContinuationLayout.aux(kh);
                long t = cs.a();
                int ti = ring.index(t);
                ring.slots[ti + i] = val;
                if (i == 0) {
                    int n = (int) word(kc, B);
                    Object[] items = new Object[n];
                    System.arraycopy(ring.slots, ti, items, 0, n);
                    ring.release(cs.b());
                    cs.pop();
                    val = Num.norm(items);
                } else {
                    cs.setHead(ContinuationLayout.head(K_LIST, i - 1, kc));
                    c = item(kc, i - 1);
                    return EVAL;
                }
            }
            case K_FN -> {
                int n = ContinuationLayout.aux(kh);
                if (n == ADVERB_FN) {
                    cs.pop();
                    val = new Derived(op(headOf(kc)), val);
                } else {
                    callF = val;
                    callT = cs.a();
                    callN = n;
                    callMark = cs.b();
                    cs.pop();
                    return CALL;
                }
            }
            case K_LOOP -> {
                loop = (Loop) cs.ref0();
                cs.pop();
                loopStart = false;
                return LOOP;
            }
            default -> throw new IllegalStateException("bad continuation " + kh);
        }
        return RET;
    }

    // ------------------------------------------------------------------------------------- CALL

    /** callF applied to callN arguments in ring slots [callT, callT+callN). */
    private int call() {
        Object f = callF;
        if (f instanceof Lambda lam) {
            LambdaInfo info = lam.info;
            int n = callN;
            Object[] slots = ring.slots;
            int ti = ring.index(callT);
            for (int k = 0; k < n; k++) if (slots[ti + k] == null) return project(f);
            if (n != info.valence) {
                if (n < info.valence) return project(f);
                if (info.valence == 0 && n == 1) n = 0;
                else throw KError.valence();
            }
            if (++steps > fuel) throw outOfFuel();
            if (!jitOff && n > 0) {
                Object r = jitCall(lam, callT, n);
                if (r != null) {
                    ring.release(callMark);
                    val = r;
                    return RET;
                }
            }
            if (isDirect(info) && depth + info.height <= DIRECT_BUDGET) {
                val = enterDirect(lam, callT, n, callMark);
                return RET;
            }
            boolean tail = cs.top > base0 && ContinuationLayout.kind(cs.head()) == K_RETURN;
            if (info.heapFrame) return enterHeap(lam, n, ti, tail);
            long p;
            if (tail) {
                Object[] tmp = scratch;
                System.arraycopy(slots, ti, tmp, 0, n);
                ring.release(cs.b());
                p = ring.reserve(Math.max(info.slots, 1));
                int pi = ring.index(p);
                System.arraycopy(tmp, 0, slots, pi, n);
                Arrays.fill(tmp, 0, n, null);
            } else {
                p = ring.extend(callT, n, Math.max(info.slots, 1));
                cs.push(K_RETURN, 0, at, base, callMark, heap != null ? heap : env, self);
            }
            int pi = ring.index(p);
            for (int k = n; k < info.slots; k++) slots[pi + k] = null;
            heap = null;
            env = slots;
            base = pi;
            self = lam;
            c = info.body;
            return EVAL;
        }
        return callOther(f);
    }

    private int project(Object f) {
        Object[] slots = ring.slots;
        int ti = ring.index(callT);
        if (f instanceof Projection pr) { // a projection projected again fills its holes: one projection
            if (callN > pr.holes) throw KError.valence();
            Object[] args = pr.args.clone();
            for (int j = 0, k = 0; j < args.length && k < callN; j++) if (args[j] == null) args[j] = slots[ti + k++];
            ring.release(callMark);
            val = new Projection(pr.fn, args);
            return RET;
        }
        int len = Math.max(callN, f instanceof Lambda lm ? lm.info.valence : callN);
        Object[] args = new Object[len];
        System.arraycopy(slots, ti, args, 0, callN);
        ring.release(callMark);
        val = new Projection(f, args);
        return RET;
    }

    private int enterHeap(Lambda lam, int n, int ti, boolean tail) {
        HeapFrame hf = new HeapFrame(lam.info.slots, lam);
        System.arraycopy(ring.slots, ti, hf.slots, 0, n);
        if (tail) {
            ring.release(cs.b());
        } else {
            ring.release(callMark);
            cs.push(K_RETURN, 0, at, base, callMark, heap != null ? heap : env, self);
        }
        heap = hf;
        env = hf.slots;
        base = 0;
        self = lam;
        c = lam.info.body;
        return EVAL;
    }

    private int callOther(Object f) {
        Object[] slots = ring.slots;
        int ti = ring.index(callT);
        if (callN > 0 && !Num.isFunction(f) && (!Num.isAtom(f) || f instanceof Dict) && !(f instanceof Verb v0 && v0.op == '.')) { // a list or dict indexed: deep, elided, by lists
            Object[] idx = new Object[callN];
            System.arraycopy(slots, ti, idx, 0, callN);
            ring.release(callMark);
            val = Prims.indexPath(f, idx, 0);
            return RET;
        }
        for (int k = 0; k < callN; k++) if (slots[ti + k] == null) return project(f);
        if (f instanceof Sym s) { // `a[1], `f 5: the global of that name
            callF = globalByName(code.symbol(s.name));
            if (callF instanceof Sym) throw KError.domain();
            return CALL;
        }
        if (f instanceof Verb v && v.op == '?' && !v.monadic && callN == 3) { // ?[x;i;y] splice (y a function: of the items replaced)
            Object x = slots[ti], i = slots[ti + 1], y = slots[ti + 2];
            ring.release(callMark);
            if (Num.isFunction(y)) {
                loop = Loop.splice(x, i, y);
                loopStart = true;
                return LOOP;
            }
            val = Prims2.splice(x, i, y);
            return RET;
        }
        if (f instanceof Verb v && (v.op == '@' || v.op == '.') && !v.monadic && callN > 2) { // amend
            Object[] a = new Object[callN];
            System.arraycopy(slots, ti, a, 0, callN);
            ring.release(callMark);
            loop = Loop.amend(v.op == '.', a);
            loopStart = true;
            return LOOP;
        }
        if (f instanceof Verb v && v.op == '.' && callN == 1) { // .`a is the global's value; .d a dictionary's values
            Object x = slots[ti];
            ring.release(callMark);
            val = x instanceof Sym s ? globalByName(code.symbol(s.name)) : Prims.monad('.', x);
            return RET;
        }
        if (f instanceof Verb v && v.op == '.' && !v.monadic && callN == 2) { // f . args applies f to the items of args
            Object fn = slots[ti], args = slots[ti + 1];
            if (fn instanceof Sym s) fn = globalByName(code.symbol(s.name)); // `f . args: the global's value
            if (args instanceof Dict) throw KError.domain(); // oK's f . dict (a dictionary as the environment): not supported
            Object[] a = Num.isAtom(args) ? new Object[] {args} : Num.items(args);
            ring.release(callMark);
            if (!Num.isFunction(fn)) {
                val = Prims.indexPath(fn, a, 0);
                return RET;
            }
            long mark = ring.head;
            long t = ring.reserve(Math.max(a.length, 1));
            System.arraycopy(a, 0, ring.slots, ring.index(t), a.length);
            callF = fn;
            callT = t;
            callN = a.length;
            callMark = mark;
            return CALL;
        }
        if (f instanceof Verb v && v.op == '@' && !v.monadic && callN == 2) { // x@y applies x
            callF = slots[ti];
            slots[ti] = slots[ti + 1];
            callN = 1;
            return CALL;
        }
        if (f instanceof Projection pr) {
            if (callN > pr.holes) throw KError.valence();
            Object[] args = pr.args.clone();
            int k = 0;
            for (int j = 0; j < args.length && k < callN; j++) {
                if (args[j] == null) args[j] = slots[ti + k++];
            }
            ring.release(callMark);
            long mark = ring.head;
            long t = ring.reserve(Math.max(args.length, 1));
            System.arraycopy(args, 0, slots, ring.index(t), args.length);
            callF = pr.fn;
            callT = t;
            callN = args.length;
            callMark = mark;
            return CALL;
        }
        Object x = callN > 0 ? slots[ti] : null, y = callN > 1 ? slots[ti + 1] : null;
        int n = callN;
        if (f instanceof Derived d && n == 3) { // f/[x;y;z], f'[x;y;z]
            Object z = slots[ti + 2];
            ring.release(callMark);
            loop = Loop.triadic(d, x, y, z);
            loopStart = true;
            return LOOP;
        }
        if (f instanceof Derived || f instanceof Compose) {
            ring.release(callMark);
            loop = f instanceof Derived d ? Loop.of(d, n, x, y) : Loop.compose((Compose) f, n, x, y);
            loopStart = true;
            return LOOP;
        }
        if (f instanceof Verb && n > 2) throw KError.valence();
        ring.release(callMark);
        val = applyDirect(f, n, x, y);
        return RET;
    }

    // ------------------------------------------------------------------------------------- LOOP

    private int loopStep() {
        Loop lp = loop;
        boolean more = lp.step(val, loopStart);
        loopStart = false;
        while (more) {
            if (++steps > fuel) throw outOfFuel();
            Object f = lp.fn;
            if ((f instanceof Verb v && v.op != '@' && v.op != '.') || (!Num.isFunction(f) && !Num.isAtom(f))) {
                val = applyDirect(f, lp.argc, lp.a0, lp.a1);
                more = lp.step(val, false);
                continue;
            }
            break;
        }
        if (!more) {
            val = lp.result;
            loop = null;
            return RET;
        }
        cs.push(K_LOOP, 0, at, 0, 0, lp, null);
        long mark = ring.head;
        long t = ring.reserve(3);
        int ti = ring.index(t);
        ring.slots[ti] = lp.a0;
        ring.slots[ti + 1] = lp.a1;
        ring.slots[ti + 2] = lp.a2;
        callF = lp.fn;
        callT = t;
        callN = lp.argc;
        callMark = mark;
        loop = null;
        return CALL;
    }

    @Override
    final Object callValue(Object f, Object[] args) {
        long mark = ring.head;
        long t = ring.reserve(Math.max(args.length, 1));
        System.arraycopy(args, 0, ring.slots, ring.index(t), args.length);
        int c0 = c, at0 = at;
        Object v = callNested(f, t, args.length, mark);
        c = c0;
        at = at0;
        return v;
    }

    /** A call the direct path does not make itself: a nested trampoline run from the CALL state. */
    final Object callNested(Object f, long t, int n, long mark) {
        int b0 = base0;
        base0 = cs.top;
        callF = f;
        callT = t;
        callN = n;
        callMark = mark;
        boolean off0 = jitOff;
        Object v = trampoline(CALL);
        jitOff = off0;
        base0 = b0;
        return v;
    }

}
