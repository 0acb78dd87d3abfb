package dev.piglet.code;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the word-code format: a verified program pre-decoded into one 64-bit word
 * per instruction (or per fused group of instructions), stored in native order in an off-heap segment.
 *
 * <pre>
 * bits  0..7   opcode: a Piglet opcode (0..26), {@link #FAULT}, or a fused internal opcode (32..)
 * bits  8..23  argument: the u16 immediate or memory address (for FAULT: the status code)
 * bits 24..41  target: the jump or READ target as a word index
 * bits 42..59  run: instructions (original ones, fused members counted one each) from this word up
 *              to and including the next control transfer; fuel is charged a run at a time
 * </pre>
 *
 * A few fused ops need a third immediate and take two words: the op's word above and, right after it,
 * an <em>extension word</em> holding the extra immediates ({@link #EXT_LOW}, {@link #EXT_HIGH}); see
 * {@link #span}. An extension word is never dispatched or jumped to.
 *
 * The original byte offset of each word is kept beside the words ({@link WordCode#pcOf}), needed
 * only when a run stops.
 */
public final class WordCodeLayout {
    private WordCodeLayout() {}

    public static final int OP_BITS = 8;
    public static final int ARG_SHIFT = 8;
    public static final int TARGET_SHIFT = 24;
    public static final int RUN_SHIFT = 42;
    public static final long FIELD18 = (1L << 18) - 1;

    /** A 64-bit code word at {@code (MemorySegment, long byteOffset)}. */
    public static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();

    // Internal opcodes. Stops (ABORT, unknown opcode, truncated instruction) all become FAULT.
    /** Stop with the status in the argument field, before doing anything. */
    public static final int FAULT = 27;
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
    /** LOADI a; LOADI b: push mem[a], push mem[b]. */
    public static final int LOADI_LOADI = 41;
    /** LESS; JUMP_IF_TRUE t: {@code r = pop; l = pop; if l < r goto t} (the usual loop back edge). */
    public static final int LESS_JUMP_IF_TRUE = 42;
    /** LOADI a; ADDI k: push mem[a] + k (k in the target field). */
    public static final int LOADI_ADDI = 43;
    /** LOAD; JUMP_IF_TRUE t: addr = pop; if mem[addr] != 0 goto t. */
    public static final int LOAD_JUMP_IF_TRUE = 44;
    /** DUP; LOAD; JUMP_IF_TRUE t: if mem[top] != 0 goto t, top stays (the sieve's "is it marked?"). */
    public static final int TOP_LOAD_JUMP_IF_TRUE = 45;
    /** ADDI k; JUMP t: top += k; goto t (the usual loop increment and back edge). */
    public static final int ADDI_JUMP = 46;
    /** LOADI a; ADDI k; DUP; STOREI a: mem[a] += k, push the new value (the loop counter's increment). */
    public static final int INC_KEEP = 47;

    // Two-word ops: the extension word holds the immediates that do not fit beside the target.
    /** LOADADDI a; DUP; GREATER_OR_EQUALI n; JUMP_IF_FALSE t: top += mem[a]; if !(top >= n) goto t (ext: n). */
    public static final int LOADADDI_TOP_GEI_JUMP_IF_FALSE = 48;
    /** INC_KEEP a k; GREATER_OR_EQUALI n; JUMP_IF_FALSE t: mem[a] += k; if !(mem[a] >= n) goto t (ext: k, n). */
    public static final int INC_GEI_JUMP_IF_FALSE = 49;
    /** INC_KEEP a k; GREATER_OR_EQUALI n; JUMP_IF_TRUE t: mem[a] += k; if mem[a] >= n goto t (ext: k, n). */
    public static final int INC_GEI_JUMP_IF_TRUE = 50;
    /** INC_KEEP a k; DUP; GREATER_OR_EQUALI n; JUMP_IF_FALSE t: push(mem[a] += k); if !(top >= n) goto t. */
    public static final int INC_TOP_GEI_JUMP_IF_FALSE = 51;
    /** INC_KEEP a k; DUP; GREATER_OR_EQUALI n; JUMP_IF_TRUE t: push(mem[a] += k); if top >= n goto t. */
    public static final int INC_TOP_GEI_JUMP_IF_TRUE = 52;
    /** PUSHI k; LESS_JUMP_IF_TRUE t: {@code x = pop; if x < k goto t} (a counted loop's back edge). */
    public static final int LTI_JUMP_IF_TRUE = 53;
    /** INC_KEEP a k; LTI_JUMP_IF_TRUE n t: {@code mem[a] += k; if mem[a] < n goto t} (ext: k, n; two words). */
    public static final int INC_LTI_JUMP_IF_TRUE = 54;
    /**
     * STORE_IMM_KEEP k; LOADADDI_TOP_GEI_JUMP_IF_FALSE a n t: mem[top] = k; top += mem[a]; if !(top >= n)
     * goto t (ext: k, n; two words): a strided fill loop in one dispatch (the sieve's marking loop).
     */
    public static final int STRIDE_FILL_LOOP = 55;
    /** Number of word opcodes (tables indexed by opcode have this size). */
    public static final int OPCODES = 56;

    /** Bits 0..31 of an extension word: the first extra immediate. */
    public static final int EXT_LOW = 0;
    /** Bits 32..63 of an extension word: the second extra immediate. */
    public static final int EXT_HIGH = 32;

    /** Words an op occupies: 2 for the ops with an extension word, 1 for every other. */
    public static int span(int op) {
        return op >= LOADADDI_TOP_GEI_JUMP_IF_FALSE && op <= INC_TOP_GEI_JUMP_IF_TRUE || op == INC_LTI_JUMP_IF_TRUE || op == STRIDE_FILL_LOOP ? 2 : 1;
    }

    public static long extension(int low, int high) {
        return (low & 0xFFFFFFFFL) | ((long) high << EXT_HIGH);
    }

    public static int extLow(long ext) {
        return (int) ext;
    }

    public static int extHigh(long ext) {
        return (int) (ext >>> EXT_HIGH);
    }

    public static long encode(int op, int arg, int target, int run) {
        return (op & 0xFFL) | ((long) (arg & 0xFFFF) << ARG_SHIFT) | ((target & FIELD18) << TARGET_SHIFT)
                | ((run & FIELD18) << RUN_SHIFT);
    }

    public static int op(long word) {
        return (int) word & 0xFF;
    }

    public static int arg(long word) {
        return (int) (word >>> ARG_SHIFT) & 0xFFFF;
    }

    public static int target(long word) {
        return (int) ((word >>> TARGET_SHIFT) & FIELD18);
    }

    public static int run(long word) {
        return (int) ((word >>> RUN_SHIFT) & FIELD18);
    }

    /** Word opcodes after which control does not simply fall through to the next word. */
    public static boolean isControl(int op) {
        return switch (op) {
            case Opcodes.JUMP, Opcodes.JUMP_IF_TRUE, Opcodes.JUMP_IF_FALSE, Opcodes.READ, Opcodes.DONE, FAULT,
                    GEI_JUMP_IF_FALSE, GEI_JUMP_IF_TRUE, TOP_GEI_JUMP_IF_FALSE, TOP_GEI_JUMP_IF_TRUE,
                    LESS_JUMP_IF_FALSE, EQUAL_JUMP_IF_FALSE, LESS_JUMP_IF_TRUE, LOAD_JUMP_IF_TRUE, TOP_LOAD_JUMP_IF_TRUE,
                    ADDI_JUMP, LOADADDI_TOP_GEI_JUMP_IF_FALSE, INC_GEI_JUMP_IF_FALSE, INC_GEI_JUMP_IF_TRUE,
                    INC_TOP_GEI_JUMP_IF_FALSE, INC_TOP_GEI_JUMP_IF_TRUE, LTI_JUMP_IF_TRUE, INC_LTI_JUMP_IF_TRUE, STRIDE_FILL_LOOP -> true;
            default -> false;
        };
    }

    /** A name for listings and tests. */
    public static String name(int op) {
        return switch (op) {
            case FAULT -> "FAULT";
            case DUP_STOREI -> "DUP_STOREI";
            case STORE_IMM -> "STORE_IMM";
            case STORE_IMM_KEEP -> "STORE_IMM_KEEP";
            case GEI_JUMP_IF_FALSE -> "GEI_JUMP_IF_FALSE";
            case GEI_JUMP_IF_TRUE -> "GEI_JUMP_IF_TRUE";
            case TOP_GEI_JUMP_IF_FALSE -> "TOP_GEI_JUMP_IF_FALSE";
            case TOP_GEI_JUMP_IF_TRUE -> "TOP_GEI_JUMP_IF_TRUE";
            case LESS_JUMP_IF_FALSE -> "LESS_JUMP_IF_FALSE";
            case EQUAL_JUMP_IF_FALSE -> "EQUAL_JUMP_IF_FALSE";
            case LOADI_LOADI -> "LOADI_LOADI";
            case LESS_JUMP_IF_TRUE -> "LESS_JUMP_IF_TRUE";
            case LOADI_ADDI -> "LOADI_ADDI";
            case LOAD_JUMP_IF_TRUE -> "LOAD_JUMP_IF_TRUE";
            case TOP_LOAD_JUMP_IF_TRUE -> "TOP_LOAD_JUMP_IF_TRUE";
            case ADDI_JUMP -> "ADDI_JUMP";
            case INC_KEEP -> "INC_KEEP";
            case LOADADDI_TOP_GEI_JUMP_IF_FALSE -> "LOADADDI_TOP_GEI_JUMP_IF_FALSE";
            case INC_GEI_JUMP_IF_FALSE -> "INC_GEI_JUMP_IF_FALSE";
            case INC_GEI_JUMP_IF_TRUE -> "INC_GEI_JUMP_IF_TRUE";
            case INC_TOP_GEI_JUMP_IF_FALSE -> "INC_TOP_GEI_JUMP_IF_FALSE";
            case INC_TOP_GEI_JUMP_IF_TRUE -> "INC_TOP_GEI_JUMP_IF_TRUE";
            case LTI_JUMP_IF_TRUE -> "LTI_JUMP_IF_TRUE";
            case INC_LTI_JUMP_IF_TRUE -> "INC_LTI_JUMP_IF_TRUE";
            case STRIDE_FILL_LOOP -> "STRIDE_FILL_LOOP";
            default -> Opcodes.isDefined(op) ? Opcodes.name(op) : "?" + op;
        };
    }
}
