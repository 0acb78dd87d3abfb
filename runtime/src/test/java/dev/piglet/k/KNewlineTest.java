package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** A newline is a ';' inside brackets too. Every expected value is what oK prints for the same script. */
class KNewlineTest {
    private static String eval(String src) {
        return KSession.format(new KSession().eval(src));
    }

    @Test
    void aNewlineSeparatesListItems() {
        assertEquals("1 2 3", eval("(1\n2\n3)"));
        assertEquals("6", eval("+/(1\n2\n3)"));
        assertEquals("(1 2\n 3 4)", eval("((1\n2)\n(3\n4))"));
        assertEquals("[a:1;b:2]", eval("`a`b!(1\n2)"));
        assertEquals("((1+);2)", eval("(1+\n2)")); // the line break ends the expression, as ';' would
        assertEquals("2", eval("(1\n2)[1]"));
    }

    @Test
    void aNewlineSeparatesArgumentsIndicesAndConditionParts() {
        assertEquals("3", eval("f:{[a;b]a+b}\nf[1\n 2]"));
        assertEquals("3", eval("+[1\n2]"));
        assertEquals("2", eval("x:(1\n2\n3)[1\n]\nx"));
        assertEquals("1 9 3", eval("a:1 2 3\na[1\n]:9\na"));
        assertEquals("12", eval("g:{[a\nb]a*b}\ng[3;4]"));
        assertEquals("[a:1;b:2]", eval("[a:1\nb:2]"));
        assertEquals("2", eval("$[0\n1\n2]"));
    }

    @Test
    void blankLinesAndLineBreaksNextToBrackets() {
        assertEquals("(1;;2)", eval("(1\n\n2)")); // a blank line is an empty item
        assertEquals("(1;;2)", eval("(1\n  \n2)"));
        assertEquals("(;1;2)", eval("(\n1\n2)")); // a break right after '(' is an empty first item
        assertEquals("1 2", eval("(1\n2\n)")); // one break before ')' adds nothing, as (1;2;) is (1;2)
        assertEquals("1 2", eval("(1;2\n)"));
        assertEquals("2", eval("$[0\n1\n\n2]")); // $[...] drops empty parts
        assertEquals("2", eval("$[\n0\n1\n2\n]"));
    }

    @Test
    void theSemicolonFormsTheNewlinesStandFor() {
        assertEquals("1 2", eval("(1;2;)"));
        assertEquals("1", eval("(1;)"));
        assertEquals("(1;;)", eval("(1;;)"));
        assertEquals("(;)", eval("(;)"));
        assertEquals("()", eval("()"));
        assertEquals("2", eval("x:1 2 3;x[1;]"));
        assertEquals("2", eval("$[1;;2;3]"));
        assertEquals("{[x;y;z]x+y+z}[1;;]", eval("f:{x+y+z};f[1;]"));
    }

    @Test
    void commentsAtLineEndsInsideBrackets() {
        assertEquals("1 2 3", eval("(1 / one\n2 / two\n3)"));
        assertEquals("1 2", eval("(1\n/ a whole-line comment\n2)")); // in column 1 it takes its line break along
        assertEquals("(1;;2)", eval("(1\n   / indented\n2)")); // indented, it leaves an empty item
        assertEquals("(1;;2)", eval("(1 / a\n / c\n 2)"));
        assertEquals("(;1;2)", eval("(\n/c\n1\n2)"));
        assertEquals("1", eval("(1\n/ c\n)"));
    }

    @Test
    void lambdaBodiesStillSeparateStatements() {
        assertEquals("3", eval("{a:1\nb:2\na+b}[]"));
        assertEquals("3", eval("{a:1\n/ c\nb:2\na+b}[]"));
        assertEquals("1 2", eval("{(a:1\nb:2)}[]"));
        assertEquals("{1 2}", eval("{(1\n2)}"));
        assertEquals("3", eval("f:{x+y\n}\nf[1;2]"));
    }

    @Test
    void errorsKeepTheirPlace() {
        KError open = assertThrows(KError.class, () -> new KSession().eval("(1\n 2\n"));
        assertEquals("parse error. ')' expected.", open.getMessage());
        assertEquals(2, open.line());
        assertEquals(3, open.column());
        KError wrong = assertThrows(KError.class, () -> new KSession().eval("(1\n 2 ])"));
        assertEquals("parse error. ')' expected.", wrong.getMessage());
        assertEquals(2, wrong.line());
        assertEquals(4, wrong.column());
        KError type = assertThrows(KError.class, () -> new KSession().eval("(1\n 2+`a\n 3)"));
        assertEquals("number expected, found symbol.", type.getMessage());
        assertEquals(2, type.line());
    }
}
