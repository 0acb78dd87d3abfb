package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;
import static dev.piglet.k.Lexer.*;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Recursive-descent parser for the dialect, writing cells into a {@link Code} segment as it goes.
 * K has no precedence: {@code noun verb expr} is a dyad whose right side is the whole rest,
 * {@code verb expr} a monad, {@code noun expr} an application. Names are resolved here: a lambda's
 * parameters and locals become frame slots, an enclosing lambda's locals become (depth, slot) upvalues
 * and mark that lambda's frames for promotion, anything else is global. Nesting is bounded so hostile
 * input ends in a parse error, never in a Java stack overflow.
 */
final class Parser {
    static final int MAX_DEPTH = 1500;

    private final Code code;
    private final String src;
    private final List<Token> toks;
    private int p;
    private int depth;
    private final List<Scope> scopes = new ArrayList<>();

    private static final class Scope {
        final LambdaInfo info;
        final Map<String, Integer> slots = new HashMap<>();

        Scope(LambdaInfo info) { this.info = info; }
    }

    private Parser(Code code, String src, int firstLine) {
        this.code = code;
        this.src = src;
        this.toks = new Lexer(src, firstLine).lex();
    }

    /** Parses a whole program (statements); returns its SEQ cell. */
    static int parse(Code code, String src, int firstLine) {
        Parser ps = new Parser(code, src, firstLine);
        List<Integer> stmts = ps.statements(EOF);
        Token t = ps.peek();
        if (t.kind() != EOF) throw ps.error("parse error. unexpected '" + t.text() + "'.", t);
        return code.addList(SEQ, 0, 1, 1, 0, ints(stmts));
    }

    private Token peek() { return toks.get(p); }
    private Token next() { return toks.get(p++); }
    private int kindAt(int at) { return at < toks.size() ? toks.get(at).kind() : EOF; }

    private KError error(String msg, Token t) { return new KError(msg, t.line(), t.col()); }

    private void expect(int kind, String what) {
        Token t = peek();
        if (t.kind() != kind) throw error("parse error. '" + what + "' expected.", t);
        p++;
    }

    private static int[] ints(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    private boolean atEnd() {
        int k = peek().kind();
        return k == SEMI || k == RPAREN || k == RBRACK || k == RBRACE || k == EOF;
    }

    /** Statements up to (not including) the closer; empty statements dropped. */
    private List<Integer> statements(int closer) {
        List<Integer> out = new ArrayList<>();
        while (true) {
            int e = expr();
            if (e != 0) out.add(e);
            if (peek().kind() == SEMI) {
                p++;
                continue;
            }
            return out;
        }
    }

    /**
     * Items up to the closer, separated by ';' (or a newline), keeping empty ones as 0. As in oK, nothing
     * before the closer is no item ({@code ()}, {@code f[]}) and one separator right after an item may end
     * the list: {@code (1;2;)} is {@code (1;2)}, so a line break before the closer adds nothing.
     */
    private List<Integer> items(int closer) {
        List<Integer> out = new ArrayList<>();
        if (peek().kind() == closer) return out;
        while (true) {
            int e = expr();
            out.add(e);
            if (peek().kind() != SEMI) return out;
            p++;
            if (e != 0 && peek().kind() == closer) return out;
        }
    }

    private int expr() {
        if (atEnd()) {
            verbOnly = false;
            return 0;
        }
        return exprFrom(term());
    }

    private boolean termIsVerb;
    /** Set by {@link #exprFrom}: the expression is a function with no argument ({@code +/}, {@code 2+}). */
    private boolean verbOnly;

    private int exprFrom(int t) {
        if (++depth > MAX_DEPTH) throw error("parse error. nesting too deep.", peek());
        try {
            boolean verb = termIsVerb;
            Token at = peek();
            if (verb) {
                verbOnly = true;
                if (atEnd()) return t;
                int rhs = expr();
                if (verbOnly) { // f g with nothing to apply them to: the composition f of g
                    return code.add(DYAD, Prims.COMPOSE, code.line(t), code.col(t), t, rhs, 0);
                }
                return monadic(t, rhs, at);
            }
            verbOnly = false;
            if (atEnd()) return t;
            Token vt = peek();
            if (vt.kind() == NAME && vt.text().equals("in") && kindAt(p + 1) != ASSIGN && kindAt(p + 1) != GASSIGN) { // x in y
                p++;
                int rhs = expr();
                if (rhs == 0) throw error("parse error. value expected.", peek());
                return code.addList(APPLY, 0, vt.line(), vt.col(), name(vt), new int[] {t, rhs});
            }
            nounBefore = true;
            int t2 = term();
            if (termIsVerb && code.kind(t2) == VERB && code.a(t2) == 1) { // f-:x applies f to -:x
                int rhs = expr();
                if (rhs == 0) throw error("parse error. value expected.", peek());
                verbOnly = false;
                return code.addList(APPLY, 0, vt.line(), vt.col(), t, new int[] {monadic(t2, rhs, vt)});
            }
            if (termIsVerb) {
                int rhs = expr();
                if (rhs == 0) {
                    verbOnly = true;
                    if (code.kind(t2) == VERB && code.a(t2) == 0) { // 2+ : the verb with its left argument
                        return code.add(DYAD, Prims.PROJECT_LEFT, vt.line(), vt.col(), t, t2, 0);
                    }
                    return code.addList(APPLY, 0, vt.line(), vt.col(), t2, new int[] {t, 0});
                }
                if (verbOnly) { // 2<+/ : the projection 2< composed with +/
                    int left = code.kind(t2) == VERB && code.a(t2) == 0
                            ? code.add(DYAD, Prims.PROJECT_LEFT, vt.line(), vt.col(), t, t2, 0)
                            : code.addList(APPLY, 0, vt.line(), vt.col(), t2, new int[] {t, 0});
                    return code.add(DYAD, Prims.COMPOSE, vt.line(), vt.col(), left, rhs, 0);
                }
                return dyadic(t2, t, rhs, vt);
            }
            int rest = exprFrom(t2);
            verbOnly = false;
            return code.addList(APPLY, 0, vt.line(), vt.col(), t, new int[] {rest});
        } finally {
            depth--;
        }
    }

    private int monadic(int verb, int arg, Token at) {
        if (code.kind(verb) == VERB && code.op(verb) == '.') { // .x may read a global (.`a): a call, which can
            return code.addList(APPLY, 0, at.line(), at.col(), verb, new int[] {arg});
        }
        if (code.kind(verb) == VERB) {
            return code.add(MONAD, code.op(verb), code.line(verb), code.col(verb), arg, code.a(verb), 0); // b: forced monadic (-:x), for display
        }
        return code.addList(APPLY, 0, at.line(), at.col(), verb, new int[] {arg});
    }

    private int dyadic(int verb, int left, int right, Token at) {
        if (code.kind(verb) == VERB && code.a(verb) == 0 && code.op(verb) != '@' && code.op(verb) != '.') {
            return code.add(DYAD, code.op(verb), code.line(verb), code.col(verb), left, right, 0);
        }
        if (code.kind(verb) == VERB && code.op(verb) == '@') { // f@x is application (or indexing); f.x stays a call of '.'
            return code.addList(APPLY, 0, at.line(), at.col(), left, new int[] {right});
        }
        return code.addList(APPLY, 0, at.line(), at.col(), verb, new int[] {left, right});
    }

    /** One term with its postfix adverbs and bracket applications; sets {@link #termIsVerb}. */
    /** Set just before {@link #term} when a noun precedes it (so a verb there is dyadic). */
    private boolean nounBefore;

    private int term() {
        if (++depth > MAX_DEPTH) throw error("parse error. nesting too deep.", peek());
        boolean dyadic = nounBefore;
        nounBefore = false;
        try {
            Token t = next();
            int cell;
            boolean verb = false;
            switch (t.kind()) {
                case NUM -> cell = literal(t);
                case NAME -> {
                    if (kindAt(p) == ASSIGN || kindAt(p) == GASSIGN) {
                        boolean global = next().kind() == GASSIGN;
                        int rhs = expr();
                        if (rhs == 0) throw error("noun expected following ':'.", peek());
                        cell = assign(t, global, rhs);
                    } else if (kindAt(p) == T_VERB && toks.get(p).monadic()) { // a+:v, a+::v
                        Token op = next();
                        boolean global = op.text().length() == 3;
                        int rhs = expr();
                        if (rhs == 0) throw error("parse error. value expected.", peek());
                        int cur = global ? code.add(GLOBAL, 0, t.line(), t.col(), code.symbol(t.text()), 0, 0) : name(t);
                        cell = assign(t, global, code.add(DYAD, op.text().charAt(0), op.line(), op.col(), cur, rhs, 0));
                    } else if (kindAt(p) == LBRACK && isIndexedAssignment()) {
                        cell = indexedAssignment(t);
                    } else {
                        cell = name(t);
                    }
                }
                case T_VERB -> {
                    if (t.text().length() == 3) throw error("parse error. unexpected '" + t.text() + "'.", t);
                    char op = t.text().equals("0:") ? Prims.WRITE : t.text().charAt(0);
                    cell = code.add(VERB, op, t.line(), t.col(), t.monadic() ? 1 : 0, 0, 0);
                    verb = true;
                }
                case LPAREN -> {
                    List<Integer> items = items(RPAREN);
                    expect(RPAREN, ")");
                    if (items.size() == 1 && items.getFirst() != 0) {
                        cell = items.getFirst();
                    } else {
                        for (int k = 0; k < items.size(); k++) if (items.get(k) == 0) items.set(k, nil(t)); // (1;;3)
                        cell = code.addList(LIST, 0, t.line(), t.col(), 0, ints(items));
                    }
                }
                case LBRACE -> cell = lambda(t);
                case LBRACK -> cell = dictLiteral(t);
                case T_COND -> {
                    List<Integer> items = items(RBRACK);
                    expect(RBRACK, "]");
                    items.removeIf(it -> it == 0); // empty parts are dropped, as in oK: $[c;;t;f] is $[c;t;f]
                    if (items.size() < 3 || items.size() % 2 == 0) throw error("parse error. $[c;t;f] expected.", t);
                    cell = code.addList(COND, 0, t.line(), t.col(), 0, ints(items));
                }
                case T_ADVERB -> throw error("parse error. unexpected '" + t.text() + "'.", t);
                case EOF -> throw error("parse error. value expected.", t);
                default -> throw error("parse error. unexpected '" + t.text() + "'.", t);
            }
            while (true) {
                Token n = peek();
                if (n.kind() == T_ADVERB) {
                    p++;
                    cell = code.add(ADVERB, n.adverb(), n.line(), n.col(), cell, 0, 0);
                    verb = true;
                } else if (n.kind() == LBRACK && code.kind(cell) == VERB && code.a(cell) == 0
                        && kindAt(p + 1) == NAME && (kindAt(p + 2) == ASSIGN || kindAt(p + 2) == GASSIGN)) {
                    if (dyadic) break; // x*[a:1]: the dictionary is the right argument
                    p++; // a verb before a dictionary literal: ![a:1;b:2] is ! of the dictionary
                    cell = monadic(cell, dictLiteral(n), n);
                    verb = false;
                } else if (n.kind() == LBRACK) {
                    p++;
                    List<Integer> args = items(RBRACK); // f[] calls with no arguments
                    expect(RBRACK, "]");
                    if (args.size() > 8) throw error("parse error. too many arguments.", n);
                    if (code.kind(cell) == VERB && code.a(cell) == 0 && args.size() == 1) args.add(0); // +[2] is the projection +[2;]
                    cell = code.addList(APPLY, Unparse.BRACKETS, n.line(), n.col(), cell, ints(args));
                    verb = false;
                } else {
                    break;
                }
            }
            termIsVerb = verb;
            return cell;
        } finally {
            depth--;
        }
    }

    private int nil(Token at) {
        return code.add(CONST, 0, at.line(), at.col(), code.constant(Nil.NIL), 0, 0);
    }

    /** At the '[' at token k: is the matching ']' followed by ':' (a[i]:v makes a local, as in oK)? */
    private boolean assignsAfterBrackets(int k) {
        int level = 0;
        for (int j = k; j < toks.size(); j++) {
            int kind = toks.get(j).kind();
            if (kind == LBRACK || kind == LPAREN || kind == LBRACE || kind == T_COND) level++;
            else if (kind == RBRACK || kind == RPAREN || kind == RBRACE) {
                if (--level == 0) return kindAt(j + 1) == ASSIGN;
            } else if (kind == EOF) return false;
        }
        return false;
    }

    /** At '[' after a name: is it {@code a[i]:v}, {@code a[i]::v} or {@code a[i]+:v}? */
    private boolean isIndexedAssignment() {
        int level = 0;
        for (int k = p; k < toks.size(); k++) {
            int kind = toks.get(k).kind();
            if (kind == LBRACK || kind == LPAREN || kind == LBRACE || kind == T_COND) level++;
            else if (kind == RBRACK || kind == RPAREN || kind == RBRACE) {
                if (--level == 0) {
                    int after = kindAt(k + 1);
                    return after == ASSIGN || after == GASSIGN || (after == T_VERB && toks.get(k + 1).monadic());
                }
            } else if (kind == EOF) return false;
        }
        return false;
    }

    /** {@code a[i;j]:v} is {@code a:.[a;(i;j);:;v]}; {@code a[i]+:v} is {@code a:.[a;,i;+;v]}; {@code ::} assigns the global. */
    private int indexedAssignment(Token t) {
        Token open = next();
        List<Integer> args = items(RBRACK);
        expect(RBRACK, "]");
        if (args.isEmpty()) args.add(0); // a[]:v amends every item
        for (int k = 0; k < args.size(); k++) if (args.get(k) == 0) args.set(k, nil(open));
        Token op = next();
        boolean global = op.kind() == GASSIGN || (op.kind() == T_VERB && op.text().length() == 3);
        char fn = op.kind() == T_VERB ? op.text().charAt(0) : ':';
        int rhs = expr();
        if (rhs == 0) throw error("parse error. value expected.", peek());
        int cur = global ? code.add(GLOBAL, 0, t.line(), t.col(), code.symbol(t.text()), 0, 0) : name(t);
        int path = code.addList(LIST, 0, open.line(), open.col(), 0, ints(args));
        int f = code.add(VERB, fn, op.line(), op.col(), 0, Unparse.AMEND_FN, 0);
        int dot = code.add(VERB, '.', open.line(), open.col(), 0, 0, 0);
        int amend = code.addList(APPLY, Unparse.BRACKETS, open.line(), open.col(), dot, new int[] {cur, path, f, rhs});
        return assign(t, global, amend);
    }

    /** {@code [a:1;b:2]} (the '[' already read): the dictionary `a`b!(1;2), its values evaluated in order. */
    private int dictLiteral(Token open) {
        List<Object> keys = new ArrayList<>();
        List<Integer> vals = new ArrayList<>();
        while (peek().kind() != RBRACK) {
            Token k = next();
            if (k.kind() != NAME || !(peek().kind() == ASSIGN || peek().kind() == GASSIGN)) {
                throw error("parse error. dictionary entry (name:value) expected.", k);
            }
            p++;
            int v = expr();
            if (v == 0) throw error("parse error. value expected.", peek());
            keys.add(Sym.of(k.text()));
            vals.add(v);
            if (peek().kind() == SEMI) p++;
            else if (peek().kind() != RBRACK) throw error("parse error. ']' expected.", peek());
        }
        p++;
        int keyCell = code.add(CONST, 0, open.line(), open.col(), code.constant(keys.toArray()), 0, 0);
        int valCell = code.addList(LIST, 0, open.line(), open.col(), 0, ints(vals));
        int bang = code.add(VERB, '!', open.line(), open.col(), 0, 0, 0);
        return code.addList(APPLY, 0, open.line(), open.col(), bang, new int[] {keyCell, valCell});
    }

    private int literal(Token t) {
        Object v = t.value();
        if (v instanceof Long l) return code.add(INT, 0, t.line(), t.col(), l, code.constant(l), 0); // b: boxed copy
        if (v instanceof Double d) return code.add(FLT, 0, t.line(), t.col(), Double.doubleToRawLongBits(d), 0, 0);
        return code.add(CONST, 0, t.line(), t.col(), code.constant(v), 0, 0);
    }

    private int name(Token t) {
        String n = t.text();
        if (!scopes.isEmpty()) {
            Scope cur = scopes.getLast();
            Integer slot = cur.slots.get(n);
            if (slot != null) return code.add(LOCAL, 0, t.line(), t.col(), slot, 0, code.symbol(n));
            if (n.equals("o")) return code.add(SELF, 0, t.line(), t.col(), 0, 0, 0);
            for (int d = 1; d < scopes.size(); d++) {
                Scope s = scopes.get(scopes.size() - 1 - d);
                Integer up = s.slots.get(n);
                if (up != null) {
                    for (int k = 1; k <= d; k++) scopes.get(scopes.size() - 1 - k).info.heapFrame = true;
                    return code.add(UPVAL, 0, t.line(), t.col(), d, up, code.symbol(n));
                }
            }
        }
        return code.add(GLOBAL, 0, t.line(), t.col(), code.symbol(n), 0, 0);
    }

    private int assign(Token t, boolean global, int rhs) {
        if (!global && !scopes.isEmpty()) {
            Integer slot = scopes.getLast().slots.get(t.text());
            if (slot != null) return code.add(SETLOCAL, 0, t.line(), t.col(), slot, rhs, code.symbol(t.text()));
        }
        return code.add(SETGLOBAL, 0, t.line(), t.col(), code.symbol(t.text()), rhs, 0);
    }

    private int lambda(Token open) {
        int bodyStart;
        String[] params;
        boolean explicit = false;
        if (peek().kind() == LBRACK) {
            explicit = true;
            p++;
            List<String> names = new ArrayList<>();
            while (peek().kind() != RBRACK) {
                Token n = next();
                if (n.kind() != NAME) throw error("parse error. ']' expected.", n);
                names.add(n.text());
                if (peek().kind() == SEMI) p++;
                else if (peek().kind() != RBRACK) throw error("parse error. ']' expected.", peek());
            }
            p++;
            if (names.size() > 8) throw error("parse error. too many parameters.", open);
            params = names.toArray(new String[0]);
        } else {
            params = null;
        }
        bodyStart = p;
        // prescan this lambda's own tokens (not nested lambdas) for implicit args and locals
        int implicit = 0;
        List<String> locals = new ArrayList<>();
        int level = 0;
        int end = -1;
        for (int k = bodyStart; k < toks.size(); k++) {
            Token tk = toks.get(k);
            if (tk.kind() == LBRACE) level++;
            else if (tk.kind() == RBRACE) {
                if (level == 0) { end = k; break; }
                level--;
            } else if (tk.kind() == NAME && level == 0) {
                String n = tk.text();
                if (n.equals("x")) implicit = Math.max(implicit, 1);
                if (n.equals("y")) implicit = Math.max(implicit, 2);
                if (n.equals("z")) implicit = Math.max(implicit, 3);
                if ((kindAt(k + 1) == ASSIGN || (kindAt(k + 1) == LBRACK && assignsAfterBrackets(k + 1))) && !locals.contains(n)) locals.add(n);
            }
        }
        if (end < 0) throw error("parse error. '}' expected.", toks.getLast());
        if (params == null) {
            params = new String[implicit];
            for (int k = 0; k < implicit; k++) params[k] = String.valueOf("xyz".charAt(k));
        }
        LambdaInfo info = new LambdaInfo(params, params.length);
        Scope scope = new Scope(info);
        List<String> slotNames = new ArrayList<>();
        for (String n : params) {
            if (!scope.slots.containsKey(n)) scope.slots.put(n, slotNames.size());
            slotNames.add(n);
        }
        for (String n : locals) {
            if (!scope.slots.containsKey(n)) {
                scope.slots.put(n, slotNames.size());
                slotNames.add(n);
            }
        }
        info.slots = slotNames.size();
        info.slotNames = slotNames.toArray(new String[0]);
        scopes.add(scope);
        List<Integer> body;
        try {
            body = statements(RBRACE);
        } finally {
            scopes.removeLast();
        }
        Token close = peek();
        if (close.kind() != RBRACE) throw error("parse error. '}' expected.", close);
        p++;
        // a one-statement body is that statement: one cell less to walk per call
        info.body = body.size() == 1 ? body.getFirst() : code.addList(SEQ, 0, open.line(), open.col(), 0, ints(body));
        int textStart = toks.get(bodyStart).pos();
        String bodyText = src.substring(textStart, close.pos()).strip();
        StringBuilder sb = new StringBuilder("{");
        if (params.length > 0 || explicit && params.length > 0) {
            sb.append('[').append(String.join(";", params)).append(']');
        }
        info.text = Unparse.lambda(code, info); // as oK shows it
        return code.add(LAMBDA, 0, open.line(), open.col(), code.lambda(info), 0, 0);
    }
}
