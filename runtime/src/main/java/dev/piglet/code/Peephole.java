package dev.piglet.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic superinstructions: fuses common instruction pairs of any program at load time, in the word
 * code only (the {@code .bin} is untouched). Pairs are fused left to right, repeatedly, so a fused op
 * can fuse again (DUP, PUSHI, GREATER_OR_EQUAL, JUMP_IF_FALSE becomes one word). The pairs are the
 * most frequent dynamic opcode pairs of the example workloads (see docs/engines.md); the table of
 * fused ops is {@link FusedOps}.
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
                    Item f = v.isJumpTarget(b.pc()) ? null : FusedOps.fuse(a, b);
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
}
