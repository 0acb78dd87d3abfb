package dev.piglet.k;

/**
 * A promoted context: the frame of a lambda whose inner lambdas read its locals. It lives as long as
 * any closure holding it, so it cannot stay in the context ring.
 */
final class HeapFrame {
    final Object[] slots;
    final Lambda fn;

    HeapFrame(int slots, Lambda fn) {
        this.slots = new Object[slots];
        this.fn = fn;
    }
}
