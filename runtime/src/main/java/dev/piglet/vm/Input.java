package dev.piglet.vm;

import dev.piglet.code.Status;
/**
 * Where READ takes words from. Engines call {@link #next()} once per READ and act on its answer:
 * push {@link #word()}, jump to READ's target at the end of input, or stop with
 * {@link Status#BAD_INPUT}. Implementations may block (a stream fed by another thread).
 */
public interface Input {
    /** A word was read: {@link #word()} holds it. */
    int WORD = 0;
    /** The input is exhausted: READ jumps to its target. */
    int END = 1;
    /** The input is malformed: the run stops with {@link Status#BAD_INPUT}; {@link #error()} says why. */
    int BAD = 2;

    /** Reads the next word; returns {@link #WORD}, {@link #END} or {@link #BAD}. */
    int next();

    /** The word the last {@link #next()} returned {@link #WORD} for. */
    long word();

    /** Why the last {@link #next()} returned {@link #BAD}: one line with the position. */
    default String error() {
        return "bad input";
    }

    /** No input at all: every READ takes its end-of-input jump. */
    Input EMPTY = new Input() {
        @Override
        public int next() {
            return END;
        }

        @Override
        public long word() {
            return 0;
        }
    };
}
