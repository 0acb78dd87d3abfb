package dev.piglet.k;

/** A named monadic function oK provides ({@code sin cos exp log}): atomic over lists. Found when no global has the name. */
final class Builtin {
    final String name;

    private Builtin(String name) {
        this.name = name;
    }

    private static final Builtin[] ALL = {new Builtin("sin"), new Builtin("cos"), new Builtin("exp"), new Builtin("log")};

    static Builtin named(String name) {
        for (Builtin b : ALL) if (b.name.equals(name)) return b;
        return null;
    }

    Object apply(Object x) {
        if (x instanceof Number) {
            double d = Num.toDouble(x);
            return switch (name) {
                case "sin" -> Math.sin(d);
                case "cos" -> Math.cos(d);
                case "exp" -> Math.exp(d);
                default -> Math.log(d);
            };
        }
        if (x instanceof Dict dx) return new Dict(dx.keys, apply(dx.vals));
        if (Num.isAtom(x)) throw Prims.NUMBER_EXPECTED;
        int n = Num.count(x);
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) r[i] = apply(Num.at(x, i));
        return n == 0 ? r : Num.norm(r);
    }

    @Override
    public String toString() {
        return name;
    }
}
