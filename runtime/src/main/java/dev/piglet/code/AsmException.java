package dev.piglet.code;

/**
 * An assembly error at a source position. The message is one line:
 * {@code file:line:col: <reference message>: '<offending text>'}.
 */
public class AsmException extends RuntimeException {
    private final String file;
    private final int line;
    private final int column;
    private final String reason;
    private final String text;

    public AsmException(String file, int line, int column, String reason, String text) {
        super(file + ":" + line + ":" + column + ": " + reason + (text.isEmpty() ? "" : ": '" + Assembler.printable(text) + "'"));
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
        this.text = text;
    }

    public String file() {
        return file;
    }

    /** 1-based line. */
    public int line() {
        return line;
    }

    /** 1-based column of the offending token. */
    public int column() {
        return column;
    }

    /** The reference assembler's message, e.g. {@code Unknown operation name}. */
    public String reason() {
        return reason;
    }

    /** The offending source text (may be empty). */
    public String text() {
        return text;
    }
}
