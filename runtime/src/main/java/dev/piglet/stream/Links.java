package dev.piglet.stream;

import dev.piglet.arena.WordLink;

/**
 * The ring and batch sizes the runtime uses for its cross-thread word links (async output, pipes).
 * Chosen from the stream capacity sweep in docs/arena.md: a 256 KiB ring stays in L2 and is past the
 * point where larger rings stop helping; 1024-word batches make one queue hand-off per 8 KiB.
 */
public final class Links {
    private Links() {}

    /** Ring capacity of one link, bytes. */
    public static final long RING_BYTES = 256 * 1024;

    /** Words per batch handed over the queue. */
    public static final int BATCH_WORDS = 1024;

    /** Smallest and largest ring a user may ask for ({@code --ring-bytes}): one batch, and 1 GiB. */
    public static final long MIN_RING_BYTES = BATCH_WORDS * 8L, MAX_RING_BYTES = 1L << 30;

    /** A fresh link with the runtime's sizes. */
    public static WordLink newLink() {
        return newLink(RING_BYTES);
    }

    /** A fresh link with a ring of {@code ringBytes} (a power of two, MIN_RING_BYTES .. MAX_RING_BYTES). */
    public static WordLink newLink(long ringBytes) {
        return WordLink.of(ringBytes, BATCH_WORDS);
    }
}
