package dev.piglet.arena;

/** An allocation did not fit in an arena; nothing was allocated or overwritten. */
public class ArenaFullException extends RuntimeException {
    public ArenaFullException(String message) {
        super(message);
    }
}
