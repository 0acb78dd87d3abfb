package dev.piglet.k;

/**
 * A dictionary: a list of keys and a list of values of the same count ({@code `a`b!1 2}, {@code [a:1;b:2]}).
 * Keys are looked up in order (the first equal key wins). The verbs on dictionaries are here; each
 * (Loop) runs over a dictionary's values.
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

    /**
     * An atomic verb with a dictionary: over its values with an atom; two dictionaries combine the
     * values of equal keys and keep the others (the left one's keys first).
     */
    static Object atomic(char op, Object x, Object y) {
        if (x instanceof Dict a && y instanceof Dict b) {
            Object[] keys = Num.items(a.keys).clone(), vals = Num.items(a.vals).clone();
            java.util.List<Object> moreKeys = new java.util.ArrayList<>(), moreVals = new java.util.ArrayList<>();
            for (int j = 0; j < b.count(); j++) {
                Object k = Num.at(b.keys, j);
                int i = a.find(k);
                if (i >= 0) vals[i] = Prims.atomic(op, vals[i], Num.at(b.vals, j));
                else {
                    moreKeys.add(k);
                    moreVals.add(Num.at(b.vals, j));
                }
            }
            return new Dict(Prims.join(Num.norm(keys), Num.norm(moreKeys.toArray())), Prims.join(Num.norm(vals), Num.norm(moreVals.toArray())));
        }
        if (x instanceof Dict a) {
            if (!Num.isAtom(y)) throw KError.domain();
            return new Dict(a.keys, Prims.atomic(op, a.vals, y));
        }
        Dict b = (Dict) y;
        if (!Num.isAtom(x)) throw KError.domain();
        return new Dict(b.keys, Prims.atomic(op, x, b.vals));
    }

    /** A monad on a dictionary: keys (!), count, first value, and the atomic monads over the values. */
    static Object monad(char op, Dict d) {
        switch (op) {
            case '!': return d.keys;
            case '.': return d.vals;
            case '@': return 99L;
            case '#': return (long) d.count();
            case '*': return d.count() == 0 ? Num.NULL_INT : Num.at(d.vals, 0);
            case '|': return new Dict(Prims.reverse(d.keys), Prims.reverse(d.vals));
            case '-', '~', '_', '%': return new Dict(d.keys, Prims.monad(op, d.vals));
            case '<', '>': return Prims.index(d.keys, Prims.grade(d.vals, op == '<'));
            case '&': return Prims.index(d.keys, Prims.where(d.vals));
            case ',': return new Object[] {d};
            default: throw KError.domain();
        }
    }

    /** x,y for two dictionaries: the right one's values win, its new keys come last. */
    static Dict join(Dict a, Dict b) {
        Object[] keys = Num.items(a.keys).clone(), vals = Num.items(a.vals).clone();
        java.util.List<Object> moreKeys = new java.util.ArrayList<>(), moreVals = new java.util.ArrayList<>();
        for (int j = 0; j < b.count(); j++) {
            int i = a.find(Num.at(b.keys, j));
            if (i >= 0) vals[i] = Num.at(b.vals, j);
            else {
                moreKeys.add(Num.at(b.keys, j));
                moreVals.add(Num.at(b.vals, j));
            }
        }
        return new Dict(Prims.join(Num.norm(keys), Num.norm(moreKeys.toArray())), Prims.join(Num.norm(vals), Num.norm(moreVals.toArray())));
    }
}
