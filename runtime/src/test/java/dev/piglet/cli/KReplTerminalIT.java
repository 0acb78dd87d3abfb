package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The K REPL in a real terminal: tmux runs {@code java -jar runtime.jar k} in a detached 80x24 pane, the test
 * types with {@code send-keys} and reads the screen with {@code capture-pane}. Skipped (with a message) where
 * tmux is not installed; {@code .ci/run} installs it in CI. The tmux server is private to the test (its own
 * socket), so it never touches a user's sessions.
 */
class KReplTerminalIT {
    @TempDir
    Path dir;
    private Path socket;
    private static final String SESSION = "repl";

    @BeforeEach
    void needTmux() throws Exception {
        boolean present;
        try {
            present = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (java.io.IOException e) {
            present = false;
        }
        Assumptions.assumeTrue(present, "tmux is not installed: skipping the terminal REPL test (apt-get install tmux)");
        socket = dir.resolve("tmux.sock");
    }

    @AfterEach
    void killServer() throws Exception {
        if (socket != null) {
            tmux("kill-server");
        }
    }

    private String tmux(String... args) throws Exception {
        return tmuxResult(args).out();
    }

    private record Result(int exit, String out) {}

    private Result tmuxResult(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tmux", "-S", socket.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS), "tmux hung: " + cmd);
        return new Result(p.exitValue(), out);
    }

    private String screen() throws Exception {
        return tmux("capture-pane", "-p", "-t", SESSION);
    }

    /** Waits (up to 30 s: a cold JVM on a busy machine) until the screen satisfies {@code ready}. */
    private String waitFor(String what, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String s = screen();
        while (!ready.test(s)) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for " + what + "; the screen:\n" + s);
            }
            Thread.sleep(100);
            s = screen();
        }
        return s;
    }

    private void keys(String... keys) throws Exception {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", SESSION));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** Types a line literally (-l: no key names), then Enter. */
    private void line(String text) throws Exception {
        tmux("send-keys", "-t", SESSION, "-l", text);
        keys("Enter");
    }

    private static long count(String screen, String line) {
        return screen.lines().filter(l -> l.equals(line)).count();
    }

    @Test
    void editingHistoryInterruptAndCutValues() throws Exception {
        Path history = dir.resolve("history");
        Path lib = Files.writeString(dir.resolve("lib.k"), "sq:{x*x}\nb:sq 7\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "PIGLET_HISTORY='" + history + "' '" + java + "' -jar '" + RuntimeJarIT.JAR.toAbsolutePath()
                + "' k '" + lib + "'; echo EXIT=$?; sleep 60";
        Result started = tmuxResult("new-session", "-d", "-s", SESSION, "-x", "80", "-y", "24", cmd);
        // tmux is there but cannot make a terminal here (no pseudo-terminals in the container, say)
        Assumptions.assumeTrue(started.exit() == 0, "tmux cannot start a session, skipping: " + started.out());

        // FILE.k was loaded before the first prompt
        line("b");
        waitFor("the loaded script's value", s -> s.contains("\n49\n"));
        line("a:1+2");
        waitFor("3", s -> count(s, "3") == 1);

        // Up brings the last line back (no ^[[A), Backspace edits it
        keys("Up", "BSpace", "5", "Enter");
        String s = waitFor("6", t -> count(t, "6") == 1);
        assertTrue(s.contains("  a:1+5"), s);
        assertFalse(s.contains("^["), s);

        // what 0N! shows appears with the value, not held in a buffer
        line("0N!11*11");
        waitFor("0N! output and the value", t -> count(t, "121") == 2);

        // a long value is cut at the terminal's width with the marker
        line("!100000");
        s = waitFor("the cut value", t -> t.lines().anyMatch(l -> l.startsWith("0 1 2 3") && l.endsWith("..")));
        assertTrue(s.lines().allMatch(l -> l.length() <= 80), s);

        // Ctrl-C stops a runaway evaluation (an endless tail call) and the session goes on
        line("l:{l x};l 1");
        Thread.sleep(1500);
        keys("C-c");
        waitFor("interrupted.", t -> t.contains("interrupted."));
        line("a*100");
        waitFor("600", t -> count(t, "600") == 1);

        // Ctrl-C at the prompt drops the half-typed line, the session stays
        tmux("send-keys", "-t", SESSION, "-l", "junk that is never run");
        keys("C-c");
        Thread.sleep(500); // Ctrl-C reaches JLine as a signal: keys typed in the same millisecond may go to the old line
        line("sq 4");
        waitFor("16", t -> count(t, "16") == 1);
        s = screen();
        assertFalse(s.contains("error") || s.contains("not been defined"), "the dropped line was evaluated:\n" + s);

        // Ctrl-D quits with exit 0; the history file kept the lines
        keys("C-d");
        waitFor("the exit", t -> t.contains("EXIT=0"));
        List<String> kept = Files.readAllLines(history);
        assertTrue(kept.stream().anyMatch(l -> l.endsWith("a:1+5")), kept.toString());
        assertEquals(1, kept.stream().filter(l -> l.endsWith("l:{l x};l 1")).count(), kept.toString());
    }
}
