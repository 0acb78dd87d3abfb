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
 *
 * <p>The machine registers are fields and each trampoline state is its own small method: one big
 * method would exhaust C2's inlining budget and leave even the segment reads as calls.
 */
final class Interp {
    // continuation kinds
    private static final int K_SEQ = 1, K_DYAD_R = 2, K_DYAD_L = 3, K_MONAD = 4, K_ARGS = 5, K_FN = 6,
            K_COND = 7, K_LIST = 8, K_SETLOCAL = 9, K_SETGLOBAL = 10, K_RETURN = 11, K_LOOP = 12;
    private static final int ADVERB_FN = 0xFFFFFF;
    // trampoline states
    private static final int EVAL = 0, RET = 1, CALL = 2, LOOP = 3, DONE = 4;
    /**
     * The direct path's Java stack budget, in syntax levels: each level is at most three small Java
     * frames, so the direct path never takes more than a few tens of KiB of the thread's stack,
     * whatever the K recursion depth (past the budget calls go through the trampoline).
     */
    static final int DIRECT_BUDGET = 256;
    /** Bodies taller than this never take the direct path. */
    static final int DIRECT_HEIGHT = 32;
    /** Returned by the direct path for a call in tail position: see {@link #tailF}. */
    private static final Object TAIL = new Object();

    /** Calls of a lambda before the compiled tier tries to compile it. */
    static final int JIT_THRESHOLD = 16;
    /** Calls to wait after a failed compile attempt before trying again (globals may have changed). */
    static final int JIT_BACKOFF = 4096;
    /** Times a lambda's compiled code may be dropped for a redefined callee before it stays interpreted. */
    static final int JIT_MAX_STALE = 8;

    private final Code code;
    /** Whether the compiled tier may be used (a session switch; it is also off while fuel is limited). */
    boolean jitOn = true;
    /**
     * Whether calls are interpreted now: set when compiled code bails out, so the interpreter's re-run
     * of that call (and everything it calls, e.g. {@code f 100000} past the compiled depth) stays
     * interpreted instead of bailing again at every level; the direct path's activations and nested
     * trampolines restore it when they return, so a script's later statements compile again (on the
     * top-level trampoline it holds for the rest of the run).
     */
    private boolean jitOff;
    /** The last program {@link #fastCall} looked at, and what it found (fastN 0: not a call of a global on int literals). */
    private int fastProgram = -1, fastN, fastSym;
    private long fastA, fastB, fastC;
    final ContextRing ring;
    final ContinuationStack cs;
    /** The context ring's slots: every ring frame's array. */
    private final Object[] rs;
    Object[] globals = new Object[64];
    private final Consumer<Object> show;
    /**
     * Steps allowed per evaluation. Volatile so that {@link #interrupt} (another thread: Ctrl-C in the REPL)
     * is seen at the next step check: it sets fuel to -1.
     */
    volatile long fuel = Long.MAX_VALUE;
    long steps;
    /** Set by {@link #interrupt}: the step check that stops the evaluation reports {@code interrupted.}. */
    volatile boolean interrupted;
    private final Object[] scratch = new Object[16];
    /** Snapshot of the code's constant table (vector literals, boxed int literals). */
    private Object[] consts = new Object[0];

    // registers
    /**
     * The code segment (bounded; re-read at each {@link #run}, since parsing may have grown it). Every
     * cell read is bounds-checked against it, so a bad cell number throws instead of reading stray
     * memory; hot methods copy it into a local so the JIT can hoist the checks.
     */
    private MemorySegment seg;
    private int base0;
    private Object[] env;
    private int base;
    private Lambda self;
    private HeapFrame heap;
    private Object val;
    private int c;
    private int at;
    private Object callF;
    private long callT, callMark;
    private int callN;
    private Loop loop;
    private boolean loopStart;
    /** Summed syntax heights of the direct-path activations on the Java stack (at most {@link #DIRECT_BUDGET}). */
    private int depth;
    /** A pending tail call on the direct path ({@link #TAIL} was returned): the callee; its arguments are at tailT. */
    private Lambda tailF;
    private long tailT;
    /** The last program run and its direct-path height (0: it runs on the trampoline). */
    private int lastProgram = -1, lastProgramHeight;

    Interp(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        this.code = code;
        this.ring = new ContextRing(ringSlots);
        this.cs = new ContinuationStack(continuations);
        this.rs = ring.slots;
        this.show = show;
    }

    private KError outOfFuel() {
        return new KError(interrupted ? "interrupted." : "out of fuel.");
    }

    /**
     * Asks the running evaluation to stop (any thread): the interpreter stops at its next step check, compiled
     * code at its next call or loop iteration (it bails out to the interpreter, see {@link KBail#interrupts}).
     * {@link #resume} undoes it before the next evaluation.
     */
    void interrupt() {
        if (!interrupted) {
            interrupted = true;
            KBail.interrupts.incrementAndGet();
        }
        fuel = -1;
    }

    /** Clears an {@link #interrupt}; {@code fuel} is the allowance to restore. */
    void resume(long fuel) {
        if (interrupted) {
            interrupted = false;
            KBail.interrupts.decrementAndGet();
        }
        this.fuel = fuel;
    }

    /** Evaluates the program cell; returns its value. Leaves the rings as it found them. */
    Object run(int program) {
        if (globals.length < code.symbols.size()) {
            globals = Arrays.copyOf(globals, Math.max(code.symbols.size(), globals.length * 2));
        }
        if (consts.length != code.constants.size()) consts = code.constants.toArray();
        seg = code.segment();
        boolean bailed = false;
        if (jitOn && fuel == Long.MAX_VALUE) {
            if (program != fastProgram) fastCall(program);
            if (fastN > 0 && globals[fastSym] instanceof Lambda lam && lam.info.jit != null) {
                // a program that is one call of a compiled lambda on int literals (`fac 5`): no interpreter setup
                LambdaInfo info = lam.info;
                if (info.valence == fastN && ring.used() == 0 && cs.top == 0
                        && (long) KBail.MAX_DEPTH * info.jitLevelCost <= Math.min(ring.capacity(), cs.capacity())) {
                    try {
                        return info.jit.call(info.jitId, globals, 0, fastA, fastB, fastC);
                    } catch (KBail e) {
                        if (e.stale) dropStale(info);
                        bailed = true;
                    } catch (StackOverflowError e) {
                        bailed = true;
                    }
                }
            }
        }
        base0 = cs.top;
        final int top0 = base0;
        final long mark0 = ring.head;
        ring.begin();
        // env, self, heap, val, loop, callF, depth, tailF and ov are null / 0 here: every run's finally
        // leaves them so (reference stores are not free: each has a GC barrier)
        base = 0;
        c = program;
        at = program;
        jitOff = bailed || !jitOn || fuel != Long.MAX_VALUE;
        try {
            if (program != lastProgram) { // cell numbers are never reused: the height is cached per program
                lastProgramHeight = directHeight(program);
                lastProgram = program;
            }
            Object v;
            if (lastProgramHeight > 0) { // a program the direct path can run, e.g. `fac 5`
                depth = lastProgramHeight;
                // top level has no frame: no locals, `o` is the global, lambdas have no parent
                v = box(evalI(program, 0, null, false));
            } else {
                v = trampoline(EVAL);
            }
            return v;
        } catch (KError e) {
            throw e.at(code.line(at), code.col(at));
        } catch (StackOverflowError e) {
            throw KError.stack().at(code.line(at), code.col(at));
        } catch (OutOfMemoryError e) {
            throw new KError("wsfull.").at(code.line(at), code.col(at));
        } finally {
            // an error (or a normal end) leaves the session's rings as they were
            while (cs.top > top0) cs.pop();
            base0 = top0;
            depth = 0;
            tailF = null;
            ov = null;
            ring.release(mark0);
            ring.oldest = mark0;
            env = null;
            self = null;
            heap = null;
            callF = null;
            loop = null;
            val = null;
        }
    }

    /** Runs the state machine from {@code state} until the continuations are back at {@link #base0}. */
    private Object trampoline(int state) {
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

    private static long headOf(MemorySegment s, int cell) {
        return (long) READ.get(s, cell(cell) + HEAD);
    }

    private static int item(MemorySegment s, int cell, int i) {
        return (int) (long) READ.get(s, cell(cell) + CELL_BYTES + 8L * i);
    }

    private static long word(MemorySegment s, int cell, long field) {
        return (long) READ.get(s, cell(cell) + field);
    }

    private long headOf(int cell) {
        return (long) READ.get(seg, cell(cell) + HEAD);
    }

    private int item(int cell, int i) {
        return (int) (long) READ.get(seg, cell(cell) + CELL_BYTES + 8L * i);
    }

    private long word(int cell, long field) {
        return (long) READ.get(seg, cell(cell) + field);
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
                val = simpleValue(c, h);
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
            slots[ti + i] = simpleValue(ac, ah);
        }
        return -1;
    }

    /** All arguments are in; evaluate the function (inline if simple) and call. */
    private int callOrEvalFn(int c, int n, long t, long mark, boolean recordOnTop) {
        int fc = (int) word(c, A);
        long fh = headOf(fc);
        if (simple(fh)) {
            if (recordOnTop) cs.pop();
            callF = simpleValue(fc, fh);
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
            if (simpleTruth(cc, ch)) {
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
                    val = new Derived(op(h), simpleValue(fc, fh));
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
                    val = dyad((char) op(headOf(kc)), simpleValue(lc, lh), val);
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
                    if (Num.truthy(simpleValue(cc, ch))) {
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
        for (int k = 0; k < callN; k++) if (slots[ti + k] == null) return project(f);
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
        if (f instanceof Derived d) {
            ring.release(callMark);
            loop = Loop.of(d, n, x, y);
            loopStart = true;
            return LOOP;
        }
        Object[] rest = null;
        if (f instanceof Verb) {
            if (n > 2) throw KError.valence();
        } else if (n > 1 && !Num.isAtom(f)) {
            rest = new Object[n - 1];
            System.arraycopy(slots, ti + 1, rest, 0, n - 1);
        }
        ring.release(callMark);
        val = applyDirect(f, n, x, y);
        if (rest != null) val = indexDeep(val, rest);
        return RET;
    }

    // ------------------------------------------------------------------------------ DIRECT PATH
    //
    // A lambda (or top-level program) whose body uses only leaves, primitive monads and dyads, $[...],
    // calls, statements, assignments and lambda literals (no adverbs or list literals) is run by a
    // recursive evaluator on the Java stack instead of through continuation records: no record per
    // pending operation, no trampoline dispatch per cell. Everything else is as on the trampoline:
    // frames are ring contexts reserved the same way (promoted heap frames for lambdas whose inner
    // lambdas read their locals), steps (fuel) are counted at the same points, errors carry the same
    // cell, tail calls to ring-frame lambdas replace their caller's frame (a loop, not a Java call). The Java stack stays bounded: an activation is entered only while the summed
    // syntax heights of the direct activations on the Java stack stay within DIRECT_BUDGET; past it
    // calls go through the trampoline, and calls the direct path cannot make itself (verbs,
    // projections, other lambdas) run on a nested trampoline.

    private boolean isDirect(LambdaInfo info) {
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
    private int directHeight(int body) {
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
    private Object enterDirect(Lambda lam, long t, int n, long mark) {
        if (lam.info.heapFrame) return enterDirectHeap(lam, t, n, mark);
        return box(enterI(lam, t, n, mark));
    }

    /**
     * A direct lambda whose inner lambdas read its locals: its frame is promoted (a {@link HeapFrame}
     * its closures keep), the ring slots its arguments came in are released at once. Its calls in
     * tail position are made as ordinary direct calls (the Java stack budget bounds them).
     */
    private Object enterDirectHeap(Lambda lam, long t, int n, long mark) {
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
            if (simple(h)) return simpleValue(c, h);
            switch (kind(h)) {
                case COND: // the chosen branch is evaluated by this loop, not by a nested call
                    c = condBranch(s, c);
                    continue;
                case DYAD: {
                    Object r = evalD((int) word(s, c, B), false);
                    int ld = (int) word(s, c, C);
                    if (ld != 0) { // a leaf on the left, the common x*f[...]
                        at = c;
                        return dyad((char) op(h), operand(s, ld, c, A), r);
                    }
                    int lc = (int) word(s, c, A);
                    long lh = headOf(s, lc);
                    Object l;
                    if (simple(lh)) {
                        at = c;
                        l = simpleValue(lc, lh);
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
                t = simpleTruth(cc, ch);
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
                    v = simpleValue(ac, ah);
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
            f = operand(s, fd, c, A);
        } else if (simple(headOf(s, (int) word(s, c, A)))) {
            int fc = (int) word(s, c, A);
            f = simpleValue(fc, headOf(s, fc));
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

    /**
     * Drops compiled code whose callee global was redefined; it may be compiled again against the new
     * definitions, but after {@link #JIT_MAX_STALE} drops (a program redefining its globals as it
     * goes) the lambda stays interpreted, so redefinitions cannot make a class per few calls.
     */
    private static void dropStale(LambdaInfo info) {
        info.jit = null;
        info.jitCalls = ++info.jitStale > JIT_MAX_STALE ? Integer.MIN_VALUE : 0;
    }

    /**
     * Decides whether program is one call of a global on 1 to 3 int literals, e.g. {@code fac 5}
     * (then {@link #run} calls the global's compiled code directly when it has some): fastN > 0, the
     * global's symbol and the literals in fastSym and fastA..fastC.
     */
    private void fastCall(int program) {
        fastProgram = program;
        fastN = 0;
        int c = program;
        if (code.kind(c) == SEQ) {
            if (code.b(c) != 1) return;
            c = code.item(c, 0);
        }
        if (c <= 0 || code.kind(c) != APPLY) return;
        int n = (int) code.b(c), fc = (int) code.a(c);
        if (n < 1 || n > 3 || fc <= 0 || code.kind(fc) != GLOBAL) return;
        long[] v = new long[3];
        for (int i = 0; i < n; i++) {
            int ac = code.item(c, i);
            if (ac <= 0 || code.kind(ac) != INT) return;
            v[i] = code.a(ac);
        }
        fastSym = (int) code.a(fc);
        if (fastSym >= globals.length) return;
        fastA = v[0];
        fastB = v[1];
        fastC = v[2];
        fastN = n;
    }

    /**
     * The compiled tier: runs lam's compiled code on the n arguments in ring slots at t if they are all
     * int atoms (compiling it after {@link #JIT_THRESHOLD} calls); returns the boxed result, or null for
     * "interpret this call" (not compiled, not int arguments, or the code bailed out: then the rest of
     * this run stays in the interpreter, which re-runs the call from the start).
     */
    private Object jitCall(Lambda lam, long t, int n) {
        LambdaInfo info = lam.info;
        KCompiled cc = info.jit;
        if (cc == null) {
            if (++info.jitCalls < JIT_THRESHOLD) return null;
            try {
                cc = KCompiler.compile(code, globals, lam);
            } catch (RuntimeException | LinkageError e) { // e.g. a method too large: stay interpreted
                cc = null;
            }
            if (cc == null) {
                info.jitCalls = -JIT_BACKOFF;
                return null;
            }
            info.jit = cc;
            info.jitId = 0;
        }
        Object[] slots = ring.slots;
        int ti = ring.index(t);
        if (!(slots[ti] instanceof Long a)) return null;
        long y = 0, z = 0;
        if (n > 1) {
            if (!(slots[ti + 1] instanceof Long b)) return null;
            y = b;
            if (n > 2) {
                if (!(slots[ti + 2] instanceof Long c3)) return null;
                z = c3;
            }
        }
        // only as deep as the interpreter could surely go from here: past that it decides (stack error.)
        long free = Math.min(ring.capacity() - ring.used(), (long) cs.capacity() - cs.top);
        int start = 0; // the usual case: room for the full compiled depth, no division
        if (free < (long) KBail.MAX_DEPTH * info.jitLevelCost) {
            long levels = free / info.jitLevelCost;
            if (levels < 1) return null;
            start = (int) (KBail.MAX_DEPTH - levels);
        }
        try {
            return cc.call(info.jitId, globals, start, a, y, z);
        } catch (KBail e) {
            if (e.stale) dropStale(info);
            jitOff = true;
            return null;
        } catch (StackOverflowError e) { // a small thread stack: the interpreter's bounded paths decide
            jitOff = true;
            return null;
        }
    }

    /** A call the direct path does not make itself: a nested trampoline run from the CALL state. */
    private Object callNested(Object f, long t, int n, long mark) {
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

    // ------------------------------------------------------------------------ INT REGISTER PATH
    //
    // The body of a ring-frame direct lambda is evaluated by evalI: the same cells in the same order,
    // the same steps and error cells as evalD, but (1) the frame comes in as parameters (its base in the
    // ring's slot array, and the running lambda for `o` and upvalues) instead of registers that every
    // call saves and restores, and (2) an int atom comes back as a long in a register instead of a
    // boxed Long. Any other value comes back as NOT_INT with the value itself in ov, which the caller
    // takes at once; ov is null whenever a plain long is returned, so the int NOT_INT itself is told
    // apart by ov being null. A pending direct tail call is NOT_INT with ov == TAIL.

    /** See above: "the value is in {@link #ov}" when ov is not null. */
    private static final long NOT_INT = Long.MIN_VALUE + 1;
    /** The value behind a NOT_INT result of evalI and friends; null otherwise. */
    private Object ov;

    /** v through the int register: its long if it is an int atom, else NOT_INT with v in ov. */
    private long reg(Object v) {
        if (v instanceof Long l) return l;
        ov = v;
        return NOT_INT;
    }

    /** The value of a result r just returned through the int register, as an object. */
    private Object box(long r) {
        if (r == NOT_INT) {
            Object o = ov;
            if (o != null) {
                ov = null;
                return o;
            }
        }
        return r;
    }

    /** Runs a ring-frame direct lambda (arguments at t, steps counted) through the int register; releases to mark. */
    private long enterI(Lambda lam, long t, int n, long mark) {
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
    private long invokeI(Lambda lam, long p) {
        while (true) {
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
    private long evalI(int c, int base, Lambda self, boolean tail) {
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
                    f = fd != 0 ? operandF(s, fd, c, A, base, self) : functionI(s, c, base, self);
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
            if (ro == null && (l != NOT_INT || ov == null)) {
                switch (op(dh)) {
                    case '+': return l + r;
                    case '-': return l - r;
                    case '*': return l * r;
                    case '<': return l < r ? 1 : 0;
                    case '>': return l > r ? 1 : 0;
                    case '=': return l == r ? 1 : 0;
                    default: break;
                }
            }
            return dyadO((char) op(dh), l, r, ro);
        }
    }

    /**
     * A simple dyad over two int leaves (locals holding ints, or int literals) with an int
     * primitive: its value; NOT_INT (ov untouched) for "not this case", and then the caller
     * evaluates the cell in full with {@link #simpleI} (leaves have no effects, so nothing happens twice).
     */
    private long fastDyad(MemorySegment s, int c, long h, int base) {
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
        switch (op(h)) {
            case '+': return l + r;
            case '-': return l - r;
            case '*': return l * r;
            case '<': return l < r ? 1 : 0;
            case '>': return l > r ? 1 : 0;
            case '=': return l == r ? 1 : 0;
            default: return NOT_INT;
        }
    }

    /** A direct tail call from lam's frame at p to callee (arguments at tailT): callee's frame in its place. */
    private long tailFrame(Lambda lam, Lambda callee, long p) {
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
    private long callI(Object f, long t, int n, long mark, boolean holes, boolean tail, Lambda self) {
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
    private long dyadO(char op, long l, long r, Object ro) {
        Object lo = box(l);
        return reg(dyad(op, lo, ro != null ? ro : (Object) r));
    }

    /** The function of apply cell c when it is not a leaf with a descriptor. */
    private Object functionI(MemorySegment s, int c, int base, Lambda self) {
        int fc = (int) word(s, c, A);
        long fh = headOf(s, fc);
        if (simple(fh)) return simpleF(fc, fh, base, self);
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
                return reg(simpleF(c, h, base, self));
            }
            long l = operandI(s, (int) d, c, A, base, self);
            if (l == NOT_INT && ov != null) {
                ov = null;
                return reg(simpleF(c, h, base, self));
            }
            char op = (char) op(h);
            switch (op) {
                case '+': return l + r;
                case '-': return l - r;
                case '*': return l * r;
                case '<': return l < r ? 1 : 0;
                case '>': return l > r ? 1 : 0;
                case '=': return l == r ? 1 : 0;
                default: return reg(dyad(op, l, r));
            }
        }
        return reg(simpleF(c, h, base, self));
    }

    /** A leaf operand through the int register (see {@link #operand}). */
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
        return reg(leafF(oc, headOf(s, oc), base, self));
    }

    /** {@link #simpleValue} in a ring frame at base of lambda self. */
    private Object simpleF(int c, long h, int base, Lambda self) {
        final MemorySegment s = seg;
        int k = kind(h);
        if (k == DYAD) {
            long d = word(s, c, C);
            Object r = operandF(s, (int) (d >>> 32), c, B, base, self);
            Object l = operandF(s, (int) d, c, A, base, self);
            return dyad((char) op(h), l, r);
        }
        if (k == MONAD) {
            return Prims.monad((char) op(h), operandF(s, (int) word(s, c, C), c, A, base, self));
        }
        return leafF(c, h, base, self);
    }

    /** {@link #operand} in a ring frame at base of lambda self. */
    private Object operandF(MemorySegment s, int d, int c, long field, int base, Lambda self) {
        switch (descKind(d)) {
            case LOCAL: {
                Object v = rs[base + descOperand(d)];
                if (v != null) return v;
                break;
            }
            case INT:
                return consts[descOperand(d)];
            case IMM: // a small int literal: the Long cache's box
                return Long.valueOf(immValue(d));
            case GLOBAL:
                return globalByName(descOperand(d));
            default:
                break;
        }
        int oc = (int) word(s, c, field);
        return leafF(oc, headOf(s, oc), base, self);
    }

    /** {@link #leaf} in a ring frame at base of lambda self. */
    private Object leafF(int c, long h, int base, Lambda self) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case LOCAL: {
                Object v = rs[base + (int) word(s, c, A)];
                if (v != null) return v;
                return globalByName((int) word(s, c, C));
            }
            case INT:
                return consts[(int) word(s, c, B)];
            case GLOBAL:
                return globalByName((int) word(s, c, A));
            default:
                return rareLeaf(c, h, self);
        }
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

    // ------------------------------------------------------------------------------------- LOOP

    private int loopStep() {
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
            loop = null;
            return RET;
        }
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
        loop = null;
        return CALL;
    }

    // ---------------------------------------------------------------------------- simple cells

    /** Is a simple cell true? Int comparisons answer without boxing their 0/1. */
    private boolean simpleTruth(int c, long h) {
        final MemorySegment s = seg;
        if (kind(h) == DYAD) {
            char op = (char) op(h);
            if (op == '=' || op == '<' || op == '>') {
                long d = word(s, c, C);
                Object r = operand(s, (int) (d >>> 32), c, B);
                Object l = operand(s, (int) d, c, A);
                if (l instanceof Long a && r instanceof Long b) {
                    long x = a, y = b;
                    return op == '=' ? x == y : op == '<' ? x < y : x > y;
                }
                return Num.truthy(dyad(op, l, r));
            }
        }
        return Num.truthy(simpleValue(c, h));
    }

    /** A leaf, or a primitive monad/dyad over leaves (see {@link CellLayout#SIMPLE}). */
    private Object simpleValue(int c, long h) {
        final MemorySegment s = seg;
        int k = kind(h);
        if (k == DYAD) {
            long d = word(s, c, C);
            Object r = operand(s, (int) (d >>> 32), c, B);
            Object l = operand(s, (int) d, c, A);
            return dyad((char) op(h), l, r);
        }
        if (k == MONAD) {
            return Prims.monad((char) op(h), operand(s, (int) word(s, c, C), c, A));
        }
        return leaf(c, h);
    }

    /**
     * The value of the leaf operand at {@code field} of cell c, from its descriptor d when it has one
     * (see {@link CellLayout#descriptor}): one word read instead of three.
     */
    private Object operand(MemorySegment s, int d, int c, long field) {
        switch (descKind(d)) {
            case LOCAL: {
                Object v = env[base + descOperand(d)];
                if (v != null) return v;
                break; // not assigned yet: the leaf resolves the name globally
            }
            case INT:
                return consts[descOperand(d)];
            case IMM: // a small int literal: the Long cache's box
                return Long.valueOf(immValue(d));
            case GLOBAL:
                return globalByName(descOperand(d));
            default:
                break;
        }
        int oc = (int) word(s, c, field);
        return leaf(oc, headOf(s, oc));
    }

    private Object leaf(int c, long h) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case LOCAL: {
                Object v = env[base + (int) word(s, c, A)];
                if (v != null) return v;
                return globalByName((int) word(s, c, C));
            }
            case INT: // the boxed literal, so evaluating it never allocates or calls Long.valueOf
                return consts[(int) word(s, c, B)];
            case GLOBAL:
                return globalByName((int) word(s, c, A));
            default:
                return rareLeaf(c, h);
        }
    }

    private Object rareLeaf(int c, long h) {
        return rareLeaf(c, h, self);
    }

    /** A leaf other than LOCAL, INT or GLOBAL; {@code self} is the running lambda (for {@code o} and upvalues). */
    private Object rareLeaf(int c, long h, Lambda self) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case FLT:
                return Double.longBitsToDouble(word(s, c, A));
            case CONST:
                return consts[(int) word(s, c, A)];
            case UPVAL: {
                int depth = (int) word(s, c, A);
                HeapFrame f = self == null ? null : self.parent;
                for (int d = 1; d < depth && f != null; d++) f = f.fn.parent;
                Object v = f == null ? null : f.slots[(int) word(s, c, B)];
                if (v != null) return v;
                return globalByName((int) word(s, c, C));
            }
            case SELF:
                if (self == null) return globalByName(code.symbol("o"));
                return self;
            case VERB:
                return Verb.of((char) op(h), word(s, c, A) != 0);
            default:
                throw new IllegalStateException("not a simple cell: " + kind(h));
        }
    }

    private Object globalByName(int sym) {
        Object v = sym < globals.length ? globals[sym] : null;
        if (v == null) throw KError.notDefined(code.symbolName(sym));
        return v;
    }

    /** A primitive dyad; ints inline; {@code 0N!x} shows x and returns it. */
    private Object dyad(char op, Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) {
            long l = a, r = b;
            switch (op) {
                case '+': return l + r;
                case '-': return l - r;
                case '*': return l * r;
                case '<': return l < r ? 1L : 0L;
                case '>': return l > r ? 1L : 0L;
                case '=': return l == r ? 1L : 0L;
                default: break;
            }
        }
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
