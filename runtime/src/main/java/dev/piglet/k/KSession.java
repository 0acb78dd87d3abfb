package dev.piglet.k;

import java.util.function.Consumer;

/**
 * A K session: one code segment, one set of globals, one context ring and continuation store, shared
 * by every evaluation (REPL lines, script chunks). An error leaves the session usable: the rings are
 * unwound to where the evaluation began.
 */
public final class KSession {
    /** Default context ring size in slots: room for well over 100,000 nested non-tail calls. */
    public static final int DEFAULT_RING = 1 << 19;

    private final Code code = new Code();
    private final Interp interp;
    private final long fuel;

    /**
     * @param ringSlots context ring capacity (a power of two, rounded up); the continuation store gets
     *                  as many records
     * @param fuel      evaluation steps allowed per evaluation (cells evaluated, calls, adverb steps)
     * @param show      receives values printed by {@code 0N!x}
     */
    public KSession(int ringSlots, long fuel, Consumer<String> show) {
        int size = Integer.highestOneBit(Math.max(16, ringSlots - 1)) << 1;
        if (ringSlots >= 16 && Integer.bitCount(ringSlots) == 1) size = ringSlots;
        interp = new Interp(code, size, size, v -> show.accept(Printer.format(v)));
        interp.fuel = fuel;
        this.fuel = fuel;
    }

    public KSession() {
        this(DEFAULT_RING, Long.MAX_VALUE, s -> {});
    }

    /** Parses and evaluates source whose first line is {@code firstLine}; returns the last value, or null if there were no statements. */
    public Object eval(String src, int firstLine) {
        int program = Parser.parse(code, src, firstLine);
        if (code.b(program) == 0) return null;
        return execute(program);
    }

    /** Parses source into this session's code segment; returns the program cell for {@link #execute}, or -1 if empty. */
    public int compile(String src, int firstLine) {
        int program = Parser.parse(code, src, firstLine);
        return code.b(program) == 0 ? -1 : program;
    }

    /** Evaluates a compiled program (fuel counted afresh). */
    public Object execute(int program) {
        interp.resume(fuel); // an interrupt that came after the last evaluation ended is not for this one
        interp.steps = 0;
        try {
            return interp.run(program);
        } finally {
            interp.resume(fuel);
        }
    }

    /**
     * Stops the running evaluation from another thread (Ctrl-C in the REPL): it ends with the error
     * {@code interrupted.} at its next evaluation step and the session stays usable. Long primitives (a
     * vector operation, printing) finish first. No effect if nothing is running.
     */
    public void interrupt() {
        interp.interrupt();
    }

    /** The names of the globals defined so far (for completion). */
    public java.util.List<String> names() {
        java.util.List<String> names = new java.util.ArrayList<>();
        Object[] globals = interp.globals;
        for (int i = 0; i < Math.min(globals.length, code.symbols.size()); i++) {
            if (globals[i] != null) names.add(code.symbols.get(i));
        }
        return names;
    }

    public Object eval(String src) {
        return eval(src, 1);
    }

    /** Evaluates and formats the result as oK prints it (empty if there were no statements). */
    public String evalToString(String src) {
        Object v = eval(src, 1);
        return v == null ? "" : Printer.format(v);
    }

    public static String format(Object v) {
        return Printer.format(v);
    }

    /**
     * Turns the compiled tier for int lambdas (see {@code docs/k.md}) on or off; on by default. Results
     * are the same either way; it is never used while fuel is limited.
     */
    public void setCompile(boolean on) { interp.jitOn = on; }

    public boolean compileEnabled() { return interp.jitOn; }

    public ContextRing ring() { return interp.ring; }
    public ContinuationStack continuations() { return interp.cs; }
    public long steps() { return interp.steps; }
}
