package dev.piglet.k;

/**
 * Thrown by compiled K code (see {@link KCompiler}) when it cannot finish a call exactly as the
 * interpreter would: the interpreter re-runs the call from the start, which is safe because compiled
 * code has no side effects. Preallocated, without a stack trace: it is control flow, not an error.
 */
final class KBail extends RuntimeException {
    /** Re-run in the interpreter (too deep for the Java stack, or an operation only the interpreter does, e.g. an error). */
    static final KBail RERUN = new KBail(false);
    /** As RERUN, and the code is stale: a global it calls was redefined; drop it. */
    static final KBail STALE = new KBail(true);

    final boolean stale;

    private KBail(boolean stale) {
        super(null, null, false, false);
        this.stale = stale;
    }

    /** Compiled calls deeper than this on the Java stack bail out (the interpreter has the ring). */
    static final int MAX_DEPTH = 2000;

    /**
     * Sessions asked to stop (Ctrl-C in the REPL) and not yet resumed. While it is not zero, compiled code bails
     * out at its next call or loop iteration; the interpreter's re-run then stops at its first step check
     * (another session's re-run simply finishes, interpreted: compiled code has no side effects).
     */
    static final java.util.concurrent.atomic.AtomicInteger interrupts = new java.util.concurrent.atomic.AtomicInteger();
}
