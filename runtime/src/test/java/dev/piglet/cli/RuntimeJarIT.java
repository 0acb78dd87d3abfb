package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** runtime.jar as a user runs it: `java -jar runtime.jar ...` in a fresh JVM. */
class RuntimeJarIT {
    static final Path JAR = Path.of(System.getProperty("piglet.jar", "target/runtime.jar"));
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    record Proc(int exit, String out, String err) {}

    static Proc java(String stdin, String... args) throws Exception {
        return java(List.of(), stdin, args);
    }

    static Proc java(List<String> jvmFlags, String stdin, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("piglet-out", ".txt");
        Path err = Files.createTempFile("piglet-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + cmd);
            return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void sieveRunsWithNoWarnings() throws Exception {
        Proc p = java("", "run", EXAMPLES.resolve("sieve.pvm").toString());
        assertEquals("", p.err(), "stderr must be empty (no JVM warnings)");
        assertEquals(0, p.exit());
        List<String> lines = p.out().lines().toList();
        assertEquals(6544, lines.size());
        assertEquals("1", lines.getFirst());
        assertEquals("65521", lines.get(6542));
        assertEquals("Result value: 0", lines.getLast());
    }

    /** Piglet uses no preview feature, but scripts written for older versions pass the flag: it must stay harmless. */
    @Test
    void theOldEnablePreviewFlagStillWorks() throws Exception {
        Proc with = java(List.of("--enable-preview"), "", "run", EXAMPLES.resolve("sum.pvm").toString());
        Proc without = java(List.of(), "", "run", EXAMPLES.resolve("sum.pvm").toString());
        assertEquals(new Proc(0, "2147385345\nResult value: 0\n", ""), with);
        assertEquals(with, without);
    }

    /** The HotSpot options the ./piglet launcher adds, as {@code piglet --jvm-options} prints them. */
    static List<String> launcherJvmOptions() throws Exception {
        Process p = new ProcessBuilder("bash", System.getProperty("piglet.launcher", "../piglet"), "--jvm-options")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        List<String> options = out.lines().toList();
        assertTrue(options.stream().anyMatch(o -> o.startsWith("-XX:CompilerDirectivesFile=")), out);
        return options;
    }

    @Test
    void theLaunchersJvmOptionsLeaveTheOutputAlone() throws Exception {
        List<String> flags = launcherJvmOptions();
        // The sieve runs long enough on the default engine for the JIT to compile it and HotSpot to compile that.
        Proc with = java(flags, "", "run", EXAMPLES.resolve("sieve.pvm").toString());
        Proc without = java(List.of(), "", "run", EXAMPLES.resolve("sieve.pvm").toString());
        assertEquals(without, with);
        // Without -DisplayVMOutput HotSpot's announcement lands in the program's output: the check above can fail.
        List<String> loud = new ArrayList<>(flags);
        loud.remove("-XX:-DisplayVMOutput");
        assertTrue(java(loud, "", "run", EXAMPLES.resolve("sum.pvm").toString()).out().contains("compiler directives added"));
    }

    @Test
    void faultsAndUsageErrorsHaveTheirExitCodes() throws Exception {
        Proc fault = java("", "run", EXAMPLES.resolve("faults.pvm").toString());
        assertEquals(new Proc(1, "1\n2\n", "Runtime error: division by zero at pc 14\n"), fault);
        Proc usage = java("", "run");
        assertEquals(2, usage.exit());
        assertEquals(2, usage.err().lines().count(), usage.err());
    }

    @Test
    void stdinFeedsRead() throws Exception {
        assertEquals(new Proc(0, "6\nResult value: 0\n", ""),
                java("1\n2\n3\n", "run", EXAMPLES.resolve("read-sum.pvm").toString()));
    }

    @Test
    void asmThenRunTheBin() throws Exception {
        File bin = File.createTempFile("sum", ".bin");
        try {
            assertEquals(new Proc(0, "", ""), java("", "asm", EXAMPLES.resolve("sum.pvm").toString(), bin.getPath()));
            assertEquals(new Proc(0, "2147385345\nResult value: 0\n", ""), java("", "run", bin.getPath()));
        } finally {
            bin.delete();
        }
    }

    /** Runs a bash command line in which {@code piglet} is `java -jar runtime.jar`; returns exit, stdout, stderr. */
    static Proc sh(String script) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "piglet() { \"$JAVA\" -jar \"$JAR\" \"$@\"; }; " + script)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().put("JAR", JAR.toAbsolutePath().toString());
        pb.environment().put("EXAMPLES", EXAMPLES.toAbsolutePath().toString());
        Path out = Files.createTempFile("piglet-out", ".txt");
        Path err = Files.createTempFile("piglet-err", ".txt");
        try {
            Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "timed out: " + script);
            return new Proc(p.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Test
    void aClosedPipeEndsQuietly() throws Exception {
        Proc p = sh("piglet run \"$EXAMPLES/pipe-gen.pvm\" | head -1; echo \"exit ${PIPESTATUS[0]}\"");
        assertEquals(new Proc(0, "1\nexit 141\n", ""), p);
    }

    @Test
    void aFullDiskIsAnErrorWithItsReason() throws Exception {
        Proc p = sh("piglet run \"$EXAMPLES/sum.pvm\" > /dev/full");
        assertEquals(new Proc(1, "", "piglet: cannot write standard output: No space left on device\n"), p);
    }

    @Test
    void readingADirectoryOnStdinIsBadInput() throws Exception {
        Proc p = sh("piglet run \"$EXAMPLES/read-sum.pvm\" < /");
        assertEquals(1, p.exit());
        assertTrue(p.err().matches("Runtime error: bad input at pc \\d+: stdin: cannot read: Is a directory\n"), p.err());
        Proc k = sh("piglet k < /");
        assertEquals(new Proc(1, "", "piglet: cannot read standard input: Is a directory\n"), k);
    }

    @Test
    void aNonAsciiNameUnderTheCLocaleIsAnInputErrorNotACrash() throws Exception {
        Path dir = Files.createTempDirectory("piglet-names");
        try {
            Files.writeString(dir.resolve("caf\u00e9.k"), "1+1\n");
            Proc p = sh("cd '" + dir + "' && LC_ALL=C piglet run caf\u00e9.k");
            assertEquals(1, p.exit(), p.err());
            assertTrue(p.err().startsWith("piglet: cannot use the file name '"), p.err());
            assertTrue(p.err().contains("run in a UTF-8 locale"), p.err());
            assertEquals(new Proc(0, "2\n", ""), sh("cd '" + dir + "' && LC_ALL=C.UTF-8 piglet run caf\u00e9.k"));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void aRingTooLargeForTheHeapSaysSo() throws Exception {
        Path script = Files.createTempFile("ring", ".k");
        try {
            Files.writeString(script, "1+1\n");
            Proc p = sh("\"$JAVA\" -Xmx64m -jar \"$JAR\" run '" + script + "' --ring 16777216");
            assertEquals(new Proc(1, "", "piglet: run: not enough memory for --ring 16777216 (about 704 MB);"
                    + " give a smaller --ring or more memory (java -Xmx)\n"), p);
        } finally {
            Files.delete(script);
        }
    }
}
