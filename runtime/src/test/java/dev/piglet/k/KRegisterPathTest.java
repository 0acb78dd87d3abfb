package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The interpreter's int-register path ({@code Interp.evalI}: ring-frame direct lambdas with int
 * results in a long, frames passed as parameters, calls made in the caller's activation) must be
 * observably the interpreter it replaced. Every row of {@link #ROWS} was produced by the build
 * before that path existed (its evalD/applyD direct path), with the compiled tier off: the value or
 * the error with its line and column, the steps counted (fuel), and what {@code 0N!} showed. They
 * cover the int that doubles as the path's "not an int" sentinel (-9223372036854775807) through
 * every construct, non-int values (floats, vectors, lambdas, projections) through it, errors in
 * arguments, operands and callees, fuel running out at many points of {@code fac 5}, closures, heap
 * frames and upvalues, tail calls and deep recursion, and int literals either side of the range
 * whose operand descriptors carry the value itself ({@code CellLayout.IMM}).
 */
class KRegisterPathTest {
    /** fuel (0: unlimited), program, value or "ERR message @line:col", steps, values shown by 0N! (;-separated). */
    private static final String[][] ROWS = {
        {"0", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"0", "fac:{$[x<2;1;x*fac x-1]};fac 20", "2432902008176640000", "83", ""},
        {"0", "f:{x};f -9223372036854775807", "-9223372036854775807", "6", ""},
        {"0", "f:{x-1};f -9223372036854775806", "-9223372036854775807", "6", ""},
        {"0", "f:{$[x;x;0]};f -9223372036854775807", "-9223372036854775807", "7", ""},
        {"0", "f:{a:x;a};f -9223372036854775807", "-9223372036854775807", "9", ""},
        {"0", "f:{x;x};f -9223372036854775807", "-9223372036854775807", "8", ""},
        {"0", "f:{x*g x};g:{x};f -9223372036854775807", "1", "11", ""},
        {"0", "f:{1+g x};g:{x-1};f -9223372036854775806", "-9223372036854775806", "11", ""},
        {"0", "f:{(g x)+1};g:{x-2};f -9223372036854775806", "-9223372036854775807", "12", ""},
        {"0", "f:{-x};f 9223372036854775807", "-9223372036854775807", "6", ""},
        {"0", "f:{x*2};f 1.5", "3", "6", ""},
        {"0", "f:{x+1};f 1 2 3", "2 3 4", "6", ""},
        {"0", "f:{x*g x};g:{x,x};f 1 2", "ERR length error. @1:5", "11", ""},
        {"0", "f:{$[x<y;x;y]};(f[1;2];f[2.5;1];f[1 2;2 1])", "(1\n 1\n 1 2)", "16", ""},
        {"0", "f:{x!y};(f[3;10];f[0;5])", "ERR invalid arguments to ! @1:5", "7", ""},
        {"0", "f:{x~y};(f[1;1];f[1;2])", "1 0", "10", ""},
        {"0", "f:{0N!x};f 3", "3", "6", "3"},
        {"0", "f:{x%y};f[1;4]", "0.25", "6", ""},
        {"0", "f:{{x+1}};(f 0) 5", "6", "9", ""},
        {"0", "f:{g:{x*2};g x};f 21", "42", "11", ""},
        {"0", "f:{o};f 1", "{o}", "6", ""},
        {"0", "f:{$[x=0;0;1+o x-1]};f 10", "10", "47", ""},
        {"0", "f:{v::x;v+1};f 4", "5", "9", ""},
        {"0", "f:{x+zz};f 1", "ERR the name 'zz' has not been defined. @1:5", "6", ""},
        {"0", "f:{x+zz}\n\nf 1", "ERR the name 'zz' has not been defined. @1:5", "6", ""},
        {"0", "f:{a:x\n b:a+1\n c:b+zz\n c}\nf 3", "ERR the name 'zz' has not been defined. @3:5", "12", ""},
        {"0", "f:{x*g x-1};g:{x+y};f 3", "ERR number expected, found function. @1:5", "9", ""},
        {"0", "f:{g[x;]};g:{x+y};(f 1) 2", "3", "11", ""},
        {"0", "f:{x g};g:1 2 3;f 1", "ERR function or list expected, found number. @1:6", "8", ""},
        {"0", "f:{g x};g:1 2 3;f 1", "2", "8", ""},
        {"0", "f:{g[x]+h[x]};g:{x*2};h:{x*3};f 5", "25", "16", ""},
        {"0", "a:{$[x=0;y;b[x-1;y+1]]};b:{$[x=0;y;a[x-1;y+1]]};a[100000;0]", "100000", "300009", ""},
        {"0", "l:{$[x=0;y;l[x-1;y+1]]};l[100000;0]", "100000", "300007", ""},
        {"0", "f:{$[x=0;0;1+f x-1]};f 100000", "100000", "400007", ""},
        {"0", "f:{$[x=0;0;x+f x-1]};f 100000", "5000050000", "400007", ""},
        {"100", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"30", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"31", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"32", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"33", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "120", "23", ""},
        {"1000", "f:{$[x=0;0;1+f x-1]};f 100", "100", "407", ""},
        {"1000", "l:{$[x=0;y;l[x-1;y+1]]};l[100;0]", "100", "307", ""},
        {"200", "l:{$[x=0;y;l[x-1;y+1]]};l[100;0]", "ERR out of fuel. @1:13", "201", ""},
        {"1000", "f:{x*g x-1};g:{x+y};f 3", "ERR number expected, found function. @1:5", "9", ""},
        {"0", "f:{[a;b;c]a+b*c};f[1;2;3]", "7", "7", ""},
        {"0", "f:{x+y};f[1]", "{[x;y]x+y}[1;]", "4", ""},
        {"0", "f:{x+y};f[;2] 5", "7", "7", ""},
        {"0", "f:{x};f[]", "{[x]x}[]", "4", ""},
        {"0", "f:{$[x>0;f x-1;y]};f[3;7]", "{[x;y]$[x>0;f@x-1;y]}[2;]", "7", ""},
        {"0", "f:{$[x>0;f[x-1;y];y]};f[3;7]", "7", "16", ""},
        {"0", "f:{$[x>0;f[x-1;y,x];y]};f[3;()]", "3 2 1", "17", ""},
        {"0", "s:{$[x=0;0;x+s x-1]};s 10", "55", "47", ""},
        {"0", "f:{x+y}/[0;1 2 3]", "6", "14", ""},
        {"0", "f:{x*y};f'[1 2;3 4]", "3 8", "11", ""},
        {"0", "f:{$[x;1;2]};(f 0;f 1;f 0.0;f !0;f 1 2)", "ERR invalid arguments to ! @1:31", "9", ""},
        {"0", "f:{x*g x-1};g:{x+(1;2)};f 3", "9 12", "14", ""},
        {"22", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "ERR out of fuel. @1:6", "23", ""},
        {"15", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "ERR out of fuel. @1:15", "16", ""},
        {"9", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "ERR out of fuel. @1:19", "10", ""},
        {"5", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "ERR out of fuel. @1:31", "6", ""},
        {"2", "fac:{$[x=1;1;x*fac[x-1]]};fac 5", "ERR out of fuel. @1:1", "3", ""},
        {"50", "f:{$[x=0;0;1+f x-1]};f 100", "ERR out of fuel. @1:4", "51", ""},
        {"50", "f:{$[x=0;0;x+f x-1]};f 100", "ERR out of fuel. @1:4", "51", ""},
        {"0", "mk:{n:x;{n+1}};(mk 3)[]", "4", "12", ""},
        {"0", "mk:{n:x;m:n+1;{n+m+x}};(mk 3)'0 1", "7 8", "21", ""},
        {"0", "l:{n:x;g:{n};$[x=0;y;l[x-1;y+g[]]]};l[1000;0]", "500500", "12012", ""},
        {"0", "f:{g x};g:{$[x=0;0;1+f x-1]};f 1000", "1000", "6011", ""},
        {"0", "f:{h:{x+1};h h x};f 1", "3", "14", ""},
        {"0", "f:{x+y}[1;];g:{f x};g 2", "3", "11", ""},
        {"0", "f:{a:x;a+:1;a}", "{[x]a:x;a:a+1;a}", "3", ""},
        {"0", "f:{a:1.5;a*x};f 2", "3", "9", ""},
        {"0", "f:{a:x,1;#a};f 1 2", "3", "9", ""},
        {"0", "f:{x*y+z};f[2;3;4]", "14", "7", ""},
        {"0", "f:{(x;y)};f[1;2.5]", "1 2.5", "8", ""},
        {"0", "f:{$[x>5;x;y>1;y;0]};(f[6;0];f[1;2];f[1;1])", "6 2 0", "16", ""},
        {"0", "f:{$[x;y;z]};(f[1;2;3];f[0;2;3])", "2 3", "12", ""},
        {"0", "f:{x=y};f[1 2;1 3]", "1 0", "6", ""},
        {"0", "f:{x<y};f[1.5;2]", "1", "6", ""},
        {"0", "f:{-x};f 1 2", "-1 -2", "6", ""},
        {"0", "f:{9223372036854775807+x};f 1", "0N", "6", ""},
        {"0", "g:{x};f:{g[x]*g[x]};f 3037000500", "-9223372036709301616", "14", ""},
        {"0", "f:{x*x};f 3037000500", "-9223372036709301616", "6", ""},
        // int literals on both sides of the -128..127 immediate-descriptor boundary, on every path
        {"0", "f:{(x+127;x+128;x-128;x+-128;x+-129;127+x;-128*x)};f 2", "129 130 -126 -126 -127 129 -256", "13", ""},
        {"0", "{(x+127;x+128;x*-128;-129+x)}'1 2", "(128 129 -128 -128\n 129 130 -256 -127)", "18", ""},
        {"0", "(1+127;200+1;-128+0;127=127;0N!-128)", "128 201 -128 1 -128", "7", "-128"},
        {"0", "f:{$[x=127;-128;x<-128;x;127]};(f 127;f -200;f 5)", "-128 -200 127", "16", ""},
        {"0", "f:{127};g:{-128};(f[];g[];f 0)", "127 -128 127", "15", ""},
        {"0", "f:{x[127]};f 1 2", "0N", "6", ""},
        {"0", "f:{127[x]};f 1", "ERR function or list expected, found number. @1:7", "6", ""},
    };

    private static KSession interpreter(long fuel, List<String> shown) {
        KSession k = new KSession(KSession.DEFAULT_RING, fuel == 0 ? Long.MAX_VALUE : fuel, shown::add);
        k.setCompile(false);
        return k;
    }

    @Test
    void sameValuesErrorsStepsAndOutputAsBefore() {
        for (String[] row : ROWS) {
            List<String> shown = new ArrayList<>();
            KSession k = interpreter(Long.parseLong(row[0]), shown);
            String got;
            try {
                got = KSession.format(k.eval(row[1]));
            } catch (KError e) {
                got = "ERR " + e.getMessage() + " @" + e.line() + ":" + e.column();
            }
            assertEquals(row[2], got, row[1]);
            assertEquals(Long.parseLong(row[3]), k.steps(), "steps of " + row[1]);
            assertEquals(row[4], String.join(";", shown), "shown by " + row[1]);
            assertEquals(0, k.ring().used(), "ring left in use by " + row[1]);
            assertEquals(0, k.continuations().top, "continuations left by " + row[1]);
        }
    }

    @Test
    void eachRowAgainInOneSessionWithTheSameResult() {
        // the register's side channel (a non-int value, a pending tail call) must never leak from one
        // evaluation into the next, even after an error
        List<String> shown = new ArrayList<>();
        KSession k = interpreter(0, shown);
        for (int round = 0; round < 2; round++) {
            for (String[] row : ROWS) {
                if (!row[0].equals("0")) continue;
                String got;
                try {
                    got = KSession.format(k.eval(row[1]));
                } catch (KError e) {
                    got = "ERR " + e.getMessage() + " @" + e.line() + ":" + e.column();
                }
                assertEquals(row[2], got, row[1]);
            }
        }
    }

    private static String onSmallStack(KSession k, String src) throws Exception {
        String[] out = new String[1];
        Throwable[] failure = new Throwable[1];
        Thread t = new Thread(null, () -> {
            try {
                out[0] = KSession.format(k.eval(src));
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
    void deepRecursionThroughTheRegisterPathKeepsTheJavaStackBounded() throws Exception {
        // 1+f[...] and x+f[...] put the call in the dyad's activation; past the budget the trampoline takes over
        assertEquals("100000", onSmallStack(interpreter(0, new ArrayList<>()), "f:{$[x=0;0;1+f x-1]};f 100000"));
        assertEquals("5000050000", onSmallStack(interpreter(0, new ArrayList<>()), "f:{$[x=0;0;x+f x-1]};f 100000"));
        assertEquals("0", onSmallStack(interpreter(0, new ArrayList<>()), "f:{$[x=0;0;(f x-1)*x]};f 50000"));
        // mutual recursion, and a non-int flowing back up through every level
        assertEquals("30000", onSmallStack(interpreter(0, new ArrayList<>()),
                "g:{$[x=0;0;1+h x-1]};h:{$[x=0;0;1+g x-1]};g 30000"));
        assertEquals("20000.5", onSmallStack(interpreter(0, new ArrayList<>()), "f:{$[x=0;0.5;1+f x-1]};f 20000"));
    }

    @Test
    void stackErrorOnTheRegisterPathAndTheSessionGoesOn() {
        KSession k = new KSession(1024, Long.MAX_VALUE, s -> {});
        k.setCompile(false);
        k.eval("f:{$[x=0;0;x+f x-1]}");
        KError e = assertThrows(KError.class, () -> k.eval("f 100000"));
        assertEquals("stack error.", e.getMessage());
        assertEquals(0, k.ring().used());
        assertEquals(0, k.continuations().top);
        assertEquals("5050", KSession.format(k.eval("f 100")));
    }

    @Test
    void tailCallsOnTheRegisterPathRunInBoundedRingSpace() {
        KSession k = interpreter(0, new ArrayList<>());
        k.eval("l:{$[x=0;y;l[x-1;y+1]]};a:{$[x=0;y;b[x-1;y+1]]};b:{$[x=0;y;a[x-1;y+2]]}");
        k.ring().resetHighWater();
        k.continuations().resetHighWater();
        assertEquals("1000000", KSession.format(k.eval("l[1000000;0]")));
        assertEquals("1500000", KSession.format(k.eval("a[1000000;0]")));
        assertTrue(k.ring().highWater() <= 8, "ring high-water " + k.ring().highWater());
        assertTrue(k.continuations().highWater() <= 4, "continuations high-water " + k.continuations().highWater());
    }

    @Test
    void fuelRunsOutAtEveryStepOfACall() {
        // the definition and fac 5 take 23 steps: with fuel n < 23 they stop after exactly n+1, and the session goes on
        String src = "fac:{$[x=1;1;x*fac[x-1]]};fac 5";
        for (int fuel = 3; fuel < 23; fuel++) { // (1+2 itself takes 2 steps; fuel 2 is a row of ROWS)
            KSession k = interpreter(fuel, new ArrayList<>());
            KError e = assertThrows(KError.class, () -> k.eval(src));
            assertEquals("out of fuel.", e.getMessage());
            assertEquals(fuel + 1, k.steps());
            assertEquals(0, k.ring().used());
            assertEquals("3", KSession.format(k.eval("1+2")));
        }
        assertEquals("120", KSession.format(interpreter(23, new ArrayList<>()).eval(src)));
    }
}
