package dev.piglet.k;

/**
 * A named function oK provides: {@code sin cos exp log} (atomic over lists), {@code prm} (permutations)
 * and {@code x in y} (is each x an item of y). Found when no global has the name.
 */
final class Builtin {
    final String name;
    final int valence;

    private Builtin(String name, int valence) {
        this.name = name;
        this.valence = valence;
    }

    private static final Builtin[] ALL = {new Builtin("sin", 1), new Builtin("cos", 1), new Builtin("exp", 1),
        new Builtin("log", 1), new Builtin("prm", 1), new Builtin("in", 2)};

    static Builtin named(String name) {
        for (Builtin b : ALL) if (b.name.equals(name)) return b;
        return null;
    }

    Object apply(Object x, Object y) {
        if (name.equals("in")) return in(x, y);
        if (name.equals("prm")) return permutations(x);
        return math(x);
    }

    private static Object in(Object x, Object y) {
        if (Num.isAtom(x) || !Num.isAtom(y) && Prims2.find(y, x) instanceof Long) {
            if (Num.isAtom(y)) return Prims.match(x, y) ? 1L : 0L;
            Object at = Prims2.find(y, x);
            return at instanceof Long i && i != Num.NULL_INT ? 1L : 0L;
        }
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = in(Num.at(x, i), y);
        return Num.norm(r);
    }

    /** Every ordering of the items of x (of !x for an int), in lexicographic order of positions. */
    private static Object permutations(Object x) {
        Object items = x instanceof Long n ? Prims.til(n) : x;
        if (Num.isAtom(items)) throw KError.domain();
        int n = Num.count(items);
        if (n > 8) throw new KError("wsfull.");
        java.util.List<Object> out = new java.util.ArrayList<>();
        permute(items, new int[n], new boolean[n], 0, out);
        return out.toArray();
    }

    private static void permute(Object items, int[] at, boolean[] used, int k, java.util.List<Object> out) {
        int n = at.length;
        if (k == n) {
            IntVec ix = IntVec.of(n);
            for (int i = 0; i < n; i++) ix.set(i, at[i]);
            out.add(Prims.index(items, ix));
            return;
        }
        for (int i = 0; i < n; i++) {
            if (used[i]) continue;
            used[i] = true;
            at[k] = i;
            permute(items, at, used, k + 1, out);
            used[i] = false;
        }
    }

    private Object math(Object x) {
        if (x instanceof Number) {
            double d = Num.toDouble(x);
            return switch (name) {
                case "sin" -> Math.sin(d);
                case "cos" -> Math.cos(d);
                case "exp" -> Math.exp(d);
                default -> Math.log(d);
            };
        }
        if (x instanceof Dict dx) return new Dict(dx.keys, math(dx.vals));
        if (Num.isAtom(x)) throw Prims.NUMBER_EXPECTED;
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = math(Num.at(x, i));
        return n == 0 ? r : Num.norm(r);
    }

    @Override
    public String toString() {
        return name;
    }
}
