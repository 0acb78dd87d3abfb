package dev.piglet.k;

import java.math.BigDecimal;

/** Formats values exactly as oK displays them (see K-DIALECT.md, "Display"). */
public final class Printer {
    private Printer() {}

    public static String format(Object v) {
        StringBuilder sb = new StringBuilder();
        format(sb, v);
        return sb.toString();
    }

    static void format(StringBuilder sb, Object v) {
        if (v instanceof Long l) {
            formatInt(sb, l);
        } else if (v instanceof Double d) {
            formatFloat(sb, d);
        } else if (v instanceof IntVec a) {
            int n = a.count();
            if (n == 0) sb.append("()");
            if (n == 1) sb.append(',');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(' ');
                formatInt(sb, a.get(i));
            }
        } else if (v instanceof FloatVec a) {
            int n = a.count();
            if (n == 0) sb.append("()");
            if (n == 1) sb.append(',');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(' ');
                formatFloat(sb, a.get(i));
            }
        } else if (v instanceof CharVec a) {
            if (a.count() == 1) sb.append(',');
            chars(sb, a.toString());
        } else if (v instanceof Character ch) {
            chars(sb, String.valueOf(ch));
        } else if (v instanceof Sym y) {
            symbol(sb, y);
        } else if (v instanceof Dict d) {
            dict(sb, d);
        } else if (v instanceof Object[] a) {
            formatList(sb, a);
        } else if (v instanceof Lambda f) {
            sb.append(f.info.text);
        } else if (v instanceof Verb f) {
            sb.append('(').append(f).append(')'); // oK: a verb alone is shown in parentheses
        } else if (v instanceof Derived || v instanceof Compose) {
            function(sb, v);
        } else if (v instanceof Projection pr && pr.infix) {
            sb.append('(');
            format(sb, pr.args[0]);
            sb.append(pr.fn).append(')');
        } else if (v instanceof Projection pr) {
            function(sb, pr.fn);
            sb.append('[');
            for (int i = 0; i < pr.args.length; i++) {
                if (i > 0) sb.append(';');
                if (pr.args[i] != null) format(sb, pr.args[i]);
            }
            sb.append(']');
        } else if (v == null) {
            sb.append("");
        } else {
            sb.append(v);
        }
    }

    /** A function as an operand of an adverb or a composition: a verb bare, a composition in parentheses. */
    private static void function(StringBuilder sb, Object f) {
        if (f instanceof Verb v) {
            sb.append(v);
        } else if (f instanceof Derived d) {
            function(sb, d.fn);
            sb.append(Derived.NAMES[d.adverb]);
        } else if (f instanceof Compose c) {
            sb.append('(');
            composed(sb, c);
            sb.append(')');
        } else {
            format(sb, f);
        }
    }

    private static void composed(StringBuilder sb, Compose c) {
        function(sb, c.f);
        if (c.g instanceof Compose inner) composed(sb, inner);
        else function(sb, c.g);
    }

    /** Chars as oK shows them: quoted, or as 0x and hex bytes when one is not printable. */
    static void chars(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 32 && c != '\n' && c != '\t' && c != '\r') || c > 126) {
                sb.append("0x");
                for (int k = 0; k < s.length(); k++) sb.append(String.format("%02x", (int) s.charAt(k) & 0xFF));
                return;
            }
        }
        quoted(sb, s);
    }

    /** A string in double quotes, with oK's escapes. */
    static void quoted(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                default -> sb.append(c);
            }
        }
        sb.append('"');
    }

    /** [a:1;b:2] when every key is a symbol, else keys!values. */
    static void dict(StringBuilder sb, Dict d) {
        int n = d.count();
        boolean syms = n > 0;
        for (int i = 0; i < n; i++) if (!(Num.at(d.keys, i) instanceof Sym)) syms = false;
        if (!syms) {
            boolean paren = n == 1;
            if (paren) sb.append('(');
            format(sb, d.keys);
            if (paren) sb.append(')');
            sb.append('!');
            format(sb, d.vals);
            return;
        }
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(';');
            sb.append(((Sym) Num.at(d.keys, i)).name).append(':');
            format(sb, Num.at(d.vals, i));
        }
        sb.append(']');
    }

    static void symbol(StringBuilder sb, Sym y) {
        sb.append('`');
        String n = y.name;
        boolean plain = true;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 128) && c != '.') plain = false;
        }
        if (plain) sb.append(n);
        else quoted(sb, n);
    }

    private static void formatList(StringBuilder sb, Object[] a) {
        if (a.length == 0) {
            sb.append("()");
            return;
        }
        boolean allSyms = true;
        for (Object o : a) if (!(o instanceof Sym)) allSyms = false;
        if (allSyms) {
            if (a.length == 1) sb.append(',');
            for (Object o : a) symbol(sb, (Sym) o);
            return;
        }
        if (a.length == 1) {
            sb.append(',');
            format(sb, a[0]);
            return;
        }
        boolean allNumbers = true;
        boolean anyList = false;
        for (Object o : a) {
            if (!Num.isNumberAtom(o)) allNumbers = false;
            if (!Num.isAtom(o)) anyList = true;
        }
        if (allNumbers) {
            for (int i = 0; i < a.length; i++) {
                if (i > 0) sb.append(' ');
                format(sb, a[i]);
            }
            return;
        }
        sb.append('(');
        for (int i = 0; i < a.length; i++) {
            if (i > 0) sb.append(anyList ? "\n " : ";");
            String item = format(a[i]);
            sb.append(anyList ? item.replace("\n", "\n ") : item);
        }
        sb.append(')');
    }

    static void formatInt(StringBuilder sb, long l) {
        if (l == Num.NULL_INT) sb.append("0N");
        else sb.append(l);
    }

    /** oK: whole floats print like ints, others rounded to 4 decimals; JavaScript number text. */
    static void formatFloat(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("0N");
            return;
        }
        if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "0w" : "-0w");
            return;
        }
        if (d != Math.rint(d)) {
            d = Math.round(d * 10000) / 10000.0;
            if (Math.abs(d) >= 1e15) d = Math.rint(d);
        }
        if (d == 0) {
            sb.append('0');
            return;
        }
        sb.append(jsNumber(d));
    }

    /** JavaScript's Number.prototype.toString: shortest digits, plain between 1e-7 and 1e21. */
    static String jsNumber(double d) {
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        double abs = Math.abs(d);
        if (abs >= 1e-7 && abs < 1e21) return bd.toPlainString();
        String digits = bd.unscaledValue().abs().toString();
        int exp = digits.length() - 1 - bd.scale();
        StringBuilder sb = new StringBuilder();
        if (d < 0) sb.append('-');
        sb.append(digits.charAt(0));
        if (digits.length() > 1) sb.append('.').append(digits, 1, digits.length());
        sb.append('e').append(exp >= 0 ? "+" : "-").append(Math.abs(exp));
        return sb.toString();
    }
}
