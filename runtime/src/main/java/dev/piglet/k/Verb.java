package dev.piglet.k;

/** A primitive verb as a value ({@code +}, or {@code +:} forced monadic). Cached per char. */
final class Verb {
    final char op;
    final boolean monadic;

    private Verb(char op, boolean monadic) {
        this.op = op;
        this.monadic = monadic;
    }

    private static final Verb[] DYADIC = new Verb[128];
    private static final Verb[] MONADIC = new Verb[128];

    static {
        for (char ch : "+-*%!<>=&|~#,@_$.:?^".toCharArray()) {
            DYADIC[ch] = new Verb(ch, false);
            MONADIC[ch] = new Verb(ch, true);
        }
        DYADIC[Prims.WRITE] = new Verb(Prims.WRITE, false);
        MONADIC[Prims.WRITE] = new Verb(Prims.WRITE, true);
    }

    static Verb of(char op, boolean monadic) {
        return monadic ? MONADIC[op] : DYADIC[op];
    }

    int valence() { return monadic ? 1 : 2; }

    @Override
    public String toString() {
        String name = op == Prims.WRITE ? "0:" : String.valueOf(op);
        return monadic ? name + ":" : name;
    }
}
