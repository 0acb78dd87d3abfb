package dev.piglet;

/**
 * A K error, as oK reports it: {@link #getMessage()} is exactly oK's message ({@code length error.},
 * {@code the name 'foo' has not been defined.}, {@code parse error. ')' expected.}, ...), and
 * {@link #line()}/{@link #column()} locate it in the evaluated source (1-based; 0 when unknown).
 */
public final class KException extends RuntimeException {
    private final int line;
    private final int column;

    KException(String message, int line, int column) {
        super(message, null, false, false);
        this.line = line;
        this.column = column;
    }

    /** 1-based line of the error in the evaluated text, or 0. */
    public int line() {
        return line;
    }

    /** 1-based column, or 0. */
    public int column() {
        return column;
    }

    /** {@code line:column: message}, as the command line prints it (without the file name). */
    @Override
    public String toString() {
        return line == 0 ? getMessage() : line + (column == 0 ? "" : ":" + column) + ": " + getMessage();
    }
}
