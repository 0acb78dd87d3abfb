package dev.piglet;

import dev.piglet.code.Status;

/** How a run ended. The codes are the machine's status codes (0-4 are the C reference's). */
public enum RunStatus {
    SUCCESS(Status.SUCCESS),
    DIVISION_BY_ZERO(Status.DIVISION_BY_ZERO),
    UNKNOWN_OPCODE(Status.UNKNOWN_OPCODE),
    END_OF_STREAM(Status.END_OF_STREAM),
    STACK_OVERFLOW(Status.STACK_OVERFLOW),
    STACK_UNDERFLOW(Status.STACK_UNDERFLOW),
    BAD_JUMP(Status.BAD_JUMP),
    OUT_OF_FUEL(Status.OUT_OF_FUEL),
    BAD_INPUT(Status.BAD_INPUT);

    private static final RunStatus[] BY_CODE = new RunStatus[16];

    static {
        for (RunStatus s : values()) {
            BY_CODE[s.code] = s;
        }
    }

    private final int code;

    RunStatus(int code) {
        this.code = code;
    }

    /** The numeric status code, as stored in the machine segment and returned by the C reference. */
    public int code() {
        return code;
    }

    /** The reference's message: {@code division by zero}, {@code end of stream}, ... */
    public String message() {
        return Status.message(code);
    }

    /** True for {@link #SUCCESS}. */
    public boolean ok() {
        return this == SUCCESS;
    }

    static RunStatus of(int code) {
        RunStatus s = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (s == null) {
            throw new IllegalArgumentException("unknown status code " + code);
        }
        return s;
    }
}
