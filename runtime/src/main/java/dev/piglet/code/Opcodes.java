package dev.piglet.code;

/**
 * The PigletVM instruction set, written once: numbers, mnemonics, argument sizes and stack effects.
 * Engines switch on the {@code int} constants; tools (assembler, disassembler, verifier) read the tables.
 *
 * <p>An instruction is a one-byte opcode, followed for nine opcodes by a big-endian u16 argument.
 */
public final class Opcodes {
    private Opcodes() {}

    public static final int ABORT = 0;
    public static final int PUSHI = 1;
    public static final int LOADI = 2;
    public static final int LOADADDI = 3;
    public static final int STOREI = 4;
    public static final int LOAD = 5;
    public static final int STORE = 6;
    public static final int DUP = 7;
    public static final int DISCARD = 8;
    public static final int ADD = 9;
    public static final int ADDI = 10;
    public static final int SUB = 11;
    public static final int DIV = 12;
    public static final int MUL = 13;
    public static final int JUMP = 14;
    public static final int JUMP_IF_TRUE = 15;
    public static final int JUMP_IF_FALSE = 16;
    public static final int EQUAL = 17;
    public static final int LESS = 18;
    public static final int LESS_OR_EQUAL = 19;
    public static final int GREATER = 20;
    public static final int GREATER_OR_EQUAL = 21;
    public static final int GREATER_OR_EQUALI = 22;
    public static final int POP_RES = 23;
    public static final int DONE = 24;
    public static final int PRINT = 25;
    /**
     * Piglet extension (byte 26 is an unknown opcode in the reference): push the next input word, or
     * jump to the u16 argument when the input is exhausted.
     */
    public static final int READ = 26;

    /** Number of opcodes the C reference defines (0..25). */
    public static final int REFERENCE_COUNT = 26;
    /** Number of defined opcodes; bytes at or above it are unknown opcodes. */
    public static final int COUNT = 27;

    private static final String[] NAMES = {
        "ABORT", "PUSHI", "LOADI", "LOADADDI", "STOREI", "LOAD", "STORE", "DUP", "DISCARD", "ADD",
        "ADDI", "SUB", "DIV", "MUL", "JUMP", "JUMP_IF_TRUE", "JUMP_IF_FALSE", "EQUAL", "LESS",
        "LESS_OR_EQUAL", "GREATER", "GREATER_OR_EQUAL", "GREATER_OR_EQUALI", "POP_RES", "DONE", "PRINT", "READ",
    };

    // Stack effect: words popped, then words pushed (binary ops pop two, push one).
    private static final byte[] POPS = {
        0, 0, 0, 1, 1, 1, 2, 1, 1, 2, 1, 2, 2, 2, 0, 1, 1, 2, 2, 2, 2, 2, 1, 1, 0, 1, 0,
    };
    private static final byte[] PUSHES = {
        0, 1, 1, 1, 0, 1, 0, 2, 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1,
    };

    /** True for a defined opcode. */
    public static boolean isDefined(int opcode) {
        return opcode >= 0 && opcode < COUNT;
    }

    /** The mnemonic of a defined opcode. */
    public static String name(int opcode) {
        return NAMES[opcode];
    }

    /** The opcode for a mnemonic (case-insensitive), or -1. */
    public static int byName(String mnemonic) {
        for (int op = 0; op < COUNT; op++) {
            if (NAMES[op].equalsIgnoreCase(mnemonic)) {
                return op;
            }
        }
        return -1;
    }

    /** True when the opcode is followed by a u16 argument. */
    public static boolean hasArgument(int opcode) {
        return switch (opcode) {
            case PUSHI, LOADI, LOADADDI, STOREI, ADDI, JUMP, JUMP_IF_TRUE, JUMP_IF_FALSE, GREATER_OR_EQUALI, READ -> true;
            default -> false;
        };
    }

    /** True when the argument is a code address (a jump target): the jumps and READ's end-of-input target. */
    public static boolean isJump(int opcode) {
        return opcode == JUMP || opcode == JUMP_IF_TRUE || opcode == JUMP_IF_FALSE || opcode == READ;
    }

    /** True when control never falls through to the next instruction. */
    public static boolean endsFlow(int opcode) {
        return opcode == JUMP || opcode == DONE || opcode == ABORT || !isDefined(opcode);
    }

    /** Encoded length in bytes: 3 with an argument, else 1. */
    public static int size(int opcode) {
        return hasArgument(opcode) ? 3 : 1;
    }

    /** Words the instruction needs on the stack (it pops them; DUP reads one). */
    public static int pops(int opcode) {
        return POPS[opcode];
    }

    /**
     * Words the instruction leaves on the stack in place of the ones it popped. For READ this is the
     * path that got a word; at end of input it pushes nothing and jumps.
     */
    public static int pushes(int opcode) {
        return PUSHES[opcode];
    }
}
