package dev.piglet;

import dev.piglet.k.KError;
import dev.piglet.k.KSession;

/**
 * A K session for a Java host: globals persist from one {@link #eval} to the next, as in the REPL.
 * Calls are serialised (a session evaluates one thing at a time); an error leaves the session usable.
 * Memory: a session holds its live values, the code of the lambdas it defined and a fixed-size context
 * ring and continuation store (see {@link KOptions#ring}), not a trace of every evaluation; close it to
 * free the native part at once (see docs/k.md, "Resources").
 *
 * <pre>{@code
 * try (K k = Piglet.k()) {
 *     k.eval("sq:{x*x}");
 *     long[] squares = k.eval("sq !5").asLongArray();   // 0 1 4 9 16
 * }
 * }</pre>
 */
public final class K implements AutoCloseable {
    private final KSession session;
    private boolean closed;

    K(KOptions options) {
        this.session = new KSession(options.ringSlots(), options.fuel(), options.show());
        session.setCompile(options.compile());
    }

    /**
     * Evaluates K source (statements separated by newlines or {@code ;}) and returns the last value.
     *
     * @throws KException with oK's message and the position, for parse and evaluation errors
     */
    public synchronized KValue eval(String source) {
        if (closed) {
            throw new IllegalStateException("K session is closed");
        }
        try {
            return new KValue(session.eval(source, 1));
        } catch (KError e) {
            throw new KException(e.getMessage(), e.line(), e.column());
        }
    }

    /**
     * Ends the session and frees its native memory (code and continuation records) at once; later calls
     * to {@link #eval} throw {@link IllegalStateException}. Closing twice is harmless.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.close();
    }
}
