package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The int-form path ({@link IntForm}, {@link IntFormPath}) against the cell path it shortcuts: every
 * program is run in two sessions that differ only in whether lambdas get int forms, and the values,
 * errors (message, line, column), steps, output and ring use must be the same, with the compiled tier
 * off and on, at unlimited fuel, at limited fuel and with a context ring small enough to overflow.
 */
class KIntFormTest {
    /** Definitions, then the expression evaluated. */
    private static final String[][] PROGRAMS = {
        {"fac:{$[x=1;1;x*fac[x-1]]}", "fac 5"},
        {"fac:{$[x<2;1;x*fac x-1]}", "(fac 20;fac 25;fac 1;fac 0)"},
        {"fac:{$[x<2;1;x*o x-1]}", "fac 10"},
        {"fib:{$[x<2;x;fib[x-1]+fib[x-2]]}", "fib 15"},
        {"ack:{$[x=0;y+1;y=0;ack[x-1;1];ack[x-1;ack[x;y-1]]]}", "ack[2;3]"},
        {"cnt:{$[x=0;y;cnt[x-1;y+1]]}", "cnt[1000;0]"},
        {"ev:{$[x=0;1;od x-1]};od:{$[x=0;0;ev x-1]}", "(ev 101;od 101;ev 4000)"},
        {"f:{$[x=0;0;1+f x-1]}", "(f 100;f 3000)"},
        {"f:{(x&y)+(x|y)*(x<y)-(x>y)=z};g:{f[x;y;z]}", "(g[1;2;3];g[5;-5;0];g[-1;-1;-1])"},
        {"f:{x+100000000000};g:{$[x;5000000000;x-9000000000000]}", "(f 1;g 1;g 0)"},
        {"f:{x};g:{x-1};h:{1+g x}", "(f -9223372036854775807;h -9223372036854775806)"},
        {"f:{x*2};g:{f x}", "(g 1.5;g 1 2 3)"},
        {"h:{x!10};f:{1+h x};t:{h x}", "(f 3;t 4;f 0)"},
        {"g:{x,x};f:{1+g x}", "f 3"},
        {"g:{x,x};f:{x*g x}", "f 1 2"},
        {"g:{x,x};f:{$[g x;1;2]}", "f 3"},
        {"g:{x,x};k:{x+y};f:{k[g x;x-1]}", "f 3"},
        {"f:{x+zz x}", "f 1"},
        {"f:{x+zz}", "f 1"},
        {"v:10 20 30;f:{v x}", "(f 1;f 5)"},
        {"f:{x+y};g:{f x}", "(g 1)[2]"},
        {"f:{x+y};g:{f[x;1;2]}", "g 1"},
        {"f:{a:x;a*2};g:{1+f x}", "g 4"},
        {"f:{g x};g:{$[x=0;0;f x-1]}", "f 10"},
        {"f:{0N!x}", "f 3"},
        {"f:{$[x=0;0;1+f x-1]}", "f 100000"},
        {"fac:{$[x<2;1;x*fac x-1]}", "fac 100000"},
        {"f:{$[x;f x-1;0]}", "f 100000"},
        // shapes of the linear code: conditional returns, wide literals, objects in temporaries, calls out in tail position
        {"f:{$[x=y;x;f[x-1;y]]}", "(f[10;3];f[3;3])"},
        {"f:{$[0=x;7;1+f x-1]};g:{$[x>0;5000000000-x;x]}", "(f 5;g 3;g -1)"},
        {"g:{x,x};f:{(g x)+x};h:{(x-1)+g x}", "(f 3;h 3)"},
        {"h:{a:x;a};f:{$[x;h x;0]};k:{$[x;k x-1;h 5]}", "(f 3;f 0;k 50)"},
        {"f:{$[x=0;y;o[x-1;y+x]]}", "(f[100;0];f[2000;1])"},
        {"g:{x+1};f:{g x};", "(f 1;g:{x-1};f 1;g:{x*y};f 1)"},
    };

    private record Run(String result, long steps, String shown, long ringUsed, int continuations) {}

    private static Run run(String[] program, boolean forms, boolean compile, int ring, long fuel) {
        List<String> shown = new ArrayList<>();
        KSession k = new KSession(ring, fuel, shown::add);
        k.setCompile(compile);
        k.setIntForms(forms);
        String got;
        try {
            k.eval(program[0]);
            k.refuel();
            got = KSession.format(k.eval(program[1]));
        } catch (KError e) {
            got = "ERR " + e.getMessage() + " @" + e.line() + ":" + e.column();
        }
        Run r = new Run(got, k.steps(), String.join(";", shown), k.ring().used(), k.continuations().top);
        k.close();
        return r;
    }

    private static void same(int ring, long fuel, boolean compile) {
        for (String[] p : PROGRAMS) {
            Run cells = run(p, false, compile, ring, fuel);
            Run forms = run(p, true, compile, ring, fuel);
            String what = p[0] + "; " + p[1] + " (ring " + ring + ", fuel " + fuel + ", compile " + compile + ")";
            assertEquals(cells, forms, what);
            assertEquals(0, forms.ringUsed(), what);
        }
    }

    @Test
    void sameAsTheCellPathInterpreted() {
        same(KSession.DEFAULT_RING, Long.MAX_VALUE, false);
    }

    @Test
    void sameAsTheCellPathWithTheCompiledTier() {
        same(KSession.DEFAULT_RING, Long.MAX_VALUE, true);
    }

    @Test
    void sameStackErrorsInASmallRing() {
        same(64, Long.MAX_VALUE, false);
        same(1024, Long.MAX_VALUE, false);
    }

    @Test
    void sameFuelExhaustion() {
        for (long fuel : new long[] {3, 10, 57, 400}) same(KSession.DEFAULT_RING, fuel, false);
    }

    @Test
    void theIntFormIsUsed() {
        // the first call translates the lambda, only where forms are on; later calls reuse its code
        for (boolean forms : new boolean[] {false, true}) {
            try (KSession k = new KSession(KSession.DEFAULT_RING, Long.MAX_VALUE, s -> {})) {
                k.setCompile(false);
                k.setIntForms(forms);
                k.eval("fac:{$[x<2;1;x*fac x-1]}");
                assertEquals(0, k.intFormWords());
                assertEquals(120L, k.eval("fac 5"));
                assertEquals(forms, k.intFormWords() > 0, "int forms " + forms);
                int after = k.intFormWords();
                assertEquals(120L, k.eval("fac 5"));
                assertEquals(after, k.intFormWords(), "translated once");
            }
        }
    }

    @Test
    void anEndlessIntFormTailLoopIsInterrupted() throws Exception {
        try (KSession k = new KSession(KSession.DEFAULT_RING, Long.MAX_VALUE, s -> {})) {
            k.setCompile(false);
            k.eval("l:{$[x<0;0;l x+1]}");
            AtomicReference<Throwable> ended = new AtomicReference<>();
            Thread t = new Thread(() -> {
                try {
                    k.eval("l 1");
                } catch (Throwable e) {
                    ended.set(e);
                }
            });
            t.start();
            Thread.sleep(200);
            k.interrupt();
            t.join(10_000);
            assertTrue(ended.get() instanceof KError e && e.getMessage().equals("interrupted."), String.valueOf(ended.get()));
            assertEquals(6L, k.eval("fac:{$[x<2;1;x*fac x-1]};fac 3"), "the session goes on");
            assertEquals(0, k.ring().used());
        }
    }

    @Test
    void redefiningACalleeIsSeen() {
        try (KSession k = new KSession(KSession.DEFAULT_RING, Long.MAX_VALUE, s -> {})) {
            k.setCompile(false);
            k.eval("g:{x+1};f:{2*g x}");
            assertEquals(8L, k.eval("f 3"));
            k.eval("g:{x-1}");
            assertEquals(4L, k.eval("f 3"));
            k.eval("g:3 4 5 6");
            assertEquals(12L, k.eval("f 3"));
            k.eval("g:{x,x}");
            assertEquals("6 6", KSession.format(k.eval("f 3")));
            k.eval("g:{x,`a}");
            assertEquals("number expected, found symbol.", assertThrows(KError.class, () -> k.eval("f 3")).getMessage());
        }
    }
}
