package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Status;

/**
 * What each operation does to values, written once. Every engine's loop and the JIT's generated code
 * call these small static methods (HotSpot inlines them), so the engines differ only in how they
 * dispatch and where they keep the stack: words are unsigned 64-bit, arithmetic wraps, comparisons are
 * unsigned and give 1 or 0, memory addresses wrap to 16 bits.
 */
public final class Ops {
    private Ops() {}

    public static long add(long l, long r) {
        return l + r;
    }

    public static long sub(long l, long r) {
        return l - r;
    }

    public static long mul(long l, long r) {
        return l * r;
    }

    /** True when DIV by {@code r} faults ({@link Status#DIVISION_BY_ZERO}); the engines check it first. */
    public static boolean divisionFaults(long r) {
        return r == 0;
    }

    /** Unsigned division; {@code r} is not zero ({@link #divisionFaults}). */
    public static long div(long l, long r) {
        return Long.divideUnsigned(l, r);
    }

    public static boolean isLess(long l, long r) {
        return Long.compareUnsigned(l, r) < 0;
    }

    public static boolean isAtLeast(long l, long r) {
        return Long.compareUnsigned(l, r) >= 0;
    }

    /** A comparison's result word. */
    public static long truth(boolean b) {
        return b ? 1L : 0L;
    }

    /** The truth of a condition word, as JUMP_IF_TRUE and JUMP_IF_FALSE read it. */
    public static boolean isTrue(long w) {
        return w != 0;
    }

    public static long equal(long l, long r) {
        return truth(l == r);
    }

    public static long notEqual(long l, long r) {
        return truth(l != r);
    }

    public static long less(long l, long r) {
        return truth(isLess(l, r));
    }

    public static long lessOrEqual(long l, long r) {
        return truth(Long.compareUnsigned(l, r) <= 0);
    }

    public static long greater(long l, long r) {
        return truth(Long.compareUnsigned(l, r) > 0);
    }

    public static long greaterOrEqual(long l, long r) {
        return truth(isAtLeast(l, r));
    }

    /** The binary operators that cannot fault (all but DIV), by opcode. */
    public static long binary(int op, long l, long r) {
        return switch (op) {
            case ADD -> add(l, r);
            case SUB -> sub(l, r);
            case MUL -> mul(l, r);
            case EQUAL -> equal(l, r);
            case LESS -> less(l, r);
            case LESS_OR_EQUAL -> lessOrEqual(l, r);
            case GREATER -> greater(l, r);
            case GREATER_OR_EQUAL -> greaterOrEqual(l, r);
            default -> throw new IllegalArgumentException("not a binary operator: " + op);
        };
    }

    /** Byte offset of memory cell {@code address} in the machine segment (addresses wrap to 16 bits). */
    public static long cell(long address) {
        return MachineLayout.memoryCell(address);
    }

    /** Byte offset of stack slot {@code index} in the machine segment. */
    public static long slot(int index) {
        return MachineLayout.stackSlot(index);
    }
}
