package dev.piglet.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manual's commands run as written. Every ```sh block of README.md and docs/*.md runs in bash from
 * a directory that looks like the repository's root (a link to each of its entries, so files the
 * commands make stay out of the checkout), on this machine's default {@code java} and PATH, with
 * {@code $J} set to a JDK 25 {@code java} as getting-started.md tells the reader to. A command must
 * exit 0, or with the code its trailing {@code # exit N} comment states. Blocks of other kinds are not
 * commands; one that looks like commands ({@code ./piglet ...}, {@code java ...}, {@code $ ...}) fails
 * the test, so a command cannot hide in a block that is not run.
 *
 * <p>Run it after any docs change: {@code mvn -B -pl runtime -am verify -Dtest=NoSuchTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=DocsCommandsIT}.
 */
class DocsCommandsIT {
    /**
     * The commands this test cannot run, by the start of the command line, and why. Keep it short:
     * every other command of the manual runs.
     */
    static final Map<Pattern, String> NOT_RUN = Map.of(
            Pattern.compile("^\\./test\\b"),
            "the whole test suite (minutes), which includes this test",
            Pattern.compile("^(\\w+=\\S* )*(mvn|\\./mvnw)\\b"),
            "Maven inside the build running this test would rebuild the modules under test; the build has just run these steps",
            Pattern.compile("benchmarks\\.jar|^\\$JMH\\b|Benchmark\\b|KCallCost"),
            "a benchmark (minutes each; benchmarks.jar and the test classes KCallCost needs are built after this"
                    + " module's integration tests start) or a chart from one's JSON",
            Pattern.compile("\\bFuzzCampaign\\b|^native-tests/campaign\\b"),
            "a fuzzing campaign of hours, from a seed the reader picks",
            Pattern.compile("^bench/corpus\\.sh\\b"),
            "the corpus benchmark: 10-25 minutes, beside peers that are not part of the repository",
            Pattern.compile("flink/piglet-flink|piglet-flink\\.jar|flink/bench/"),
            "a Flink job: the flink module's shaded jar is built after this module, and a job takes 15-20 s to start"
                    + " (FlinkMainTest and ClusterIT run these commands' pipelines)",
            Pattern.compile("^hyperfine\\b"),
            "start-up timing with hyperfine, a separate tool Piglet does not need");

    /** Lines that, in a block not marked sh, show the block holds commands. */
    static final Pattern COMMAND_LIKE = Pattern.compile("^(\\./|\\$ |\\$J\\b|J=|java |mvn |printf |echo )");
    static final Pattern EXPECTED_EXIT = Pattern.compile("#\\s*exit (\\d+)\\s*$");

    record Command(Manual.Block block, int line, String text, int expectedExit) {}

    /** The commands of a sh block: continuation lines and here-documents joined to their command. */
    static List<Command> commands(Manual.Block block) {
        List<Command> out = new ArrayList<>();
        String[] lines = block.text().split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank() || line.strip().startsWith("#")) {
                continue;
            }
            int first = i;
            StringBuilder text = new StringBuilder(line);
            while (lines[i].endsWith("\\") && i + 1 < lines.length) {
                text.append('\n').append(lines[++i]);
            }
            Matcher heredoc = Pattern.compile("<<-?'?(\\w+)'?").matcher(line);
            if (heredoc.find()) {
                while (i + 1 < lines.length) {
                    text.append('\n').append(lines[++i]);
                    if (lines[i].strip().equals(heredoc.group(1))) {
                        break;
                    }
                }
            }
            Matcher exit = EXPECTED_EXIT.matcher(line);
            out.add(new Command(block, block.line() + first, text.toString(), exit.find() ? Integer.parseInt(exit.group(1)) : 0));
        }
        return out;
    }

    static String notRunBecause(Command c) {
        for (Map.Entry<Pattern, String> e : NOT_RUN.entrySet()) {
            if (e.getKey().matcher(c.text()).find()) {
                return e.getValue();
            }
        }
        return null;
    }

    @Test
    void everyBlockThatLooksLikeCommandsIsMarkedSh() {
        List<String> unmarked = new ArrayList<>();
        for (Path doc : Manual.documents()) {
            for (Manual.Block b : Manual.blocks(doc)) {
                if (b.info().equals("sh")) {
                    continue;
                }
                b.text().lines().filter(l -> COMMAND_LIKE.matcher(l).find()).findFirst()
                        .ifPresent(l -> unmarked.add(b.where() + " ```" + b.info() + ": " + l));
            }
        }
        assertEquals(List.of(), unmarked, "blocks of commands must be ```sh (they run) ; output goes in ```text");
    }

    @Test
    void everyCommandRunsAsWritten() throws Exception {
        Path work = Files.createTempDirectory("piglet-docs");
        try {
            runAll(work);
        } finally {
            deleteWithoutFollowingLinks(work);
        }
    }

    /** Deletes the stand-in: its links, never what they point to. */
    static void deleteWithoutFollowingLinks(Path dir) throws java.io.IOException {
        try (Stream<Path> s = Files.walk(dir)) { // walk does not follow links
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static void runAll(Path work) throws Exception {
        try (Stream<Path> entries = Files.list(Manual.ROOT)) {
            for (Path e : entries.filter(p -> !p.getFileName().toString().equals(".git")).toList()) {
                Files.createSymbolicLink(work.resolve(e.getFileName()), e);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> failures = new ArrayList<>();
        int ran = 0, skipped = 0;
        for (Path doc : Manual.documents()) {
            for (Manual.Block block : Manual.blocks(doc)) {
                if (!block.info().equals("sh")) {
                    continue;
                }
                // One bash per block (a block's commands share variables and files), each command checked.
                StringBuilder script = new StringBuilder("set -uo pipefail\n");
                List<Command> run = new ArrayList<>();
                for (Command c : commands(block)) {
                    if (notRunBecause(c) != null) {
                        skipped++;
                        continue;
                    }
                    run.add(c);
                    script.append(c.text()).append("\nrc=$?; if [ $rc -ne ").append(c.expectedExit())
                            .append(" ]; then echo \"DOCS: command ").append(run.size() - 1)
                            .append(" exited $rc\" >&2; exit 99; fi\n");
                }
                if (run.isEmpty()) {
                    continue;
                }
                ran += run.size();
                System.out.println("docs: running " + run.size() + " command(s) of " + block.where());
                Path log = work.resolve("block.log");
                ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile())
                        .redirectErrorStream(true).redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
                pb.environment().put("J", java);
                Process p = pb.start();
                if (!p.waitFor(300, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    failures.add(block.where() + ": timed out after 300 s");
                    continue;
                }
                String output = Files.readString(log);
                Matcher failed = Pattern.compile("DOCS: command (\\d+) exited (\\d+)").matcher(output);
                if (failed.find()) {
                    Command c = run.get(Integer.parseInt(failed.group(1)));
                    failures.add(Manual.ROOT.relativize(doc) + ":" + c.line() + ": `" + c.text() + "` exited "
                            + failed.group(2) + " (expected " + c.expectedExit() + "); output:\n"
                            + tail(output.substring(0, failed.start())));
                } else if (p.exitValue() != 0) {
                    failures.add(block.where() + ": bash exited " + p.exitValue() + ":\n" + tail(output));
                }
            }
        }
        System.out.println("docs: " + ran + " commands ran, " + skipped + " not run (see NOT_RUN)");
        assertEquals(List.of(), failures);
        assertTrue(ran >= 10, "commands run: " + ran);
    }

    static String tail(String s) {
        List<String> lines = s.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    }
}
