package dev.piglet.k;

/** The empty value: an elided list item ({@code (1;;3)}) or index ({@code .[x;(;0);f]}, where it means "every item"). */
final class Nil {
    static final Nil NIL = new Nil();

    private Nil() {}

    @Override
    public String toString() {
        return "";
    }
}
