package dev.piglet.arena;

/**
 * A ring allocation would have passed the oldest live record (or can never fit); nothing was
 * allocated and nothing was overwritten.
 */
public final class RingFullException extends ArenaFullException {
    public RingFullException(String message) {
        super(message);
    }
}
