package dev.piglet.arena;

/**
 * The producer end of a stream of 64-bit words (one thread). Words become visible to the consumer in
 * batches: when a batch fills, on {@link #flush()} and on {@link #close()}. A full stream makes
 * {@link #put} wait; nothing is dropped or overwritten.
 */
public interface WordSink {
    /**
     * Appends one word, waiting while the stream is full.
     *
     * @throws StreamClosedException if the consumer has stopped reading
     */
    void put(long word);

    /** Makes every word put so far visible to the consumer (waits if the stream is full). */
    void flush();

    /** Flushes and signals end of stream: the consumer sees every word, then the end. Idempotent. */
    void close();

    /**
     * Ends the stream as failed (the producer faulted): the consumer sees the words already made
     * visible, then gets {@link StreamClosedException} instead of the end. Does nothing after close.
     */
    void abort();
}
