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

    /** A fresh link with the runtime's sizes. */
    public static WordLink newLink() {
        return WordLink.of(RING_BYTES, BATCH_WORDS);
    }
}
