package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

/**
 * When the interpreter hands a call to compiled code ({@link KCompiler}): the thresholds, what happens
 * when compiled code goes stale, and the shape of a program that can skip the interpreter entirely. The
 * call itself (argument checks, the depth it may use) is {@link Interp#jitCall}.
 */
final class CompiledTier {
    /** Calls of a lambda before the compiled tier tries to compile it. */
    static final int JIT_THRESHOLD = 16;
    /** Calls to wait after a failed compile attempt before trying again (globals may have changed). */
    static final int JIT_BACKOFF = 4096;
    /** Times a lambda's compiled code may be dropped for a redefined callee before it stays interpreted. */
    static final int JIT_MAX_STALE = 8;

    private CompiledTier() {}

    /**
     * lam's compiled code, compiling it once it has been called {@link #JIT_THRESHOLD} times; null
     * while it should stay interpreted (not hot yet, or not compilable: then it waits
     * {@link #JIT_BACKOFF} calls before trying again, since globals it calls may change).
     */
    static KCompiled compiled(Code code, Object[] globals, Lambda lam) {
        LambdaInfo info = lam.info;
        KCompiled cc = info.jit;
        if (cc != null) return cc;
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
        return cc;
    }

    /**
     * Drops compiled code whose callee global was redefined; it may be compiled again against the new
     * definitions, but after {@link #JIT_MAX_STALE} drops (a program redefining its globals as it
     * goes) the lambda stays interpreted, so redefinitions cannot make a class per few calls.
     */
    static void dropStale(LambdaInfo info) {
        info.jit = null;
        info.jitCalls = ++info.jitStale > JIT_MAX_STALE ? Integer.MIN_VALUE : 0;
    }

    /**
     * A program that is one call of a global on 1 to 3 int literals, e.g. {@code fac 5}: {@link Interp#run}
     * calls the global's compiled code directly when it has some, with no interpreter setup.
     */
    static final class FastCall {
        final int program;
        /** The argument count; 0: the program is not such a call. */
        final int n;
        final int sym;
        final long a, b, c;
        /** The call's cell, and the steps the interpreter counts for the program's cells before the call's own. */
        final int cell, cellSteps;

        private FastCall(int program, int n, int sym, long a, long b, long c, int cell, int cellSteps) {
            this.program = program;
            this.n = n;
            this.sym = sym;
            this.a = a;
            this.b = b;
            this.c = c;
            this.cell = cell;
            this.cellSteps = cellSteps;
        }

        static final FastCall NONE = new FastCall(-1, 0, 0, 0, 0, 0, 0, 0);

        /** The analysis of program cell {@code program} in code. */
        static FastCall of(Code code, int program) {
            FastCall none = new FastCall(program, 0, 0, 0, 0, 0, 0, 0);
            int c = program, cellSteps = 1;
            if (code.kind(c) == SEQ) {
                if (code.b(c) != 1) return none;
                c = code.item(c, 0);
                cellSteps = 2;
            }
            if (c <= 0 || code.kind(c) != APPLY) return none;
            int n = (int) code.b(c), fc = (int) code.a(c);
            if (n < 1 || n > 3 || fc <= 0 || code.kind(fc) != GLOBAL) return none;
            long[] v = new long[3];
            for (int i = 0; i < n; i++) {
                int ac = code.item(c, i);
                if (ac <= 0 || code.kind(ac) != INT) return none;
                v[i] = code.a(ac);
            }
            return new FastCall(program, n, (int) code.a(fc), v[0], v[1], v[2], c, cellSteps);
        }
    }
}
