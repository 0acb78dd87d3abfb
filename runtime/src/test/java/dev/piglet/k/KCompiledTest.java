package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

/** The compiled tier for int lambdas agrees with the interpreter (the spec) on every result and error. */
class KCompiledTest {
    /** Runs the lines in a compiling and an interpreting session; every line's output (value or error) must agree. */
    private static void agree(String... lines) {
        KSession on = new KSession(), off = new KSession();
        off.setCompile(false);
        for (String line : lines) {
            // each line several times, so lambdas cross the compile threshold mid-way
            for (int rep = 0; rep < Interp.JIT_THRESHOLD + 4; rep++) {
                assertEquals(out(off, line), out(on, line), line);
            }
        }
    }

    private static String out(KSession k, String line) {
        try {
            return k.evalToString(line);
        } catch (KError e) {
            return "error: " + e.getMessage();
        }
    }

    /** Whether f is compiled in session k now. */
    private static boolean compiled(KSession k, String f) {
        return ((Lambda) k.eval(f)).info.jit != null;
    }

    @Test
    void factorialFibAckermann() {
        agree("fac:{$[x=1;1;x*fac[x-1]]}", "fac 5", "fac 20", "fac 25", "fac'1 2 3",
                "fib:{$[x<2;x;fib[x-1]+fib[x-2]]}", "fib 15",
                "ack:{$[x=0;y+1;$[y=0;ack[x-1;1];ack[x-1;ack[x;y-1]]]]}", "ack[2;3]", "ack[1;5]");
        KSession k = new KSession();
        k.eval("fac:{$[x=1;1;x*fac[x-1]]}");
        for (int i = 0; i < 40; i++) assertEquals(120L, k.eval("fac 5"));
        assertTrue(compiled(k, "fac"));
    }

    @Test
    void modGcdNegateMatchAndWrap() {
        agree("gcd:{$[y=0;x;gcd[y;y!x]]}", "gcd[1071;462]", "gcd[0;5]", "gcd[17;0]",
                "m:{x!y}", "m[3;-7]", "m[-3;-7]", "m[0;5]", "m[0N;5]",
                "n:{-x}", "n 5", "n 0N", "e:{x~y}", "e[3;3]", "e[3;4]",
                "w:{x+1}", "w 9223372036854775807", "w 0N", "v:{x*y}", "v[4294967296;4294967296]",
                "c:{(x<y)+(x>y)*2+x=y}", "c[0N;0]", "c[1;0N]", "c[5;5]",
                "s:{x-1;x+1}", "s 4");
    }

    @Test
    void mutualRecursionAndRedefinition() {
        agree("ev:{$[x=0;1;od x-1]}", "od:{$[x=0;0;ev x-1]}", "ev 10", "od 7", "ev 3000", "od 5001",
                "od:{$[x=0;7;ev x-1]}", "ev 11", "ev 10");
        KSession k = new KSession();
        k.eval("g:{x+1};f:{g x}");
        for (int i = 0; i < 40; i++) assertEquals(4L, k.eval("f 3"));
        assertTrue(compiled(k, "f"));
        k.eval("g:{x*10}");
        assertEquals(30L, k.eval("f 3")); // the redefinition is seen
        k.eval("g:{x,x}");
        assertEquals("3 3", k.evalToString("f 3")); // and a callee outside the subset
        // a program that keeps redefining a callee: after a few drops the caller stays interpreted
        KSession r = new KSession();
        r.eval("h:{x+1};c:{h x}");
        for (int i = 0; i < 400; i++) {
            r.eval("h:{x+" + (i % 3) + "}");
            for (int j = 0; j < 20; j++) assertEquals(3L + i % 3, r.eval("c 3"));
        }
        assertTrue(((Lambda) r.eval("c")).info.jitStale <= Interp.JIT_MAX_STALE + 1);
        assertFalse(compiled(r, "c"));
    }

    @Test
    void topLevelCallOfACompiledLambda() { // Interp.run's direct entry for `f 5`: redefinitions, bail-outs
        agree("q:{x*2}", "q 4", "q[4]", "q:3", "q 4", "q:{x,x}", "q 4", "q:{x+1}", "q 4", "q 1 2",
                "r:{x!y}", "r[0;5]", "r[2;5]", "r[0N;5]", "q 9223372036854775807");
    }

    @Test
    void cliSwitch() {
        for (String opt : new String[] {"--no-compile", "--fuel"}) {
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(), err = new java.io.ByteArrayOutputStream();
            String src = "fac:{$[x=1;1;x*fac[x-1]]}\n" + "fac 5\n".repeat(40);
            String[] args = opt.equals("--fuel") ? new String[] {"k", "--fuel", "100000"} : new String[] {"k", opt};
            int rc = dev.piglet.cli.Main.run(args, new java.io.ByteArrayInputStream(src.getBytes()), out,
                    new java.io.PrintStream(err));
            assertEquals(0, rc, err.toString());
            assertTrue(out.toString().strip().endsWith("120"), out.toString());
        }
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        assertEquals(2, dev.piglet.cli.Main.run(new String[] {"k", "--no-compile=1"},
                new java.io.ByteArrayInputStream(new byte[0]), new java.io.ByteArrayOutputStream(), new java.io.PrintStream(err)));
    }

    @Test
    void conformanceLinesWithTheCompiledTier() throws Exception {
        // each line parsed once and run past the compile threshold in one session (no fuel, so compiling)
        java.util.List<String> failures = new java.util.ArrayList<>();
        int compiledLines = 0;
        for (String[] row : KConformanceTest.table()) {
            KSession k = new KSession(1 << 14, Long.MAX_VALUE, s -> {});
            int p;
            try {
                p = k.compile(row[0], 1);
            } catch (KError e) { // a parse error: nothing runs, nothing to compile
                assertEquals(row[1], e.getMessage(), row[0]);
                continue;
            }
            for (int rep = 0; rep < Interp.JIT_THRESHOLD + 4; rep++) {
                String got;
                try {
                    got = p < 0 ? "" : KSession.format(k.execute(p));
                } catch (KError e) {
                    got = e.getMessage();
                }
                if (!got.equals(row[1])) {
                    failures.add(row[0] + " (run " + rep + ") => " + got);
                    break;
                }
            }
            java.lang.reflect.Field f = KSession.class.getDeclaredField("code");
            f.setAccessible(true);
            for (LambdaInfo info : ((Code) f.get(k)).lambdas) {
                if (info.jit != null) {
                    compiledLines++;
                    break;
                }
            }
        }
        assertEquals(java.util.List.of(), failures);
        System.out.println("K conformance with the compiled tier: " + compiledLines + " lines compiled a lambda (and ran it)");
        assertTrue(compiledLines > 0);
    }

    @Test
    void nonIntArgumentsFallBack() {
        agree("fac:{$[x=1;1;x*fac[x-1]]}", "fac 5", "fac 5.0", "fac 1 2 3", "fac[]", "a:{x+y}", "a[1;2]",
                "a[1.5;2]", "a[1 2;3]", "a[1]", "a[1;]");
    }

    @Test
    void deepRecursionAndStackError() {
        KSession k = new KSession();
        k.eval("f:{$[x=0;0;1+f x-1]}");
        for (int i = 0; i < 40; i++) assertEquals(50L, k.eval("f 50"));
        assertTrue(compiled(k, "f"));
        assertEquals(100000L, k.eval("f 100000"));
        assertEquals(5000L, k.eval("f 5000"));
        KSession small = new KSession(1024, Long.MAX_VALUE, s -> {});
        small.eval("f:{$[x=0;0;1+f x-1]}");
        for (int i = 0; i < 40; i++) assertEquals(100L, small.eval("f 100"));
        KError e = assertThrows(KError.class, () -> small.eval("f 100000"));
        assertEquals("stack error.", e.getMessage());
        assertEquals(100L, small.eval("f 100"));
        // compiled code goes only as deep as the interpreter surely could: the ring's limit is the interpreter's
        KSession on = new KSession(1024, Long.MAX_VALUE, s -> {}), off = new KSession(1024, Long.MAX_VALUE, s -> {});
        off.setCompile(false);
        for (KSession s : new KSession[] {on, off}) s.eval("f:{$[x=0;0;1+f x-1]};g:{$[x=0;0;1+h x-1]};h:{g x}");
        for (int n = 0; n < 2000; n += 7) {
            for (String q : new String[] {"f ", "g "}) assertEquals(out(off, q + n), out(on, q + n), q + n);
        }
        assertTrue(compiled(on, "f"));
    }

    @Test
    void smallJavaStack() throws Exception {
        Object[] r = new Object[1];
        Thread t = new Thread(null, () -> {
            KSession k = new KSession();
            k.eval("f:{$[x=0;0;1+f x-1]}");
            for (int i = 0; i < 40; i++) k.eval("f 10");
            r[0] = k.eval("f 100000");
        }, "small", 256 * 1024);
        t.start();
        t.join();
        assertEquals(100000L, r[0]);
    }

    @Test
    void aBailOutDoesNotTurnOffTheRestOfAScript() {
        KSession k = new KSession();
        k.eval("f:{$[x=0;0;1+f x-1]};l:{$[x=0;y;l[x-1;y+1]]}");
        for (int i = 0; i < 40; i++) k.eval("f 10;l[10;0]");
        assertTrue(compiled(k, "l"));
        // f 100000 bails out and runs interpreted; the 10^8 loop after it must still run compiled (fast)
        long t0 = System.nanoTime();
        assertEquals(100_000_000L, k.eval("f 100000;l[100000000;0]"));
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "the tail loop ran interpreted");
        agree("ev:{$[x=0;1;od x-1]}", "od:{$[x=0;0;ev x-1]}", "ev 100000", "od 100001");
    }

    @Test
    void tailLoopRunsInConstantSpace() {
        KSession k = new KSession(1024, Long.MAX_VALUE, s -> {});
        k.eval("l:{$[x=0;y;l[x-1;y+1]]}");
        for (int i = 0; i < 40; i++) assertEquals(10L, k.eval("l[10;0]"));
        assertTrue(compiled(k, "l"));
        assertEquals(100_000_000L, k.eval("l[100000000;0]"));
    }

    @Test
    void fuelLimitedSessionsInterpret() {
        KSession k = new KSession(KSession.DEFAULT_RING, 1000, s -> {});
        k.eval("f:{$[x=0;0;1+f x-1]}");
        for (int i = 0; i < 40; i++) assertEquals(5L, k.eval("f 5"));
        assertFalse(compiled(k, "f"));
        assertEquals("out of fuel.", assertThrows(KError.class, () -> k.eval("f 1000")).getMessage());
    }

    @Test
    void switchOff() {
        KSession k = new KSession();
        k.setCompile(false);
        k.eval("fac:{$[x=1;1;x*fac[x-1]]}");
        for (int i = 0; i < 40; i++) assertEquals(120L, k.eval("fac 5"));
        assertFalse(compiled(k, "fac"));
    }

    @Test
    void randomIntLambdasAgree() {
        java.util.Random r = new java.util.Random(7);
        String[] ops = {"+", "-", "*", "=", "<", ">", "~"};
        for (int t = 0; t < 120; t++) {
            String body = expr(r, ops, 3);
            long x = r.nextLong() >> r.nextInt(64), y = r.nextInt(7) - 3;
            agree("h:{" + body + "}", "h[" + x + ";" + y + "]",
                    "h[9223372036854775807;-1]", "h[0N;2]");
        }
    }

    private static String expr(java.util.Random r, String[] ops, int d) {
        if (d == 0 || r.nextInt(4) == 0) {
            return switch (r.nextInt(4)) {
                case 0 -> "x";
                case 1 -> "y";
                case 2 -> Long.toString(r.nextInt(11) - 5);
                default -> "9223372036854775807";
            };
        }
        return switch (r.nextInt(5)) {
            case 0 -> "$[" + expr(r, ops, d - 1) + ";" + expr(r, ops, d - 1) + ";" + expr(r, ops, d - 1) + "]";
            case 1 -> "(" + (r.nextInt(3) + 1) + "!" + expr(r, ops, d - 1) + ")";
            default -> "(" + expr(r, ops, d - 1) + ops[r.nextInt(ops.length)] + expr(r, ops, d - 1) + ")";
        };
    }
}
