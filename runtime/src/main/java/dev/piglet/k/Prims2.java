package dev.piglet.k;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The verbs beyond arithmetic and structure, as oK defines them: {@code $} (format, pad, cast), {@code ?}
 * (distinct, find, random, splice), {@code ^} (null, fill, except), {@code =} (group), {@code @} (type),
 * join and split with a string before an adverb. Like {@link Prims}, nothing here calls K code.
 */
final class Prims2 {
    private Prims2() {}

    // ------------------------------------------------------------------------------------------ $

    /** $x: the printed form of an atom as a string (a symbol's name; a string stays as it is); each item of a list. */
    static Object format(Object x) {
        if (x instanceof CharVec) return x;
        if (x instanceof Sym s) return CharVec.of(s.name);
        if (x instanceof Dict d) return new Dict(d.keys, format(d.vals));
        if (Num.isAtom(x)) return CharVec.of(Printer.format(x));
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = format(Num.at(x, i));
        return r;
    }

    /** x$y: an int x pads or cuts the string y to x chars (negative: on the left); a symbol x casts. */
    static Object dollar(Object x, Object y) {
        if (x instanceof Long w) return pad(w, y);
        if (x instanceof Sym s) return cast(s.name, y);
        if (!Num.isAtom(x) && (Num.isAtom(y) || Num.count(x) == Num.count(y))) {
            int n = Num.count(x);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) r[i] = dollar(Num.at(x, i), Num.isAtom(y) ? y : Num.at(y, i));
            return Num.norm(r);
        }
        if (!Num.isAtom(x)) throw KError.length();
        throw KError.domain();
    }

    private static Object pad(long w, Object y) {
        if (y instanceof Character) return y;
        if (!Num.isAtom(y) && Num.count(y) == 0) y = CharVec.of(0); // oK: any empty list pads as the empty string
        if (!(y instanceof CharVec s)) {
            if (Num.isAtom(y)) throw KError.domain();
            int n = Num.count(y);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) r[i] = pad(w, Num.at(y, i));
            return r;
        }
        int n = Num.checkLength(Math.abs(w)), c = s.count();
        CharVec r = CharVec.of(n);
        for (int i = 0; i < n; i++) {
            int k = w >= 0 ? i : c - n + i;
            r.set(i, k >= 0 && k < c ? s.get(k) : ' ');
        }
        return r;
    }

    private static Object cast(String type, Object y) {
        if (type.isEmpty()) { // `$"abc": a symbol
            if (y instanceof CharVec s) return Sym.of(s.toString());
            if (y instanceof Character ch) return Sym.of(String.valueOf(ch));
            if (Num.isAtom(y)) throw KError.domain();
            return each(y, v -> cast(type, v));
        }
        if (!Num.isAtom(y)) return each(y, v -> cast(type, v));
        switch (type) {
            case "c": {
                if (y instanceof Character) return y;
                if (y instanceof Long l && l >= 0 && l < 256) return (char) (long) l;
                throw KError.domain();
            }
            case "i": {
                if (y instanceof Character ch) return (long) ch;
                if (y instanceof Long) return y;
                if (y instanceof Double d) return Double.isNaN(d) ? Num.NULL_INT : (long) Math.floor(d);
                throw KError.domain();
            }
            case "f": {
                if (y instanceof Character ch) return (double) ch;
                if (y instanceof Number) return Num.toDouble(y);
                throw KError.domain();
            }
            case "b": {
                if (y instanceof Long l) return Math.floorMod(l, 2L);
                throw KError.domain();
            }
            default:
                throw KError.domain();
        }
    }

    private static Object each(Object y, java.util.function.UnaryOperator<Object> f) {
        int n = Num.count(y);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = f.apply(Num.at(y, i));
        return n == 0 ? r : Num.norm(r);
    }

    // ------------------------------------------------------------------------------------------ ?

    /** ?x: the distinct items of a list, first occurrences in order; ?n: n random floats in [0,1). */
    static Object distinct(Object x) {
        if (x instanceof Long n) {
            int len = checkCount(n);
            FloatVec r = FloatVec.of(len);
            for (int i = 0; i < len; i++) r.set(i, ThreadLocalRandom.current().nextDouble());
            return r;
        }
        if (Num.isAtom(x)) throw KError.domain();
        int n = Num.count(x);
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Object v = Num.at(x, i);
            boolean seen = false;
            for (Object o : out) if (Prims.match(o, v)) { seen = true; break; }
            if (!seen) out.add(v);
        }
        Object[] r = out.toArray();
        if (r.length == 0) return x instanceof Vec ? Prims.take(0L, x) : r;
        return Num.norm(r);
    }

    /** x?y: find (the index of y in the list x, 0N if absent; each item of a list y not itself found); a dictionary gives the key; n?y random. */
    static Object find(Object x, Object y) {
        if (x instanceof Long n) return random(n, y);
        if (x instanceof Dict d) {
            int n = d.count();
            for (int i = 0; i < n; i++) if (Prims.match(Num.at(d.vals, i), y)) return Num.at(d.keys, i);
            if (Num.isAtom(y)) return Num.NULL_INT;
            return each(y, v -> find(x, v));
        }
        if (Num.isAtom(x)) throw KError.domain();
        int n = Num.count(x);
        for (int i = 0; i < n; i++) if (same(Num.at(x, i), y)) return (long) i;
        if (Num.isAtom(y)) return Num.NULL_INT;
        return each(y, v -> find(x, v));
    }

    /** Match, except that a char and an int are the same when the int is the char's code (as in oK, where chars are numbers). */
    private static Object fillAll(Object x, Object a) {
        if (x instanceof Dict d) return new Dict(d.keys, fillAll(d.vals, a));
        if (Num.isAtom(x)) return ((Long) isNull(a)) == 1L ? x : a;
        return each(x, v -> fillAll(v, a));
    }

    /**
     * x^y removes items by oK's "=", which compares lists and functions by identity (a list equal to
     * one of y stays, unless it is the very same object): only numbers, chars and symbols are compared.
     */
    private static Object plainAtom(Object v) {
        if (Num.isNumberAtom(v) || v instanceof Character || v instanceof Sym) return v;
        throw KError.domain();
    }

    static boolean same(Object a, Object b) {
        if (a instanceof Character c && b instanceof Long l) return (long) c == l;
        if (a instanceof Long l && b instanceof Character c) return (long) c == l;
        return Prims.match(a, b);
    }

    /** n?x: n random items of x (an int x: of !x); -n?x: n distinct ones. */
    private static Object random(long n, Object y) {
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        boolean deal = n < 0;
        int len = checkCount(Math.abs(n));
        if (y instanceof Long m) {
            if (m <= 0) throw KError.domain();
            if (deal && len > m) throw KError.length();
            long[] pool = deal ? shuffled(m, len) : null;
            IntVec r = IntVec.of(len);
            for (int i = 0; i < len; i++) r.set(i, deal ? pool[i] : rnd.nextLong(m));
            return r;
        }
        if (y instanceof Double d) {
            FloatVec r = FloatVec.of(len);
            for (int i = 0; i < len; i++) r.set(i, rnd.nextDouble() * d);
            return r;
        }
        if (y instanceof Character ch) { // oK: n?"a" picks from the 26 chars from "a" on
            CharVec r = CharVec.of(len);
            long[] pool = deal ? shuffled(26, len) : null;
            for (int i = 0; i < len; i++) r.set(i, (char) (ch + (deal ? pool[i] : rnd.nextInt(26))));
            return r;
        }
        Object list = y;
        if (Num.isAtom(list)) throw KError.domain();
        int c = Num.count(list);
        if (c == 0 || (deal && len > c)) throw KError.length();
        long[] pool = deal ? shuffled(c, len) : null;
        Object[] r = new Object[len];
        for (int i = 0; i < len; i++) r[i] = Num.at(list, (int) (deal ? pool[i] : rnd.nextInt(c)));
        return len == 0 ? r : Num.norm(r);
    }

    private static long[] shuffled(long m, int len) {
        if (m > Num.MAX_LENGTH) throw new KError("wsfull.");
        long[] a = new long[(int) m];
        for (int i = 0; i < a.length; i++) a[i] = i;
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        for (int i = 0; i < len; i++) {
            int j = i + rnd.nextInt(a.length - i);
            long t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return Arrays.copyOf(a, len);
    }

    private static int checkCount(long n) {
        if (n < 0) throw KError.domain();
        return Num.checkLength(n);
    }

    /** ?[x;i;y]: x with the items from i[0] up to i[1] replaced by the list y. */
    static Object splice(Object x, Object range, Object y) {
        if (!(range instanceof IntVec r) || r.count() != 2 || Num.isAtom(x)) throw KError.domain();
        long from = r.get(0), to = r.get(1);
        int n = Num.count(x);
        if (from < 0 || to < from || to > n) throw KError.domain();
        Object mid = Num.isAtom(y) ? Prims.enlist(y) : y;
        return Prims.join(Prims.join(Prims.slice(x, 0, (int) from), mid), Prims.slice(x, (int) to, n));
    }

    // ------------------------------------------------------------------------------------------ ^

    /** ^x: 1 where x is null (0N, 0n, the empty symbol, a blank char is not null). */
    static Object isNull(Object x) {
        if (Num.isAtom(x)) {
            if (x instanceof Long l) return l == Num.NULL_INT ? 1L : 0L;
            if (x instanceof Double d) return Double.isNaN(d) ? 1L : 0L;
            if (x instanceof Sym s) return s.name.isEmpty() ? 1L : 0L;
            if (x instanceof Character) return 0L;
            throw KError.domain();
        }
        return each(x, Prims2::isNull);
    }

    /** x^y: with an atom x, y's nulls filled with x; with a list x, x without the items of y. */
    static Object caret(Object x, Object y) {
        if (x instanceof Dict d) { // oK fills atom by atom: d^a is d with every value item a (a not null)
            if (!Num.isAtom(y) || y instanceof Dict) throw KError.domain();
            return new Dict(d.keys, fillAll(d.vals, y));
        }
        if (!Num.isAtom(x)) {
            Object[] drop = Num.isAtom(y) ? new Object[] {y} : Num.items(y);
            for (Object d : drop) plainAtom(d);
            List<Object> keep = new ArrayList<>();
            int n = Num.count(x);
            for (int i = 0; i < n; i++) {
                Object v = plainAtom(Num.at(x, i));
                boolean out = false;
                for (Object d : drop) if (same(v, d)) { out = true; break; }
                if (!out) keep.add(v);
            }
            Object[] r = keep.toArray();
            return r.length == 0 ? Prims.take(0L, x) : Num.norm(r);
        }
        if (y instanceof Dict d) return new Dict(d.keys, caret(x, d.vals));
        if (Num.isAtom(y)) return ((Long) isNull(y)) == 1L ? x : y;
        if (y instanceof IntVec || y instanceof FloatVec || y instanceof Object[]) return each(y, v -> caret(x, v));
        throw KError.domain();
    }

    // ------------------------------------------------------------------------------------------ = @

    /** =x: a dictionary from each distinct item to the indices where it occurs; =n: the n by n identity. */
    static Object group(Object x) {
        if (x instanceof Long || x instanceof Double) { // oK: the identity matrix of ceil |x| rows (0N, 0n: none)
            double d = Math.abs(Num.toDouble(x));
            int len = x.equals(Num.NULL_INT) || Double.isNaN(d) ? 0 : Num.checkLength((long) Math.min(Math.ceil(d), Num.MAX_LENGTH + 1.0));
            Object[] rows = new Object[len];
            for (int i = 0; i < len; i++) {
                IntVec row = IntVec.of(len);
                row.set(i, 1);
                rows[i] = row;
            }
            return rows;
        }
        if (Num.isAtom(x)) throw KError.domain();
        Object keys = distinct(x);
        int k = Num.count(keys), n = Num.count(x);
        Object[] vals = new Object[k];
        for (int j = 0; j < k; j++) {
            Object key = Num.at(keys, j);
            List<Object> at = new ArrayList<>();
            for (int i = 0; i < n; i++) if (Prims.match(Num.at(x, i), key)) at.add((long) i);
            vals[j] = Num.norm(at.toArray());
        }
        return new Dict(keys, vals);
    }

    /** @x: oK's type number (lists 0, numbers -9, chars -10, symbols -11, dictionaries 99, functions 102..107). */
    static Object type(Object x) {
        if (!Num.isAtom(x)) return 0L;
        if (Num.isNumberAtom(x)) return -9L;
        if (x instanceof Character) return -10L;
        if (x instanceof Sym) return -11L;
        if (x instanceof Dict) return 99L;
        if (x instanceof Lambda) return 102L;
        if (x instanceof Derived) return 105L;
        if (x instanceof Verb) return 107L;
        throw KError.domain();
    }

    // ---------------------------------------------------------------- a string before an adverb

    /** c/x: the strings x joined with the char c between them (oK reads a longer string before / as digits to decode: not supported). */
    static Object joinWith(Object sep, Object x) {
        if (!(sep instanceof Character) || Num.isAtom(x)) throw KError.domain();
        Object r = CharVec.of(0);
        int n = Num.count(x);
        for (int i = 0; i < n; i++) {
            Object s = Num.at(x, i);
            if (!(s instanceof CharVec || s instanceof Character)) throw KError.domain();
            if (i > 0) r = Prims.join(r, Prims.enlistChars(sep));
            r = Prims.join(r, Prims.enlistChars(s));
        }
        return r;
    }

    /** c\\x: the string x split at each char c. */
    static Object splitAt(Object sep, Object x) {
        if (!(sep instanceof Character) || !(x instanceof CharVec s)) throw KError.domain(); // oK reads a longer string as bases: not supported
        String str = s.toString(), d = sep instanceof Character c ? String.valueOf(c) : sep.toString();
        if (d.isEmpty()) throw KError.domain();
        List<Object> parts = new ArrayList<>();
        int from = 0;
        while (true) {
            int at = str.indexOf(d, from);
            String part = str.substring(from, at < 0 ? str.length() : at);
            parts.add(part.length() == 1 ? Prims.enlist(part.charAt(0)) : CharVec.of(part));
            if (at < 0) break;
            from = at + d.length();
        }
        return parts.toArray();
    }

    /** !x for a list of ints: every index vector of an array of that shape, as columns (the odometer). */
    static Object odometer(IntVec shape) {
        int k = shape.count();
        long total = 1;
        for (int i = 0; i < k; i++) {
            long d = shape.get(i);
            if (d < 0) throw KError.domain();
            total = Math.multiplyExact(total, d);
            Num.checkLength(total);
        }
        Object[] rows = new Object[k];
        long repeat = total;
        for (int i = 0; i < k; i++) {
            long d = shape.get(i);
            repeat = d == 0 ? 0 : repeat / d;
            IntVec row = IntVec.of((int) total);
            for (int j = 0; j < total; j++) row.set(j, d == 0 ? 0 : (j / repeat) % d);
            rows[i] = row;
        }
        return rows;
    }
}
