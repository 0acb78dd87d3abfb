package dev.piglet.k;

/** A function with some arguments fixed: {@code f[1;]}, or {@code f[1]} for a two-argument f. */
final class Projection {
    final Object fn;
    /** The fixed arguments; null marks a hole still to be filled, in order. */
    final Object[] args;
    final int holes;
    /** Written {@code 2+} (a verb with its left argument only): printed {@code (2+)}. */
    final boolean infix;

    Projection(Object fn, Object[] args) {
        this(fn, args, false);
    }

    Projection(Object fn, Object[] args, boolean infix) {
        this.infix = infix;
        this.fn = fn;
        this.args = args;
        int h = 0;
        for (Object a : args) if (a == null) h++;
        this.holes = h;
    }
}
