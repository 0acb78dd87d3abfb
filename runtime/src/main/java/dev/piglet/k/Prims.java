package dev.piglet.k;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The primitive verbs on values. Arithmetic and comparisons are atomic (they reach into lists and need
 * equal lengths); integers wrap modulo 2^64; {@code %} always divides as floats. Nothing here calls K
 * code, so these never touch the interpreter's rings.
 */
final class Prims {
    private Prims() {}

    /**
     * Not verbs: the parser writes {@code f g} (two functions side by side, no argument) as a dyad cell
     * with op COMPOSE, and {@code x+} (a verb with only its left argument) as one with op PROJECT_LEFT,
     * so that the interpreter evaluates both sides as for any dyad and this builds the value.
     */
    static final char COMPOSE = '\u0001', PROJECT_LEFT = '\u0002';

    /** The verb {@code 0:} (`0:x writes the string x, or each string of a list as a line, to the output). */
    static final char WRITE = '\u0003';

    static final KError NUMBER_EXPECTED = new KError("number expected, found function.");

    /** oK's "number expected, found symbol." and the like. */
    static KError expected(String what, Object found) {
        String kind = Num.isFunction(found) ? "function" : found instanceof Sym ? "symbol" : found instanceof Character ? "char"
                : found instanceof Dict ? "dictionary" : Num.isNumberAtom(found) ? "number" : "list";
        return new KError(what + " expected, found " + kind + ".");
    }

    private static boolean isArith(char op) {
        return op == '+' || op == '-' || op == '*' || op == '%' || op == '&' || op == '|';
    }

    // ---------------------------------------------------------------- dyads

    static Object dyad(char op, Object x, Object y) {
        switch (op) {
            case '+', '-', '*', '%', '&', '|', '<', '>', '=':
                return atomic(op, x, y);
            case '!':
                return mod(x, y);
            case '~':
                return match(x, y) ? 1L : 0L;
            case '#':
                return take(x, y);
            case ',':
                return join(x, y);
            case '_':
                return drop(x, y);
            case ':':
                return y;
            case '$':
                return Prims2.dollar(x, y);
            case '?':
                return Prims2.find(x, y);
            case '^':
                return Prims2.caret(x, y);
            case COMPOSE:
                return new Compose(x, y);
            case PROJECT_LEFT:
                return new Projection(y, new Object[] {x, null}, true);
            default:
                throw new KError("'" + op + "' is not supported as a dyad.");
        }
    }

    static Object atomic(char op, Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b) return longOp(op, a, b);
        if (x instanceof IntVec a && y instanceof IntVec b) {
            if (a.count() != b.count()) throw KError.length();
            return op == '%' ? VectorOps.divide(a, b) : VectorOps.intInt(op, a, b);
        }
        if (x instanceof IntVec a && y instanceof Long b && op != '%') return VectorOps.intAtom(op, a, b, false);
        if (x instanceof Long a && y instanceof IntVec b && op != '%') return VectorOps.intAtom(op, b, a, true);
        if (x instanceof Dict || y instanceof Dict) return Dict.atomic(op, x, y);
        boolean xa = Num.isAtom(x), ya = Num.isAtom(y);
        if (xa && ya) {
            if (x instanceof Number && y instanceof Number) return doubleOp(op, Num.toDouble(x), Num.toDouble(y));
            if ((x instanceof Character || x instanceof Number) && (y instanceof Character || y instanceof Number)
                    && (x instanceof Character || y instanceof Character)) { // a char is its code (as in oK)
                return atomic(op, x instanceof Character a ? (Object) (long) a : x, y instanceof Character b ? (Object) (long) b : y);
            }
            if (x instanceof Sym a && y instanceof Sym b && (op == '=' || op == '<' || op == '>')) {
                return longPrim(op, a.compareTo(b), 0);
            }
            throw isArith(op) ? expected("number", x instanceof Number ? y : x) : KError.domain();
        }
        if (xa) {
            int n = Num.count(y);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) r[i] = atomic(op, x, Num.at(y, i));
            return Num.norm(r);
        }
        if (ya) {
            int n = Num.count(x);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) r[i] = atomic(op, Num.at(x, i), y);
            return Num.norm(r);
        }
        int n = Num.count(x);
        if (n != Num.count(y)) throw KError.length();
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = atomic(op, Num.at(x, i), Num.at(y, i));
        return Num.norm(r);
    }

    static Object longOp(char op, long a, long b) {
        if (op == '%') return (double) a / (double) b;
        return longPrim(op, a, b);
    }

    static long longPrim(char op, long a, long b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '&' -> Math.min(a, b);
            case '|' -> Math.max(a, b);
            case '<' -> a < b ? 1 : 0;
            case '>' -> a > b ? 1 : 0;
            case '=' -> a == b ? 1 : 0;
            default -> throw KError.domain();
        };
    }

    static Object doubleOp(char op, double a, double b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '%' -> a / b;
            case '&' -> Math.min(a, b);
            case '|' -> Math.max(a, b);
            case '<' -> a < b ? 1L : 0L;
            case '>' -> a > b ? 1L : 0L;
            case '=' -> a == b || (Double.isNaN(a) && Double.isNaN(b)) ? 1L : 0L; // oK: nulls are equal
            default -> throw KError.domain();
        };
    }

    /** x!y with an int atom x: y mod x for x&gt;0, y div |x| for x&lt;0 (both flooring). */
    static Object mod(Object x, Object y) {
        if (!Num.isAtom(x)) {
            if (Num.isAtom(y)) throw new KError("invalid arguments to !");
            return new Dict(x, y);
        }
        if (!(x instanceof Long xx) || xx == 0) throw new KError("invalid arguments to !");
        long m = xx;
        if (y instanceof Character ch) return mod(x, (long) ch);
        if (y instanceof Long yy) return m > 0 ? Math.floorMod(yy, m) : Math.floorDiv(yy, -m);
        if (y instanceof Double yd) {
            double d = Math.abs((double) m);
            return m > 0 ? yd - d * Math.floor(yd / d) : Math.floor(yd / d);
        }
        if (y instanceof IntVec a) return VectorOps.mod(m, a);
        if (Num.isAtom(y)) throw new KError("invalid arguments to !");
        int n = Num.count(y);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = mod(x, Num.at(y, i));
        return Num.norm(r);
    }

    static boolean match(Object x, Object y) {
        if (x == y) return true;
        if (Num.isNumberAtom(x) && Num.isNumberAtom(y)) {
            if (x instanceof Long a && y instanceof Long b) return a.longValue() == b.longValue();
            double a = Num.toDouble(x), b = Num.toDouble(y);
            return a == b || (Double.isNaN(a) && Double.isNaN(b));
        }
        if (x instanceof Dict a && y instanceof Dict b) return match(a.keys, b.keys) && match(a.vals, b.vals);
        if (x instanceof Dict || y instanceof Dict) return false;
        boolean xa = Num.isAtom(x), ya = Num.isAtom(y);
        if (xa || ya) {
            if (!(xa && ya)) return false;
            return switch (x) { // atoms by structure, not by their printed text (a converging loop compares every step)
                case Lambda f -> y instanceof Lambda g && f.info.text.equals(g.info.text);
                case Character c -> c.equals(y);
                case Projection p -> y instanceof Projection q && p.infix == q.infix && match(p.fn, q.fn) && args(p.args, q.args);
                case Derived d -> y instanceof Derived e && d.adverb == e.adverb && match(d.fn, e.fn);
                case Compose c -> y instanceof Compose e && match(c.f, e.f) && match(c.g, e.g);
                default -> !Num.isNumberAtom(x) && Printer.format(x).equals(Printer.format(y)); // verbs, builtins, nil
            };
        }
        int n = Num.count(x);
        if (n != Num.count(y)) return false;
        for (int i = 0; i < n; i++) if (!match(Num.at(x, i), Num.at(y, i))) return false;
        return true;
    }

    private static boolean args(Object[] a, Object[] b) {
        if (a.length != b.length) return false;
        for (int i = 0; i < a.length; i++) {
            if ((a[i] == null) != (b[i] == null)) return false;
            if (a[i] != null && !match(a[i], b[i])) return false;
        }
        return true;
    }

    static Object take(Object x, Object y) {
        if (y instanceof Dict d && x instanceof Long) return new Dict(take(x, d.keys), take(x, d.vals));
        if (y instanceof Dict d && !Num.isAtom(x)) return new Dict(x, index(d, x)); // the entries with keys x
        if (x instanceof IntVec shape && shape.count() == 2 && (shape.get(0) == Num.NULL_INT || shape.get(1) == Num.NULL_INT)) {
            return cutInto(shape.get(0), shape.get(1), y);
        }
        if (x instanceof IntVec shape) return reshape(shape, 0, y, new int[] {0});
        if (!(x instanceof Long xx)) throw KError.domain();
        long n = xx;
        int len = Num.checkLength(Math.abs(n));
        Object[] src = Num.isAtom(y) ? new Object[] {y} : null;
        int c = src != null ? 1 : Num.count(y);
        Object[] r = new Object[len];
        if (c == 0) { // oK: items taken from an empty list are empty lists
            for (int i = 0; i < len; i++) r[i] = new Object[0];
            return r;
        }
        for (int i = 0; i < len; i++) {
            int k = n >= 0 ? i % c : Math.floorMod(c - len + i, c);
            r[i] = src != null ? src[0] : Num.at(y, k);
        }
        if (y instanceof Vec || Num.isNumberAtom(y) || y instanceof Character) return Num.norm(r);
        return r;
    }

    /** r 0N#y: y cut into r rows (the last takes the rest); 0N c#y: rows of c (the last may be short). */
    private static Object cutInto(long rows, long cols, Object y) {
        Object list = Num.isAtom(y) ? enlist(y) : y;
        int n = Num.count(list);
        if (rows == Num.NULL_INT && cols == Num.NULL_INT) throw KError.domain();
        if (rows != Num.NULL_INT) {
            if (rows < 0) throw KError.domain();
            int r = Num.checkLength(rows);
            Object[] out = new Object[r];
            int each = r == 0 ? 0 : n / r;
            for (int i = 0; i < r; i++) out[i] = slice(list, i * each, i == r - 1 ? n : (i + 1) * each);
            return out;
        }
        if (cols <= 0) throw KError.domain();
        int r = (int) ((n + cols - 1) / cols);
        Object[] out = new Object[r];
        for (int i = 0; i < r; i++) out[i] = slice(list, (int) (i * cols), (int) Math.min(n, (i + 1) * cols));
        return out;
    }

    private static Object reshape(IntVec shape, int dim, Object y, int[] cursor) {
        long n = shape.get(dim);
        if (n < 0) throw KError.domain();
        int len = Num.checkLength(n);
        int c = Num.isAtom(y) ? 1 : Num.count(y);
        Object[] r = new Object[len];
        for (int i = 0; i < len; i++) {
            if (dim == shape.count() - 1) {
                r[i] = c == 0 ? new Object[0] : Num.isAtom(y) ? y : Num.at(y, cursor[0] % c);
                cursor[0]++;
            } else {
                r[i] = reshape(shape, dim + 1, y, cursor);
            }
        }
        return Num.norm(r);
    }

    static Object join(Object x, Object y) {
        if (x instanceof Dict a && y instanceof Dict b) return Dict.join(a, b);
        if (x instanceof Dict || y instanceof Dict) throw KError.domain();
        if (x instanceof IntVec a && y instanceof IntVec b) {
            IntVec r = IntVec.of(Num.checkLength((long) a.count() + b.count()));
            VectorOps.copy(a, 0, r, 0, a.count());
            VectorOps.copy(b, 0, r, a.count(), b.count());
            return r;
        }
        if (x instanceof CharVec a && y instanceof CharVec b) {
            CharVec r = CharVec.of(Num.checkLength((long) a.count() + b.count()));
            java.lang.foreign.MemorySegment.copy(a.mem, a.base, r.mem, r.base, a.count());
            java.lang.foreign.MemorySegment.copy(b.mem, b.base, r.mem, r.base + a.count(), b.count());
            return r;
        }
        Object[] a = Num.items(x), b = Num.items(y);
        Num.checkLength((long) a.length + b.length);
        Object[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return Num.norm(r);
    }

    static Object drop(Object x, Object y) {
        if (y instanceof Dict d && x instanceof Long) return new Dict(drop(x, d.keys), drop(x, d.vals));
        if (y instanceof Dict d && !Num.isAtom(x)) { // the entries whose keys are not in x
            Object keep = Prims2.caret(d.keys, x);
            return new Dict(keep, index(d, keep));
        }
        if (x instanceof IntVec cuts) {
            if (Num.isAtom(y)) throw KError.domain();
            int n = Num.count(y), m = cuts.count();
            for (int i = 0; i < m; i++) if (cuts.get(i) < 0) throw new KError("positive int expected.");
            Object[] r = new Object[m];
            for (int i = 0; i < m; i++) {
                long from = cuts.get(i), to = i + 1 < m ? cuts.get(i + 1) : n;
                if (from < 0) throw new KError("positive int expected.");
                if (to > n || from > n) throw KError.length();
                if (from > to) throw KError.domain();
                r[i] = slice(y, (int) from, (int) to);
            }
            return r;
        }
        if (x instanceof Long && Num.isAtom(y) && !Num.isFunction(y)) return y; // oK: 0_7 is 7
        if (!(x instanceof Long xx) || Num.isAtom(y)) throw KError.domain();
        int c = Num.count(y);
        long n = xx;
        if (n >= 0) return slice(y, (int) Math.min(n, c), c);
        return slice(y, 0, (int) Math.max(0, c + n));
    }

    static Object slice(Object y, int from, int to) {
        if (y instanceof IntVec a) {
            IntVec r = IntVec.of(to - from);
            VectorOps.copy(a, from, r, 0, to - from);
            return r;
        }
        if (y instanceof FloatVec a) {
            FloatVec r = FloatVec.of(to - from);
            VectorOps.copy(a, from, r, 0, to - from);
            return r;
        }
        if (y instanceof CharVec a) {
            CharVec r = CharVec.of(to - from);
            java.lang.foreign.MemorySegment.copy(a.mem, a.base + from, r.mem, r.base, to - from);
            return r;
        }
        Object[] r = Arrays.copyOfRange((Object[]) y, from, to);
        return r.length == 0 ? r : Num.norm(r);
    }

    /** x[i] for a list x: out of range gives the null (the int null for a string too, as in oK). */
    static Object index(Object x, Object i) {
        if (x instanceof Dict d) {
            if (i instanceof Dict di) return new Dict(di.keys, index(x, di.vals));
        if (i instanceof Nil) return x;
            if (Num.isAtom(i) || d.find(i) >= 0) return d.get(i);
            int n = Num.count(i);
            Object[] r = new Object[n];
            for (int j = 0; j < n; j++) r[j] = index(x, Num.at(i, j));
            return n == 0 ? r : Num.norm(r);
        }
        if (i instanceof Dict di) return new Dict(di.keys, index(x, di.vals));
        if (i instanceof Long ll) {
            long k = ll;
            if (x instanceof IntVec a) return k >= 0 && k < a.count() ? a.get((int) k) : Num.NULL_INT;
            if (x instanceof FloatVec a) return k >= 0 && k < a.count() ? a.get((int) k) : Double.NaN;
            if (x instanceof CharVec a) return k >= 0 && k < a.count() ? (Object) a.get((int) k) : Num.NULL_INT;
            if (!(x instanceof Object[] a)) throw KError.domain();
            return k >= 0 && k < a.length ? a[(int) k] : Num.NULL_INT;
        }
        if (i instanceof Double d) return index(x, d == Math.rint(d) ? (long) (double) d : Num.NULL_INT); // 1 2 3[0.5] is a null
        if (i instanceof Character ch) return index(x, (long) ch); // oK: a char indexes by its code
        if (i instanceof IntVec ix) {
            if (x instanceof IntVec a) return VectorOps.index(a, ix);
        }
        if (!Num.isAtom(i)) {
            int n = Num.count(i);
            Object[] r = new Object[n];
            for (int j = 0; j < n; j++) r[j] = index(x, Num.at(i, j));
            return n == 0 ? r : Num.norm(r);
        }
        throw KError.domain();
    }

    /**
     * x[i;j;...]: the first index picks items of x (a list index picks each), the rest index into
     * every item picked; an elided index (null) picks all items.
     */
    static Object indexPath(Object x, Object[] idx, int k) {
        if (k == idx.length) return x;
        Object i = idx[k];
        if (i == null) {
            if (x instanceof Dict d) return new Dict(d.keys, indexPath(d.vals, idx, k));
            if (Num.isAtom(x)) throw KError.domain();
            int n = Num.count(x);
            Object[] r = new Object[n];
            for (int j = 0; j < n; j++) r[j] = indexPath(Num.at(x, j), idx, k + 1);
            return n == 0 ? r : Num.norm(r);
        }
        if (Num.isAtom(x) && !(x instanceof Dict)) throw KError.domain();
        if (k == idx.length - 1) return index(x, i);
        if (Num.isAtom(i)) return indexPath(index(x, i), idx, k + 1);
        int n = Num.count(i);
        Object[] r = new Object[n];
        Object[] sub = idx.clone();
        for (int j = 0; j < n; j++) {
            sub[k] = Num.at(i, j);
            r[j] = indexPath(x, sub, k);
        }
        return n == 0 ? r : Num.norm(r);
    }

    /** b/d (decode): the digits d read in the bases b (an int atom: one base for every digit). */
    static Object decode(Object b, Object d) {
        if (!(d instanceof IntVec digits) || !(b instanceof Long || b instanceof IntVec)) throw KError.domain();
        int n = digits.count();
        if (b instanceof IntVec bases && bases.count() < n) throw KError.length();
        long acc = 0;
        for (int i = 0; i < n; i++) acc = acc * (b instanceof Long l ? l : ((IntVec) b).get(i)) + digits.get(i);
        return acc;
    }

    /** b\y (encode): y's digits in the bases b, the last digit in the last base. */
    static Object encode(Object b, Object y) {
        if (Num.isAtom(b)) throw expected("list", b);
        if (!(b instanceof IntVec bases) || !(y instanceof Long v)) throw KError.domain();
        long rest = v;
        int n = bases.count();
        IntVec r = IntVec.of(n);
        for (int i = n - 1; i >= 0; i--) {
            long base = bases.get(i);
            if (base <= 0) throw KError.domain();
            r.set(i, Math.floorMod(rest, base));
            rest = Math.floorDiv(rest, base);
        }
        return r;
    }

    /** x'y (binary search in a sorted x): the last index whose item is at most y, -1 if none; each of a list y. */
    static Object bin(Object x, Object y) {
        if (Num.isAtom(x)) throw KError.domain();
        if (!Num.isNumberAtom(y)) {
            if (Num.isAtom(y)) throw KError.domain();
            int n = Num.count(y);
            Object[] r = new Object[n];
            for (int i = 0; i < n; i++) r[i] = bin(x, Num.at(y, i));
            return n == 0 ? r : Num.norm(r);
        }
        int n = Num.count(x);
        double v = Num.toDouble(y);
        long lo = -1;
        int a = 0, b = n;
        while (a < b) {
            int m = (a + b) >>> 1;
            Object item = Num.at(x, m);
            if (!Num.isNumberAtom(item)) throw KError.domain();
            if (Num.toDouble(item) <= v) { lo = m; a = m + 1; } else b = m;
        }
        return lo;
    }

    /** The windows of w consecutive items of y (for {@code w f': y}). */
    static Object[] windows(long w, Object y) {
        if (Num.isAtom(y) || w < 0) throw KError.domain();
        int n = Num.count(y), k = (int) Math.min(w, n + 1L);
        Object[] r = new Object[Math.max(0, n - k + 1)];
        for (int i = 0; i < r.length; i++) r[i] = slice(y, i, i + k);
        return r;
    }

    // ---------------------------------------------------------------- monads

    static Object monad(char op, Object x) {
        if (x instanceof Dict d) return Dict.monad(op, d);
        switch (op) {
            case '+': return flip(x);
            case '-': return atomic('-', 0L, checkNumeric(x));
            case '*': return Num.isAtom(x) ? x : Num.count(x) == 0 ? new Object[0] : Num.at(x, 0);
            case '%': return sqrt(x);
            case '!': return til(x);
            case '<': return grade(x, true);
            case '>': return grade(x, false);
            case '&': return where(x);
            case '|': return reverse(x);
            case '~': return not(x);
            case '#': return (long) Num.count(x);
            case ',': return enlist(x);
            case '_': return floor(x);
            case ':': return x;
            case '$': return Prims2.format(x);
            case '?': return Prims2.distinct(x);
            case '^': return Prims2.isNull(x);
            case '=': return Prims2.group(x);
            case '@': return Prims2.type(x);
            default: throw KError.domain();
        }
    }

    private static Object checkNumeric(Object x) {
        if (Num.isFunction(x)) throw NUMBER_EXPECTED;
        return x;
    }

    static Object flip(Object x) {
        if (Num.isAtom(x)) return new Object[] {enlist(x)}; // oK: +5 is ,,5 (any atom: +`a is ,,`a)
        if (x instanceof Vec) return new Object[] {x};           // +1 2 is ,1 2
        if (!(x instanceof Object[] rows) || rows.length == 0) return x;
        int n = -1;
        for (Object r : rows) {
            if (Num.isAtom(r)) continue;
            int c = Num.count(r);
            if (n >= 0 && c != n) throw KError.length();
            n = c;
        }
        if (n < 0) return x;
        Object[] out = new Object[n];
        for (int j = 0; j < n; j++) {
            Object[] col = new Object[rows.length];
            for (int i = 0; i < rows.length; i++) col[i] = Num.isAtom(rows[i]) ? rows[i] : Num.at(rows[i], j);
            out[j] = Num.norm(col);
        }
        return out;
    }

    static Object sqrt(Object x) {
        if (x instanceof Number n) return Math.sqrt(n.doubleValue());
        if (x instanceof Character ch) return Math.sqrt(ch); // a char is its code (as in oK)
        if (Num.isAtom(x)) throw expected("number", x);
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = sqrt(Num.at(x, i));
        return Num.norm(r);
    }

    static Object til(Object x) {
        if (x instanceof IntVec shape) return Prims2.odometer(shape);
        if (!(x instanceof Long n)) throw new KError("invalid arguments to !");
        if (n < 0) { // oK: !-3 is -3 -2 -1
            int len = Num.checkLength(-n);
            IntVec r = IntVec.of(len);
            for (int i = 0; i < len; i++) r.set(i, n + i);
            return r;
        }
        int len = Num.checkLength(n);
        if (len == 0) return new Object[0];
        return VectorOps.til(len);
    }

    static Object grade(Object x, boolean up) {
        if (Num.isAtom(x)) throw KError.domain();
        int n = Num.count(x);
        Integer[] idx = new Integer[n];
        Object[] items = Num.items(x);
        for (int i = 0; i < n; i++) {
            idx[i] = i;
            rank(items[i]);
        }
        Comparator<Integer> cmp = (a, b) -> order(items[a], items[b]);
        Arrays.sort(idx, up ? cmp : cmp.reversed()); // stable
        IntVec r = IntVec.of(n);
        for (int i = 0; i < n; i++) r.set(i, idx[i]);
        return r;
    }

    /**
     * The sort order of atoms: numbers and chars by value (a char is its code, as in oK), symbols by
     * name; lists item by item. A symbol and a number or char have no order in oK (its sort then
     * depends on the JavaScript engine), so grading them together is an error here.
     */
    static int order(Object a, Object b) {
        int ra = rank(a), rb = rank(b);
        if (ra != rb) {
            if (ra == 1 || rb == 1) throw KError.domain();
            return Integer.compare(ra, rb);
        }
        switch (ra) {
            case 0: return Double.compare(code(a), code(b));
            case 1: return ((Sym) a).compareTo((Sym) b);
            default: {
                int n = Num.count(a), m = Num.count(b);
                for (int i = 0; i < Math.min(n, m); i++) {
                    int c = order(Num.at(a, i), Num.at(b, i));
                    if (c != 0) return c;
                }
                return Integer.compare(n, m);
            }
        }
    }

    private static double code(Object a) {
        return a instanceof Character ch ? ch : Num.toDouble(a);
    }

    private static int rank(Object a) {
        if (Num.isNumberAtom(a) || a instanceof Character) return 0;
        if (a instanceof Sym) return 1;
        if (!Num.isAtom(a)) return 3;
        throw KError.domain();
    }

    static Object where(Object x) {
        if (x instanceof Long n) {
            if (n < 0) throw new KError("positive int expected.");
            return IntVec.of(Num.checkLength(n)); // n zeros
        }
        if (x instanceof IntVec a) {
            int n = a.count();
            long total = 0;
            for (int i = 0; i < n; i++) {
                long v = a.get(i);
                if (v < 0) throw new KError("positive int expected.");
                total = v > Num.MAX_LENGTH - total ? Num.MAX_LENGTH + 1 : total + v; // too long; no 64-bit overflow
            }
            IntVec r = IntVec.of(Num.checkLength(total));
            int k = 0;
            for (int i = 0; i < n; i++) for (long j = a.get(i); j > 0; j--) r.set(k++, i);
            return r;
        }
        if (x instanceof Object[] a && a.length == 0) return a;
        throw new KError("positive int expected.");
    }

    static Object reverse(Object x) {
        if (x instanceof IntVec || x instanceof FloatVec) return VectorOps.reverse((Vec) x);
        if (x instanceof CharVec a) {
            int n = a.count();
            CharVec r = CharVec.of(n);
            for (int i = 0; i < n; i++) r.set(i, a.get(n - 1 - i));
            return r;
        }
        if (x instanceof Object[] a) {
            Object[] r = new Object[a.length];
            for (int i = 0; i < a.length; i++) r[i] = a[a.length - 1 - i];
            return r;
        }
        return x;
    }

    static Object not(Object x) {
        if (x instanceof Long l) return l == 0 ? 1L : 0L;
        if (x instanceof Double d) return d == 0.0 ? 1L : 0L;
        if (x instanceof Character ch) return ch == 0 ? 1L : 0L; // a char is its code (as in oK)
        if (Num.isAtom(x)) throw expected("number", x);
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = not(Num.at(x, i));
        return Num.norm(r);
    }

    /** A string as it is; a char as a one-char string. */
    static Object enlistChars(Object x) {
        return x instanceof Character ? enlist(x) : x;
    }

    static Object enlist(Object x) {
        if (x instanceof Long l) {
            IntVec r = IntVec.of(1);
            r.set(0, l);
            return r;
        }
        if (x instanceof Double d) {
            FloatVec r = FloatVec.of(1);
            r.set(0, d);
            return r;
        }
        if (x instanceof Character ch) {
            CharVec r = CharVec.of(1);
            r.set(0, ch);
            return r;
        }
        return new Object[] {x};
    }

    static Object floor(Object x) {
        if (x instanceof Long) return x;
        if (x instanceof Character ch) return Character.toLowerCase(ch); // oK: _"A" is "a"
        if (x instanceof CharVec s) return CharVec.of(s.toString().toLowerCase(java.util.Locale.ROOT));
        if (x instanceof Double d) return Double.isNaN(d) ? Num.NULL_INT : (long) Math.floor(d);
        if (Num.isAtom(x)) throw NUMBER_EXPECTED;
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = floor(Num.at(x, i));
        return Num.norm(r);
    }
}
