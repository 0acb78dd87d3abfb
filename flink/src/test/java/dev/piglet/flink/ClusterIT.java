package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shaded jar as a user runs it: {@code piglet-flink.jar cluster} in one process, and
 * {@code piglet-flink.jar run ... --jobmanager} submitting the job to it over REST from another, which
 * ships the jar to the cluster the way it would to a real one.
 */
class ClusterIT {
    static final String JAR = System.getProperty("piglet.flink.jar", "target/piglet-flink.jar");
    static final String JAVA = ProcessHandle.current().info().command().orElse("java");

    @TempDir
    Path dir;

    static List<String> command(String... args) {
        List<String> c = new ArrayList<>(List.of(JAVA, "--sun-misc-unsafe-memory-access=allow", "-jar", JAR));
        c.addAll(List.of(args));
        return c;
    }

    record Run(int exit, String out, String err) {}

    Run run(String... args) throws Exception {
        Path out = dir.resolve("out.txt");
        Path err = dir.resolve("err.txt");
        Process p = new ProcessBuilder(command(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the job finished");
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void jobsSubmittedToAClusterGiveTheLocalOutput() throws Exception {
        Process cluster = new ProcessBuilder(command("cluster", "--port", "0", "--slots", "2"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader r = new BufferedReader(new InputStreamReader(cluster.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertNotNull(line, "the cluster started");
            Matcher m = Pattern.compile("--jobmanager (\\S+)$").matcher(line);
            assertTrue(m.find(), line);
            String jobmanager = m.group(1);

            String examples = Reference.EXAMPLES.toString();
            Run gen = run("run", examples + "/pipe-gen.pvm", "--pipe", examples + "/pipe-filter.pvm", "--pipe",
                    examples + "/pipe-sum.pvm", "--jobmanager", jobmanager);
            assertEquals(new Run(0, "600030000\nResult value: 20000\n", ""), gen);

            Path words = dir.resolve("words.txt");
            Files.writeString(words, "3\n4\n6\n9\n10\n");
            Run keyed = run("run", examples + "/pipe-filter.pvm", "--pipe", examples + "/pipe-sum.pvm", "--input",
                    words.toString(), "--key-by", "2", "--parallelism", "2", "--jobmanager", jobmanager);
            assertEquals(0, keyed.exit(), keyed.err());
            List<String> lines = keyed.out().lines().toList();
            assertEquals(List.of("1 12", "1 Result value: 2"), lines.stream().filter(l -> l.startsWith("1 ")).toList());
            assertEquals(List.of("0 6", "0 Result value: 1"), lines.stream().filter(l -> l.startsWith("0 ")).toList());
        } finally {
            cluster.destroy();
            cluster.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnreachableJobManagerIsOneLineAndExitOne() throws Exception {
        Run r = run("run", Reference.EXAMPLES.resolve("pipe-sum.pvm").toString(), "--jobmanager", "localhost:1");
        assertEquals(1, r.exit());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith("piglet-flink: job manager localhost:1: the job failed: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
