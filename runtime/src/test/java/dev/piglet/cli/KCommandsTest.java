package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KCommandsTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    private static Result main(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path file(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void runPrintsTheLastValue() throws IOException {
        Path p = file("fac.k", "/ factorial\nfac:{$[x=1;1;x*fac[x-1]]}\n0N!fac 3\nfac 5\n");
        Result r = main("", "run", p.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("6\n120\n", r.out());
    }

    @Test
    void runErrorsNameFileAndLine() throws IOException {
        Path p = file("bad.k", "a:1\nb:2\n1 2+1 2 3\n");
        Result r = main("", "run", p.toString());
        assertEquals(1, r.code());
        assertEquals(p + ":3: length error.\n", r.err());
        Path q = file("parse.k", "a:1\n(1+2\n");
        Result s = main("", "run", q.toString());
        assertEquals(1, s.code());
        assertEquals(q + ":2:5: parse error. ')' expected.\n", s.err());
    }

    @Test
    void runTimesWithBackslashT() throws IOException {
        Path p = file("t.k", "f:{x+1}\n\\t:1000 f 1\nf 2\n");
        Result r = main("", "run", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("\\d+\n3\n"), r.out());
    }

    @Test
    void ringOptionBoundsRecursion() throws IOException {
        Path p = file("deep.k", "f:{$[x=0;0;1+f x-1]}\nf 10000\n");
        assertEquals("10000\n", main("", "run", p.toString()).out());
        Result r = main("", "run", p.toString(), "--ring", "1024");
        assertEquals(1, r.code());
        assertEquals(p + ":1: stack error.\n", r.err()); // where the call that overflowed is
    }

    @Test
    void replPrintsEachLineAndSurvivesErrors() {
        // not a terminal: values on stdout, errors on stderr with their line, exit 1 because some line failed
        Result r = main("a:3\nfoo\n(1+\na*2\n\\\\\n99\n", "k");
        assertEquals("3\n6\n", r.out());
        assertEquals("stdin:2: the name 'foo' has not been defined.\nstdin:3:4: parse error. ')' expected.\n", r.err());
        assertEquals(1, r.code());
        assertEquals(new Result(0, "3\n6\n", ""), main("a:3\na*2\n", "k"));
    }

    @Test
    void replFuelStopsRunawayLoops() {
        Result r = main("{x+1}/0\n1+1\n", "k", "--fuel", "100000");
        assertEquals(new Result(1, "2\n", "stdin:1: out of fuel.\n"), r);
    }

    @Test
    void missingFileIsOneLine() {
        Result r = main("", "run", dir.resolve("nope.k").toString());
        assertEquals(1, r.code());
        assertEquals("piglet: cannot read '" + dir.resolve("nope.k") + "': No such file or directory\n", r.err());
    }

    @Test
    void aTrailingTimeLineKeepsTheScriptsValue() throws IOException {
        Path p = file("tt.k", "a:6*7\na\n\\t a+1\n");
        Result r = main("", "run", p.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("\\d+\n42\n"), r.out());
    }

    @Test
    void anErrorPrintingTheLastValueNamesTheLastLine() throws IOException {
        Path p = file("deep.k", "a:1\nb:1000000{,x}/1\nb\n"); // 3 lines; the value is nested too deep to print
        Result r = main("", "run", p.toString());
        assertEquals(new Result(1, "", p + ":3: stack error.\n"), r);
    }

    @Test
    void loadWithBackslashL() throws IOException {
        Path lib = file("lib.k", "sq:{x*x}\nb:sq 7\n");
        Path main = file("main.k", "\\l " + lib + "\nb+sq 2\n");
        assertEquals(new Result(0, "53\n", ""), main("", "run", main.toString()));
        assertEquals(new Result(0, "9\n", ""), main("\\l " + lib + "\nsq 3\n", "k"));
        Path bad = file("bad.k", "x:1\ny:1 2+1 2 3\n");
        Result r = main("\\l " + bad + "\nx\n", "k");
        assertEquals(1, r.code());
        assertEquals("1\n", r.out()); // the lines before the error were loaded
        assertEquals(bad + ":2: length error.\n", r.err());
        Result missing = main("\\l " + dir.resolve("nope.k") + "\n1\n", "k");
        assertEquals(new Result(1, "1\n", "stdin:1: cannot read '" + dir.resolve("nope.k")
                + "': No such file or directory.\n"), missing);
        Path self = file("self.k", "");
        Files.writeString(self, "\\l " + self + "\n");
        assertTrue(main("", "run", self.toString()).err().contains("nested more than 64 deep"));
    }

    @Test
    void kWithAScriptLoadsItThenReadsLines() throws IOException {
        Path lib = file("lib.k", "sq:{x*x}\n0N!sq 5\nsq 6\n");
        // the script's own values are not printed (only what it shows with 0N!), then each line's value
        assertEquals(new Result(0, "25\n16\n", ""), main("sq 4\n", "k", lib.toString()));
        Path bad = file("bad.k", "1 2+1 2 3\n");
        Result r = main("2+2\n", "k", bad.toString());
        assertEquals(new Result(1, "4\n", bad + ":1: length error.\n"), r);
        assertEquals(2, main("", "k", lib.toString(), lib.toString()).code());
    }

    @Test
    void controlCharactersInErrorsAreShownEscaped() {
        Result r = main("1+\u001b[A\n", "k");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("\\x1B"), r.err());
        assertTrue(r.err().chars().noneMatch(c -> c == 0x1B), r.err());
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 120, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a runaway that ignores the interrupt must fail the test, not hang the suite
    void interruptStopsARunawayEvaluationAndTheSessionGoesOn() throws Exception {
        for (boolean compile : new boolean[] {true, false}) {
            dev.piglet.k.KSession k = new dev.piglet.k.KSession();
            k.setCompile(compile);
            k.eval("a:5;l:{l x};m:{$[x=0;0;m x-1]};fib:{$[x<2;x;fib[x-1]+fib[x-2]]}");
            k.eval("m'100#5"); // called often enough to be compiled: m -1 is then a compiled self-tail loop
            // an endless tail call, a compiled self-tail loop, deep compiled recursion, an adverb loop
            for (String runaway : new String[] {"l 1", "m -1", "fib 60", "{x+1}/0"}) {
                Thread stopper = new Thread(() -> {
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                    k.interrupt();
                });
                stopper.start();
                long t0 = System.nanoTime();
                dev.piglet.k.KError e = org.junit.jupiter.api.Assertions.assertThrows(dev.piglet.k.KError.class,
                        () -> k.eval(runaway));
                stopper.join();
                assertEquals("interrupted.", e.getMessage(), runaway);
                assertTrue(System.nanoTime() - t0 < 10_000_000_000L, runaway + " took too long to stop");
                assertEquals("6", dev.piglet.k.KSession.format(k.eval("a+1")), "session intact after " + runaway);
                assertEquals("55", dev.piglet.k.KSession.format(k.eval("fib 10")));
            }
        }
    }

    @Test
    void fitCutsToTheTerminal() {
        assertEquals("0 1 2 3..", KRepl.fit("0 1 2 3 4 5 6 7", 9, 24));
        assertEquals("short", KRepl.fit("short", 9, 24));
        assertEquals("a\nb\n..", KRepl.fit("a\nb\nc\nd\ne", 80, 4));
        assertEquals("a\nb\nc", KRepl.fit("a\nb\nc", 80, 4));
        assertEquals("x".repeat(500), KRepl.fit("x".repeat(500), 0, 0));
    }
}
