package dev.piglet.arena;

/**
 * The other end of a word stream went away: the consumer stopped reading while the producer still had
 * words to write (like a Unix pipe's EPIPE), or a waiting thread was interrupted. Nothing was written.
 */
public final class StreamClosedException extends RuntimeException {
    public StreamClosedException(String message) {
        super(message);
    }
}
