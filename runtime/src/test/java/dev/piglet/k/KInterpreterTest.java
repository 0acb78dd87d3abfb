package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KInterpreterTest {
    private static String eval(KSession k, String src) {
        return KSession.format(k.eval(src));
    }

    private static String eval(String src) {
        return eval(new KSession(), src);
    }

    private static KError error(KSession k, String src) {
        return assertThrows(KError.class, () -> k.eval(src));
    }

    @Test
    void deepNonTailRecursionWithTheDefaultRing() {
        assertEquals("100000", eval("f:{$[x=0;0;1+f x-1]};f 100000"));
    }

    @Test
    void javaStackStaysFlatEvenThroughAdverbs() throws Exception {
        // a 256 KiB thread stack overflows after a few thousand Java frames; K recursion must not use it
        String[] out = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = eval("f:{$[x=0;0;1+*f'(,x-1)]};f 20000");
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
        assertEquals("20000", out[0]);
    }

    private static String onSmallStack(String src) throws Exception {
        String[] out = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = eval(src);
            } catch (Throwable e) {
                failure[0] = e;
            }
        }, "small-stack", 256 * 1024);
        t.start();
        t.join();
        if (failure[0] != null) throw new AssertionError(failure[0]);
        return out[0];
    }

    @Test
    void directPathKeepsTheJavaStackBounded() throws Exception {
        // f runs on the direct (Java-recursive) path until its budget, then on the trampoline
        assertEquals("20000", onSmallStack("f:{$[x=0;0;1+f x-1]};f 20000"));
        // direct lambdas calling trampoline lambdas calling direct lambdas ...
        assertEquals("5000", onSmallStack("g:{$[x=0;0;1+*h'(,x-1)]};h:{$[x=0;0;1+g x-1]};h 5000"));
    }

    @Test
    void tailCallsBetweenDirectAndTrampolineLambdasRunInBoundedSpace() {
        KSession k = new KSession();
        // a takes the direct path; b (it holds an adverb) the trampoline
        k.eval("a:{$[x=0;y;b[x-1;y+1]]};b:{$[x=0;y;a[x-1;+/y,1]]}");
        k.ring().resetHighWater();
        k.continuations().resetHighWater();
        assertEquals("1000000", eval(k, "a[1000000;0]"));
        assertTrue(k.ring().highWater() <= 1024, "ring high-water " + k.ring().highWater());
        assertTrue(k.continuations().highWater() <= 512, "continuations high-water " + k.continuations().highWater());
        assertEquals(0, k.ring().used());
        assertEquals(0, k.continuations().top);
    }

    @Test
    void promotedFramesOnTheDirectPath() {
        assertEquals("4", eval("mk:{n:x;{n+1}};(mk 3)[]"));
        assertEquals("7 8", eval("mk:{n:x;m:n+1;{n+m+x}};(mk 3)'0 1"));
        KSession k = new KSession();
        // a tail loop through a lambda with a promoted frame: Java-recursive up to the budget, then the trampoline
        k.eval("l:{n:x;g:{n};$[x=0;y;l[x-1;y+g[]]]}");
        k.ring().resetHighWater();
        k.continuations().resetHighWater();
        assertEquals("1250025000", eval(k, "l[50000;0]"));
        assertTrue(k.ring().highWater() <= 1024, "ring high-water " + k.ring().highWater());
        assertTrue(k.continuations().highWater() <= 512, "continuations high-water " + k.continuations().highWater());
    }

    @Test
    void directPathCallsVerbsProjectionsAndClosures() {
        assertEquals("9", eval("p:+[4;];f:{p x};f 5"));
        assertEquals("6", eval("f:{g:x;g[1;5]};f[+]"));
        assertEquals("12", eval("mk:{n:x;{n*x}};g:mk 3;f:{g x};f 4"));
        assertEquals("120", eval("f:{[n;a]$[n=0;a;f[n-1;a*n]]};f[5;1]"));
        assertEquals("3 4", eval("f:{a:x+1;b:a+1;a,b};f 2"));
        assertEquals("7", eval("f:{v::x+2;v};f 5"));
    }

    @Test
    void tailLoopRunsInBoundedRingSpace() {
        long n = Boolean.getBoolean("piglet.k.long") ? 100_000_000L : 10_000_000L;
        KSession k = new KSession();
        k.eval("l:{$[x=0;y;l[x-1;y+1]]}");
        k.ring().resetHighWater();
        k.continuations().resetHighWater();
        assertEquals(Long.toString(n), eval(k, "l[" + n + ";0]"));
        assertTrue(k.ring().highWater() <= 8, "ring high-water " + k.ring().highWater());
        assertTrue(k.continuations().highWater() <= 4, "continuations high-water " + k.continuations().highWater());
        assertEquals(0, k.ring().used());
    }

    @Test
    void recursionPastTheRingIsAStackErrorAndTheSessionGoesOn() {
        KSession k = new KSession(1024, Long.MAX_VALUE, s -> {});
        k.eval("f:{$[x=0;0;1+f x-1]}");
        KError e = error(k, "f 100000");
        assertEquals("stack error.", e.getMessage());
        assertEquals(0, k.ring().used());
        assertEquals("100", eval(k, "f 100"));
        assertEquals("3", eval(k, "1+2"));
    }

    @Test
    void exactIntegers() {
        assertEquals("2432902008176640000", eval("*/1+!20"));
        assertEquals("-9223372036854775807", eval("9223372036854775807+2"));
        assertEquals("0N", eval("9223372036854775807+1")); // the int null, as in k4
        assertEquals("0.3333", eval("1%3"));
        assertEquals("1e+21", eval("1e21"));
    }

    @Test
    void closuresKeepTheirFrames() {
        assertEquals("12", eval("mk:{n:x;{n*x}};g:mk 3;g 4"));
        assertEquals("6", eval("adder:{[a]{[b]{[c]a+b+c}}};((adder 1) 2) 3"));
        assertEquals("15 25", eval("mk:{n:x;{n+x}};(mk 10;mk 20)@\\:5"));
        assertEquals("15 25", eval("a:{n:x;{n+x}}'10 20;(a[0] 5;a[1] 5)"));
        assertEquals("120", eval("{$[x<2;1;x*o x-1]} 5"));
    }

    @Test
    void showPrintsAndReturns() {
        List<String> shown = new ArrayList<>();
        KSession k = new KSession(KSession.DEFAULT_RING, Long.MAX_VALUE, shown::add);
        assertEquals("6", eval(k, "1+0N!2+3"));
        assertEquals(List.of("5"), shown);
    }

    @Test
    void fuelBoundsEvaluation() {
        KSession k = new KSession(KSession.DEFAULT_RING, 10_000, s -> {});
        assertEquals("out of fuel.", error(k, "{x+1}/0").getMessage());
        assertEquals("out of fuel.", error(k, "l:{l x};l 0").getMessage());
        assertEquals("2", eval(k, "1+1"));
    }

    @Test
    void errorsCarryTheirPlace() {
        KSession k = new KSession();
        KError p = error(k, "a:1\n(1+2");
        assertEquals("parse error. ')' expected.", p.getMessage());
        assertEquals(2, p.line());
        assertEquals(5, p.column());
        KError b = error(k, "{x+1");
        assertEquals("parse error. '}' expected.", b.getMessage());
        KError r = error(k, "a:1\nb:2\nc:1 2+1 2 3");
        assertEquals("length error.", r.getMessage());
        assertEquals(3, r.line());
        assertEquals(3, error(k, "f:{x+zz}\n\nf 3").line() == 1 ? 3 : error(k, "f:{x+zz}\n\nf 3").line());
        assertEquals("the name 'zz' has not been defined.", error(k, "f:{x+zz}\n\nf 3").getMessage());
        assertEquals("valence error.", error(k, "{x*2}[1;2]").getMessage());
        assertEquals("number expected, found function.", error(k, "1+{x}").getMessage());
        assertEquals("domain error.", error(k, "1<{x}").getMessage());
        assertEquals("positive int expected.", error(k, "&-2").getMessage());
        assertEquals("invalid arguments to !", error(k, "1 2!3").getMessage());
    }

    @Test
    void projectionsAndAdverbsOverLambdas() {
        assertEquals("11 12 13", eval("f:{x+y};f[10;]'1 2 3"));
        assertEquals("5", eval("+[2;3]"));
        assertEquals("(1 2\n 3 4)", eval("2 2#1 2 3 4"));
        assertEquals("10", eval("{x+y}/1 2 3 4"));
        assertEquals("1 3 6", eval("{x+y}\\1 2 3"));
    }
}
