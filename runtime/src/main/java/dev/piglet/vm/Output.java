package dev.piglet.vm;

/**
 * Where PRINT sends words. Engines call {@link #print} once per PRINT; formatting (if any) and
 * buffering are the sink's business, so a host can take raw words with no text at all.
 */
public interface Output {
    /** One PRINTed word (an unsigned 64-bit value). */
    void print(long word);

    /** Pushes buffered output to its destination. Engines do not call it; whoever runs them does. */
    default void flush() {}

    /** A sink that drops everything (benchmarks, tests that only look at the outcome). */
    Output DISCARD = word -> {};
}
