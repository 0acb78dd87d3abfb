package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every example with an {@code examples/expected/NAME.out} prints exactly that, to the end, on the fast
 * engines too (CliTest checks the default engine), fused and unfused.
 */
class ExamplesTest {
    private static final Path DIR = Path.of(System.getProperty("piglet.examples", "../examples"));

    private record Result(int exit, String out, String err) {}

    private static Result run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.ISO_8859_1)), out,
                new PrintStream(err, true));
        return new Result(code, out.toString(StandardCharsets.ISO_8859_1), err.toString());
    }

    @Test
    void everyExamplePrintsItsExpectedOutputOnEveryFastEngine() throws Exception {
        List<Path> expected = Files.list(DIR.resolve("expected")).filter(p -> p.toString().endsWith(".out")).sorted()
                .toList();
        for (String mine : new String[] {"sieve", "sieve-unoptimized", "sum", "nested", "divide", "straight"}) {
            assertTrue(Files.exists(DIR.resolve("expected/" + mine + ".out")), mine);
        }
        for (Path e : expected) {
            String name = e.getFileName().toString().replace(".out", ".pvm");
            String file = DIR.resolve(name).toString();
            String stdin = name.equals("read-sum.pvm") ? "1\n2\n3\n" : "";
            String want = Files.readString(e, StandardCharsets.ISO_8859_1);
            Result reference = run(stdin, "run", file);
            assertEquals(want, reference.out(), name);
            for (String engine : new String[] {"masked", "tos", "jit"}) {
                assertEquals(reference, run(stdin, "run", file, "--engine", engine), name + " on " + engine);
            }
            assertEquals(reference, run(stdin, "run", file, "--engine", "tos", "--no-fuse"), name + " unfused");
        }
    }

    @Test
    void runtimesRunsEachSelectedEngineNTimes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"runtimes", DIR.resolve("sum.pvm").toString(), "3", "--engine", "word",
                "--engine", "jit"}, new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true));
        assertEquals(0, code, err.toString());
        assertEquals("2147385345\n".repeat(6), out.toString());
        String[] lines = err.toString().split("\n");
        assertEquals(2, lines.length, err.toString());
        assertTrue(lines[0].matches("PROFILE: word finished took \\d+ms"), lines[0]);
        assertTrue(lines[1].matches("PROFILE: jit finished took \\d+ms"), lines[1]);
        assertEquals(2, Main.run(new String[] {"runtimes", "x.pvm", "0"}, new ByteArrayInputStream(new byte[0]), out,
                new PrintStream(err, true)));
    }
}
