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
        Result r = main("a:3\nfoo\n(1+\na*2\n\\\\\n99\n", "k");
        assertEquals(0, r.code(), r.err());
        assertEquals("3\nthe name 'foo' has not been defined.\nparse error. ')' expected.\n6\n", r.out());
    }

    @Test
    void replFuelStopsRunawayLoops() {
        Result r = main("{x+1}/0\n1+1\n", "k", "--fuel", "100000");
        assertEquals("out of fuel.\n2\n", r.out());
    }

    @Test
    void missingFileIsOneLine() {
        Result r = main("", "run", dir.resolve("nope.k").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("piglet: cannot read"), r.err());
    }
}
