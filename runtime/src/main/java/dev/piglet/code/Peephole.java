package dev.piglet.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Dynamic superinstructions: fuses common instruction pairs of any program at load time, in the word
 * code only (the {@code .bin} is untouched). Pairs are fused left to right, repeatedly, so a fused op
 * can fuse again (DUP, PUSHI, GREATER_OR_EQUAL, JUMP_IF_FALSE becomes one word). The pairs are the
 * most frequent dynamic word-op pairs of the corpus and the example workloads (see docs/engines.md); the
 * table of fused ops is {@link FusedOps}.
 *
 * <p>The second member of a pair is never a jump target, and no member but the last transfers
 * control, so every target keeps its meaning. No fused op can fault; the one that divides by a cell hands a
 * division by zero to the checking loop ({@link FusedOps#divides}).
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

    /** Longest expression between a store's address and the STORE that {@link #storesToStoreis} looks at. */
    private static final int MAX_EXPRESSION = 64;

    /**
     * Fuses {@code items}. {@code addressPending}, indexed by pc, is set for the pcs where the fused code's
     * stack lacks a store address the original program has on its stack (see {@link #storesToStoreis}): an
     * engine must not hand a run over to the checking loop at a word with such a pc.
     */
    public static List<Item> fuse(List<Item> items, Verification v, boolean[] addressPending) {
        List<Item> cur = storesToStoreis(items, v, addressPending);
        cur = modulosByCell(cur, v, addressPending);
        cur = pairs(cur, v, false);
        return pairs(cur, v, true);
    }

    /** Fuses pairs left to right until none fuses; {@code late} also tries the late ops ({@link FusedOps}). */
    private static List<Item> pairs(List<Item> items, Verification v, boolean late) {
        List<Item> cur = items;
        boolean changed = true;
        while (changed) {
            changed = false;
            List<Item> next = new ArrayList<>(cur.size());
            for (int i = 0; i < cur.size(); i++) {
                Item a = cur.get(i);
                if (i + 1 < cur.size()) {
                    Item b = cur.get(i + 1);
                    // Consecutive items are consecutive in flow: no first member transfers control.
                    Item f = v.isJumpTarget(b.pc()) ? null : FusedOps.fuse(a, b, late);
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

    /**
     * Compiled code assigns with {@code PUSHI a, <expression>, STORE}: the address waits under the
     * expression. When the expression is straight-line code that cannot fault or stop, never reaches down
     * to the address, and no jump lands inside it, the address need not be on the stack at all:
     * {@code <expression>, STOREI a} leaves the same stack and memory. The PUSHI's pc and weight move to
     * the expression's first item, so runs, steps and a jump to the PUSHI stay exact. No state between the
     * PUSHI and the STORE is ever observed: fuel is charged a run at a time from its start, and nothing in
     * the expression can fault, print or read. The pcs after the expression's first item are marked in
     * {@code addressPending}.
     */
    static List<Item> storesToStoreis(List<Item> items, Verification v, boolean[] addressPending) {
        Item[] out = items.toArray(Item[]::new);
        boolean[] removed = new boolean[out.length];
        for (int i = 0; i + 2 < out.length; i++) {
            if (removed[i] || out[i].op() != Opcodes.PUSHI || v.isJumpTarget(items.get(i + 1).pc())) {
                continue;
            }
            int store = storeOf(items, v, i);
            if (store < 0) {
                continue;
            }
            Item push = out[i];
            Item first = out[i + 1];
            removed[i] = true;
            out[i + 1] = new Item(first.op(), first.arg(), first.targetPc(), first.weight() + push.weight(), push.pc(),
                    first.ext());
            Item st = out[store];
            out[store] = new Item(Opcodes.STOREI, push.arg(), 0, st.weight(), st.pc(), 0);
            for (int k = i + 2; k <= store; k++) {
                addressPending[items.get(k).pc()] = true;
            }
        }
        List<Item> kept = new ArrayList<>(out.length);
        for (int i = 0; i < out.length; i++) {
            if (!removed[i]) {
                kept.add(out[i]);
            }
        }
        return kept;
    }

    /** The compiled {@code x % m} with x and m variables a and c: {@link FusedOps#MOD_CELLS}'s instructions. */
    private static final int[] MOD = {Opcodes.PUSHI, Opcodes.LOAD, Opcodes.PUSHI, Opcodes.LOAD, Opcodes.PUSHI,
            Opcodes.LOAD, Opcodes.DIV, Opcodes.PUSHI, Opcodes.LOAD, Opcodes.MUL, Opcodes.SUB};

    /**
     * Rewrites the compiled modulo by a variable, which pairs cannot reach (an assignment's address push takes
     * the first read): each {@link #MOD} sequence that reads one x cell twice and one m cell twice, with no jump
     * target after its first instruction, into one MOD_CELLS item. It may divide by zero, so it must start where
     * the checking loop can take over ({@code addressPending} clear: {@link #storesToStoreis} never drops an
     * address push around a DIV by a variable anyway).
     */
    static List<Item> modulosByCell(List<Item> items, Verification v, boolean[] addressPending) {
        List<Item> out = new ArrayList<>(items.size());
        int i = 0;
        while (i < items.size()) {
            Item first = items.get(i);
            if (!addressPending[first.pc()] && matches(items, i, MOD, v) && first.arg() == items.get(i + 2).arg()
                    && items.get(i + 4).arg() == items.get(i + 7).arg()) {
                out.add(new Item(FusedOps.MOD_CELLS, first.arg(), items.get(i + 4).arg(), weight(items, i, MOD.length),
                        first.pc()));
                i += MOD.length;
            } else {
                out.add(first);
                i++;
            }
        }
        return out;
    }

    private static boolean matches(List<Item> items, int i, int[] ops, Verification v) {
        if (i + ops.length > items.size()) {
            return false;
        }
        for (int k = 0; k < ops.length; k++) {
            Item it = items.get(i + k);
            if (it.op() != ops[k] || k > 0 && v.isJumpTarget(it.pc())) {
                return false;
            }
        }
        return true;
    }

    private static int weight(List<Item> items, int from, int count) {
        int weight = 0;
        for (int k = from; k < from + count; k++) {
            weight += items.get(k).weight();
        }
        return weight;
    }

    /** The index of the STORE that takes the PUSHI at {@code push} as its address, or -1 (see above). */
    private static int storeOf(List<Item> items, Verification v, int push) {
        int above = 1; // words above the one below the address: the address itself
        for (int j = push + 1; j < items.size() && j <= push + MAX_EXPRESSION; j++) {
            Item it = items.get(j);
            int op = it.op();
            if (v.isJumpTarget(it.pc())) {
                return -1;
            }
            if (op == Opcodes.STORE && above == 2) {
                return j;
            }
            boolean pure = switch (op) {
                case Opcodes.PUSHI, Opcodes.LOADI, Opcodes.LOADADDI, Opcodes.STOREI, Opcodes.LOAD, Opcodes.STORE,
                        Opcodes.DUP, Opcodes.DISCARD, Opcodes.ADD, Opcodes.ADDI, Opcodes.SUB, Opcodes.MUL,
                        Opcodes.EQUAL, Opcodes.LESS, Opcodes.LESS_OR_EQUAL, Opcodes.GREATER, Opcodes.GREATER_OR_EQUAL,
                        Opcodes.GREATER_OR_EQUALI -> true;
                // DIV by a constant other than zero cannot fault.
                case Opcodes.DIV -> items.get(j - 1).op() == Opcodes.PUSHI && items.get(j - 1).arg() != 0 && j - 1 > push;
                default -> false;
            };
            if (!pure || above - Opcodes.pops(op) < 1) {
                return -1;
            }
            above += Opcodes.pushes(op) - Opcodes.pops(op);
        }
        return -1;
    }
}
