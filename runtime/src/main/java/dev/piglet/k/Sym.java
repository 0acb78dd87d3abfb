package dev.piglet.k;

import java.util.concurrent.ConcurrentHashMap;

/** A symbol ({@code `abc}): interned, so two symbols are equal exactly when they are the same object. */
final class Sym implements Comparable<Sym> {
    private static final ConcurrentHashMap<String, Sym> TABLE = new ConcurrentHashMap<>();

    final String name;

    private Sym(String name) {
        this.name = name;
    }

    static Sym of(String name) {
        return TABLE.computeIfAbsent(name, Sym::new);
    }

    @Override
    public int compareTo(Sym o) {
        return name.compareTo(o.name);
    }

    @Override
    public String toString() {
        return name;
    }
}
