package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

/**
 * A lambda's text as oK displays it, written from its cells: blanks dropped, juxtaposition shown as
 * {@code f@x}, a bracket call as {@code f.args}, a left operand that is itself a dyad in parentheses,
 * {@code a+:b} as {@code a:a+b}. Computed once, when the lambda is parsed.
 */
final class Unparse {
    private Unparse() {}

    /** The op of an APPLY cell written with brackets ({@code f[x;y]}); juxtaposition and {@code @} have 0. */
    static final int BRACKETS = 1;

    /** Word b of the verb cell an indexed assignment amends with (a[i]+:v is .[a;,i;+;v]). */
    static final int AMEND_FN = 1;

    static String lambda(Code code, LambdaInfo info) {
        StringBuilder sb = new StringBuilder("{");
        if (info.params.length > 0) sb.append('[').append(String.join(";", info.params)).append(']');
        Unparse.statements(code, info.body, sb);
        return sb.append('}').toString();
    }

    private static void statements(Code code, int c, StringBuilder sb) {
        if (code.kind(c) == SEQ) {
            int n = (int) code.b(c);
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(';');
                expr(code, code.item(c, i), sb);
            }
        } else {
            expr(code, c, sb);
        }
    }

    /** Does the cell print with a left operand (so, on the left of a dyad, it needs parentheses)? */
    private static boolean hasLeft(Code code, int c) {
        int k = code.kind(c);
        if (k == DYAD) return code.op(c) != Prims.COMPOSE && code.op(c) != Prims.PROJECT_LEFT;
        if (k == APPLY) {
            int f = (int) code.a(c);
            return !(code.op(c) == BRACKETS && code.kind(f) == VERB) && !(code.kind(f) == ADVERB && code.b(c) == 1);
        }
        return false;
    }

    static void expr(Code code, int c, StringBuilder sb) {
        if (c == 0) return;
        switch (code.kind(c)) {
            case INT -> Printer.formatInt(sb, code.a(c));
            case FLT -> Printer.format(sb, Double.longBitsToDouble(code.a(c)));
            case CONST -> {
                Object v = code.constants()[(int) code.a(c)];
                if (v instanceof Vec vec && vec.count() == 0) sb.append("()");
                else Printer.format(sb, v);
            }
            case LOCAL, UPVAL -> sb.append(code.symbolName((int) code.c(c)));
            case GLOBAL -> sb.append(code.symbolName((int) code.a(c)));
            case SELF -> sb.append('o');
            case VERB -> {
                sb.append('(');
                verb(code, c, sb);
                sb.append(')');
            }
            case MONAD -> {
                sb.append(verbName(code.op(c)));
                if (code.b(c) == 1) sb.append(':');
                expr(code, (int) code.a(c), sb);
            }
            case DYAD -> {
                int op = code.op(c), l = (int) code.a(c), r = (int) code.b(c);
                if (op == Prims.COMPOSE) {
                    sb.append('(');
                    function(code, l, sb);
                    function(code, r, sb);
                    sb.append(')');
                } else if (op == Prims.PROJECT_LEFT) {
                    sb.append('(');
                    left(code, l, sb);
                    verb(code, r, sb);
                    sb.append(')');
                } else {
                    left(code, l, sb);
                    sb.append(verbName(op));
                    expr(code, r, sb);
                }
            }
            case ADVERB -> function(code, c, sb);
            case APPLY -> apply(code, c, sb);
            case LIST -> list(code, c, sb);
            case COND -> {
                sb.append("$[");
                int n = (int) code.b(c);
                for (int i = 0; i < n; i++) {
                    if (i > 0) sb.append(';');
                    expr(code, code.item(c, i), sb);
                }
                sb.append(']');
            }
            case SEQ -> statements(code, c, sb);
            case SETLOCAL -> {
                sb.append(code.symbolName((int) code.c(c))).append(':');
                expr(code, (int) code.b(c), sb);
            }
            case SETGLOBAL -> {
                sb.append(code.symbolName((int) code.a(c))).append("::");
                expr(code, (int) code.b(c), sb);
            }
            case LAMBDA -> sb.append(code.lambdas.get((int) code.a(c)).text);
            default -> { }
        }
    }

    private static void left(Code code, int l, StringBuilder sb) {
        boolean paren = hasLeft(code, l) || (code.kind(l) == DYAD && code.op(l) == Prims.PROJECT_LEFT);
        if (paren) sb.append('(');
        expr(code, l, sb);
        if (paren) sb.append(')');
    }

    /** A function in an operator's place: a verb bare, an adverb's operand and its adverb. */
    private static void function(Code code, int c, StringBuilder sb) {
        int k = code.kind(c);
        if (k == VERB) verb(code, c, sb);
        else if (k == ADVERB) {
            function(code, (int) code.a(c), sb);
            sb.append(Derived.NAMES[code.op(c)]);
        } else expr(code, c, sb);
    }

    private static void verb(Code code, int c, StringBuilder sb) {
        sb.append(verbName(code.op(c)));
        if (code.a(c) == 1) sb.append(':');
    }

    private static String verbName(int op) {
        return op == Prims.WRITE ? "0:" : String.valueOf((char) op);
    }

    private static void apply(Code code, int c, StringBuilder sb) {
        int f = (int) code.a(c), n = (int) code.b(c);
        int fk = code.kind(f);
        if (code.op(c) == BRACKETS && fk == VERB) { // +[2;] and .[x;i;f;y]: the verb with its arguments
            verb(code, f, sb);
            sb.append('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(';');
                int a = code.item(c, i);
                if (code.kind(a) == VERB && code.b(a) == AMEND_FN) { // a[i]+:v's verb, as oK writes it
                    if (code.op(a) == ':') sb.append("{[x;y]y}");
                    else verb(code, a, sb);
                } else expr(code, a, sb);
            }
            sb.append(']');
            return;
        }
        if (fk == VERB && n == 2) { // x.y, x@y written between their arguments
            left(code, code.item(c, 0), sb);
            verb(code, f, sb);
            expr(code, code.item(c, 1), sb);
            return;
        }
        if (fk == ADVERB && code.op(c) != BRACKETS) { // +/x and x +/y
            if (n == 2) {
                expr(code, code.item(c, 0), sb);
                sb.append(' ');
            }
            function(code, f, sb);
            expr(code, code.item(c, n - 1), sb);
            return;
        }
        if (code.op(c) == BRACKETS) { // f[x;y] is f . (x;y)
            left(code, f, sb);
            sb.append('.');
            if (n == 0) sb.append(",`");
            else args(code, c, n, sb);
            return;
        }
        if (fk == APPLY && code.op(f) == BRACKETS && code.kind((int) code.a(f)) == VERB) { // -[2;]3
            expr(code, f, sb);
            expr(code, code.item(c, 0), sb);
            return;
        }
        if (fk == LAMBDA || fk == LIST || hasLeft(code, f)) left(code, f, sb);
        else expr(code, f, sb);
        sb.append('@');
        expr(code, code.item(c, 0), sb);
    }

    /** Call arguments as oK shows the argument list: literal numbers as a vector, one as ,x, else (a;b). */
    private static void args(Code code, int c, int n, StringBuilder sb) {
        boolean numbers = true;
        for (int i = 0; i < n; i++) {
            int a = code.item(c, i);
            if (a == 0 || (code.kind(a) != INT && code.kind(a) != FLT)) numbers = false;
        }
        if (n == 1) {
            sb.append(',');
            expr(code, code.item(c, 0), sb);
        } else if (numbers) {
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(' ');
                expr(code, code.item(c, i), sb);
            }
        } else {
            sb.append('(');
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(';');
                int a = code.item(c, i);
                if (a != 0 && !(code.kind(a) == CONST && code.constants()[(int) code.a(a)] instanceof Nil)) expr(code, a, sb);
            }
            sb.append(')');
        }
    }

    private static void list(Code code, int c, StringBuilder sb) {
        int n = (int) code.b(c);
        boolean numbers = n > 1;
        for (int i = 0; i < n; i++) {
            int k = code.kind(code.item(c, i));
            if (k != INT && k != FLT) numbers = false;
        }
        if (numbers) { // oK folds a list of number literals into a vector
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(' ');
                expr(code, code.item(c, i), sb);
            }
            return;
        }
        if (n == 1) {
            sb.append(',');
            expr(code, code.item(c, 0), sb);
            return;
        }
        sb.append('(');
        for (int i = 0; i < n; i++) {
            if (i > 0) sb.append(';');
            int a = code.item(c, i);
            if (!(code.kind(a) == CONST && code.constants()[(int) code.a(a)] instanceof Nil)) expr(code, a, sb);
        }
        sb.append(')');
    }
}
