package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KEmbeddingTest {
    @Test
    void evalReturnsAValueView() {
        try (K k = Piglet.k()) {
            KValue sum = k.eval("+/!10");
            assertTrue(sum.isInt());
            assertEquals(45, sum.asLong());
            assertEquals("45", sum.toString());
            KValue v = k.eval("2*!5");
            assertTrue(v.isIntVector());
            assertArrayEquals(new long[] {0, 2, 4, 6, 8}, v.asLongArray());
            assertEquals("0 2 4 6 8", v.toString());
            assertEquals(5, v.count());
            assertEquals(6, v.item(3).asLong());
            assertEquals(2432902008176640000L, k.eval("*/1+!20").asLong());
            KValue f = k.eval("1%3");
            assertTrue(f.isFloat());
            assertEquals(1.0 / 3, f.asDouble(), 1e-15);
            assertEquals("0.3333", f.toString());
            KValue list = k.eval("(1;2 3)");
            assertTrue(list.isList());
            assertEquals("(1\n 2 3)", list.toString());
            assertTrue(k.eval("{x+y}").isFunction());
            assertEquals("{[x;y]x+y}", k.eval("{x+y}").toString());
        }
    }

    @Test
    void vectorsAreReadableOffHeapWithoutACopy() {
        try (K k = Piglet.k()) {
            KValue v = k.eval("2*!5");
            java.lang.foreign.MemorySegment words = v.segment();
            assertTrue(words.isNative());
            assertTrue(words.isReadOnly());
            assertEquals(40, words.byteSize());
            assertEquals(8, words.getAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 4));
            assertThrows(IllegalArgumentException.class, // read-only
                    () -> words.setAtIndex(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 1));
            KValue f = k.eval("1 2 3%2");
            assertTrue(f.isFloatVector());
            assertEquals(1.5, f.segment().getAtIndex(java.lang.foreign.ValueLayout.JAVA_DOUBLE, 2));
            assertArrayEquals(new double[] {0.5, 1, 1.5}, f.asDoubleArray());
            long[] copy = v.asLongArray();
            copy[0] = 99;
            assertEquals("0 2 4 6 8", v.toString()); // asLongArray copies out
            assertThrows(IllegalStateException.class, () -> k.eval("7").segment());
            assertThrows(IllegalStateException.class, () -> k.eval("(1;2 3)").segment());
        }
    }

    @Test
    void globalsPersistBetweenEvaluations() {
        try (K k = Piglet.k()) {
            k.eval("fac:{$[x=1;1;x*fac[x-1]]}");
            assertEquals(120, k.eval("fac 5").asLong());
            k.eval("f:{$[x=0;0;1+f x-1]}");
            assertEquals(100_000, k.eval("f 100000").asLong(), "deep recursion does not need a deep Java stack");
        }
    }

    @Test
    void errorsCarryOksMessageAndThePosition() {
        try (K k = Piglet.k()) {
            KException e = assertThrows(KException.class, () -> k.eval("1 2 3+4 5"));
            assertEquals("length error.", e.getMessage());
            KException undefined = assertThrows(KException.class, () -> k.eval("x:1\ny:2\nfoo+1"));
            assertEquals("the name 'foo' has not been defined.", undefined.getMessage());
            assertEquals(3, undefined.line());
            assertTrue(undefined.toString().startsWith("3:"), undefined.toString());
            KException parse = assertThrows(KException.class, () -> k.eval("(1;2"));
            assertEquals("parse error. ')' expected.", parse.getMessage());
            assertEquals(1, parse.line());
            assertTrue(parse.column() > 0);
            assertEquals(3, k.eval("1+2").asLong(), "the session survives errors");
            assertThrows(IllegalStateException.class, () -> k.eval("!3").asLong());
        }
    }

    @Test
    void stackErrorPastTheRingAndFuel() {
        try (K k = Piglet.k(KOptions.defaults().ring(1 << 10))) {
            k.eval("f:{$[x=0;0;1+f x-1]}");
            assertEquals("stack error.", assertThrows(KException.class, () -> k.eval("f 100000")).getMessage());
            assertEquals(10, k.eval("f 10").asLong());
        }
        try (K k = Piglet.k(KOptions.defaults().fuel(10_000))) {
            k.eval("l:{$[x=0;y;l[x-1;y+1]]}");
            assertThrows(KException.class, () -> k.eval("l[100000000;0]"));
            assertEquals(5, k.eval("l[5;0]").asLong());
        }
    }

    @Test
    void compiledAndInterpretedSessionsAgree() {
        try (K on = Piglet.k(); K off = Piglet.k(KOptions.defaults().compile(false))) {
            for (K k : new K[] {on, off}) {
                k.eval("fib:{$[x<2;x;fib[x-1]+fib[x-2]]}");
            }
            for (int i = 0; i < 40; i++) { // past the compile threshold
                assertEquals(off.eval("fib 15").asLong(), on.eval("fib 15").asLong());
            }
            assertEquals(610, on.eval("fib 15").asLong());
        }
    }

    @Test
    void showGoesToTheHost() {
        List<String> shown = new ArrayList<>();
        try (K k = Piglet.k(KOptions.defaults().onShow(shown::add))) {
            assertEquals(6, k.eval("1+0N!5").asLong());
        }
        assertEquals(List.of("5"), shown);
    }

    @Test
    void aClosedSessionRefusesWork() {
        K k = Piglet.k();
        k.close();
        assertThrows(IllegalStateException.class, () -> k.eval("1"));
    }
}
