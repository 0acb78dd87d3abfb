package dev.piglet.k;

/**
 * The checks compiled K code (see {@link KCompiler}) calls, as static methods of a class that is not
 * an exception: C2 will not inline a method of a {@link Throwable} subclass into compiled code deeper
 * than its top level ("exception method"), and these run at every compiled call.
 */
final class CompiledChecks {
    private CompiledChecks() {}

    /** Before each compiled non-tail call: the callee global still holds the lambda compiled in, and there is stack left. */
    static void check(Object[] globals, int sym, Object expected, int depth) {
        if (globals[sym] != expected) throw KBail.STALE;
        if (depth >= KBail.MAX_DEPTH || KBail.interrupts.get() != 0) throw KBail.RERUN;
    }

    /** Before a compiled self tail call (a loop: no depth). */
    static void same(Object[] globals, int sym, Object expected) {
        if (globals[sym] != expected) throw KBail.STALE;
        if (KBail.interrupts.get() != 0) throw KBail.RERUN;
    }

    /** {@code m!y} on int atoms as {@link Prims#mod}; 0 (an error) and 0N (0N!y prints) are the interpreter's. */
    static long mod(long m, long y) {
        if (m == 0 || m == Num.NULL_INT) throw KBail.RERUN;
        return m > 0 ? Math.floorMod(y, m) : Math.floorDiv(y, -m);
    }
}
