package dev.piglet.arena;

import java.util.concurrent.locks.LockSupport;

/**
 * How a stream end waits for the other: spin (the other thread is probably running on the other core
 * and about to answer), then yield, then park for growing but bounded intervals (at most
 * {@link #MAX_PARK_NANOS}), so a stalled partner costs little CPU and a resumed one is noticed within
 * about a millisecond. Allocation-free; one instance per waiting end, reset after progress.
 */
final class Backoff {
    static final int SPINS = 128;
    static final int YIELDS = 64;
    static final long MAX_PARK_NANOS = 1_000_000;

    private int step;

    void reset() {
        step = 0;
    }

    /** Waits a little; throws if the thread was interrupted (the run is being cancelled). */
    void idle() {
        int s = step++;
        if (s < SPINS) {
            Thread.onSpinWait();
        } else if (s < SPINS + YIELDS) {
            Thread.yield();
        } else {
            int shift = Math.min(s - SPINS - YIELDS, 10);
            LockSupport.parkNanos(Math.min(1_000L << shift, MAX_PARK_NANOS));
            if (Thread.interrupted()) {
                throw new StreamClosedException("interrupted while waiting on a word stream");
            }
        }
    }
}
