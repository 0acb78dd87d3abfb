package dev.piglet.cli;

/** The command line's exit codes, as documented in the README. */
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
}
