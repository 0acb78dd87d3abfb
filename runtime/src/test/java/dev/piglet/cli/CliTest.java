package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process: exact stdout bytes, stderr lines and exit codes. */
class CliTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {}

    static Outcome withStdin(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome cli(String... args) {
        return withStdin("", args);
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(tmp.resolve(name), text, StandardCharsets.ISO_8859_1);
    }

    private Path bin(String name, byte[] bytes) throws Exception {
        return Files.write(tmp.resolve(name), bytes);
    }

    private static void assertOneLineError(Outcome o, int exit, String contains) {
        assertEquals(exit, o.exit(), o.err());
        assertTrue(o.err().contains(contains), o.err());
        assertFalse(o.err().contains("\tat "), "stack trace: " + o.err());
        assertFalse(o.err().contains("Exception"), "exception leaked: " + o.err());
    }

    @Test
    void runSumPrintsExactlyWhatTheReferencePrints() {
        Outcome o = cli("run", EXAMPLES.resolve("sum.pvm").toString());
        assertEquals(new Outcome(0, "2147385345\nResult value: 0\n", ""), o);
    }

    @Test
    void sievePrintsOneAndThePrimesBelow65535() {
        Outcome o = cli("run", EXAMPLES.resolve("sieve.pvm").toString());
        assertEquals(0, o.exit(), o.err());
        StringBuilder expected = new StringBuilder("1\n");
        boolean[] composite = new boolean[65535];
        for (int n = 2; n < 65535; n++) {
            if (!composite[n]) {
                expected.append(n).append('\n');
                for (int k = 2 * n; k < 65535; k += n) {
                    composite[k] = true;
                }
            }
        }
        expected.append("Result value: 0\n");
        assertEquals(expected.toString(), o.out());
        assertEquals(6544, o.out().lines().count());
    }

    @Test
    void everyExampleMatchesItsExpectedOutput() throws Exception {
        int checked = 0;
        try (var files = Files.list(EXAMPLES.resolve("expected"))) {
            for (Path expected : files.toList()) {
                String name = expected.getFileName().toString().replace(".out", ".pvm");
                String stdin = name.equals("read-sum.pvm") ? "1\n2\n3\n" : "";
                Outcome o = withStdin(stdin, "run", EXAMPLES.resolve(name).toString());
                assertEquals(Files.readString(expected), o.out(), name);
                assertEquals(name.equals("faults.pvm") ? 1 : 0, o.exit(), name + ": " + o.err());
                checked++;
            }
        }
        assertTrue(checked >= 7);
    }

    @Test
    void runtimeFaultPrintsOutputSoFarThenTheErrorAndExits1() {
        Outcome o = cli("run", EXAMPLES.resolve("faults.pvm").toString());
        assertEquals(new Outcome(1, "1\n2\n", "Runtime error: division by zero at pc 14\n"), o);
    }

    @Test
    void asmWritesTheBinAndDisPrintsIt() throws Exception {
        Path src = file("p.pvm", "PUSHI 300\nl:\nDUP\nPRINT\nJUMP_IF_FALSE l\nDONE\n");
        Path out = tmp.resolve("p.bin");
        assertEquals(new Outcome(0, "", ""), cli("asm", src.toString(), out.toString()));
        assertArrayEquals(new byte[] {1, 1, 44, 7, 25, 16, 0, 3, 24}, Files.readAllBytes(out));
        Outcome dis = cli("dis", out.toString());
        assertEquals("0 PUSHI 300\n3 DUP\n4 PRINT\n5 JUMP_IF_FALSE 3\n8 DONE\n", dis.out());
        Outcome run = cli("run", out.toString());
        assertEquals("300\nResult value: 0\n", run.out());
    }

    @Test
    void binAndPvmOfTheSameProgramRunTheSame() throws Exception {
        Path out = tmp.resolve("sieve.bin");
        assertEquals(0, cli("asm", EXAMPLES.resolve("sieve.pvm").toString(), out.toString()).exit());
        assertEquals(cli("run", EXAMPLES.resolve("sieve.pvm").toString()), cli("run", out.toString()));
    }

    @Test
    void assemblerErrorsNameTheFileLineAndColumn() throws Exception {
        Path src = file("bad.pvm", "PUSHI 1\n  FROB 2\n");
        Outcome o = cli("run", src.toString());
        assertEquals(new Outcome(1, "", src + ":2:3: Unknown operation name: 'FROB'\n"), o);
        assertEquals(o, new Outcome(1, "", cli("asm", src.toString(), tmp.resolve("x.bin").toString()).err()));
        assertFalse(Files.exists(tmp.resolve("x.bin")), "no output file on error");
    }

    @Test
    void wrappedArgumentWarnsOnStderrAndStillRuns() throws Exception {
        Path src = file("w.pvm", "PUSHI 70000\nPRINT\nDONE\n");
        Outcome o = cli("run", src.toString());
        assertEquals(0, o.exit());
        assertEquals("4464\nResult value: 0\n", o.out());
        assertTrue(o.err().contains(":1:7: warning: argument 70000"), o.err());
    }

    @Test
    void engines() {
        Outcome o = cli("engines");
        assertEquals(0, o.exit());
        assertTrue(o.out().startsWith("tiered\n"), o.out());
        for (String name : o.out().split("\n")) {
            assertEquals("2147385345\nResult value: 0\n",
                    cli("run", EXAMPLES.resolve("sum.pvm").toString(), "--engine", name).out(), name);
        }
    }

    @Test
    void helpAndVersion() {
        Outcome help = cli("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("run FILE"), help.out());
        assertTrue(cli("--version").out().startsWith("piglet "));
    }

    @Test
    void usageErrorsExit2WithAHint() {
        assertOneLineError(cli(), 2, "no command given");
        assertOneLineError(cli("frobnicate"), 2, "unknown command 'frobnicate'");
        assertOneLineError(cli("run"), 2, "missing argument");
        assertOneLineError(cli("run", "a.pvm", "b.pvm"), 2, "unexpected argument 'b.pvm'");
        assertOneLineError(cli("run", "a.pvm", "--engine"), 2, "--engine needs a value");
        assertOneLineError(cli("run", "a.pvm", "--engine", "warp"), 2, "unknown engine 'warp'");
        assertOneLineError(cli("run", "a.pvm", "--fuel", "-3"), 2, "--fuel wants a non-negative integer");
        assertOneLineError(cli("run", "a.pvm", "--bogus"), 2, "unknown option --bogus");
        assertOneLineError(cli("asm", "a.pvm"), 2, "usage: piglet asm IN.pvm OUT.bin");
        assertTrue(cli("frobnicate").err().contains("try 'piglet --help'"));
    }

    @Test
    void missingAndUnreadableFilesExit1() throws Exception {
        assertOneLineError(cli("run", tmp.resolve("nope.pvm").toString()), 1, "nope.pvm: no such file");
        assertOneLineError(cli("run", tmp.resolve("nope.bin").toString()), 1, "nope.bin: no such file");
        assertOneLineError(cli("run", tmp.toString()), 1, "is a directory");
        Path src = file("ok.pvm", "DONE\n");
        assertOneLineError(cli("asm", src.toString(), tmp.resolve("no/such/dir/x.bin").toString()), 1, "cannot write");
    }

    @Test
    void emptyFiles() throws Exception {
        assertOneLineError(cli("run", file("e.pvm", "").toString()), 1, "Empty program");
        assertOneLineError(cli("run", bin("e.bin", new byte[0]).toString()), 1, "empty program");
        assertOneLineError(cli("dis", bin("e2.bin", new byte[0]).toString()), 1, "empty program");
    }

    @Test
    void truncatedBinIsEndOfStreamAtTheCutInstruction() throws Exception {
        Outcome o = cli("run", bin("t.bin", new byte[] {1, 0, 7, 25, 1, 0}).toString());
        assertEquals(new Outcome(1, "7\n", "Runtime error: end of stream at pc 4\n"), o);
    }

    @Test
    void unknownOpcodeBytes() throws Exception {
        Outcome o = cli("run", bin("u.bin", new byte[] {1, 0, 1, 25, (byte) 0xEE, 24}).toString());
        assertEquals(new Outcome(1, "1\n", "Runtime error: unknown opcode at pc 4\n"), o);
    }

    @Test
    void aMebibyteOfBinaryPassedAsPvmIsOneLine() throws Exception {
        byte[] junk = new byte[1 << 20];
        new Random(1).nextBytes(junk);
        Outcome o = cli("run", bin("junk.pvm", junk).toString());
        assertOneLineError(o, 1, "junk.pvm:1:");
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().length() < 300);
    }

    @Test
    void a100KibBinIsRefusedAsTooLarge() throws Exception {
        Outcome o = cli("run", bin("big.bin", new byte[100 * 1024]).toString());
        assertOneLineError(o, 1, "program too large: 102400 bytes");
        assertEquals(1, o.err().lines().count());
    }

    @Test
    void stackFaultsAndBadJumps() throws Exception {
        assertEquals(new Outcome(1, "", "Runtime error: stack overflow at pc 0\n"),
                cli("run", file("o.pvm", "l:\nPUSHI 1\nJUMP l\n").toString()));
        assertEquals(new Outcome(1, "", "Runtime error: stack underflow at pc 0\n"),
                cli("run", file("u.pvm", "ADD\n").toString()));
        assertEquals(new Outcome(1, "", "Runtime error: bad jump target at pc 0\n"),
                cli("run", file("j.pvm", "JUMP 500\nDONE\n").toString()));
        assertEquals(new Outcome(1, "", "Runtime error: end of stream at pc 3\n"),
                cli("run", file("off.pvm", "PUSHI 1\n").toString()));
    }

    @Test
    void fuelBoundsAnInfiniteLoop() throws Exception {
        Path loop = file("inf.pvm", "l:\nJUMP l\n");
        assertEquals(new Outcome(1, "", "Runtime error: out of fuel at pc 0\n"), cli("run", loop.toString(), "--fuel", "1000000"));
        assertEquals(0, cli("run", EXAMPLES.resolve("sum.pvm").toString(), "--fuel=1000000").exit());
        assertEquals(1, cli("run", EXAMPLES.resolve("sum.pvm").toString(), "--fuel=1000").exit());
    }

    @Test
    void readTakesDecimalsFromStdin() throws Exception {
        String prog = EXAMPLES.resolve("read-sum.pvm").toString();
        assertEquals(new Outcome(0, "46\nResult value: 0\n", ""), withStdin("1\n2\n 3 \n\n40\n", "run", prog));
        assertEquals(new Outcome(0, "0\nResult value: 0\n", ""), withStdin("", "run", prog));
        assertEquals("0\n", withStdin("18446744073709551615\n1\n", "run", prog).out().lines().findFirst().get() + "\n");
        assertOneLineError(withStdin("1\nabc\n", "run", prog), 1, "stdin:2: 'abc' is not an unsigned 64-bit decimal");
        assertOneLineError(withStdin("-5\n", "run", prog), 1, "stdin:1: '-5' is not");
        assertOneLineError(withStdin("18446744073709551616\n", "run", prog), 1, "stdin:1: '18446744073709551616' is not");
    }

    @Test
    /** With no engine named, {@code run} uses tiered execution and says which tiers ran; {@code --engine} still selects. */
    void statsGoToStderr() {
        Outcome o = cli("run", EXAMPLES.resolve("sieve.pvm").toString(), "--stats");
        assertTrue(o.err().matches("(?s)piglet: engine tiered, 82 bytes of code, 2332943 instructions executed, .*"
                + "piglet: tiered: cold interpreter .*"), o.err());
        Outcome named = cli("run", EXAMPLES.resolve("sieve.pvm").toString(), "--stats", "--engine", "switch");
        assertTrue(named.err().startsWith("piglet: engine switch, 82 bytes"), named.err());
        assertEquals(o.out(), named.out());
    }
}
