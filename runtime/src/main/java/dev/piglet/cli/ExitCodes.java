package dev.piglet.cli;

/** The command line's exit codes, as documented in docs/errors.md. */
public final class ExitCodes {
    private ExitCodes() {}

    /** The program ran to DONE, or the command did its job. */
    public static final int OK = 0;
    /** A runtime fault, or unreadable / malformed input (assembler error, bad .bin, ...). */
    public static final int FAILURE = 1;
    /** The command line itself is wrong (unknown command or option, missing argument). */
    public static final int USAGE = 2;
    /** A bug in Piglet: an unexpected internal error. Please report it. */
    public static final int INTERNAL = 3;
    /** Standard output was closed by its reader (EPIPE, e.g. {@code | head}): 128 + SIGPIPE, as a C tool ends. */
    public static final int BROKEN_PIPE = 141;
}
