package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.vm.MachineLayout.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import java.lang.foreign.MemorySegment;

/**
 * The checking loop — the executable spec of the instruction set — resumable from any state.
 * {@link SwitchEngine} is this loop from pc 0; the fast engines hand over to
 * it when the fuel left does not cover their next straight-line run, so that <em>out of fuel</em> (and
 * any fault before it) lands on exactly the pc and step count the switch engine reports.
 */
public final class Stepper {
    private Stepper() {}

    /**
     * Continues a run from {@code pc} with {@code sp} words already on the machine's stack, {@code steps}
     * executed and {@code result} in the result register; records the outcome in the machine.
     */
    public static int resume(Program program, MachineState machine, Output out, Input in, long fuel,
            int pc, int sp, long steps, long result) {
        final MemorySegment code = program.code();
        final MemorySegment m = machine.segment();
        final int length = program.length();
        // An argument-carrying instruction must start at or before this offset to be complete.
        final int lastArgStart = length - 3;
        int status;
        loop:
        while (true) {
            if (steps == fuel) {
                status = Status.OUT_OF_FUEL;
                break;
            }
            int op = (byte) CODE_BYTE.get(code, (long) pc) & 0xFF;
            int arg = 0;
            if (hasArgument(op)) {
                if (pc > lastArgStart) {
                    status = Status.END_OF_STREAM;
                    break;
                }
                arg = ((byte) CODE_BYTE.get(code, (long) pc + 1) & 0xFF) << 8
                        | ((byte) CODE_BYTE.get(code, (long) pc + 2) & 0xFF);
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
                    WORD.set(m, stackSlot(sp), (long) arg);
                    sp++;
                }
                case LOADI -> {
                    WORD.set(m, stackSlot(sp), (long) WORD.get(m, memoryCell(arg)));
                    sp++;
                }
                case LOADADDI -> {
                    long top = (long) WORD.get(m, stackSlot(sp - 1));
                    WORD.set(m, stackSlot(sp - 1), top + (long) WORD.get(m, memoryCell(arg)));
                }
                case STOREI -> {
                    sp--;
                    WORD.set(m, memoryCell(arg), (long) WORD.get(m, stackSlot(sp)));
                }
                case LOAD -> {
                    long addr = (long) WORD.get(m, stackSlot(sp - 1));
                    WORD.set(m, stackSlot(sp - 1), (long) WORD.get(m, memoryCell(addr)));
                }
                case STORE -> {
                    long val = (long) WORD.get(m, stackSlot(sp - 1));
                    long addr = (long) WORD.get(m, stackSlot(sp - 2));
                    WORD.set(m, memoryCell(addr), val);
                    sp -= 2;
                }
                case DUP -> {
                    WORD.set(m, stackSlot(sp), (long) WORD.get(m, stackSlot(sp - 1)));
                    sp++;
                }
                case DISCARD -> sp--;
                case ADD, SUB, MUL, EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
                    long r = (long) WORD.get(m, stackSlot(sp - 1));
                    long l = (long) WORD.get(m, stackSlot(sp - 2));
                    WORD.set(m, stackSlot(sp - 2), Ops.binary(op, l, r));
                    sp--;
                }
                case DIV -> {
                    long r = (long) WORD.get(m, stackSlot(sp - 1));
                    if (Ops.divisionFaults(r)) {
                        status = Status.DIVISION_BY_ZERO;
                        break loop;
                    }
                    long l = (long) WORD.get(m, stackSlot(sp - 2));
                    WORD.set(m, stackSlot(sp - 2), Ops.div(l, r));
                    sp--;
                }
                case ADDI -> {
                    long top = (long) WORD.get(m, stackSlot(sp - 1));
                    WORD.set(m, stackSlot(sp - 1), Ops.add(top, arg));
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
                    boolean taken = Ops.isTrue((long) WORD.get(m, stackSlot(sp - 1))) == (op == JUMP_IF_TRUE);
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
                    long top = (long) WORD.get(m, stackSlot(sp - 1));
                    WORD.set(m, stackSlot(sp - 1), Ops.greaterOrEqual(top, arg));
                }
                case POP_RES -> {
                    sp--;
                    result = (long) WORD.get(m, stackSlot(sp));
                }
                case DONE -> {
                    steps++;
                    status = Status.SUCCESS;
                    break loop;
                }
                case PRINT -> {
                    sp--;
                    out.print((long) WORD.get(m, stackSlot(sp)));
                }
                case READ -> {
                    if (arg > length) {
                        status = Status.BAD_JUMP;
                        break loop;
                    }
                    int got = in.next();
                    if (got == Input.WORD) {
                        WORD.set(m, stackSlot(sp), in.word());
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
            pc = next;
        }
        WORD.set(m, RESULT, result);
        machine.finish(status, pc, sp, steps);
        return status;
    }

}
