package dev.piglet.arena;

import java.util.function.LongConsumer;

/**
 * The consumer end of a stream of 64-bit words (one thread). Waits for words; sees the producer's
 * end of stream after the last word.
 */
public interface WordSource {
    /**
     * Waits until a word is available ({@code true}) or the stream has ended and every word has been
     * read ({@code false}).
     *
     * @throws StreamClosedException if the producer aborted the stream
     */
    boolean hasNext();

    /** The next word; call only after {@link #hasNext()} returned {@code true}. */
    long next();

    /**
     * Batch consume: waits for words, then hands every word available now (at most {@code max}) to
     * {@code handler}, releasing their space once.
     *
     * @return the number of words handed over, or {@code -1} at the end of the stream
     */
    int drainTo(LongConsumer handler, int max);

    /** Stops reading: a producer still writing gets {@link StreamClosedException}. Idempotent. */
    void close();
}
