package dev.piglet;

import dev.piglet.vm.Input;

/**
 * A READ source a host pushes words into, one at a time, for runs that stop at READ and continue later
 * ({@link Machine#resume}): a READ that finds a word offered takes it; one that finds none answers
 * {@code BAD} ("no word yet"), which stops the run at that READ with no effect, and {@link #waiting()} says
 * so; after {@link #end()} a READ takes its end-of-input jump.
 */
public final class WordFeed implements Input {
    private long word;
    private boolean full;
    private boolean ended;
    private boolean waiting;

    /** The next READ gets {@code word}. */
    public void offer(long word) {
        this.word = word;
        full = true;
        waiting = false;
    }

    /** From now on a READ with no word offered takes its end-of-input jump. */
    public void end() {
        ended = true;
        waiting = false;
    }

    /** Undoes {@link #end()}: a READ with no word offered waits again. */
    public void reopen() {
        ended = false;
    }

    /** Drops a word no READ took and forgets that a READ waited. */
    public void clear() {
        full = false;
        waiting = false;
    }

    /** Whether a READ found no word since the last {@link #offer}, {@link #end} or {@link #clear}. */
    public boolean waiting() {
        return waiting;
    }

    @Override
    public int next() {
        if (full) {
            full = false;
            return WORD;
        }
        if (ended) {
            return END;
        }
        waiting = true;
        return BAD;
    }

    @Override
    public long word() {
        return word;
    }

    @Override
    public String error() {
        return "waiting for input";
    }
}
