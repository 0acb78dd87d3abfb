package dev.piglet.stream;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.cli.Main;
import dev.piglet.engines.Engines;
import dev.piglet.vm.Engine;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** READ, --async-output and --pipe end to end through the command line. */
class PipelineCliTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    @TempDir
    Path tmp;

    record Run(int exit, String out, String err) {}

    static Run cli(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String ex(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    Path program(String name, String text) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    static Stream<String> engines() {
        return Engines.all().stream().map(Engine::name);
    }

    @ParameterizedTest(name = "engine {0}")
    @MethodSource("engines")
    void threeVmPipelineGeneratorFilterSummer(String engine) {
        for (String async : new String[] {null, "--async-output"}) {
            List<String> args = new ArrayList<>(List.of("run", ex("pipe-gen.pvm"), "--pipe", ex("pipe-filter.pvm"),
                    "--pipe", ex("pipe-sum.pvm"), "--engine", engine));
            if (async != null) {
                args.add(async);
            }
            Run r = cli("", args.toArray(String[]::new));
            // multiples of 3 up to 60000: 3 * (1 + ... + 20000) = 600030000; the summer read 20000 words
            assertEquals("600030000\nResult value: 20000\n", r.out(), r.err());
            assertEquals("", r.err());
            assertEquals(0, r.exit());
        }
    }

    @Test
    void twoStagesFedFromStdin() {
        Run r = cli("3\n4\n  6 \n\n9\n18446744073709551615\n", "run", ex("pipe-filter.pvm"), "--pipe", ex("pipe-sum.pvm"));
        // 2^64-1 is divisible by 3; the sum wraps: 3 + 6 + 9 + (2^64 - 1) = 17 mod 2^64
        assertEquals("17\nResult value: 4\n", r.out(), r.err());
        assertEquals(0, r.exit());
    }

    @Test
    void aPipelineOfOneStagePerWordStageCountMatchesSequentialRuns() {
        Run piped = cli("", "run", ex("pipe-gen.pvm"), "--pipe", ex("pipe-filter.pvm"));
        Run gen = cli("", "run", ex("pipe-gen.pvm"));
        String words = gen.out().substring(0, gen.out().lastIndexOf("Result value:"));
        Run seq = cli(words, "run", ex("pipe-filter.pvm"));
        assertEquals(seq.out(), piped.out());
        assertEquals(0, piped.exit());
        assertEquals(20000 + 1, piped.out().lines().count());
    }

    @ParameterizedTest(name = "bad word ''{0}''")
    @ValueSource(strings = {"abc", "-5", "18446744073709551616", "12x", "1 2", "+3"})
    void badInputToReadIsAOneLineErrorWithThePosition(String bad) {
        Run single = cli("3\n" + bad + "\n6\n", "run", ex("pipe-sum.pvm"));
        assertEquals(1, single.exit());
        assertEquals("", single.out());
        assertTrue(single.err().startsWith("Runtime error: bad input at pc 0: stdin:2: '"), single.err());
        assertTrue(single.err().contains("is not an unsigned 64-bit decimal (0..18446744073709551615)"), single.err());
        assertEquals(1, single.err().lines().count(), single.err());

        Run piped = cli("3\n" + bad + "\n6\n", "run", ex("pipe-filter.pvm"), "--pipe", ex("pipe-sum.pvm"));
        assertEquals(1, piped.exit());
        // the filter faulted: the summer read the 3 sent before the fault and was stopped, printing nothing
        assertEquals("", piped.out());
        assertTrue(piped.err().startsWith("Runtime error: bad input at pc 0: stdin:2: '"), piped.err());
        assertTrue(piped.err().trim().endsWith("(stage 1: " + ex("pipe-filter.pvm") + ")"), piped.err());
        assertEquals(1, piped.err().lines().count(), piped.err());
    }

    @Test
    void aFaultInAMiddleStageIsReportedWithItsStageAndStopsTheRest() throws IOException {
        // divides 100 by each word: the 0 among the generator's words... there is none, so subtract 5
        Path divider = program("div.pvm", """
                loop:
                    READ end
                    ADDI 18446744073709551611
                    STOREI 0
                    PUSHI 100
                    LOADI 0
                    DIV
                    PRINT
                    JUMP loop
                end:
                    DONE
                """.replace("ADDI 18446744073709551611", "PUSHI 5\n    SUB"));
        Run r = cli("", "run", ex("pipe-gen.pvm"), "--pipe", divider.toString(), "--pipe", ex("pipe-sum.pvm"));
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().matches("Runtime error: division by zero at pc \\d+ \\(stage 2: .*div\\.pvm\\)\\R"), r.err());
    }

    @Test
    void aStageThatStopsReadingEarlyStopsTheStagesBeforeItQuietly() throws IOException {
        Path head = program("head.pvm", """
                    READ end
                    PRINT
                end:
                    PUSHI 7
                    POP_RES
                    DONE
                """);
        // the generator prints 60000 words, more than one link's ring holds: it must be stopped, not hang
        Run r = cli("", "run", ex("pipe-gen.pvm"), "--pipe", head.toString(), "--stats");
        assertEquals("1\nResult value: 7\n", r.out());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("stage 1 (") && r.err().contains("stopped"), r.err());
    }

    @Test
    void referenceProgramsBehaveAsBeforeWithAsyncOutput() {
        for (String p : new String[] {"sum.pvm", "sieve.pvm"}) {
            Run plain = cli("", "run", ex(p));
            Run async = cli("", "run", ex(p), "--async-output");
            assertEquals(plain, async, p);
            assertEquals(0, plain.exit());
        }
    }

    @Test
    void asyncOutputKeepsOutputBeforeAFault() throws IOException {
        Path f = program("fault.pvm", """
                    PUSHI 1
                    PRINT
                    PUSHI 2
                    PRINT
                    PUSHI 1
                    PUSHI 0
                    DIV
                    DONE
                """);
        Run plain = cli("", "run", f.toString());
        Run async = cli("", "run", f.toString(), "--async-output");
        assertEquals("1\n2\n", async.out());
        assertEquals("Runtime error: division by zero at pc 14\n", async.err());
        assertEquals(plain, async);
    }

    @Test
    void aFailingStdoutIsAOneLineIoErrorWithAndWithoutThreads() {
        java.io.OutputStream broken = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        String[][] commands = {
            {"run", ex("pipe-gen.pvm")},
            {"run", ex("pipe-gen.pvm"), "--async-output"},
            {"run", ex("pipe-gen.pvm"), "--pipe", ex("pipe-filter.pvm")},
            {"run", ex("pipe-gen.pvm"), "--pipe", ex("pipe-filter.pvm"), "--async-output"},
        };
        for (String[] args : commands) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = Main.run(args, new ByteArrayInputStream(new byte[0]), broken,
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String e = err.toString(StandardCharsets.UTF_8);
            // the reader has gone (| head): a quiet stop with 141, as a C tool killed by SIGPIPE
            assertEquals(141, exit, String.join(" ", args) + ": " + e);
            assertEquals("", e, String.join(" ", args));
        }
    }

    @Test
    void pipeOfAMissingFileIsAOneLineError() {
        Run r = cli("", "run", ex("pipe-gen.pvm"), "--pipe", tmp.resolve("nope.pvm").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("nope.pvm': No such file or directory"), r.err());
        assertEquals(1, r.err().lines().count());
    }
}
