package dev.piglet.code;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.extLow;
import static dev.piglet.code.WordCodeLayout.extension;

import dev.piglet.code.Peephole.Item;
import java.util.HashMap;
import java.util.Map;

/**
 * The fused ops, each defined once: its word opcode, name, the pair of word ops it replaces, how many
 * words it takes, whether it transfers control (and so carries a jump target), and where its fields
 * come from. The peephole pass, the word-code builder and listings read this table; the engines'
 * handlers compute with {@code dev.piglet.vm.Ops}. Adding a fused op is one row here and one case per
 * word-code engine.
 *
 * <p>Fused ops exist only in word code. The last member is the only one that may jump. None can fault but the
 * one that divides by a cell ({@link #divides}): when that cell is zero, the engine hands the run over to the
 * checking loop ({@code Stepper}) at the op's first instruction, with the state as it was before the op, and the
 * checking loop faults at the DIV, with the pc, stack and step count of every other engine.
 */
public final class FusedOps {
    private FusedOps() {}

    /** DUP; STOREI a: mem[a] = top, top stays. */
    public static final int DUP_STOREI = 32;
    /** PUSHI k; STORE: addr = pop; mem[addr] = k. */
    public static final int STORE_IMM = 33;
    /** DUP; PUSHI k; STORE: mem[top] = k, top stays. */
    public static final int STORE_IMM_KEEP = 34;
    /** GREATER_OR_EQUALI k; JUMP_IF_FALSE t: x = pop; if !(x >= k) goto t. */
    public static final int GEI_JUMP_IF_FALSE = 35;
    /** GREATER_OR_EQUALI k; JUMP_IF_TRUE t: x = pop; if x >= k goto t. */
    public static final int GEI_JUMP_IF_TRUE = 36;
    /** DUP; GREATER_OR_EQUALI k; JUMP_IF_FALSE t: if !(top >= k) goto t, top stays. */
    public static final int TOP_GEI_JUMP_IF_FALSE = 37;
    /** DUP; GREATER_OR_EQUALI k; JUMP_IF_TRUE t: if top >= k goto t, top stays. */
    public static final int TOP_GEI_JUMP_IF_TRUE = 38;
    /** LESS; JUMP_IF_FALSE t: {@code r = pop; l = pop; if !(l < r) goto t}. */
    public static final int LESS_JUMP_IF_FALSE = 39;
    /** EQUAL; JUMP_IF_FALSE t: r = pop; l = pop; if l != r goto t. */
    public static final int EQUAL_JUMP_IF_FALSE = 40;
    /** LOADI a; LOADI b: push mem[a], push mem[b] (b in the target field). */
    public static final int LOADI_LOADI = 41;
    /** LESS; JUMP_IF_TRUE t: {@code r = pop; l = pop; if l < r goto t} (the usual loop back edge). */
    public static final int LESS_JUMP_IF_TRUE = 42;
    /** LOADI a; ADDI k: push mem[a] + k (k in the target field). */
    public static final int LOADI_ADDI = 43;
    /** LOAD; JUMP_IF_TRUE t: addr = pop; if mem[addr] != 0 goto t. */
    public static final int LOAD_JUMP_IF_TRUE = 44;
    /** DUP; LOAD; JUMP_IF_TRUE t: if mem[top] != 0 goto t, top stays. */
    public static final int TOP_LOAD_JUMP_IF_TRUE = 45;
    /** ADDI k; JUMP t: top += k; goto t (a loop increment and back edge). */
    public static final int ADDI_JUMP = 46;
    /** LOADI a; ADDI k; DUP; STOREI a: mem[a] += k, push the new value (k in the target field). */
    public static final int INC_KEEP = 47;
    /** LOADADDI a; DUP; GREATER_OR_EQUALI n; JUMP_IF_FALSE t: top += mem[a]; if !(top >= n) goto t (ext: n). */
    public static final int LOADADDI_TOP_GEI_JUMP_IF_FALSE = 48;
    /** INC_KEEP a k; GREATER_OR_EQUALI n; JUMP_IF_FALSE t: mem[a] += k; if !(mem[a] >= n) goto t (ext: k, n). */
    public static final int INC_GEI_JUMP_IF_FALSE = 49;
    /** INC_KEEP a k; DUP; GREATER_OR_EQUALI n; JUMP_IF_TRUE t: push(mem[a] += k); if top >= n goto t. */
    public static final int INC_TOP_GEI_JUMP_IF_TRUE = 50;
    /** PUSHI k; LESS_JUMP_IF_TRUE t: {@code x = pop; if x < k goto t} (a counted loop's back edge). */
    public static final int LTI_JUMP_IF_TRUE = 51;
    /** INC_KEEP a k; LTI_JUMP_IF_TRUE n t: {@code mem[a] += k; if mem[a] < n goto t} (ext: k, n). */
    public static final int INC_LTI_JUMP_IF_TRUE = 52;

    /** PUSHI k; SUB: top -= k. */
    public static final int SUBI = 53;
    /** PUSHI k; MUL: top *= k. */
    public static final int MULI = 54;
    /** PUSHI k; DIV with k other than 0: top /= k (unsigned; cannot fault). */
    public static final int DIVI = 55;
    /** PUSHI k; STOREI a: mem[a] = k (k in the target field). */
    public static final int SETI = 56;

    /** STOREI a; LOADI b: mem[a] = top; top = mem[b] (one statement's end and the next one's first read). */
    public static final int STOREI_LOADI = 57;
    /** STOREI a; JUMP t: mem[a] = pop; goto t (a loop body's last assignment and the back edge). */
    public static final int STOREI_JUMP = 58;
    /** DIVI k; MULI k (same k): top = top / k * k, top rounded down to a multiple of k. */
    public static final int DIVMULI = 59;
    /** DIVMULI k; SUB: r = pop; l = pop; push l - r / k * k (with r = l: the compiled {@code l % k}). */
    public static final int SUB_DIVMULI = 60;
    /** PUSHI k; EQUAL_JUMP_IF_FALSE t: x = pop; if x != k goto t. */
    public static final int EQI_JUMP_IF_FALSE = 61;

    /** MUL; ADD: {@code r = pop; m = pop; top += m * r} (a Horner step, a sum of products). */
    public static final int MUL_ADD = 62;
    /** PUSHI k; LOADI a: push k, push mem[a] (a in the target field). */
    public static final int PUSHI_LOADI = 63;
    /** LOADI_LOADI a a; SUB_DIVMULI k: push mem[a] % k (unsigned; k in the target field, never 0). */
    public static final int LOADI_MODI = 64;
    /** GREATER; JUMP_IF_FALSE t: {@code r = pop; l = pop; if !(l > r) goto t}. */
    public static final int GREATER_JUMP_IF_FALSE = 65;
    /** LESS_OR_EQUAL; JUMP_IF_FALSE t: {@code r = pop; l = pop; if !(l <= r) goto t}. */
    public static final int LESS_OR_EQUAL_JUMP_IF_FALSE = 66;
    /** PUSHI k; GREATER_JUMP_IF_FALSE t: {@code x = pop; if !(x > k) goto t}. */
    public static final int GTI_JUMP_IF_FALSE = 67;
    /** DIVI k; STOREI a: mem[a] = pop / k (k in the target field). */
    public static final int DIVI_STOREI = 68;
    /** ADD; STOREI a: {@code r = pop; mem[a] = pop + r}. */
    public static final int ADD_STOREI = 69;
    /** LOADI a; MULI k: push mem[a] * k (k in the target field). */
    public static final int LOADI_MULI = 70;
    /** LOADI_LOADI a b; MUL: push mem[a] * mem[b] (b in the target field). */
    public static final int MUL_CELLS = 71;
    /** LOADI_ADDI a k; STOREI_JUMP a t: mem[a] += k; goto t (a loop's step and back edge; ext: k). */
    public static final int INC_JUMP = 72;

    /** PUSHI k; EQUAL: top = (top == k) (with k = 0: logical not). */
    public static final int EQI = 73;

    /**
     * PUSHI a, LOAD, PUSHI a, LOAD, PUSHI c, LOAD, DIV, PUSHI c, LOAD, MUL, SUB (an idiom the peephole pass finds,
     * not a pair): push {@code mem[a] % mem[c]} (c in the target field), the compiled {@code x % m} of two
     * variables. May divide by zero: see {@link #divides}.
     */
    public static final int MOD_CELLS = 74;
    /** EQUAL, EQI 0: {@code r = pop; l = pop; push l != r} (compiled C's {@code a != b} is {@code (a == b) == 0}). */
    public static final int NOT_EQUAL = 75;

    /** MUL_ADD, MUL_ADD: {@code t = pop; y = pop; b = pop; x = pop; top += x * (b + y * t)} (two Horner steps). */
    public static final int MUL_ADD_MUL_ADD = 76;

    /** LOADI x, DIVI_STOREI y k: {@code mem[y] = mem[x] / k} (k in the target field; ext: x). */
    public static final int LOADI_DIVI_STOREI = 77;

    /** Number of word opcodes (tables indexed by a word opcode have this size). */
    public static final int OPCODES = 78;

    /** The fields of a fused word: immediate, target pc (or a second immediate) and extension word. */
    public record Fields(int arg, int target, long ext) {}

    /** Where a fused op's fields come from, given its two members. */
    @FunctionalInterface
    interface FieldsOf {
        Fields of(Item first, Item second);
    }

    /** When a pair may fuse, beyond its opcodes. */
    @FunctionalInterface
    interface Guard {
        boolean allows(Item first, Item second);
    }

    private static final Guard ALWAYS = (a, b) -> true;

    /** The members of an op that the peephole pass makes from a longer idiom, not from a pair. */
    private static final int NO_PAIR = -1;

    /**
     * One fused op. A {@code late} op is tried only after every other has fused as far as it can
     * ({@link Peephole}): STOREI_LOADI would otherwise take the LOADI a counted loop's latch starts with.
     */
    record Def(int op, String name, int first, int second, Guard guard, int span, boolean jumps, FieldsOf fields,
            boolean late) {
        /** True when the op stores to the fixed cell in its argument field: one of its members does. */
        boolean writesCell() {
            return FusedOps.writesCell(first) || FusedOps.writesCell(second);
        }

        Def(int op, String name, int first, int second, Guard guard, int span, boolean jumps, FieldsOf fields) {
            this(op, name, first, second, guard, span, jumps, fields, false);
        }
    }

    private static final Def[] BY_OP = new Def[OPCODES];
    private static final Map<Integer, Def> BY_PAIR = new HashMap<>();

    // Field sources shared by several rows.
    private static final FieldsOf FIRST_ARG = (a, b) -> new Fields(a.arg(), 0, 0);
    private static final FieldsOf SECOND_ARG = (a, b) -> new Fields(b.arg(), 0, 0);
    private static final FieldsOf BOTH_ARGS = (a, b) -> new Fields(a.arg(), b.arg(), 0);
    private static final FieldsOf FIRST_ARG_SECOND_TARGET = (a, b) -> new Fields(a.arg(), b.targetPc(), 0);
    private static final FieldsOf SECOND_TARGET = (a, b) -> new Fields(0, b.targetPc(), 0);
    /** A leading DUP: the second member's fields unchanged. */
    private static final FieldsOf SECOND = (a, b) -> new Fields(b.arg(), b.targetPc(), b.ext());
    /** An INC_KEEP a k and a bound test n t: cell a, target t, extension (k, n). */
    private static final FieldsOf INC_AND_TEST = (a, b) -> new Fields(a.arg(), b.targetPc(), extension(a.targetPc(), b.arg()));

    static {
        // Compiled code reads a variable with PUSHI a; LOAD: exactly LOADI a (both addresses are 16 bits).
        def(LOADI, "LOADI", PUSHI, LOAD, 1, false, FIRST_ARG);
        def(ADDI, "ADDI", PUSHI, ADD, 1, false, FIRST_ARG);
        def(SUBI, "SUBI", PUSHI, SUB, 1, false, FIRST_ARG);
        def(MULI, "MULI", PUSHI, MUL, 1, false, FIRST_ARG);
        add(new Def(DIVI, "DIVI", PUSHI, DIV, (a, b) -> a.arg() != 0, 1, false, FIRST_ARG));
        def(SETI, "SETI", PUSHI, STOREI, 1, false, (a, b) -> new Fields(b.arg(), a.arg(), 0));
        def(LOADADDI, "LOADADDI", LOADI, ADD, 1, false, FIRST_ARG);
        def(GREATER_OR_EQUALI, "GREATER_OR_EQUALI", PUSHI, GREATER_OR_EQUAL, 1, false, FIRST_ARG);
        def(STORE_IMM, "STORE_IMM", PUSHI, STORE, 1, false, FIRST_ARG);
        def(DUP_STOREI, "DUP_STOREI", DUP, STOREI, 1, false, SECOND_ARG);
        def(STORE_IMM_KEEP, "STORE_IMM_KEEP", DUP, STORE_IMM, 1, false, SECOND);
        def(LOADI_LOADI, "LOADI_LOADI", LOADI, LOADI, 1, false, BOTH_ARGS);
        def(LOADI_ADDI, "LOADI_ADDI", LOADI, ADDI, 1, false, BOTH_ARGS);
        def(GEI_JUMP_IF_FALSE, "GEI_JUMP_IF_FALSE", GREATER_OR_EQUALI, JUMP_IF_FALSE, 1, true, FIRST_ARG_SECOND_TARGET);
        def(GEI_JUMP_IF_TRUE, "GEI_JUMP_IF_TRUE", GREATER_OR_EQUALI, JUMP_IF_TRUE, 1, true, FIRST_ARG_SECOND_TARGET);
        def(TOP_GEI_JUMP_IF_FALSE, "TOP_GEI_JUMP_IF_FALSE", DUP, GEI_JUMP_IF_FALSE, 1, true, SECOND);
        def(TOP_GEI_JUMP_IF_TRUE, "TOP_GEI_JUMP_IF_TRUE", DUP, GEI_JUMP_IF_TRUE, 1, true, SECOND);
        def(LESS_JUMP_IF_FALSE, "LESS_JUMP_IF_FALSE", LESS, JUMP_IF_FALSE, 1, true, SECOND_TARGET);
        def(LESS_JUMP_IF_TRUE, "LESS_JUMP_IF_TRUE", LESS, JUMP_IF_TRUE, 1, true, SECOND_TARGET);
        def(EQUAL_JUMP_IF_FALSE, "EQUAL_JUMP_IF_FALSE", EQUAL, JUMP_IF_FALSE, 1, true, SECOND_TARGET);
        def(LOAD_JUMP_IF_TRUE, "LOAD_JUMP_IF_TRUE", LOAD, JUMP_IF_TRUE, 1, true, SECOND_TARGET);
        def(TOP_LOAD_JUMP_IF_TRUE, "TOP_LOAD_JUMP_IF_TRUE", DUP, LOAD_JUMP_IF_TRUE, 1, true, SECOND);
        def(ADDI_JUMP, "ADDI_JUMP", ADDI, JUMP, 1, true, FIRST_ARG_SECOND_TARGET);
        def(LTI_JUMP_IF_TRUE, "LTI_JUMP_IF_TRUE", PUSHI, LESS_JUMP_IF_TRUE, 1, true, FIRST_ARG_SECOND_TARGET);
        // The loop counter's increment: cell and increment from LOADI_ADDI (increment in its target field).
        defSameCell(INC_KEEP, "INC_KEEP", LOADI_ADDI, DUP_STOREI, (a, b) -> new Fields(a.arg(), a.targetPc(), 0));
        def(LOADADDI_TOP_GEI_JUMP_IF_FALSE, "LOADADDI_TOP_GEI_JUMP_IF_FALSE", LOADADDI, TOP_GEI_JUMP_IF_FALSE, 2, true,
                (a, b) -> new Fields(a.arg(), b.targetPc(), extension(b.arg(), 0)));
        def(INC_GEI_JUMP_IF_FALSE, "INC_GEI_JUMP_IF_FALSE", INC_KEEP, GEI_JUMP_IF_FALSE, 2, true, INC_AND_TEST);
        def(INC_TOP_GEI_JUMP_IF_TRUE, "INC_TOP_GEI_JUMP_IF_TRUE", INC_KEEP, TOP_GEI_JUMP_IF_TRUE, 2, true, INC_AND_TEST);
        def(INC_LTI_JUMP_IF_TRUE, "INC_LTI_JUMP_IF_TRUE", INC_KEEP, LTI_JUMP_IF_TRUE, 2, true, INC_AND_TEST);
    }

    // The second round, from the corpus's word-op pairs after the first (CorpusProfile).
    static {
        add(new Def(STOREI_LOADI, "STOREI_LOADI", STOREI, LOADI, ALWAYS, 1, false, BOTH_ARGS, true));
        add(new Def(STOREI_JUMP, "STOREI_JUMP", STOREI, JUMP, ALWAYS, 1, true, FIRST_ARG_SECOND_TARGET, true));
        add(new Def(DIVMULI, "DIVMULI", DIVI, MULI, (a, b) -> a.arg() == b.arg(), 1, false, FIRST_ARG));
        def(SUB_DIVMULI, "SUB_DIVMULI", DIVMULI, SUB, 1, false, FIRST_ARG);
        def(EQI, "EQI", PUSHI, EQUAL, 1, false, FIRST_ARG);
        def(EQI_JUMP_IF_FALSE, "EQI_JUMP_IF_FALSE", EQI, JUMP_IF_FALSE, 1, true, FIRST_ARG_SECOND_TARGET);
    }

    // The third round, from the word-op pairs after the second (CorpusProfile).
    static {
        def(MUL_ADD, "MUL_ADD", MUL, ADD, 1, false, FIRST_ARG);
        def(PUSHI_LOADI, "PUSHI_LOADI", PUSHI, LOADI, 1, false, BOTH_ARGS);
        // The compiled x % k reads x twice: LOADI_LOADI of one cell.
        add(new Def(LOADI_MODI, "LOADI_MODI", LOADI_LOADI, SUB_DIVMULI, (a, b) -> a.arg() == a.targetPc(), 1, false,
                (a, b) -> new Fields(a.arg(), b.arg(), 0)));
        def(GREATER_JUMP_IF_FALSE, "GREATER_JUMP_IF_FALSE", GREATER, JUMP_IF_FALSE, 1, true, SECOND_TARGET);
        def(LESS_OR_EQUAL_JUMP_IF_FALSE, "LESS_OR_EQUAL_JUMP_IF_FALSE", LESS_OR_EQUAL, JUMP_IF_FALSE, 1, true,
                SECOND_TARGET);
        def(GTI_JUMP_IF_FALSE, "GTI_JUMP_IF_FALSE", PUSHI, GREATER_JUMP_IF_FALSE, 1, true, FIRST_ARG_SECOND_TARGET);
        def(DIVI_STOREI, "DIVI_STOREI", DIVI, STOREI, 1, false, (a, b) -> new Fields(b.arg(), a.arg(), 0));
        def(ADD_STOREI, "ADD_STOREI", ADD, STOREI, 1, false, SECOND_ARG);
        def(LOADI_MULI, "LOADI_MULI", LOADI, MULI, 1, false, BOTH_ARGS);
        def(MUL_CELLS, "MUL_CELLS", LOADI_LOADI, MUL, 1, false, (a, b) -> new Fields(a.arg(), a.targetPc(), 0));
        add(new Def(INC_JUMP, "INC_JUMP", LOADI_ADDI, STOREI_JUMP, (a, b) -> a.arg() == b.arg(), 2, true,
                (a, b) -> new Fields(a.arg(), b.targetPc(), extension(a.targetPc(), 0))));
    }

    // The fourth round: the modulo by a variable (mersfact, totient, tribcycle and mswspi spent 20-45% of their
    // dispatches on its six words), the compiled !=, two Horner steps and y = x / k.
    static {
        add(new Def(MOD_CELLS, "MOD_CELLS", NO_PAIR, NO_PAIR, ALWAYS, 1, false, BOTH_ARGS));
        add(new Def(NOT_EQUAL, "NOT_EQUAL", EQUAL, EQI, (a, b) -> b.arg() == 0, 1, false, FIRST_ARG));
        // A right-nested sum of products (a polynomial in Horner form) ends in a run of MUL_ADDs.
        def(MUL_ADD_MUL_ADD, "MUL_ADD_MUL_ADD", MUL_ADD, MUL_ADD, 1, false, FIRST_ARG);
        // y = x / k, a shift written as a division (x / 2) in six of the corpus's programs.
        def(LOADI_DIVI_STOREI, "LOADI_DIVI_STOREI", LOADI, DIVI_STOREI, 2, false,
                (a, b) -> new Fields(b.arg(), b.targetPc(), extension(a.arg(), 0)));
    }

    private static void def(int op, String name, int first, int second, int span, boolean jumps, FieldsOf fields) {
        add(new Def(op, name, first, second, ALWAYS, span, jumps, fields));
    }

    private static void defSameCell(int op, String name, int first, int second, FieldsOf fields) {
        add(new Def(op, name, first, second, (a, b) -> a.arg() == b.arg(), 1, false, fields));
    }

    private static void add(Def d) {
        // LOADI, ADDI, LOADADDI and GREATER_OR_EQUALI are also instructions of the set: only their pair is recorded.
        if (d.op >= DUP_STOREI) {
            BY_OP[d.op] = d;
        }
        if (d.first != NO_PAIR && BY_PAIR.put(pair(d.first, d.second), d) != null) {
            throw new IllegalStateException("two fused ops for one pair: " + d.name);
        }
    }

    private static int pair(int first, int second) {
        return first << 8 | second;
    }

    /** True for a fused (word-code only) opcode. */
    public static boolean isFused(int op) {
        return op >= 0 && op < OPCODES && BY_OP[op] != null;
    }

    /** Words a fused op occupies: 2 when it has an extension word. */
    public static int spanOf(int op) {
        return BY_OP[op].span;
    }

    /** True when the fused op ends in a jump (it carries a target and ends a run). */
    public static boolean jumps(int op) {
        return BY_OP[op].jumps;
    }

    /**
     * True for a word op that stores to the fixed memory cell in its argument field (STOREI, SETI,
     * STOREI_LOADI, INC_KEEP, ...): a fused op does when one of its members does, and every such op keeps
     * that cell in its argument field. STORE and the STORE_IMM ops store to a computed cell instead.
     */
    public static boolean writesCell(int op) {
        return op == STOREI || isFused(op) && BY_OP[op].writesCell();
    }

    /**
     * True for the fused op that divides by a memory cell, which may hold zero: instead of faulting, such an op
     * leaves the run to the checking loop at its first instruction (see the class comment).
     */
    public static boolean divides(int op) {
        return op == MOD_CELLS;
    }

    public static String nameOf(int op) {
        return BY_OP[op].name;
    }

    /** The fused item for two consecutive items, or null when they do not fuse (or not yet: {@code late}). */
    static Item fuse(Item a, Item b, boolean late) {
        Def d = BY_PAIR.get(pair(a.op(), b.op()));
        if (d == null || d.late && !late || !d.guard.allows(a, b)) {
            return null;
        }
        Fields f = d.fields.of(a, b);
        return new Item(d.op, f.arg(), f.target(), a.weight() + b.weight(), a.pc(), f.ext());
    }
}
