package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A program that is one long chain of conditional blocks inside a hot loop gives each generated method a
 * dominator tree as deep as its chain of branches; HotSpot's C1 walks that tree recursively (range check
 * elimination) on its compiler thread's 1 MiB stack, so a method with too long a chain crashes the JVM.
 * The jit's method budget ({@link JitCompiler#INLINING_BUDGET}, region methods past it) bounds the chain:
 * this runs such a program in a child JVM that compiles everything at once with C1 only and checks that
 * it survives with the switch engine's output.
 */
class JitDeepBranchesTest {
    @TempDir
    Path dir;

    /** {@code blocks} conditional increments in a row, run {@code iterations} times. */
    private static String chain(int blocks, int iterations) {
        StringBuilder s = new StringBuilder("PUSHI " + iterations + "\nSTOREI 0\nTOP:\n");
        for (int k = 0; k < blocks; k++) {
            s.append("LOADI 0\nPUSHI ").append(k * 7 % 3001).append("\nLESS\nJUMP_IF_FALSE S").append(k)
                    .append("\nLOADI 1\nADDI 1\nSTOREI 1\nS").append(k).append(":\n");
        }
        return s.append("LOADI 0\nPUSHI 1\nSUB\nDUP\nSTOREI 0\nJUMP_IF_TRUE TOP\nLOADI 1\nPRINT\nDONE\n").toString();
    }

    private record Run(int exit, String out, String err) {}

    private static Run piglet(List<String> jvmFlags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM still running after 120 s");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    @Test
    void aLongChainOfBranchesSurvivesC1() throws Exception {
        Path file = dir.resolve("chain.pvm");
        Files.writeString(file, chain(400, 3000));
        Run expected = piglet(List.of(), "run", file.toString(), "--engine", "switch");
        assertEquals(0, expected.exit(), expected.err());
        Run jit = piglet(List.of("-Xbatch", "-XX:TieredStopAtLevel=1"), "run", file.toString(), "--engine", "jit",
                "--stats");
        assertEquals(0, jit.exit(), "exit " + jit.exit() + " (139: the JVM crashed compiling the generated code): "
                + jit.err());
        assertTrue(jit.err().contains("compiled to"), jit.err());
        assertEquals(expected.out(), jit.out());
    }
}
