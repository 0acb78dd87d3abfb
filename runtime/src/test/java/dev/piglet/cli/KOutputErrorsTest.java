package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * K output that cannot be written ends the command: a reader that closed the pipe stops a printing loop
 * at once, a full disk is an error with the OS's reason (exit 1); and {@code --fuel} bounds a whole run,
 * {@code \t} repetitions included.
 */
class KOutputErrorsTest {
    @TempDir
    Path dir;

    private Process piglet(String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-preview", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    @Test
    void aClosedPipeStopsAPrintingLoopPromptly() throws Exception {
        Path k = dir.resolve("flood.k");
        Files.writeString(k, "10000000{0N!x;x+1}/0\n"); // 10^7 lines: minutes if it ran to the end
        Process p = piglet("run", k.toString());
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            assertEquals("0", out.readLine());
        } // the reader goes away, as `| head -1` does
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after its reader closed the pipe");
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.exitValue() != ExitCodes.OK && p.exitValue() != ExitCodes.INTERNAL, "exit " + p.exitValue() + ": " + err);
        // ended the way the command line ends any write to a closed pipe: quietly, or one line naming it
        assertTrue(err.isEmpty() || err.matches("piglet: [^\n]*Broken pipe\n"), err);
    }

    @Test
    void aFullDiskIsAnErrorWithTheReason() throws Exception {
        Path full = Path.of("/dev/full");
        assumeTrue(Files.isWritable(full), "no /dev/full here");
        Path k = dir.resolve("ok.k");
        Files.writeString(k, "1+2\n");
        for (String[] args : new String[][] {{"run", k.toString()}, {"k"}}) {
            List<String> cmd = new java.util.ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-preview", "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), Main.class.getName()));
            cmd.addAll(List.of(args));
            Process p = new ProcessBuilder(cmd).redirectOutput(full.toFile()).start();
            p.getOutputStream().write("1+2\n0N!3\n".getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(ExitCodes.FAILURE, p.exitValue(), String.join(" ", args) + ": " + err);
            assertTrue(err.matches("piglet: [^\n]*No space left on device\n"), String.join(" ", args) + ": " + err);
        }
    }

    private static KCommandsTest.Result main(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), out,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new KCommandsTest.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fuelBoundsAWholeRunIncludingTimedRepetitions() throws IOException {
        Path t = dir.resolve("t.k");
        Files.writeString(t, "\\t:1000000000 1\n");
        KCommandsTest.Result r = main("", "run", t.toString(), "--fuel", "100000");
        assertEquals(ExitCodes.FAILURE, r.code());
        assertEquals(t + ":1: out of fuel.\n", r.err());

        // the steps of every chunk and timed line add up: 1+1 takes 2 steps, three of them 6
        Path s = dir.resolve("s.k");
        Files.writeString(s, "1+1\n\\t 1+1\n1+1\n");
        assertEquals(ExitCodes.OK, main("", "run", s.toString(), "--fuel", "6").code());
        KCommandsTest.Result over = main("", "run", s.toString(), "--fuel", "5");
        assertEquals(ExitCodes.FAILURE, over.code());
        assertTrue(over.err().endsWith(": out of fuel.\n"), over.err());
        assertEquals("0\n", over.out(), "the timed line ran, the last chunk did not finish");

        // the REPL: each line gets the whole fuel, a timed line all its repetitions together
        KCommandsTest.Result repl = main("\\t:1000000000 1\n1+1\n1+1\n", "k", "--fuel", "1000");
        assertEquals(ExitCodes.OK, repl.code(), repl.err());
        assertEquals("out of fuel.\n2\n2\n", repl.out());
    }
}
