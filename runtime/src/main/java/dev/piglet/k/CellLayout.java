package dev.piglet.k;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the layout of a syntax cell in the K code segment.
 *
 * <pre>
 * struct cell {                 // 32 bytes, 8-byte aligned, cell n at byte offset n * 32
 *     uint64_t head;            // bits 0..7 kind, 8..15 op (a verb or adverb char), 16..39 line, 40..63 column
 *     int64_t  a, b, c;         // operands: cell numbers, immediates, symbol ids or table indices
 * };
 * </pre>
 *
 * Variable-length operand lists (statements, list items, call arguments, cond clauses) follow their
 * cell as packed cell numbers, four per 32-byte cell: see {@link Code#item}. Cell 0 is never used, so
 * cell number 0 means "none" (an elided argument).
 */
public final class CellLayout {
    private CellLayout() {}

    public static final int CELL_BYTES = 32;
    public static final long HEAD = 0, A = 8, B = 16, C = 24;

    /** A 64-bit word at {@code (MemorySegment, long byteOffset)}. */
    public static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    /**
     * The same word for the interpreter's reads: cells are always 8-byte aligned (the segment is
     * allocated 8-aligned and every offset is a multiple of 8), so the per-read alignment check the
     * aligned handle makes is dead weight on the hot path; bounds and liveness are still checked.
     */
    public static final VarHandle READ = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();

    // kinds
    public static final int INT = 1;      // a = value, b = constant index of the boxed value
    public static final int FLT = 2;      // a = double bits
    public static final int CONST = 3;    // a = constant table index (vector literals)
    public static final int LOCAL = 4;    // a = slot
    public static final int UPVAL = 5;    // a = depth (1 = enclosing lambda), b = slot, c = symbol
    public static final int GLOBAL = 6;   // a = symbol
    public static final int SELF = 7;     // `o`
    public static final int VERB = 8;     // op = verb char, a = 1 if forced monadic (`+:`)
    public static final int MONAD = 9;    // op = verb char, a = argument cell, c = operand descriptor of a
    public static final int DYAD = 10;    // op = verb char, a = left cell, b = right cell, c = descriptors of a (low) and b (high)
    public static final int ADVERB = 11;  // op = adverb code, a = function cell
    public static final int APPLY = 12;   // a = function cell, b = count, c = descriptor of a, items follow (0 = elided)
    public static final int LIST = 13;    // b = count, items follow
    public static final int COND = 14;    // b = count, items follow
    public static final int SEQ = 15;     // b = count, items follow
    public static final int SETLOCAL = 16;  // a = slot, b = value cell
    public static final int SETGLOBAL = 17; // a = symbol, b = value cell
    public static final int LAMBDA = 18;  // a = lambda table index
    public static final int NIL = 19;     // an empty statement's value

    /**
     * An operand descriptor: a 32-bit copy of what evaluating a leaf operand needs (bits 0..7 its
     * kind, 8..31 its slot, constant index or symbol), kept in the parent cell so the interpreter
     * reads one word instead of the operand's cell number, head and operand. Only LOCAL, INT and
     * GLOBAL leaves whose operand fits 24 bits get one; 0 means "none: read the operand's cell".
     * Cells never change after they are written, so a descriptor never goes stale.
     */
    public static int descriptor(int kind, long operand) {
        if ((kind != LOCAL && kind != INT && kind != GLOBAL) || operand < 0 || operand >= (1 << 24)) return 0;
        return kind | ((int) operand << 8);
    }

    public static int descKind(int d) { return d & 0xFF; }
    public static int descOperand(int d) { return d >>> 8; }

    /**
     * The descriptor kind of a small int literal (-128..127) that carries its value itself rather
     * than its constant index, so the interpreter's int path reads no constant table; boxed, such a
     * value comes from the {@code Long} cache, so the object path does not allocate either. Not a cell
     * kind (cells use 1..19).
     */
    public static final int IMM = 0x40;

    public static int immediate(long v) { return IMM | ((int) v << 8); }
    public static boolean isImmediate(long v) { return v >= -128 && v <= 127; }
    /** The value of an IMM descriptor (sign-extended from its 24 operand bits). */
    public static int immValue(int d) { return d >> 8; }

    /** Byte offset of cell {@code n}. */
    public static long cell(int n) {
        return (long) n * CELL_BYTES;
    }

    public static long head(int kind, int op, int line, int col) {
        return (kind & 0xFF) | ((long) (op & 0xFF) << 8) | ((long) (line & 0xFFFFFF) << 16)
                | ((long) (col & 0xFFFFFF) << 40);
    }

    /** Head bit set by {@link Code} when a cell is a leaf, or a primitive monad/dyad over leaves:
     *  the interpreter evaluates such cells inline, without pushing continuations. */
    public static final int SIMPLE = 0x80;

    public static int kind(long head) { return (int) (head & 0x7F); }
    public static boolean simple(long head) { return (head & SIMPLE) != 0; }
    public static boolean isLeafKind(int k) {
        return k == INT || k == FLT || k == CONST || k == LOCAL || k == UPVAL || k == GLOBAL || k == SELF || k == VERB;
    }
    public static int op(long head) { return (int) ((head >>> 8) & 0xFF); }
    public static int line(long head) { return (int) ((head >>> 16) & 0xFFFFFF); }
    public static int col(long head) { return (int) (head >>> 40); }
}
