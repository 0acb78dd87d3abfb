package dev.piglet.flink;

import dev.piglet.code.AsmException;
import dev.piglet.code.BytecodeException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * {@code piglet-flink run A.pvm [--pipe B.pvm]... [options]}: {@code piglet run A --pipe B} as a Flink
 * job, in-process on a local mini-cluster or submitted to a cluster. See docs/flink.md.
 */
public final class FlinkMain {
    private FlinkMain() {}

    static final int OK = 0;
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final int INTERNAL = 3;

    static final String USAGE_TEXT = """
            usage: piglet-flink run A.pvm [--pipe B.pvm]... [--input FILE] [--parallelism N] [--key-by MOD]
                                [--checkpoint-ms N] [--fuel N] [--jobmanager HOST:PORT] [--stats]
                   piglet-flink cluster [--port N] [--slots N]
                   piglet-flink help
            """;

    /** A failure with its one-line message and exit code. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exit;

        Failure(int exit, String message) {
            super(message, null, false, false);
            this.exit = exit;
        }
    }

    /** The parsed command line of {@code run}. */
    record Options(List<Path> programs, Path input, int parallelism, long keyBy, long checkpointMs, long fuel,
            String jobmanager, boolean stats) {}

    public static void main(String[] args) {
        // stdout buffered (a word per line adds up), flushed at the end; stderr as is
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false,
                StandardCharsets.US_ASCII);
        int code = run(args, new PrintStream(new java.io.BufferedOutputStream(out, 1 << 16), false,
                StandardCharsets.US_ASCII), System.err);
        System.exit(code);
    }

    /** Runs the command line; returns the exit code. Never throws. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || args[0].equals("help") || args[0].equals("--help")) {
                (args.length == 0 ? err : out).print(USAGE_TEXT);
                return args.length == 0 ? USAGE : OK;
            }
            if (args[0].equals("cluster")) {
                return cluster(args, out);
            }
            if (!args[0].equals("run")) {
                throw new Failure(USAGE, "unknown command '" + args[0] + "' (try: piglet-flink help)");
            }
            return runJob(parse(args), out, err);
        } catch (Failure f) {
            err.println("piglet-flink: " + f.getMessage());
            return f.exit;
        } catch (AsmException | BytecodeException e) {
            err.println(e.getMessage());
            return FAILURE;
        } catch (Throwable t) {
            err.println("piglet-flink: internal error (please report): " + t);
            return INTERNAL;
        } finally {
            out.flush();
        }
    }

    static Options parse(String[] args) {
        List<Path> programs = new ArrayList<>();
        Path input = null;
        int parallelism = 1;
        long keyBy = 0;
        long checkpointMs = 0;
        long fuel = Stage.UNLIMITED;
        String jobmanager = null;
        boolean stats = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--stats")) {
                stats = true;
                continue;
            }
            if (!a.startsWith("--")) {
                if (!programs.isEmpty()) {
                    throw new Failure(USAGE, "extra argument '" + a + "' (more stages go after --pipe)");
                }
                programs.add(Path.of(a));
                continue;
            }
            if (i + 1 >= args.length) {
                throw new Failure(USAGE, a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--pipe" -> programs.add(Path.of(v));
                case "--input" -> input = Path.of(v);
                case "--parallelism" -> parallelism = (int) number(a, v, 1, 1024);
                case "--key-by" -> keyBy = number(a, v, 1, Long.MAX_VALUE);
                case "--checkpoint-ms" -> checkpointMs = number(a, v, 10, Long.MAX_VALUE);
                case "--fuel" -> fuel = number(a, v, 1, Long.MAX_VALUE);
                case "--jobmanager" -> {
                    if (!v.matches("[^:]+:\\d{1,5}")) {
                        throw new Failure(USAGE, "--jobmanager wants HOST:PORT, not '" + v + "'");
                    }
                    jobmanager = v;
                }
                default -> throw new Failure(USAGE, "unknown option '" + a + "' (try: piglet-flink help)");
            }
        }
        if (programs.isEmpty() || args[1].startsWith("--")) {
            throw new Failure(USAGE, "run needs a program first: run A.pvm [--pipe B.pvm]...");
        }
        return new Options(programs, input, parallelism, keyBy, checkpointMs, fuel, jobmanager, stats);
    }

    /**
     * {@code cluster}: a Flink cluster in this process (a job manager and one task manager with
     * {@code --slots} slots) whose REST endpoint listens on {@code --port}, until the process is killed.
     * For trying {@code --jobmanager} without installing Flink; a real cluster is Flink's own distribution.
     */
    private static int cluster(String[] args, PrintStream out) throws Exception {
        int port = 8081;
        int slots = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new Failure(USAGE, args[i] + " needs a value");
            }
            switch (args[i]) {
                case "--port" -> port = (int) number(args[i], args[++i], 0, 65535);
                case "--slots" -> slots = (int) number(args[i], args[++i], 1, 1024);
                default -> throw new Failure(USAGE, "unknown option '" + args[i] + "' (try: piglet-flink help)");
            }
        }
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.RestOptions.PORT, port);
        var cluster = new org.apache.flink.runtime.minicluster.MiniCluster(
                new org.apache.flink.runtime.minicluster.MiniClusterConfiguration.Builder().setConfiguration(conf)
                        .setNumTaskManagers(1).setNumSlotsPerTaskManager(slots).build());
        try {
            cluster.start();
        } catch (Exception e) {
            throw new Failure(FAILURE, "cannot start a cluster on port " + port + ": " + rootMessage(e));
        }
        java.net.URI rest = cluster.getRestAddress().get();
        out.println("piglet-flink: cluster with " + slots + " slots; submit with --jobmanager " + rest.getHost() + ":"
                + rest.getPort());
        out.flush();
        Thread.currentThread().join(); // serve until killed
        return OK;
    }

    private static long number(String option, String v, long min, long max) {
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new Failure(USAGE, option + " wants a whole number from " + min + " to " + max + ", not '" + v + "'");
    }

    private static int runJob(Options o, PrintStream out, PrintStream err) throws Exception {
        List<Stage> stages = new ArrayList<>();
        for (Path p : o.programs()) {
            if (!Files.exists(p)) {
                throw new Failure(FAILURE, p + ": no such file");
            }
            stages.add(Stage.load(p).withFuel(o.fuel()));
        }
        List<Long> words = o.input() == null ? List.of() : readWords(o.input());

        StreamExecutionEnvironment env = environment(o);
        env.setParallelism(o.parallelism());
        if (o.checkpointMs() > 0) {
            env.enableCheckpointing(o.checkpointMs());
        }
        // The input is shipped with the job: one source, so its words keep their order.
        DataStream<Long> source = words.isEmpty()
                ? env.fromData(0L).filter(w -> false).setParallelism(1).name("no input")
                : env.fromData(words, Types.LONG).setParallelism(1).name("input");
        DataStream<String> lines = o.keyBy() > 0 ? keyed(source, stages, o.keyBy()) : unkeyed(source, stages, o.parallelism());

        boolean faulted = false;
        java.util.TreeMap<Long, List<String>> results = new java.util.TreeMap<>(Long::compareUnsigned);
        long started = System.nanoTime();
        try (CloseableIterator<String> it = lines.collectAsync()) {
            JobClient job = env.executeAsync("piglet " + o.programs().getFirst().getFileName());
            while (it.hasNext()) {
                String line = it.next();
                if (line.startsWith(FAULT)) {
                    err.println(line.substring(FAULT.length()));
                    faulted = true;
                } else if (line.startsWith(RESULT)) {
                    int space = line.indexOf(' ');
                    results.computeIfAbsent(Long.parseUnsignedLong(line.substring(RESULT.length(), space)),
                            k -> new ArrayList<>()).add(line.substring(space + 1));
                } else {
                    out.println(line);
                }
            }
            JobExecutionResult result = job.getJobExecutionResult().get();
            if (o.stats()) {
                err.printf("piglet-flink: job %s: %d ms running, %.0f ms from submission to the last word%n",
                        job.getJobID(), result.getNetRuntime(), (System.nanoTime() - started) / 1e6);
            }
        } catch (Exception e) {
            throw new Failure(FAILURE, (o.jobmanager() != null ? "job manager " + o.jobmanager() + ": " : "")
                    + "the job failed: " + rootMessage(e));
        }
        if (!faulted) {
            // as `piglet run --pipe`: the last stage's result, once every stage succeeded (one per machine or key)
            results.forEach((key, values) -> values.forEach(v -> out.println(
                    (o.keyBy() > 0 ? Long.toUnsignedString(key) + " " : "") + "Result value: " + v)));
        }
        out.flush();
        return faulted ? FAILURE : OK;
    }

    /** Marks a fault line in the job's one output stream (words never start with it). */
    private static final String FAULT = "!";
    /** Marks the last stage's result line: {@code =KEY RESULT}. */
    private static final String RESULT = "=";

    private static DataStream<String> unkeyed(DataStream<Long> source, List<Stage> stages, int parallelism) {
        Piglets.Result<Long> r = Piglets.pipe(parallelism > 1 ? source.rebalance() : source, stages);
        return r.words().map(Long::toUnsignedString).name("format").union(outcomeLines(r.outcomes(), stages.size(), false));
    }

    private static DataStream<String> keyed(DataStream<Long> source, List<Stage> stages, long mod) {
        DataStream<Tuple2<Long, Long>> pairs = source.map(w -> Tuple2.of(Long.remainderUnsigned(w, mod), w), Piglets.PAIRS)
                .setParallelism(1).name("key: word mod " + mod);
        Piglets.Result<Tuple2<Long, Long>> r = Piglets.pipeKeyed(pairs, stages);
        return r.words().map(p -> p.f0 + " " + Long.toUnsignedString(p.f1)).name("format")
                .union(outcomeLines(r.outcomes(), stages.size(), true));
    }

    /** Faults as {@code piglet run --pipe} prints them, and the last stage's results. */
    private static DataStream<String> outcomeLines(DataStream<StageOutcome> outcomes, int last, boolean keyed) {
        return outcomes.filter(s -> !s.ok || s.index == last).map(s -> s.ok
                ? RESULT + Long.toUnsignedString(s.key) + " " + Long.toUnsignedString(s.result)
                : FAULT + "Runtime error: " + s.message + " (stage " + s.index + ": " + s.stage
                        + (keyed ? ", key " + Long.toUnsignedString(s.key) : "") + ")")
                .name("outcomes");
    }

    private static StreamExecutionEnvironment environment(Options o) {
        if (o.jobmanager() == null) {
            // in-process on a local mini-cluster; under Flink's own `flink run`, the cluster it submits to
            return StreamExecutionEnvironment.getExecutionEnvironment();
        }
        String host = o.jobmanager().substring(0, o.jobmanager().lastIndexOf(':'));
        int port = Integer.parseInt(o.jobmanager().substring(o.jobmanager().lastIndexOf(':') + 1));
        // Fail fast (in seconds, not minutes) when nothing listens at HOST:PORT.
        org.apache.flink.configuration.Configuration conf = new org.apache.flink.configuration.Configuration();
        conf.set(org.apache.flink.configuration.RestOptions.RETRY_MAX_ATTEMPTS, 2);
        conf.set(org.apache.flink.configuration.RestOptions.RETRY_DELAY, java.time.Duration.ofMillis(500));
        conf.set(org.apache.flink.configuration.RestOptions.CONNECTION_TIMEOUT, java.time.Duration.ofSeconds(5));
        return StreamExecutionEnvironment.createRemoteEnvironment(host, port, conf, ownJar());
    }

    /** The jar this class runs from: a cluster needs it to run the stages. */
    private static String ownJar() {
        try {
            Path p = Path.of(FlinkMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (p.toString().endsWith(".jar")) {
                return p.toString();
            }
        } catch (Exception e) {
            // reported below
        }
        throw new Failure(USAGE, "--jobmanager needs piglet-flink.jar (run it with java -jar)");
    }

    /** Words one per line, as {@code piglet run} reads them: blanks around and empty lines ignored. */
    static List<Long> readWords(Path file) {
        String name = file.toString().equals("-") ? "stdin" : file.toString();
        List<Long> words = new ArrayList<>();
        try (BufferedReader r = name.equals("stdin")
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.ISO_8859_1))
                : Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                String t = line.strip();
                if (t.isEmpty()) {
                    continue;
                }
                try {
                    if (!t.chars().allMatch(Character::isDigit)) {
                        throw new NumberFormatException();
                    }
                    words.add(Long.parseUnsignedLong(t));
                } catch (NumberFormatException e) {
                    throw new Failure(FAILURE, name + ":" + n + ": '" + t + "' is not an unsigned 64-bit decimal (0.."
                            + Long.toUnsignedString(-1L) + ")");
                }
            }
        } catch (NoSuchFileException e) {
            throw new Failure(FAILURE, name + ": no such file");
        } catch (IOException | UncheckedIOException e) {
            throw new Failure(FAILURE, name + ": cannot read: " + e.getMessage());
        }
        return words;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
        return root.getClass().getSimpleName() + ": " + m;
    }
}
