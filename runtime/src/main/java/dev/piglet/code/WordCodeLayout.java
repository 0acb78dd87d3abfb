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
    /**
     * JUMP_IF_TRUE (argument 1) or JUMP_IF_FALSE (argument 0) whose target is outside the code: not taken,
     * it pops the condition and falls through; taken, it faults with bad jump target, like DIV by zero
     * (no effect, the fault's pc is its own). It does not end a run.
     */
    public static final int JUMP_IF_OUTSIDE = 28;
    /** Bits 0..31 of an extension word: the first extra immediate. */
    public static final int EXT_LOW = 0;
    /** Bits 32..63 of an extension word: the second extra immediate. */
    public static final int EXT_HIGH = 32;

    /** Words an op occupies: 2 for the fused ops with an extension word, 1 for every other. */
    public static int span(int op) {
        return FusedOps.isFused(op) ? FusedOps.spanOf(op) : 1;
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
            case Opcodes.JUMP, Opcodes.JUMP_IF_TRUE, Opcodes.JUMP_IF_FALSE, Opcodes.READ, Opcodes.DONE, FAULT -> true;
            default -> FusedOps.isFused(op) && FusedOps.jumps(op);
        };
    }

    /** A name for listings and tests. */
    public static String name(int op) {
        if (op == FAULT) {
            return "FAULT";
        }
        if (op == JUMP_IF_OUTSIDE) {
            return "JUMP_IF_OUTSIDE";
        }
        return FusedOps.isFused(op) ? FusedOps.nameOf(op) : Opcodes.isDefined(op) ? Opcodes.name(op) : "?" + op;
    }
}
