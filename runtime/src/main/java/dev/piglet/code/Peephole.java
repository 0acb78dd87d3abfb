package dev.piglet.code;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic superinstructions: fuses common instruction pairs of any program at load time, in the word
 * code only (the {@code .bin} is untouched). Pairs are fused left to right, repeatedly, so a fused op
 * can fuse again (DUP, PUSHI, GREATER_OR_EQUAL, JUMP_IF_FALSE becomes one word). The pairs are the
 * most frequent dynamic opcode pairs of the example workloads (see docs/engines.md).
 *
 * <p>The second member of a pair is never a jump target, and no member but the last transfers
 * control, so every target keeps its meaning. No fused op can fault.
 */
public final class Peephole {
    private Peephole() {}

    /**
     * One instruction or fused group: word opcode, immediate, target pc (or 2nd immediate), weight, first pc,
     * and the extension word of a two-word op ({@link WordCodeLayout#span}).
     */
    public record Item(int op, int arg, int targetPc, int weight, int pc, long ext) {
        public Item(int op, int arg, int targetPc, int weight, int pc) {
            this(op, arg, targetPc, weight, pc, 0);
        }
    }

    public static List<Item> fuse(List<Item> items, Verification v) {
        List<Item> cur = new ArrayList<>(items);
        boolean changed = true;
        while (changed) {
            changed = false;
            List<Item> next = new ArrayList<>(cur.size());
            for (int i = 0; i < cur.size(); i++) {
                Item a = cur.get(i);
                if (i + 1 < cur.size()) {
                    Item b = cur.get(i + 1);
                    // Consecutive items are consecutive in flow: no first member transfers control.
                    Item f = v.isJumpTarget(b.pc()) ? null : pair(a, b);
                    if (f != null) {
                        next.add(f);
                        i++;
                        changed = true;
                        continue;
                    }
                }
                next.add(a);
            }
            cur = next;
        }
        return cur;
    }

    private static Item pair(Item a, Item b) {
        int w = a.weight() + b.weight();
        int op = switch (a.op()) {
            case PUSHI -> switch (b.op()) {
                case ADD -> ADDI;
                case GREATER_OR_EQUAL -> GREATER_OR_EQUALI;
                case STORE -> STORE_IMM;
                case LESS_JUMP_IF_TRUE -> LTI_JUMP_IF_TRUE;
                default -> -1;
            };
            case LOADI -> switch (b.op()) {
                case ADD -> LOADADDI;
                case LOADI -> LOADI_LOADI;
                case ADDI -> LOADI_ADDI;
                default -> -1;
            };
            case GREATER_OR_EQUALI -> switch (b.op()) {
                case JUMP_IF_FALSE -> GEI_JUMP_IF_FALSE;
                case JUMP_IF_TRUE -> GEI_JUMP_IF_TRUE;
                default -> -1;
            };
            case LESS -> b.op() == JUMP_IF_FALSE ? LESS_JUMP_IF_FALSE : b.op() == JUMP_IF_TRUE ? LESS_JUMP_IF_TRUE : -1;
            case EQUAL -> b.op() == JUMP_IF_FALSE ? EQUAL_JUMP_IF_FALSE : -1;
            case LOAD -> b.op() == JUMP_IF_TRUE ? LOAD_JUMP_IF_TRUE : -1;
            case ADDI -> b.op() == JUMP ? ADDI_JUMP : -1;
            // The loop counter's increment: only when both members name the same cell.
            case LOADI_ADDI -> b.op() == DUP_STOREI && a.arg() == b.arg() ? INC_KEEP : -1;
            case LOADADDI -> b.op() == TOP_GEI_JUMP_IF_FALSE ? LOADADDI_TOP_GEI_JUMP_IF_FALSE : -1;
            case INC_KEEP -> switch (b.op()) {
                case GEI_JUMP_IF_FALSE -> INC_GEI_JUMP_IF_FALSE;
                case GEI_JUMP_IF_TRUE -> INC_GEI_JUMP_IF_TRUE;
                case TOP_GEI_JUMP_IF_FALSE -> INC_TOP_GEI_JUMP_IF_FALSE;
                case TOP_GEI_JUMP_IF_TRUE -> INC_TOP_GEI_JUMP_IF_TRUE;
                case LTI_JUMP_IF_TRUE -> INC_LTI_JUMP_IF_TRUE;
                default -> -1;
            };
            case STORE_IMM_KEEP -> b.op() == LOADADDI_TOP_GEI_JUMP_IF_FALSE ? STRIDE_FILL_LOOP : -1;
            case DUP -> switch (b.op()) {
                case STOREI -> DUP_STOREI;
                case STORE_IMM -> STORE_IMM_KEEP;
                case GEI_JUMP_IF_FALSE -> TOP_GEI_JUMP_IF_FALSE;
                case GEI_JUMP_IF_TRUE -> TOP_GEI_JUMP_IF_TRUE;
                case LOAD_JUMP_IF_TRUE -> TOP_LOAD_JUMP_IF_TRUE;
                default -> -1;
            };
            default -> -1;
        };
        if (op < 0) {
            return null;
        }
        return switch (op) {
            // The immediate comes from the first member, the target from the second.
            case ADDI, GREATER_OR_EQUALI, STORE_IMM, LOADADDI -> new Item(op, a.arg(), 0, w, a.pc());
            case LOADI_LOADI, LOADI_ADDI -> new Item(op, a.arg(), b.arg(), w, a.pc());
            case ADDI_JUMP -> new Item(op, a.arg(), b.targetPc(), w, a.pc());
            case GEI_JUMP_IF_FALSE, GEI_JUMP_IF_TRUE -> new Item(op, a.arg(), b.targetPc(), w, a.pc());
            case LESS_JUMP_IF_FALSE, EQUAL_JUMP_IF_FALSE, LESS_JUMP_IF_TRUE, LOAD_JUMP_IF_TRUE ->
                    new Item(op, 0, b.targetPc(), w, a.pc());
            case DUP_STOREI -> new Item(op, b.arg(), 0, w, a.pc());
            // Cell and increment from LOADI_ADDI (increment in its target field).
            case INC_KEEP -> new Item(op, a.arg(), a.targetPc(), w, a.pc());
            case LOADADDI_TOP_GEI_JUMP_IF_FALSE ->
                    new Item(op, a.arg(), b.targetPc(), w, a.pc(), WordCodeLayout.extension(b.arg(), 0));
            case LTI_JUMP_IF_TRUE -> new Item(op, a.arg(), b.targetPc(), w, a.pc());
            // Stored constant from STORE_IMM_KEEP; cell, bound and target from the loop test.
            case STRIDE_FILL_LOOP -> new Item(op, b.arg(), b.targetPc(), w, a.pc(),
                    WordCodeLayout.extension(a.arg(), WordCodeLayout.extLow(b.ext())));
            case INC_GEI_JUMP_IF_FALSE, INC_GEI_JUMP_IF_TRUE, INC_TOP_GEI_JUMP_IF_FALSE, INC_TOP_GEI_JUMP_IF_TRUE,
                    INC_LTI_JUMP_IF_TRUE ->
                    new Item(op, a.arg(), b.targetPc(), w, a.pc(), WordCodeLayout.extension(a.targetPc(), b.arg()));
            // DUP + a fused op: keep the fused op's immediate and target.
            default -> new Item(op, b.arg(), b.targetPc(), w, a.pc());
        };
    }
}
