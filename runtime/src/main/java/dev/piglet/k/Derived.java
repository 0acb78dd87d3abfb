package dev.piglet.k;

/** A verb derived by an adverb: {@code f/ f\ f' f/: f\: f':}. */
final class Derived {
    static final int OVER = 0, SCAN = 1, EACH = 2, EACH_RIGHT = 3, EACH_LEFT = 4, EACH_PRIOR = 5;
    static final String[] NAMES = {"/", "\\", "'", "/:", "\\:", "':"};

    final int adverb;
    final Object fn;

    Derived(int adverb, Object fn) {
        this.adverb = adverb;
        this.fn = fn;
    }
}
