package dev.piglet.k;

/**
 * A dictionary: a list of keys and a list of values of the same count ({@code `a`b!1 2}, {@code [a:1;b:2]}).
 * Keys are looked up in order (the first equal key wins); a dictionary is an atom to the adverbs.
 */
final class Dict {
    final Object keys, vals;

    Dict(Object keys, Object vals) {
        if (Num.isAtom(keys) || Num.isAtom(vals)) throw KError.domain();
        if (Num.count(keys) != Num.count(vals)) throw KError.length();
        this.keys = keys;
        this.vals = vals;
    }

    int count() {
        return Num.count(keys);
    }

    /** The position of key k, or -1. */
    int find(Object k) {
        int n = count();
        for (int i = 0; i < n; i++) if (Prims.match(Num.at(keys, i), k)) return i;
        return -1;
    }

    /** The value at key k; a missing key gives the int null, as in oK. */
    Object get(Object k) {
        int i = find(k);
        return i < 0 ? Num.NULL_INT : Num.at(vals, i);
    }
}
