package dev.piglet.vm;

import dev.piglet.code.Program;

/**
 * The baseline: a loop that fetches each opcode byte from the code segment and switches on it, as
 * the C reference's first engine does. Checks everything at run time (stack bounds, jump targets,
 * truncated arguments, fuel), so it runs any program, verified or not: the checking engine. Its loop is
 * {@link Stepper#resume} (the executable spec of the instruction set), run from pc 0.
 */
public final class SwitchEngine implements Engine {
    @Override
    public String name() {
        return "switch";
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        // The loop itself is Stepper.resume: the one checking loop, which the fast engines also use to
        // finish a run exactly (fuel, faults); a run of this engine is that loop from the start state.
        return Stepper.resume(program, machine, out, in, fuel, 0, 0, 0L, 0L);
    }
}
