package dev.piglet.cli;

/** Ends a command with a one-line message on stderr and an exit code (see {@link ExitCodes}). */
public class CliException extends RuntimeException {
    private final int exitCode;

    public CliException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** A usage error: exit 2. */
    public static CliException usage(String message) {
        return new CliException(ExitCodes.USAGE, message);
    }

    /** Unreadable or malformed input: exit 1. */
    public static CliException input(String message) {
        return new CliException(ExitCodes.FAILURE, message);
    }
}
