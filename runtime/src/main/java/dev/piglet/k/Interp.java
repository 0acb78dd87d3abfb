package dev.piglet.k;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The K interpreter's entry: {@link #run} evaluates a program cell on the paths layered below it
 * ({@link EvalState} the state and shared rules, {@link Trampoline} continuation records,
 * {@link DirectPath}, {@link IntPath} and {@link IntFormPath} the recursive evaluators) and the compiled tier
 * ({@link CompiledTier}, {@link KCompiler}).
 */
final class Interp extends IntFormPath {
    /** Calls of a lambda before the compiled tier tries to compile it (see {@link CompiledTier}). */
    static final int JIT_THRESHOLD = CompiledTier.JIT_THRESHOLD;
    static final int JIT_MAX_STALE = CompiledTier.JIT_MAX_STALE;

    /** The last program {@link #run} analysed for the compiled tier's direct entry. */
    private CompiledTier.FastCall fast = CompiledTier.FastCall.NONE;
    /** The last program run and its direct-path height (0: it runs on the trampoline). */
    private int lastProgram = -1, lastProgramHeight;

    Interp(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        super(code, ringSlots, continuations, show);
    }

    /**
     * Forgets what was cached about program cells: called when {@link Code#rollback} lets cell numbers
     * be reused by a new line.
     */
    void forgetPrograms() {
        fast = CompiledTier.FastCall.NONE;
        lastProgram = -1;
    }

    /** Evaluates the program cell; returns its value. Leaves the rings as it found them. */
    Object run(int program) {
        boolean bailed = false;
        CompiledTier.FastCall fc = fast;
        if (fc.program != program) fast = fc = CompiledTier.FastCall.of(code, program);
        if (fc.n > 0 && jitOn) { // (before the globals are grown: a symbol past their end is not a lambda yet)
            if (fc.sym < globals.length && globals[fc.sym] instanceof Lambda lam && lam.info.jit != null && fuel == Long.MAX_VALUE) {
                // a program that is one call of a compiled lambda on int literals (`fac 5`): no interpreter setup
                LambdaInfo info = lam.info;
                if (info.valence == fc.n && ring.used() == 0 && cs.top == 0
                        && (long) KBail.MAX_DEPTH * info.jitLevelCost <= Math.min(ring.capacity(), cs.capacity())) {
                    try {
                        return info.jit.call(info.jitId, globals, 0, fc.a, fc.b, fc.c);
                    } catch (KBail e) {
                        if (e.stale) CompiledTier.dropStale(info);
                        bailed = true;
                    } catch (StackOverflowError e) {
                        bailed = true;
                    }
                }
            }
        }
        if (fc.n > 0 && !jitOn && program == lastProgram && lastProgramHeight > 0 && fuel == Long.MAX_VALUE
                && fc.sym < globals.length && globals[fc.sym] instanceof Lambda lam && lam.info.form == 1
                && lam.info.valence == fc.n && lastProgramHeight + lam.info.height <= DIRECT_BUDGET
                && ring.used() == 0 && cs.top == 0 && globals.length >= code.symbols.size()) {
            return runForm(lam, fc);
        }
        if (globals.length < code.symbols.size()) {
            globals = Arrays.copyOf(globals, Math.max(code.symbols.size(), globals.length * 2));
        }
        consts = code.constants(); // the table itself, not a copy
        seg = code.segment();
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
            if (program != lastProgram) { // the height is cached per program (see forgetPrograms)
                lastProgramHeight = directHeight(program);
                lastProgram = program;
            }
            Object v;
            if (lastProgramHeight > 0) { // a program the direct path can run, e.g. `fac 5`
                depth = lastProgramHeight;
                // top level has no frame: no locals, `o` is the global, lambdas have no parent
                Lambda lam;
                if (fc.n > 0 && jitOff && fc.sym < globals.length && globals[fc.sym] instanceof Lambda l
                        && l.info.valence == fc.n && hasFormUnlimited(lam = l)
                        && lastProgramHeight + lam.info.height <= DIRECT_BUDGET) {
                    v = box(callForm(lam, fc));
                } else {
                    v = box(evalI(program, 0, null, false));
                }
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
            endRun(top0, mark0);
        }
    }

    /**
     * A program run before (so its shape and height are known) that is one call of a global lambda with
     * an int form on int literals, the compiled tier off and the rings empty ({@code fac 5} interpreted):
     * the call straight into the int-form loop, with only the setup that loop reads. The registers the
     * rest of the interpreter uses are reset afterwards only if the loop handed a call to it.
     */
    private Object runForm(Lambda lam, CompiledTier.FastCall fc) {
        Object[] k = code.constants();
        if (consts != k) consts = k; // (a reference store has a GC barrier: only when it changes)
        var s = code.segment();
        if (seg != s) seg = s;
        base0 = 0;
        base = 0;
        jitOff = true;
        depth = lastProgramHeight;
        final long mark0 = ring.head;
        final int callouts0 = callouts;
        try {
            long v = callForm(lam, fc);
            if (callouts != callouts0) endRun(0, mark0);
            else depth = 0;
            return box(v);
        } catch (KError e) {
            endRun(0, mark0);
            throw e.at(code.line(at), code.col(at));
        } catch (StackOverflowError e) {
            endRun(0, mark0);
            throw KError.stack().at(code.line(at), code.col(at));
        } catch (OutOfMemoryError e) {
            endRun(0, mark0);
            throw new KError("wsfull.").at(code.line(at), code.col(at));
        }
    }

    /** The end of a run, normal or not: the session's rings as they were, the registers cleared. */
    private void endRun(int top0, long mark0) {
        while (cs.top > top0) cs.pop();
        base0 = top0;
        depth = 0;
        regTop = 0;
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

    /**
     * The compiled tier: runs lam's compiled code on the n arguments in ring slots at t if they are all
     * int atoms (compiling it when {@link CompiledTier} says so); returns the boxed result, or null for
     * "interpret this call" (not compiled, not int arguments, or the code bailed out: then the rest of
     * this run stays in the interpreter, which re-runs the call from the start).
     */
    @Override
    Object jitCall(Lambda lam, long t, int n) {
        LambdaInfo info = lam.info;
        KCompiled cc = CompiledTier.compiled(code, globals, lam);
        if (cc == null) return null;
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
            if (e.stale) CompiledTier.dropStale(info);
            jitOff = true;
            return null;
        } catch (StackOverflowError e) { // a small thread stack: the interpreter's bounded paths decide
            jitOff = true;
            return null;
        }
    }
}
