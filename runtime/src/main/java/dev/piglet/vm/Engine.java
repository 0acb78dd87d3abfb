package dev.piglet.vm;

import dev.piglet.code.Program;
import dev.piglet.code.Status;

/**
 * A way of executing Piglet bytecode. Every engine gives the same output and outcome for every
 * program: the same words printed, the same status, result, pc, stack and memory.
 *
 * <p>Fault rule shared by all engines: a faulting instruction has no effect (the stack is as before
 * it), the machine's pc is its offset, and everything PRINTed before it has reached the output.
 */
public interface Engine {
    /** No fuel limit. */
    long UNLIMITED = Long.MAX_VALUE;

    /** The name {@code --engine} selects it by. */
    String name();

    /**
     * Runs {@code program} from pc 0 on a machine in its start state (zero registers and memory, see
     * {@link MachineState#prepare}), executing at most {@code fuel}
     * instructions, PRINTing to {@code out} and READing from {@code in}. Faults are outcomes, never exceptions.
     *
     * @return the {@link Status} code, also stored in the machine with pc, sp and steps
     */
    default int run(Program program, MachineState machine, Output out, Input in, long fuel) {
        machine.prepare(program);
        return execute(program, machine, out, in, fuel);
    }

    /** {@link #run} with no input (every READ takes its end-of-input jump). */
    default int run(Program program, MachineState machine, Output out, long fuel) {
        return run(program, machine, out, Input.EMPTY, fuel);
    }

    /**
     * {@link #run} without preparing the machine: it must be in its start state, and prepared for
     * {@code program} (or a program whose write set covers it) so that it knows what to clear next.
     */
    int execute(Program program, MachineState machine, Output out, Input in, long fuel);
}
