package dev.piglet.k;

import java.lang.ref.Cleaner;
import java.util.function.Consumer;

/**
 * A K session: one code segment, one set of globals, one context ring and continuation store, shared
 * by every evaluation (REPL lines, script chunks). An error leaves the session usable: the rings are
 * unwound to where the evaluation began.
 *
 * <p>Resources: a line evaluated by {@link #eval} that defines no lambda leaves nothing behind in the
 * session's code (see {@link Code}), so the session's memory follows its live values and the lambdas it
 * defined, not the number of evaluations. Its native memory (code segment and continuation records) is
 * freed by {@link #close} at once; a session dropped without closing frees it when the garbage collector
 * finds the session unreachable.
 *
 * <p>Fuel: by default every {@link #eval} and {@link #execute} may take the session's fuel in steps.
 * With {@link #setRefuelEachEvaluation}{@code (false)} the steps are counted across evaluations from
 * the last {@link #refuel} instead: the command line refuels once per script (and once per REPL line),
 * so {@code --fuel} bounds everything a run does, {@code \t} repetitions included.
 */
public final class KSession implements AutoCloseable {
    /** Default context ring size in slots: room for well over 100,000 nested non-tail calls. */
    public static final int DEFAULT_RING = 1 << 19;

    /** Frees a session's native memory when the session was dropped without {@link #close}. */
    private static final Cleaner CLEANER = Cleaner.create();

    private final Code code = new Code();
    private final Interp interp;
    /** Closes the code's and the continuations' arenas: at {@link #close}, or once the session is garbage. */
    private final Cleaner.Cleanable nativeMemory;
    private boolean closed;
    private boolean refuelEach = true;
    /** The steps allowed between refuels; restored after an {@link #interrupt}. */
    private final long fuel;

    /**
     * @param ringSlots context ring capacity (a power of two, rounded up); the continuation store gets
     *                  as many records
     * @param fuel      evaluation steps allowed between refuels (cells evaluated, calls, adverb steps)
     * @param show      receives values printed by {@code 0N!x}
     */
    public KSession(int ringSlots, long fuel, Consumer<String> show) {
        int size = Integer.highestOneBit(Math.max(16, ringSlots - 1)) << 1;
        if (ringSlots >= 16 && Integer.bitCount(ringSlots) == 1) size = ringSlots;
        interp = new Interp(code, size, size, v -> show.accept(Printer.format(v)));
        interp.fuel = fuel;
        this.fuel = fuel;
        Code c = code; // the action must not refer to this session, or it would never become garbage
        ContinuationStack cs = interp.cs;
        nativeMemory = CLEANER.register(this, () -> {
            cs.close();
            c.close();
        });
    }

    public KSession() {
        this(DEFAULT_RING, Long.MAX_VALUE, s -> {});
    }

    private void open() {
        if (closed) throw new IllegalStateException("K session is closed");
    }

    /**
     * Parses and evaluates source whose first line is {@code firstLine}; returns the last value, or null
     * if there were no statements. The source's code is forgotten afterwards unless it defined a lambda.
     */
    public Object eval(String src, int firstLine) {
        open();
        long mark = code.mark();
        int lambdas = code.lambdaCount();
        boolean parsed = false;
        try {
            int program = Parser.parse(code, src, firstLine);
            parsed = true;
            if (code.b(program) == 0) return null;
            return run(program);
        } finally {
            // a failed parse never ran; a line without lambdas left no value that refers to its cells
            if (!parsed || code.lambdaCount() == lambdas) {
                code.rollback(mark, lambdas);
                interp.forgetPrograms();
            }
        }
    }

    /**
     * Parses source into this session's code segment; returns the program cell for {@link #execute}, or -1
     * if empty. A compiled program is kept for the session's life (compile once, execute many times).
     */
    public int compile(String src, int firstLine) {
        open();
        long mark = code.mark();
        int lambdas = code.lambdaCount();
        try {
            int program = Parser.parse(code, src, firstLine);
            return code.b(program) == 0 ? -1 : program;
        } catch (RuntimeException e) {
            code.rollback(mark, lambdas);
            interp.forgetPrograms();
            throw e;
        }
    }

    /** Evaluates a compiled program (fuel counted afresh, unless {@link #setRefuelEachEvaluation} is off). */
    public Object execute(int program) {
        open();
        return run(program);
    }

    private Object run(int program) {
        interp.resume(fuel); // an interrupt that came after the last evaluation ended is not for this one
        if (refuelEach) interp.steps = 0;
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

    /**
     * Whether each evaluation gets the whole fuel (the default), or evaluations share what is left since
     * the last {@link #refuel}.
     */
    public void setRefuelEachEvaluation(boolean on) { refuelEach = on; }

    /** Fills the fuel tank: the next evaluations may take the session's fuel in steps again. */
    public void refuel() { interp.steps = 0; }

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

    /** Whether the interpreter gives lambdas int forms (see {@link IntForm}); on by default. For tests that compare the paths. */
    void setIntForms(boolean on) { interp.intForms = on; }

    public boolean compileEnabled() { return interp.jitOn; }

    /** Words of int-form code translated so far (see {@link IntForm}); for tests. */
    int intFormWords() { return code.forms.size(); }

    public ContextRing ring() { return interp.ring; }
    public ContinuationStack continuations() { return interp.cs; }
    public long steps() { return interp.steps; }

    /** Cells in the session's code (see {@link Code}): grows only with lines that define lambdas. */
    public int codeCells() { return code.cellCount(); }

    /** Native bytes the session holds: its code segment and its continuation records. */
    public long nativeBytes() { return closed ? 0 : code.nativeBytes() + interp.cs.nativeBytes(); }

    /** Frees the session's native memory now; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        nativeMemory.clean();
    }
}
