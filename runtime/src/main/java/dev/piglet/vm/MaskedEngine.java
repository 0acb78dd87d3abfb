package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.vm.MachineLayout.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import java.lang.foreign.MemorySegment;

/**
 * The articles' "no range check" switch: the opcode byte is first mapped through a 256-entry table
 * (every byte from 27 up, including bytes 32..255 that {@code & 0x1f} would alias onto real opcodes,
 * becomes 27, an unknown opcode), then the loop switches on {@code kind & 0x1f} over all 32 cases, so
 * the switch is a bare jump table the compiler knows is in range. Stack bounds, argument sizes come
 * from the same kind-indexed tables, with no {@code isDefined} test. Checks everything else like
 * {@link SwitchEngine}, so it runs any program.
 */
public final class MaskedEngine implements Engine {
    @Override
    public String name() {
        return "masked";
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        final MemorySegment code = program.code();
        final MemorySegment m = machine.segment();
        final int length = program.length();
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
            int op = KIND[(byte) CODE_BYTE.get(code, (long) pc) & 0xFF] & 0x1f;
            int arg = 0;
            if (SIZE[op] == 3) {
                if (pc > lastArgStart) {
                    status = Status.END_OF_STREAM;
                    break;
                }
                arg = ((byte) CODE_BYTE.get(code, (long) pc + 1) & 0xFF) << 8
                        | ((byte) CODE_BYTE.get(code, (long) pc + 2) & 0xFF);
            }
            // Stack bounds for this instruction, checked before it has any effect.
            if (sp < POPS[op]) {
                status = Status.STACK_UNDERFLOW;
                break;
            }
            if (sp + GROWTH[op] > STACK_WORDS) {
                status = Status.STACK_OVERFLOW;
                break;
            }
            int next = pc + SIZE[op];
            switch (op & 0x1f) {
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
                case 27, 28, 29, 30, 31 -> {
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

    /** Byte → kind: the opcode itself for 0..26, 27 (unknown) for every other byte. */
    private static final byte[] KIND = new byte[256];
    /** Per kind (0..31): words needed, net growth and encoded size; unknown kinds need nothing, size 1. */
    private static final int[] POPS = new int[32];
    private static final int[] GROWTH = new int[32];
    private static final int[] SIZE = new int[32];

    static {
        for (int b = 0; b < 256; b++) {
            KIND[b] = (byte) (isDefined(b) ? b : COUNT);
        }
        for (int k = 0; k < 32; k++) {
            SIZE[k] = isDefined(k) ? size(k) : 1;
            POPS[k] = isDefined(k) ? pops(k) : 0;
            GROWTH[k] = isDefined(k) ? pushes(k) - pops(k) : 0;
        }
    }
}
