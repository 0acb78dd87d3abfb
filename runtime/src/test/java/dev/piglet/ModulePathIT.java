package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A host on the module path: a module {@code host} that requires {@code dev.piglet.runtime} compiles
 * against the exported packages only, and runs the JIT and K's compiled tier, both of which define
 * hidden classes from inside the named module. (Every other test runs on the class path.)
 */
class ModulePathIT {
    static final Path JAR = Path.of(System.getProperty("piglet.moduleJar", "target/piglet-runtime.jar"));
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));
    static final Path JDK_BIN = Path.of(System.getProperty("java.home"), "bin");

    static final String MODULE_INFO = "module host { requires dev.piglet.runtime; }\n";
    static final String HOST = """
            package host;

            import dev.piglet.K;
            import dev.piglet.KValue;
            import dev.piglet.Machine;
            import dev.piglet.MachineOptions;
            import dev.piglet.Outcome;
            import dev.piglet.Piglet;
            import dev.piglet.code.Program;
            import java.nio.file.Path;

            public final class Host {
                public static void main(String[] args) {
                    Program sieve = Piglet.load(Path.of(args[0]));
                    long[] printed = new long[1];
                    try (Machine m = Piglet.machine(MachineOptions.defaults().engine("jit").onPrint(w -> printed[0]++))) {
                        Outcome o = m.run(sieve);
                        System.out.println(printed[0] + " " + o.status());
                    }
                    try (K k = Piglet.k()) {
                        k.eval("fac:{$[x=1;1;x*fac[x-1]]}");
                        KValue v = null;
                        for (int i = 0; i < 20_000; i++) {
                            v = k.eval("fac 10");
                        }
                        System.out.println(v);
                    }
                }
            }
            """;

    /** The runtime jar and its dependencies (arena, JCTools) as this test's class path found them. */
    static String modulePath() {
        List<String> path = new ArrayList<>();
        path.add(JAR.toString());
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> e.contains("jctools") || e.contains("arena"))
                .forEach(path::add);
        assertTrue(path.size() >= 4, "runtime, arena and JCTools' two jars expected: " + path);
        return String.join(File.pathSeparator, path);
    }

    record Proc(int exit, String out) {}

    static Proc run(Path dir, String... cmd) throws Exception {
        Path log = dir.resolve("process.txt");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + String.join(" ", cmd));
        return new Proc(p.exitValue(), Files.readString(log));
    }

    static Path writeHost(Path dir, String hostSource) throws Exception {
        Path src = dir.resolve("src");
        Files.createDirectories(src.resolve("host"));
        Files.writeString(src.resolve("module-info.java"), MODULE_INFO);
        Files.writeString(src.resolve("host/Host.java"), hostSource);
        return src;
    }

    @Test
    void aModularHostRunsTheJitAndKsCompiledTier(@TempDir Path dir) throws Exception {
        Path src = writeHost(dir, HOST);
        Path classes = dir.resolve("classes");
        Proc javac = run(dir, JDK_BIN.resolve("javac").toString(), "-p", modulePath(), "-d", classes.toString(),
                src.resolve("module-info.java").toString(), src.resolve("host/Host.java").toString());
        assertEquals(new Proc(0, ""), javac);

        Path classLog = dir.resolve("classes.log");
        Proc host = run(dir, JDK_BIN.resolve("java").toString(), "--enable-native-access=dev.piglet.runtime",
                "-Xlog:class+load=info:file=" + classLog, "-p", modulePath() + File.pathSeparator + classes,
                "-m", "host/host.Host", EXAMPLES.resolve("sieve.pvm").toString());
        assertEquals(new Proc(0, "6543 SUCCESS\n3628800\n"), host);

        // Both compilers defined their hidden classes inside the named module.
        String hidden = Files.readAllLines(classLog).stream()
                .filter(l -> l.contains("__JVM_LookupDefineClass__"))
                .collect(Collectors.joining("\n"));
        assertTrue(hidden.contains("dev.piglet.jit."), "no JIT hidden class loaded:\n" + hidden);
        assertTrue(hidden.contains("dev.piglet.k."), "no compiled K lambda loaded:\n" + hidden);
    }

    @Test
    void internalPackagesAreNotExported(@TempDir Path dir) throws Exception {
        Path src = writeHost(dir, """
                package host;

                public final class Host {
                    public static void main(String[] args) {
                        System.out.println(dev.piglet.jit.JitEngine.class);
                    }
                }
                """);
        Proc javac = run(dir, JDK_BIN.resolve("javac").toString(), "-p", modulePath(), "-d", dir.resolve("classes").toString(),
                src.resolve("module-info.java").toString(), src.resolve("host/Host.java").toString());
        assertNotEquals(0, javac.exit());
        assertTrue(javac.out().contains("package dev.piglet.jit is declared in module dev.piglet.runtime, which does not export it"), javac.out());
    }
}
