package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.vm.MachineLayout.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The engine for a cold JVM: {@link SwitchEngine}'s checking loop, statement for statement, over Java
 * arrays instead of the off-heap segments. In HotSpot's bytecode interpreter (where a one-shot
 * {@code piglet run} spends its first few hundred thousand instructions) every segment access through a
 * VarHandle costs a chain of un-inlined calls, while an array access is one bytecode; so this loop runs
 * many times faster until the JIT compilers have caught up, and reaches C1's OSR code early. The
 * command line's {@code run} uses it when no engine is named. It allocates per run (the code copied to
 * a {@code byte[]}, 512 KiB of memory as a {@code long[]}) and copies the stack and memory back to the
 * machine's segment at the end, so it is meant for one run per process, not for embedding: it is
 * not in the engine registry ({@code dev.piglet.engines.Engines}), and hosts keep the allocation-free engines.
 */
public final class ColdEngine implements Engine {
    @Override
    public String name() {
        return "cold";
    }

    /** The status of a run that {@link BackEdges#stopAt} stopped: its state is in the segment, to be continued. */
    public static final int STOPPED_AT_BACK_EDGE = -4;

    /** Told about a run's loop back-edges (tiered execution): may stop the run there for another tier to go on. */
    public interface BackEdges {
        /** How many taken back-edges (jumps to the same or a lower pc) pass between calls to {@link #stopAt}. */
        int period();

        /** At a taken back-edge to {@code target} (the jump executed and counted): true stops the run there. */
        boolean stopAt(int target);
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        return execute(program, machine, out, in, fuel, null);
    }

    /**
     * {@link #execute}, asking {@code backEdges} (when not null) every {@link BackEdges#period} back-edges
     * whether to stop. A stopped run returns {@link #STOPPED_AT_BACK_EDGE} with the machine exactly as another
     * engine would leave it there (pc the jump's target, steps, sp, stack, result and memory in the segment).
     */
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel, BackEdges backEdges) {
        int countdown = backEdges == null ? 0 : backEdges.period();
        final int length = program.length();
        // code plus the zero padding, as the segment holds it
        final byte[] code = program.code().toArray(ValueLayout.JAVA_BYTE);
        final long[] s = new long[STACK_WORDS];
        // a run starts with zero memory (the machine was prepared), so a fresh array is its exact copy
        final long[] mem = new long[MEMORY_WORDS];
        // An argument-carrying instruction must start at or before this offset to be complete.
        final int lastArgStart = length - 3;
        int pc = 0;
        int sp = 0;
        long steps = 0;
        long result = 0;
        int status;
        loop:
        while (true) {
            if (steps == fuel) {
                status = Status.OUT_OF_FUEL;
                break;
            }
            int op = code[pc] & 0xFF;
            int arg = 0;
            if (hasArgument(op)) {
                if (pc > lastArgStart) {
                    status = Status.END_OF_STREAM;
                    break;
                }
                arg = (code[pc + 1] & 0xFF) << 8
                        | (code[pc + 2] & 0xFF);
            }
            // Stack bounds for this instruction, checked before it has any effect.
            if (isDefined(op)) {
                if (sp < pops(op)) {
                    status = Status.STACK_UNDERFLOW;
                    break;
                }
                if (sp - pops(op) + pushes(op) > STACK_WORDS) {
                    status = Status.STACK_OVERFLOW;
                    break;
                }
            }
            int next = pc + size(op);
            switch (op) {
                case ABORT -> {
                    status = Status.END_OF_STREAM;
                    break loop;
                }
                case PUSHI -> {
                    s[sp] = (long) arg;
                    sp++;
                }
                case LOADI -> {
                    s[sp] = mem[(int) (arg & ADDRESS_MASK)];
                    sp++;
                }
                case LOADADDI -> {
                    long top = s[sp - 1];
                    s[sp - 1] = top + mem[(int) (arg & ADDRESS_MASK)];
                }
                case STOREI -> {
                    sp--;
                    mem[(int) (arg & ADDRESS_MASK)] = s[sp];
                }
                case LOAD -> {
                    long addr = s[sp - 1];
                    s[sp - 1] = mem[(int) (addr & ADDRESS_MASK)];
                }
                case STORE -> {
                    long val = s[sp - 1];
                    long addr = s[sp - 2];
                    mem[(int) (addr & ADDRESS_MASK)] = val;
                    sp -= 2;
                }
                case DUP -> {
                    s[sp] = s[sp - 1];
                    sp++;
                }
                case DISCARD -> sp--;
                case ADD, SUB, MUL, EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
                    long r = s[sp - 1];
                    long l = s[sp - 2];
                    s[sp - 2] = binary(op, l, r);
                    sp--;
                }
                case DIV -> {
                    long r = s[sp - 1];
                    if (Ops.divisionFaults(r)) {
                        status = Status.DIVISION_BY_ZERO;
                        break loop;
                    }
                    long l = s[sp - 2];
                    s[sp - 2] = Ops.div(l, r);
                    sp--;
                }
                case ADDI -> {
                    long top = s[sp - 1];
                    s[sp - 1] = top + arg;
                }
                case JUMP -> {
                    if (arg > length) {
                        status = Status.BAD_JUMP;
                        break loop;
                    }
                    next = arg;
                }
                case JUMP_IF_TRUE, JUMP_IF_FALSE -> {
                    // The target is checked only when the jump is taken: a jump not taken has no target (as in the reference).
                    boolean taken = Ops.isTrue(s[sp - 1]) == (op == JUMP_IF_TRUE);
                    if (taken && arg > length) {
                        status = Status.BAD_JUMP;
                        break loop;
                    }
                    sp--;
                    if (taken) {
                        next = arg;
                    }
                }
                case GREATER_OR_EQUALI -> {
                    long top = s[sp - 1];
                    s[sp - 1] = Ops.greaterOrEqual(top, arg);
                }
                case POP_RES -> {
                    sp--;
                    result = s[sp];
                }
                case DONE -> {
                    steps++;
                    status = Status.SUCCESS;
                    break loop;
                }
                case PRINT -> {
                    sp--;
                    out.print(s[sp]);
                }
                case READ -> {
                    if (arg > length) {
                        status = Status.BAD_JUMP;
                        break loop;
                    }
                    int got = in.next();
                    if (got == Input.WORD) {
                        s[sp] = in.word();
                        sp++;
                    } else if (got == Input.END) {
                        next = arg;
                    } else {
                        status = Status.BAD_INPUT;
                        break loop;
                    }
                }
                default -> {
                    status = Status.UNKNOWN_OPCODE;
                    break loop;
                }
            }
            steps++;
            if (next <= pc && backEdges != null && --countdown == 0) {
                countdown = backEdges.period();
                if (backEdges.stopAt(next)) {
                    pc = next;
                    status = STOPPED_AT_BACK_EDGE;
                    break;
                }
            }
            pc = next;
        }
        final MemorySegment m = machine.segment();
        MemorySegment.copy(s, 0, m, ValueLayout.JAVA_LONG, STACK, sp);
        // cells the program did not write are zero here and in the segment: copying them changes nothing
        MemorySegment.copy(mem, 0, m, ValueLayout.JAVA_LONG, MEMORY, MEMORY_WORDS);
        WORD.set(m, RESULT, result);
        machine.finish(status, pc, sp, steps);
        return status;
    }

    private static long binary(int op, long l, long r) {
        return Ops.binary(op, l, r);
    }
}
