package dev.piglet.k;

/** A lambda value: its parsed info and, when it reads an enclosing lambda's locals, that frame. */
final class Lambda {
    final LambdaInfo info;
    /** The enclosing lambda's promoted frame, or null (top level, or no captured locals). */
    final HeapFrame parent;

    Lambda(LambdaInfo info, HeapFrame parent) {
        this.info = info;
        this.parent = parent;
    }
}
