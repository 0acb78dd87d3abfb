package dev.piglet.code;

/**
 * How a run ended. Codes 0-4 are the C reference's ({@code interpret_result}); the rest are faults the
 * reference leaves undefined and Piglet checks.
 */
public final class Status {
    private Status() {}

    public static final int SUCCESS = 0;
    public static final int DIVISION_BY_ZERO = 1;
    public static final int UNKNOWN_OPCODE = 3;
    public static final int END_OF_STREAM = 4;
    public static final int STACK_OVERFLOW = 5;
    public static final int STACK_UNDERFLOW = 6;
    public static final int BAD_JUMP = 7;
    public static final int OUT_OF_FUEL = 8;
    /** READ got input that is not an unsigned 64-bit decimal ({@code Input.error()} says where). */
    public static final int BAD_INPUT = 9;

    /** The reference's message for a status ("division by zero", ...). */
    public static String message(int status) {
        return switch (status) {
            case SUCCESS -> "success";
            case DIVISION_BY_ZERO -> "division by zero";
            case UNKNOWN_OPCODE -> "unknown opcode";
            case END_OF_STREAM -> "end of stream";
            case STACK_OVERFLOW -> "stack overflow";
            case STACK_UNDERFLOW -> "stack underflow";
            case BAD_JUMP -> "bad jump target";
            case OUT_OF_FUEL -> "out of fuel";
            case BAD_INPUT -> "bad input";
            default -> "unknown status " + status;
        };
    }

    /** A short machine-readable name ("division_by_zero"). */
    public static String name(int status) {
        return message(status).replace(' ', '_');
    }
}
