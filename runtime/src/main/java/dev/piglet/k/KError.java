package dev.piglet.k;

/**
 * A K error: its message is exactly what oK prints (for example {@code length error.}); {@code line}
 * and {@code column} locate it in the source when known (1-based, 0 = unknown). No stack trace is
 * captured: K errors are values of the language, not Java bugs.
 */
public final class KError extends RuntimeException {
    private int line;
    private int column;

    public KError(String message) {
        super(message, null, false, false);
    }

    public KError(String message, int line, int column) {
        this(message);
        this.line = line;
        this.column = column;
    }

    public int line() { return line; }
    public int column() { return column; }

    KError at(int line, int column) {
        if (this.line == 0) {
            this.line = line;
            this.column = column;
        }
        return this;
    }

    static KError length() { return new KError("length error."); }
    static KError domain() { return new KError("domain error."); }
    static KError valence() { return new KError("valence error."); }
    static KError stack() { return new KError("stack error."); }
    static KError notDefined(String name) { return new KError("the name '" + name + "' has not been defined."); }
}
