package dev.piglet.k;

/** Number conventions: the int null {@code 0N} and list normalisation helpers. */
final class Num {
    private Num() {}

    /** The int null, printed {@code 0N} (as in k4). */
    static final long NULL_INT = Long.MIN_VALUE;

    /** Longest vector a verb may build (guards the heap against {@code !10000000000}). */
    static final long MAX_LENGTH = 1L << 25;

    static int checkLength(long n) {
        if (n > MAX_LENGTH) throw new KError("wsfull.");
        return (int) n;
    }

    static boolean isAtom(Object v) {
        return !(v instanceof Vec || v instanceof Object[]);
    }

    static boolean isNumberAtom(Object v) {
        return v instanceof Long || v instanceof Double;
    }

    static int count(Object v) {
        if (v instanceof Vec a) return a.n;
        if (v instanceof Object[] a) return a.length;
        return 1;
    }

    /** Item i of a list (caller checks range). */
    static Object at(Object v, int i) {
        if (v instanceof IntVec a) return a.get(i);
        if (v instanceof FloatVec a) return a.get(i);
        if (v instanceof CharVec a) return a.get(i);
        return ((Object[]) v)[i];
    }

    /** Collapses a general list of number atoms to an int or float vector, of chars to a char vector (off-heap). */
    static Object norm(Object[] items) {
        if (items.length == 0) return items;
        if (items[0] instanceof Character) {
            for (Object o : items) if (!(o instanceof Character)) return items;
            CharVec s = CharVec.of(items.length);
            for (int i = 0; i < items.length; i++) s.set(i, (Character) items[i]);
            return s;
        }
        boolean allLong = true;
        for (Object o : items) {
            if (o instanceof Long) continue;
            if (o instanceof Double) {
                allLong = false;
                continue;
            }
            return items;
        }
        if (allLong) {
            IntVec l = IntVec.of(items.length);
            for (int i = 0; i < items.length; i++) l.set(i, (Long) items[i]);
            return l;
        }
        FloatVec d = FloatVec.of(items.length);
        for (int i = 0; i < items.length; i++) d.set(i, ((Number) items[i]).doubleValue());
        return d;
    }

    /** Any list as a general list (items boxed). */
    static Object[] items(Object v) {
        if (v instanceof Object[] a) return a;
        if (v instanceof IntVec a) {
            Object[] o = new Object[a.n];
            for (int i = 0; i < o.length; i++) o[i] = a.get(i);
            return o;
        }
        if (v instanceof FloatVec a) {
            Object[] o = new Object[a.n];
            for (int i = 0; i < o.length; i++) o[i] = a.get(i);
            return o;
        }
        if (v instanceof CharVec a) {
            Object[] o = new Object[a.n];
            for (int i = 0; i < o.length; i++) o[i] = a.get(i);
            return o;
        }
        return new Object[] {v};
    }

    /** A number as a double; the int null is NaN, as in oK (where every number is a double). */
    static double toDouble(Object n) {
        if (n instanceof Long l) return l == NULL_INT ? Double.NaN : (double) l;
        return (Double) n;
    }

    static boolean truthy(Object v) {
        if (v instanceof Long l) return l != 0;
        if (v instanceof Double d) return d != 0.0;
        if (v == null) return false;
        return Num.isAtom(v) || count(v) != 0;
    }

    static boolean isFunction(Object v) {
        return v instanceof Lambda || v instanceof Verb || v instanceof Projection || v instanceof Derived
                || v instanceof Compose || v instanceof Builtin;
    }
}
