package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;

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
    public int execute(Program program, Machine machine, Output out, Input in, long fuel) {
        // The loop itself is Stepper.resume: the one checking loop, which the fast engines also use to
        // finish a run exactly (fuel, faults); a run of this engine is that loop from the start state.
        return Stepper.resume(program, machine, out, in, fuel, 0, 0, 0L, 0L);
    }

    /** The binary operators that cannot fault, on unsigned 64-bit words. */
    static long binary(int op, long l, long r) {
        return switch (op) {
            case ADD -> l + r;
            case SUB -> l - r;
            case MUL -> l * r;
            case EQUAL -> l == r ? 1 : 0;
            case LESS -> Long.compareUnsigned(l, r) < 0 ? 1 : 0;
            case LESS_OR_EQUAL -> Long.compareUnsigned(l, r) <= 0 ? 1 : 0;
            case GREATER -> Long.compareUnsigned(l, r) > 0 ? 1 : 0;
            case GREATER_OR_EQUAL -> Long.compareUnsigned(l, r) >= 0 ? 1 : 0;
            default -> throw new IllegalArgumentException("not a binary operator: " + op);
        };
    }
}
