package dev.piglet;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.Output;
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
            output.flush();
            outcome.inputError(status == dev.piglet.code.Status.BAD_INPUT ? in.error() : "");
            return outcome;
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
