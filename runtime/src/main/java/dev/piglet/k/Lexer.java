package dev.piglet.k;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits K source into tokens. Numbers separated by blanks become one vector token ({@code 1 2 -3});
 * a minus directly before a digit is a sign when it starts a noun (after a blank, an opener or a verb),
 * otherwise the verb ({@code x-1}). A {@code /} after a blank or at a line start begins a comment.
 * A newline is a {@code ;} everywhere, as in oK: it separates statements at the top level and in braces,
 * and items inside (), [] and $[]. A comment starting in column 1 takes the line break before it along.
 */
final class Lexer {
    static final int NUM = 1, NAME = 2, ASSIGN = 3, GASSIGN = 4, T_VERB = 5, T_ADVERB = 6, LPAREN = 7,
            RPAREN = 8, LBRACK = 9, RBRACK = 10, LBRACE = 11, RBRACE = 12, SEMI = 13, T_COND = 14, EOF = 15;

    static final String VERBS = "+-*%!<>=&|~#,@_$.?^";

    /** One token: kind, source offset, line/column, text or value. */
    record Token(int kind, int pos, int line, int col, String text, Object value, boolean monadic, int adverb) {}

    private final String src;
    private final int firstLine;
    private int i;
    private int line;
    private int lineStart;
    private final List<Token> out = new ArrayList<>();

    Lexer(String src, int firstLine) {
        this.src = src;
        this.firstLine = firstLine;
    }

    List<Token> lex() {
        line = firstLine;
        lineStart = 0;
        boolean blank = true; // at line start counts as after a blank
        while (i < src.length()) {
            char ch = src.charAt(i);
            if (ch == '\n') {
                add(SEMI, i, "\n");
                i++;
                line++;
                lineStart = i;
                blank = true;
                continue;
            }
            if (ch == ' ' || ch == '\t' || ch == '\r') {
                i++;
                blank = true;
                continue;
            }
            if (ch == '/' && blank) { // comment to end of line
                // oK drops one blank before the comment with it: a whole-line comment in (...) adds no empty item
                if (i > 0 && src.charAt(i - 1) == '\n' && !out.isEmpty() && out.getLast().pos() == i - 1 && out.getLast().kind() == SEMI) {
                    out.removeLast();
                }
                while (i < src.length() && src.charAt(i) != '\n') i++;
                continue;
            }
            int start = i;
            if (ch == '"') {
                String str = string();
                Object v = str.length() == 1 ? (Object) str.charAt(0) : CharVec.of(str, VectorHeap.LITERALS);
                out.add(new Token(NUM, start, line, start - lineStart + 1, src.substring(start, i), v, false, 0));
            } else if (ch == '`') {
                List<Sym> syms = new ArrayList<>();
                while (true) {
                    int j = i;
                    while (!syms.isEmpty() && j < src.length() && src.charAt(j) == ' ') j++;
                    if (j >= src.length() || src.charAt(j) != '`') break; // `a `b is one list, as `a`b
                    i = j;
                    i++;
                    if (i < src.length() && src.charAt(i) == '"') {
                        syms.add(Sym.of(string()));
                        continue;
                    }
                    int from = i;
                    if (i < src.length() && (Character.isLetter(src.charAt(i)) || src.charAt(i) == '.')) { // a name starts with a letter or . (`0: is the empty symbol, then 0:)
                        while (i < src.length() && (Character.isLetterOrDigit(src.charAt(i)) || src.charAt(i) == '.') && src.charAt(i) < 128) i++;
                    }
                    syms.add(Sym.of(src.substring(from, i)));
                }
                Object v = syms.size() == 1 ? syms.getFirst() : syms.toArray();
                out.add(new Token(NUM, start, line, start - lineStart + 1, src.substring(start, i), v, false, 0));
            } else if (ch == '0' && i + 1 < src.length() && src.charAt(i + 1) == ':' && !(i + 2 < src.length() && src.charAt(i + 2) == ':')
                    && !out.isEmpty() && out.getLast().kind() == NUM && !(out.getLast().value() instanceof Number)) { // `0:x writes text
                i += 2;
                out.add(new Token(T_VERB, start, line, start - lineStart + 1, "0:", null, false, 0));
            } else if (ch == '0' && i + 1 < src.length() && src.charAt(i + 1) == 'x') { // 0x414243: bytes as chars
                i += 2;
                int from = i;
                while (i < src.length() && Character.digit(src.charAt(i), 16) >= 0 && src.charAt(i) < 128) i++;
                if ((i - from) % 2 != 0) throw new KError("malformed byte string.", line, start - lineStart + 1);
                StringBuilder b = new StringBuilder();
                for (int k = from; k < i; k += 2) b.append((char) Integer.parseInt(src.substring(k, k + 2), 16));
                CharVec v = VectorHeap.LITERALS.chars(b.length());
                for (int k = 0; k < b.length(); k++) v.set(k, b.charAt(k));
                out.add(new Token(NUM, start, line, start - lineStart + 1, src.substring(start, i), b.length() == 1 ? (Object) b.charAt(0) : v, false, 0));
            } else if (bitsAt(i)) { // 0110b: booleans, an int vector
                int from = i;
                while (src.charAt(i) != 'b') i++;
                IntVec v = VectorHeap.LITERALS.ints(i - from);
                for (int k = from; k < i; k++) v.set(k - from, src.charAt(k) - '0');
                i++;
                out.add(new Token(NUM, start, line, start - lineStart + 1, src.substring(start, i), v.count() == 1 ? (Object) v.get(0) : v, false, 0));
            } else if (startsNumber(blank)) {
                number();
            } else if (Character.isLetter(ch) && ch < 128) {
                while (i < src.length() && Character.isLetterOrDigit(src.charAt(i)) && src.charAt(i) < 128) i++;
                add(NAME, start, src.substring(start, i));
                if (i < src.length() && src.charAt(i) == ':') {
                    if (i + 1 < src.length() && src.charAt(i + 1) == ':') {
                        add(GASSIGN, i, "::");
                        i += 2;
                    } else {
                        add(ASSIGN, i, ":");
                        i++;
                    }
                }
            } else if (ch == '$' && i + 1 < src.length() && src.charAt(i + 1) == '[') {
                add(T_COND, i, "$[");
                i += 2;
            } else if (ch == ':' && !out.isEmpty() && out.getLast().kind() == RBRACK && i == out.getLast().pos() + 1) {
                boolean global = i + 1 < src.length() && src.charAt(i + 1) == ':'; // a[i]:v, a[i]::v
                add(global ? GASSIGN : ASSIGN, i, global ? "::" : ":");
                i += global ? 2 : 1;
            } else if (ch == ':' && i + 1 < src.length() && src.charAt(i + 1) == ':') {
                throw new KError("parse error. unexpected '::'.", line, start - lineStart + 1); // oK's nil: not supported
            } else if (ch == ':') {
                i++;
                out.add(new Token(T_VERB, start, line, start - lineStart + 1, ":", null, false, 0));
            } else if (VERBS.indexOf(ch) >= 0) {
                i++;
                boolean monadic = i < src.length() && src.charAt(i) == ':';
                if (monadic) i++;
                if (monadic && i < src.length() && src.charAt(i) == ':') i++; // +:: (global modified assignment)
                out.add(new Token(T_VERB, start, line, start - lineStart + 1, src.substring(start, i), null, monadic, 0));
            } else if (ch == '\'' || ch == '/' || ch == '\\') {
                int adverb = ch == '\'' ? Derived.EACH : ch == '/' ? Derived.OVER : Derived.SCAN;
                i++;
                if (i < src.length() && src.charAt(i) == ':') {
                    adverb = ch == '\'' ? Derived.EACH_PRIOR : ch == '/' ? Derived.EACH_RIGHT : Derived.EACH_LEFT;
                    i++;
                }
                out.add(new Token(T_ADVERB, start, line, start - lineStart + 1, src.substring(start, i), null, false, adverb));
            } else {
                i++;
                switch (ch) {
                    case '(' -> add(LPAREN, start, "(");
                    case '[' -> add(LBRACK, start, "[");
                    case '{' -> add(LBRACE, start, "{");
                    case ')' -> add(RPAREN, start, ")");
                    case ']' -> add(RBRACK, start, "]");
                    case '}' -> add(RBRACE, start, "}");
                    case ';' -> add(SEMI, start, ";");
                    default -> throw new KError("parse error. unexpected '" + ch + "'.", line, start - lineStart + 1);
                }
            }
            blank = false;
        }
        // "expected" errors at the end point just past the last token, not at trailing blank lines
        int k = out.size() - 1;
        while (k >= 0 && out.get(k).kind() == SEMI && out.get(k).text().equals("\n")) k--;
        if (k < 0) {
            add(EOF, i, "end of input");
        } else {
            Token last = out.get(k);
            out.add(new Token(EOF, i, last.line(), last.col() + (last.pos() < src.length()
                    ? Math.max(1, Math.min(last.text().length(), src.length() - last.pos())) : 0), "end of input", null, false, 0));
        }
        return out;
    }

    /** A string literal from the opening quote: its chars, escapes ({@code \n \t \" \\}) resolved. */
    private String string() {
        int startLine = line, startCol = i - lineStart + 1;
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
            if (i >= src.length()) throw new KError("parse error. '\"' expected.", startLine, startCol);
            char c = src.charAt(i++);
            if (c == '"') return b.toString();
            if (c == '\n') {
                line++;
                lineStart = i;
            }
            if (c == '\\' && i < src.length()) {
                char e = src.charAt(i++);
                b.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    case '0' -> '\0';
                    default -> e;
                });
            } else {
                b.append(c);
            }
        }
    }

    private void add(int kind, int pos, String text) {
        out.add(new Token(kind, pos, line, pos - lineStart + 1, text, null, false, 0));
    }

    /** 0 and 1 digits ending in b, not followed by a name char. */
    private boolean bitsAt(int at) {
        int k = at;
        while (k < src.length() && (src.charAt(k) == '0' || src.charAt(k) == '1')) k++;
        if (k == at || k >= src.length() || src.charAt(k) != 'b') return false;
        return !(k + 1 < src.length() && Character.isLetterOrDigit(src.charAt(k + 1)));
    }

    private boolean isDigit(int at) {
        return at < src.length() && src.charAt(at) >= '0' && src.charAt(at) <= '9';
    }

    private boolean unsignedNumberAt(int at) {
        return isDigit(at) || (at < src.length() && src.charAt(at) == '.' && isDigit(at + 1));
    }

    /** Does a number literal start at i? A '-' is a sign only where a noun may start. */
    private boolean startsNumber(boolean blank) {
        if (unsignedNumberAt(i)) return true;
        if (src.charAt(i) != '-' || !unsignedNumberAt(i + 1)) return false;
        if (blank || out.isEmpty()) return true;
        int prev = out.getLast().kind();
        return !(prev == NUM || prev == NAME || prev == RPAREN || prev == RBRACK || prev == RBRACE);
    }

    private void number() {
        int start = i;
        List<Object> items = new ArrayList<>();
        boolean anyFloat = false;
        while (true) {
            Object v = oneNumber();
            anyFloat |= v instanceof Double;
            items.add(v);
            int j = i;
            while (j < src.length() && (src.charAt(j) == ' ' || src.charAt(j) == '\t')) j++;
            if (j == i || j >= src.length()) break;
            boolean more = unsignedNumberAt(j) || (src.charAt(j) == '-' && unsignedNumberAt(j + 1));
            if (!more) break;
            i = j;
        }
        Object value;
        if (items.size() == 1) {
            value = items.getFirst();
        } else if (anyFloat) { // literals live as long as the session's code: kept apart from temporaries
            FloatVec d = VectorHeap.LITERALS.floats(items.size());
            for (int k = 0; k < items.size(); k++) d.set(k, ((Number) items.get(k)).doubleValue());
            value = d;
        } else {
            IntVec l = VectorHeap.LITERALS.ints(items.size());
            for (int k = 0; k < items.size(); k++) l.set(k, (Long) items.get(k));
            value = l;
        }
        out.add(new Token(NUM, start, line, start - lineStart + 1, src.substring(start, i), value, false, 0));
    }

    private Object oneNumber() {
        int start = i;
        if (src.charAt(i) == '-') i++;
        if (src.charAt(i) == '0' && i + 1 < src.length() && "Nnw".indexOf(src.charAt(i + 1)) >= 0
                && !(i + 2 < src.length() && Character.isLetterOrDigit(src.charAt(i + 2)))) {
            char s = src.charAt(i + 1);
            boolean neg = src.charAt(start) == '-';
            i += 2;
            return switch (s) {
                case 'N' -> Num.NULL_INT;
                case 'n' -> Double.NaN;
                default -> neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            };
        }
        boolean isFloat = false;
        while (isDigit(i)) i++;
        if (i < src.length() && src.charAt(i) == '.') {
            isFloat = true;
            i++;
            while (isDigit(i)) i++;
        }
        if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < src.length() && (src.charAt(j) == '+' || src.charAt(j) == '-')) j++;
            if (isDigit(j)) {
                isFloat = true;
                i = j;
                while (isDigit(i)) i++;
            }
        }
        String text = src.substring(start, i);
        if (!isFloat) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return Double.parseDouble(text); // too big for 64 bits: a float, as oK would read it
            }
        }
        return Double.parseDouble(text);
    }
}
