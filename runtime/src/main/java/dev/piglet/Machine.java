package dev.piglet;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.Output;
import dev.piglet.code.Status;
import dev.piglet.vm.Stepper;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A Piglet machine for a Java host: its stack, memory and registers live in one off-heap segment,
 * allocated once and reused by every run. Run as many programs as you like, one at a time; a machine is
 * used by one thread at a time (hand it over freely between runs). Close it to free its memory.
 *
 * <pre>{@code
 * Program p = Piglet.assemble("PUSHI 6\nPUSHI 7\nMUL\nPOP_RES\nDONE");
 * try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
 *     Outcome o = m.run(p);          // faults are outcomes, never exceptions
 *     long answer = o.result();      // 42
 * }
 * }</pre>
 *
 * <p>A run allocates nothing on the Java heap in steady state. Misuse (a closed machine, two threads
 * running the same machine at once) throws {@link IllegalStateException}.
 */
public final class Machine implements AutoCloseable {
    private static final VarHandle BUSY;

    static {
        try {
            BUSY = MethodHandles.lookup().findVarHandle(Machine.class, "busy", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final BumpArena arena;
    private final dev.piglet.vm.MachineState state;
    private final Engine engine;
    private final long fuel;
    private final Output output;
    private final Input input;
    private final Outcome outcome;
    /**
     * Which memory cells may be non-zero, for {@link #save} and {@link #restore}: anywhere, or the write
     * set of {@link #dirtyProgram} plus the cells the last restore wrote.
     */
    private boolean dirtyAnywhere = true;
    private Program dirtyProgram;
    private int[] restoredCells = new int[0];
    /** Scratch for {@link #save}: which cells were already looked at (ANDed clear after each save). */
    private final long[] seen = new long[MachineLayout.MEMORY_WORDS / 64];
    @SuppressWarnings("unused") // through BUSY
    private volatile boolean busy;
    private volatile boolean closed;

    Machine(MachineOptions options) {
        this.engine = Engines.byName(options.engine()).orElseThrow(() -> new IllegalArgumentException(
                "unknown engine '" + options.engine() + "' (engines: " + Engines.names() + ")"));
        this.arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT);
        this.state = new dev.piglet.vm.MachineState(arena);
        this.fuel = options.fuel();
        this.output = options.newOutput();
        this.input = options.input();
        this.outcome = new Outcome(state);
    }

    /** Runs {@code program} from pc 0 on a fresh state (stack empty, memory and result zero), with the options' input. */
    public Outcome run(Program program) {
        return run(program, input);
    }

    /**
     * Runs {@code program} with READ taking words from {@code in}. Faults (division by zero, stack
     * overflow, out of fuel, ...) are outcomes; only a failing output sink (an I/O error) throws.
     *
     * @return this machine's outcome object, valid until the next run
     */
    public Outcome run(Program program, Input in) {
        enter();
        try {
            int status = engine.run(program, state, output, in, fuel);
            dirtyAnywhere = program.writesAnywhere();
            dirtyProgram = program;
            restoredCells = NO_CELLS;
            output.flush();
            outcome.inputError(status == dev.piglet.code.Status.BAD_INPUT ? in.error() : "");
            return outcome;
        } finally {
            busy = false;
        }
    }

    private static final int[] NO_CELLS = new int[0];

    /**
     * Continues the run this machine's state describes (the last run, or a {@link #restore}d state) at
     * its pc, with its stack, memory, result and step count, as if it had never stopped; at most the
     * options' fuel more instructions. This is how a host feeds a program word by word without a
     * thread per machine: give READ an {@link Input} that answers {@link Input#BAD} when it has no word
     * yet; the run stops at that READ with no effect (status {@link RunStatus#BAD_INPUT}, pc at the
     * READ), and {@code resume} later executes the READ again. Resuming also continues a run that ran
     * out of fuel. Resumed runs execute on the checking loop (the {@code switch} engine's),
     * whatever this machine's engine; they allocate nothing.
     *
     * @param program the program the state belongs to
     */
    public Outcome resume(Program program, Input in) {
        enter();
        try {
            long steps = state.steps();
            long limit = fuel > Long.MAX_VALUE - steps ? Long.MAX_VALUE : steps + fuel;
            if (dirtyProgram != program) {
                dirtyAnywhere |= dirtyProgram != null || program.writesAnywhere();
                dirtyProgram = program;
            }
            state.markAllDirty(); // the engines' own tracking cannot see a resumed run's writes
            int status = Stepper.resume(program, state, output, in, limit, (int) state.pc(), (int) state.sp(),
                    steps, state.result());
            output.flush();
            outcome.inputError(status == Status.BAD_INPUT ? in.error() : "");
            return outcome;
        } finally {
            busy = false;
        }
    }

    /**
     * The machine's state as the last run (or restore) left it, with only the non-zero memory cells.
     * Finds them among the cells the programs run since may write, so it costs a few reads for a program
     * that STOREIs to a few cells, and a scan of all 65,536 cells after one that may STORE anywhere.
     */
    public MachineSnapshot save() {
        enter();
        try {
            long[] stack = new long[(int) state.sp()];
            for (int i = 0; i < stack.length; i++) {
                stack[i] = state.stack(i);
            }
            int[] addresses;
            if (dirtyAnywhere) {
                int n = 0;
                for (int a = 0; a < MachineLayout.MEMORY_WORDS; a++) {
                    if (state.memory(a) != 0) {
                        n++;
                    }
                }
                addresses = new int[n];
                n = 0;
                for (int a = 0; a < MachineLayout.MEMORY_WORDS && n < addresses.length; a++) {
                    if (state.memory(a) != 0) {
                        addresses[n++] = a;
                    }
                }
            } else {
                addresses = nonZeroTrackedCells();
            }
            long[] values = new long[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                values[i] = state.memory(addresses[i]);
            }
            return new MachineSnapshot(state.status(), state.pc(), state.steps(), state.result(), stack, addresses, values);
        } finally {
            busy = false;
        }
    }

    /** The non-zero cells among the dirty program's write set and the restored cells, ascending. */
    private int[] nonZeroTrackedCells() {
        int count = 0;
        int written = dirtyProgram == null ? 0 : dirtyProgram.writtenCellCount();
        for (int pass = 0; pass < 2; pass++) {
            int n = pass == 0 ? written : restoredCells.length;
            for (int i = 0; i < n; i++) {
                int a = pass == 0 ? dirtyProgram.writtenCell(i) : restoredCells[i];
                if (state.memory(a) != 0 && (seen[a >>> 6] & (1L << a)) == 0) {
                    seen[a >>> 6] |= 1L << a;
                    count++;
                }
            }
        }
        int[] addresses = new int[count];
        int n = 0;
        for (int w = 0; w < seen.length && n < count; w++) {
            long bits = seen[w];
            while (bits != 0) {
                addresses[n++] = (w << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
            }
            seen[w] = 0;
        }
        return addresses;
    }

    /**
     * Loads {@code saved} into this machine (registers, stack and memory, every other cell zero), for
     * {@link #resume} or for reading with {@link #memory}, {@link #stack} and {@link #outcome}.
     * Clears only the cells earlier runs and restores may have written.
     */
    public void restore(MachineSnapshot saved) {
        enter();
        try {
            if (dirtyAnywhere) {
                state.reset();
            } else {
                if (dirtyProgram != null) {
                    for (int i = 0, n = dirtyProgram.writtenCellCount(); i < n; i++) {
                        state.setMemory(dirtyProgram.writtenCell(i), 0);
                    }
                }
                for (int a : restoredCells) {
                    state.setMemory(a, 0);
                }
            }
            long[] stack = saved.stack();
            for (int i = 0; i < stack.length; i++) {
                state.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, MachineLayout.stackSlot(i), stack[i]);
            }
            int[] addresses = saved.cellAddresses();
            long[] values = saved.cellValues();
            for (int i = 0; i < addresses.length; i++) {
                state.setMemory(addresses[i], values[i]);
            }
            state.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, MachineLayout.RESULT, saved.result());
            state.finish(saved.status(), saved.pc(), stack.length, saved.steps());
            state.markAllDirty(); // a later run() clears everything: restored cells are not in its books
            outcome.inputError("");
            dirtyAnywhere = false;
            dirtyProgram = null;
            restoredCells = addresses;
        } finally {
            busy = false;
        }
    }

    private void enter() {
        if (closed) {
            throw new IllegalStateException("machine is closed");
        }
        if (!BUSY.compareAndSet(this, false, true)) {
            throw new IllegalStateException("machine is already running a program on another thread;"
                    + " a machine runs one program at a time (make one machine per thread)");
        }
        if (closed) {
            busy = false;
            throw new IllegalStateException("machine is closed");
        }
    }

    /** The name of the engine this machine runs programs on. */
    public String engine() {
        return engine.name();
    }

    /** The last run's outcome (the same object {@link #run} returns). */
    public Outcome outcome() {
        return outcome;
    }

    /** {@code memory[address & 0xFFFF]} as the last run left it. */
    public long memory(long address) {
        checkOpen();
        return state.memory(address);
    }

    /** Words on the operand stack after the last run. */
    public int stackDepth() {
        checkOpen();
        return (int) state.sp();
    }

    /** stack[index] after the last run, 0 being the bottom. */
    public long stack(int index) {
        checkOpen();
        if (index < 0 || index >= state.sp()) {
            throw new IndexOutOfBoundsException("stack index " + index + " of depth " + state.sp());
        }
        return state.stack(index);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("machine is closed");
        }
    }

    /** Frees the machine's off-heap memory. Idempotent; fails if a run is in progress. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!BUSY.compareAndSet(this, false, true)) {
            throw new IllegalStateException("cannot close a machine while it runs a program");
        }
        closed = true;
        arena.close();
    }
}
