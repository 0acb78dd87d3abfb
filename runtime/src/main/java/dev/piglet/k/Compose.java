package dev.piglet.k;

/** A composition {@code f g} of two functions written side by side without an argument ({@code +/+/'}): f of g. */
final class Compose {
    final Object f, g;

    Compose(Object f, Object g) {
        this.f = f;
        this.g = g;
    }
}
