package dev.piglet.k;

import java.util.ArrayList;
import java.util.List;

/**
 * Amend, {@code .[x;i;f;y]} and {@code @[x;i;f;y]} (and indexed assignment {@code a[i]:v}, {@code a[i]+:v},
 * which the parser writes as {@code .}): every place the index path i names in x is replaced by f of
 * its item (and the matching item of y). The places are listed first; {@link Loop} then calls f once
 * per place, in order, and {@link #set} writes each result into a copy of x. x itself is never changed.
 */
final class Amend {
    private Amend() {}

    /** The places as index paths, and the y for each (null when there is no y). */
    static void places(Object x, Object[] path, Object y, boolean hasY, List<Object[]> out, List<Object> ys) {
        walk(x, path, 0, new ArrayList<>(), y, hasY, out, ys);
    }

    private static void walk(Object node, Object[] path, int k, List<Object> at, Object y, boolean hasY,
                             List<Object[]> out, List<Object> ys) {
        if (k == path.length) {
            out.add(at.toArray());
            ys.add(y);
            return;
        }
        element(node, path, k, path[k], at, y, hasY, out, ys);
    }

    /** One element of the path: an atom goes one level down; a list (or Nil, every item) each of its items, paired with y's. */
    private static void element(Object node, Object[] path, int k, Object e, List<Object> at, Object y, boolean hasY,
                                List<Object[]> out, List<Object> ys) {
        if (e == null || e instanceof Nil) {
            if (node instanceof Dict d) e = d.keys;
            else if (Num.isAtom(node)) throw new KError("index error.");
            else e = VectorOps.til(Num.count(node));
            if (Num.count(e) == 0) return;
        }
        if (Num.isAtom(e) || (node instanceof Dict d && d.find(e) >= 0)) {
            Object child = child(node, e);
            at.add(e);
            walk(child, path, k + 1, at, y, hasY, out, ys);
            at.removeLast();
            return;
        }
        int n = Num.count(e);
        boolean pair = hasY && !Num.isAtom(y);
        if (pair && Num.count(y) != n) throw KError.length();
        for (int j = 0; j < n; j++) element(node, path, k, Num.at(e, j), at, pair ? Num.at(y, j) : y, hasY, out, ys);
    }

    /** Item e of node (a missing dictionary key is a new entry: its item is the null). */
    private static Object child(Object node, Object e) {
        if (node instanceof Dict d) return d.get(e);
        if (Num.isAtom(node)) throw new KError("index error.");
        long i = index(e, Num.count(node));
        return Num.at(node, (int) i);
    }

    private static long index(Object e, int n) {
        if (!(e instanceof Long i)) throw new KError("positive int expected.");
        if (i < 0 || i >= n) throw new KError("index error.");
        return i;
    }

    /** The item at a place. */
    static Object get(Object node, Object[] at) {
        for (Object e : at) node = child(node, e);
        return node;
    }

    /** A copy of node with the item at the place replaced by v (only the containers on the way are copied). */
    static Object set(Object node, Object[] at, int k, Object v) {
        if (k == at.length) return v;
        Object e = at[k];
        if (node instanceof Dict d) {
            int i = d.find(e);
            if (i < 0) return new Dict(Prims.join(d.keys, Prims.enlist(e)), Prims.join(d.vals, Prims.enlist(set(Num.NULL_INT, at, k + 1, v))));
            Object[] vals = Num.items(d.vals).clone();
            vals[i] = set(vals[i], at, k + 1, v);
            return new Dict(d.keys, Num.norm(vals));
        }
        if (Num.isAtom(node)) throw new KError("index error.");
        Object[] items = Num.items(node).clone();
        int i = (int) index(e, items.length);
        items[i] = set(items[i], at, k + 1, v);
        return Num.norm(items);
    }
}
