package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;

/**
 * Which operand stack slots hold a truth value (0 or 1) before each instruction: a comparison's result, a
 * {@code PUSHI 0} or {@code PUSHI 1}, a copy of one, or the product of two. Compiled C writes a conjunction of
 * conditions as such a product ({@code (a != b) * (c != d)}) and a negation as {@code x == 0}; on truth values
 * the JIT compiles them to an AND and an XOR with 1, one cycle each, where a multiply costs three and a
 * comparison a compare and a set.
 *
 * <p>One forward pass in pc order; a jump target starts with no slot known (any predecessor could have put
 * anything there), so the result holds on every path. Slots from 64 up are never known.
 */
final class TruthSlots {
    private final long[] known;

    private TruthSlots(long[] known) {
        this.known = known;
    }

    static TruthSlots of(Program program, Verification v) {
        int length = program.length();
        long[] known = new long[length + 1];
        long mask = 0;
        for (int pc = 0; pc <= length; pc++) {
            if (!v.isStart(pc)) {
                continue;
            }
            if (v.isJumpTarget(pc)) {
                mask = 0;
            }
            known[pc] = mask;
            if (FuelRuns.isStop(program, pc)) {
                mask = 0;
                continue;
            }
            int op = program.byteAt(pc);
            int d = v.depthAt(pc);
            mask = switch (op) {
                case PUSHI -> {
                    int k = program.argumentAt(pc);
                    yield set(mask, d, k == 0 || k == 1);
                }
                case DUP -> set(mask, d, isSet(mask, d - 1));
                case LOADI, READ -> set(mask, d, false);
                case LOAD, LOADADDI, ADDI -> set(mask, d - 1, false);
                case GREATER_OR_EQUALI -> set(mask, d - 1, true);
                case ADD, SUB, DIV -> set(mask, d - 2, false);
                case MUL -> set(mask, d - 2, isSet(mask, d - 2) && isSet(mask, d - 1));
                case EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> set(mask, d - 2, true);
                case STORE -> below(mask, d - 2);
                case STOREI, DISCARD, POP_RES, PRINT, JUMP_IF_TRUE, JUMP_IF_FALSE -> below(mask, d - 1);
                default -> 0; // JUMP, DONE: what follows is reached by a jump, if at all
            };
        }
        return new TruthSlots(known);
    }

    /** True when stack slot {@code slot} holds 0 or 1 whenever the instruction at {@code pc} starts. */
    boolean isTruth(int pc, int slot) {
        return isSet(known[pc], slot);
    }

    private static boolean isSet(long mask, int slot) {
        return slot >= 0 && slot < 64 && (mask >>> slot & 1) != 0;
    }

    /** The slots below {@code slot} as they were, {@code slot} itself as {@code truth} says, none above. */
    private static long set(long mask, int slot, boolean truth) {
        long kept = below(mask, slot);
        return truth && slot < 64 ? kept | 1L << slot : kept;
    }

    private static long below(long mask, int slot) {
        return slot >= 64 ? mask : slot <= 0 ? 0 : mask & (-1L >>> (64 - slot));
    }
}
