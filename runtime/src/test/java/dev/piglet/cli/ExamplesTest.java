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

/** Every example prints exactly its {@code .expected} file, to the end, on the baseline and the fast engines. */
class ExamplesTest {
    private static final Path DIR = Path.of(System.getProperty("piglet.examples", "../examples"));

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(new byte[0]), out, new PrintStream(err, true));
        assertEquals(0, code, String.join(" ", args) + ": " + err);
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void everyExamplePrintsItsExpectedOutput() throws Exception {
        List<Path> examples = Files.list(DIR).filter(p -> p.toString().endsWith(".pvm")).sorted().toList();
        assertTrue(examples.size() >= 6, "examples: " + examples);
        for (Path p : examples) {
            Path expected = Path.of(p.toString().replace(".pvm", ".expected"));
            assertTrue(Files.exists(expected), "no " + expected);
            String want = Files.readString(expected, StandardCharsets.ISO_8859_1);
            for (String engine : new String[] {"switch", "tos", "jit"}) {
                assertEquals(want, run("run", p.toString(), "--engine", engine), p + " on " + engine);
            }
            assertEquals(want, run("run", p.toString(), "--engine", "tos", "--no-fuse"), p + " unfused");
        }
    }

    @Test
    void runtimesRunsEachSelectedEngineNTimes() throws Exception {
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
