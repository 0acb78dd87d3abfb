package dev.piglet.k;

/**
 * One running adverb (each, over, scan, ...) as a resumable state machine. The trampoline calls
 * {@link #step} with the previous call's result; the loop either asks for another call (in {@link #fn},
 * {@link #a0}, {@link #a1}, {@link #argc}) or finishes with {@link #result}. Because the loop never calls
 * K code itself, a lambda applied by an adverb runs on the trampoline like any other call.
 */
final class Loop {
    private static final int EACH1 = 0, EACH2 = 1, FOLD = 2, CONV = 3, REPEAT = 4, WHILE = 5, PRIOR = 6, COMPOSE = 7, VALUE = 8, AMEND = 9, SPLICE = 10, EACH3 = 11, FOLD3 = 12;

    private final int mode;
    private final boolean scan;
    private final Object f;
    private Object g;
    private Object x, y;
    private int n, i;
    private long times;
    private int phase;
    private Object acc, first;
    private Object[] out;
    private int outN;
    private final boolean xList, yList;

    Object fn, a0, a1, a2;
    int argc;
    Object result;

    static int valence(Object f) {
        if (f instanceof Lambda l) return Math.max(1, l.info.valence);
        if (f instanceof Verb v) return v.valence();
        if (f instanceof Projection p) return p.holes;
        if (f instanceof Derived d) return d.adverb == Derived.EACH ? valence(d.fn) : 2;
        if (f instanceof Compose c) return c.g instanceof Derived ? 1 : valence(c.g);
        if (f instanceof Builtin b) return b.valence;
        return 1;
    }

    private Loop(int mode, boolean scan, Object f, Object x, Object y) {
        this.mode = mode;
        this.scan = scan;
        this.f = f;
        this.x = x;
        this.y = y;
        this.xList = x != null && !Num.isAtom(x);
        this.yList = y != null && !Num.isAtom(y);
    }

    /** The loop for a composition: g of the arguments, then f of that. */
    static Loop compose(Compose c, int argc, Object x, Object y) {
        if (argc < 1 || argc > 2) throw KError.valence();
        Loop l = new Loop(COMPOSE, false, c.f, x, y);
        l.g = c.g;
        l.n = argc;
        return l;
    }

    private java.util.List<Object[]> places;
    private java.util.List<Object> ys;
    private boolean hasY;

    /**
     * Amend: {@code .[x;i;f;y]} (dot, i a path) or {@code @[x;i;f;y]} (i indexes the top level); with
     * three arguments and a non-function third, {@code @[x;i;v]} puts v at i.
     */
    static Loop amend(boolean dot, Object[] a) {
        if (a.length < 3 || a.length > 4) throw KError.valence();
        Object x = a[0], i = a[1], f = a[2];
        boolean hasY = a.length == 4;
        Object y = hasY ? a[3] : null;
        if (Num.isFunction(x)) throw KError.domain(); // .[f;x;:] (oK's error trap) is not supported
        if (!hasY && Num.isAtom(f) && !Num.isFunction(f) && !(f instanceof Dict)) { // a list or dictionary third is indexed, like a function
            y = f;
            hasY = true;
            f = Verb.of(':', false);
        }
        Object[] path = dot && !Num.isAtom(i) ? Num.items(i) : new Object[] {i};
        Loop l = new Loop(AMEND, false, f, x, null);
        l.places = new java.util.ArrayList<>();
        l.ys = new java.util.ArrayList<>();
        l.hasY = hasY;
        Amend.places(x, path, y, hasY, l.places, l.ys);
        l.acc = x;
        l.n = l.places.size();
        return l;
    }

    private Object z;

    /** A derived verb of a three-argument function on three arguments: each (atoms repeat), or over / scan seeded with x over the items of y and z. */
    static Loop triadic(Derived d, Object x, Object y, Object z) {
        Loop l;
        if (d.adverb == Derived.EACH) {
            l = new Loop(EACH3, false, d.fn, x, y);
            int n = -1;
            for (Object v : new Object[] {x, y, z}) {
                if (Num.isAtom(v)) continue;
                if (n >= 0 && Num.count(v) != n) throw KError.length();
                n = Num.count(v);
            }
            l.n = Math.max(n, 1);
            l.phase = n < 0 ? 1 : 0; // 1: every argument an atom, the result is one
        } else if (d.adverb == Derived.OVER || d.adverb == Derived.SCAN) {
            l = new Loop(FOLD3, d.adverb == Derived.SCAN, d.fn, x, y);
            if (Num.isAtom(y) || Num.isAtom(z)) throw KError.domain();
            if (Num.count(y) != Num.count(z)) throw KError.length();
            l.n = Num.count(y);
            l.acc = x;
        } else {
            throw KError.valence();
        }
        l.z = z;
        return l;
    }

    /** ?[x;i;f]: x with the items from i[0] up to i[1] replaced by f of them. */
    static Loop splice(Object x, Object range, Object f) {
        if (!(range instanceof IntVec r) || r.count() != 2 || Num.isAtom(x)) throw KError.domain();
        long from = r.get(0), to = r.get(1);
        if (from < 0 || to < from || to > Num.count(x)) throw KError.domain();
        Loop l = new Loop(SPLICE, false, f, x, range);
        l.acc = Prims.slice(x, (int) from, (int) to);
        return l;
    }

    private static Loop value(Object v) {
        Loop l = new Loop(VALUE, false, null, null, null);
        l.result = v;
        return l;
    }

    /** The loop for derived verb d applied to 1 or 2 arguments. */
    static Loop of(Derived d, int argc, Object x, Object y) {
        if (argc < 1 || argc > 2) throw KError.valence();
        Object f = d.fn;
        if (!Num.isFunction(f)) { // a noun before an adverb: decode, encode, binary search
            if (argc != 1) throw KError.domain();
            boolean text = f instanceof Character || f instanceof CharVec;
            return value(switch (d.adverb) {
                case Derived.OVER -> text ? Prims2.joinWith(f, x) : Prims.decode(f, x);
                case Derived.SCAN -> text ? Prims2.splitAt(f, x) : Prims.encode(f, x);
                case Derived.EACH -> Prims.bin(f, x);
                case Derived.EACH_PRIOR -> { // n': the windows of n items
                    if (!(f instanceof Long w)) throw KError.domain();
                    yield Prims.windows(w, x);
                }
                default -> throw KError.domain();
            });
        }
        if (d.adverb == Derived.EACH_PRIOR && argc == 2 && x instanceof Long w
                && (f instanceof Derived || valence(f) == 1)) { // x f': y with a monadic f: f of each window
            Loop l = new Loop(EACH1, false, f, Prims.windows(w, y), null);
            l.n = Num.count(l.x);
            return l;
        }
        Loop l;
        switch (d.adverb) {
            case Derived.EACH -> {
                Object keys = null; // f' over dictionaries: over the values, by the (left) keys
                if (x instanceof Dict dx) {
                    keys = dx.keys;
                    x = dx.vals;
                }
                if (argc == 2 && y instanceof Dict dy) {
                    if (keys == null) keys = dy.keys;
                    y = Prims.index(dy, keys);
                }
                if (argc == 1) {
                    l = new Loop(EACH1, false, f, x, null);
                    l.n = l.xList ? Num.count(x) : 1;
                } else {
                    l = new Loop(EACH2, false, f, x, y);
                    if (l.xList && l.yList && Num.count(x) != Num.count(y)) throw KError.length();
                    l.n = l.xList ? Num.count(x) : l.yList ? Num.count(y) : 1;
                }
                l.keys = keys;
            }
            case Derived.EACH_RIGHT, Derived.EACH_LEFT -> {
                if (argc != 2) throw KError.valence();
                boolean right = d.adverb == Derived.EACH_RIGHT;
                l = right ? new Loop(EACH2, false, f, x, y) : new Loop(EACH2, false, f, x, y);
                l.phase = right ? 1 : 2; // 1: iterate y only, 2: iterate x only
                Object it = right ? y : x;
                l.n = Num.isAtom(it) ? 1 : Num.count(it);
            }
            case Derived.EACH_PRIOR -> {
                Object list = argc == 1 ? x : y;
                l = new Loop(PRIOR, false, f, list, null);
                l.n = Num.isAtom(list) ? 1 : Num.count(list);
                l.acc = argc == 2 ? x : priorSeed(f, list);
            }
            default -> { // over, scan
                boolean scan = d.adverb == Derived.SCAN;
                int fv = valence(f);
                if (argc == 1 && fv == 1) {
                    l = new Loop(CONV, scan, f, x, null);
                } else if (argc == 2 && fv == 1) {
                    if (x instanceof Long t) {
                        if (t < 0) throw KError.domain();
                        l = new Loop(REPEAT, scan, f, y, null);
                        l.times = t;
                    } else if (Num.isFunction(x)) {
                        l = new Loop(WHILE, scan, f, y, null);
                        l.g = x;
                    } else {
                        throw KError.domain();
                    }
                } else {
                    Object list = argc == 1 ? x : y;
                    l = new Loop(FOLD, scan, f, list, null);
                    l.n = Num.isAtom(list) ? 1 : Num.count(list);
                    if (argc == 2) {
                        l.acc = x;
                        l.phase = 1;
                    }
                }
            }
        }
        return l;
    }

    private static Object item(Object v, boolean list, int i) {
        return list ? Num.at(v, i) : v;
    }

    private void collect(Object v) {
        if (out == null) out = new Object[8];
        if (outN == out.length) out = java.util.Arrays.copyOf(out, Num.checkLength(out.length * 2L));
        out[outN++] = v;
    }

    private Object collected() {
        return Num.norm(java.util.Arrays.copyOf(out == null ? new Object[0] : out, outN));
    }

    private boolean call1(Object fn, Object a) {
        this.fn = fn;
        this.a0 = a;
        this.a2 = null;
        this.argc = 1;
        return true;
    }

    private boolean call2(Object fn, Object a, Object b) {
        this.fn = fn;
        this.a0 = a;
        this.a1 = b;
        this.a2 = null;
        this.argc = 2;
        return true;
    }

    /** Keys to put back on an each's result (it ran over a dictionary's values), or null. */
    private Object keys;

    private boolean call3(Object fn, Object a, Object b, Object c) {
        this.fn = fn;
        this.a0 = a;
        this.a1 = b;
        this.a2 = c;
        this.argc = 3;
        return true;
    }

    private boolean done(Object r) {
        result = keys == null ? r : new Dict(keys, r);
        return false;
    }

    /** Feeds the last call's result (ignored on the first step); true if another call is pending. */
    boolean step(Object last, boolean start) {
        switch (mode) {
            case EACH1, EACH2 -> {
                if (!start) collect(last);
                if (i == n) {
                    boolean single = mode == EACH1 ? !xList : phase == 0 ? !xList && !yList
                            : phase == 1 ? !yList : !xList;
                    return done(single ? out[0] : collected());
                }
                int k = i++;
                if (mode == EACH1) return call1(f, item(x, xList, k));
                if (phase == 1) return call2(f, x, item(y, yList, k));
                if (phase == 2) return call2(f, item(x, xList, k), y);
                return call2(f, item(x, xList, k), item(y, yList, k));
            }
            case PRIOR -> {
                if (!start) collect(last);
                if (i == n) return done(!xList ? out[0] : collected());
                int k = i++;
                Object cur = item(x, xList, k);
                Object prev = k == 0 ? acc : item(x, xList, k - 1);
                return call2(f, cur, prev);
            }
            case FOLD -> {
                if (start) {
                    if (phase == 0) {
                        if (!xList) return done(x);
                        if (n == 0) return done(scan ? new Object[0] : identity());
                        acc = Num.at(x, 0);
                        if (n == 1 && !scan && f instanceof Verb v && v.op == ',' && Num.isAtom(acc)) return done(x); // oK: ,/,2 is ,2
                        i = 1;
                        if (scan) collect(acc);
                    }
                } else {
                    acc = last;
                    if (scan) collect(acc);
                }
                if (i == n) return done(scan ? collected() : acc);
                return call2(f, acc, item(x, xList, i++));
            }
            case CONV -> {
                if (start) {
                    first = x;
                    acc = x;
                    if (scan) collect(x);
                    return call1(f, x);
                }
                if (Prims.match(last, acc) || Prims.match(last, first)) return done(scan ? collected() : last);
                acc = last;
                if (scan) collect(last);
                return call1(f, last);
            }
            case REPEAT -> {
                if (start) {
                    acc = x;
                    if (scan) collect(x);
                } else {
                    acc = last;
                    if (scan) collect(last);
                }
                if (times-- == 0) return done(scan ? collected() : acc);
                return call1(f, acc);
            }
            case WHILE -> {
                if (start) {
                    acc = x;
                    if (scan) collect(x);
                    phase = 0;
                    return call1(g, acc);
                }
                if (phase == 0) {
                    if (!Num.truthy(last)) return done(scan ? collected() : acc);
                    phase = 1;
                    return call1(f, acc);
                }
                acc = last;
                if (scan) collect(last);
                phase = 0;
                return call1(g, acc);
            }
            case COMPOSE -> {
                if (start) return n == 1 ? call1(g, x) : call2(g, x, y);
                if (phase++ == 0) return call1(f, last);
                return done(last);
            }
            case VALUE -> {
                return false;
            }
            case EACH3 -> {
                if (!start) collect(last);
                if (i == n) return done(phase == 1 ? out[0] : collected());
                int k = i++;
                return call3(f, item(x, !Num.isAtom(x), k), item(y, !Num.isAtom(y), k), item(z, !Num.isAtom(z), k));
            }
            case FOLD3 -> {
                if (start) {
                    if (scan) collect(acc);
                } else {
                    acc = last;
                    if (scan) collect(acc);
                }
                if (i == n) return done(scan ? collected() : acc);
                int k = i++;
                return call3(f, acc, Num.at(y, k), Num.at(z, k));
            }
            case SPLICE -> {
                if (start) return call1(f, acc);
                return done(Prims2.splice(x, y, last));
            }
            case AMEND -> {
                if (!start) acc = Amend.set(acc, places.get(i - 1), 0, last);
                if (i == n) return done(acc);
                Object old = Amend.get(acc, places.get(i));
                Object yv = ys.get(i++);
                return hasY ? call2(f, old, yv) : call1(f, old);
            }
            default -> throw new IllegalStateException("loop mode " + mode);
        }
    }

    /** f/ of an empty list (as oK): the verb's identity where it has one, else the empty list. */
    private Object identity() {
        if (f instanceof Verb v) {
            if (v.op == '+') return 0L;
            if (v.op == '*') return 1L;
            if (v.op == '|') return Double.NEGATIVE_INFINITY;
            if (v.op == '&') return Double.POSITIVE_INFINITY;
        }
        return new Object[0];
    }

    /** What f': compares the first item with (as oK): the verb's identity, the first item for &amp; and |, else a null. */
    private static Object priorSeed(Object f, Object list) {
        if (f instanceof Verb v) {
            switch (v.op) {
                case '+', '-': return 0L;
                case '*', '%': return 1L;
                case '&', '|': return Num.isAtom(list) ? list : Num.count(list) == 0 ? new Object[0] : Num.at(list, 0);
                case ',': return new Object[0];
                case '=': return Num.NULL_INT;
                default: break;
            }
        }
        return Double.NaN;
    }
}
