package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus (24 programs compiled from C, with the C reference's outputs) on every engine: each must
 * print exactly {@code NAME.out} (the PRINTed words, then {@code Result value: R} on success) and fail
 * exactly as {@code NAME.rc} / {@code NAME.err} say; and, stopped by fuel at several points, every
 * engine must stop in the same state as the switch engine (output, status, pc, stack, steps, memory),
 * its output a prefix of the full one.
 *
 * <p>The eight long programs (0.3-0.8 billion instructions each) run to the end on the fast engines
 * ({@code word}, {@code tos}, {@code jit}) and, on the others, up to fuel limits of up to two million
 * instructions (the switch engine takes 20 s for one of them on a loaded machine);
 * {@code -Dpiglet.corpus.full=true} runs them to the end on every engine too.
 */
class CorpusDifferentialTest {
    private static final Path CORPUS = Path.of(System.getProperty("piglet.corpus", "../corpus"));

    static Stream<String> programs() throws IOException {
        try (Stream<Path> files = Files.list(CORPUS)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".bin"))
                    .map(n -> n.substring(0, n.length() - 4)).sorted().toList().stream();
        }
    }

    static List<Engine> engines() {
        List<Engine> all = new ArrayList<>(Engines.all());
        for (Engine e : Engines.all()) {
            if (e instanceof FusingEngine f) {
                all.add(f.withFusion(false));
            }
        }
        all.add(new ColdEngine()); // the interpreter tiered starts on, not in the registry
        return all;
    }

    /** What the command line prints for a run: the PRINTed words, then the result or the error line. */
    private static String transcript(Harness.Outcome o) {
        StringBuilder b = new StringBuilder();
        for (long w : o.output()) {
            b.append(Long.toUnsignedString(w)).append('\n');
        }
        if (o.status() == Status.SUCCESS) {
            b.append("Result value: ").append(Long.toUnsignedString(o.result())).append('\n');
        }
        return b.toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void everyEnginePrintsTheReferenceOutput(String name) throws IOException {
        Program program = Program.load(name + ".bin", Files.readAllBytes(CORPUS.resolve(name + ".bin")));
        String out = Files.readString(CORPUS.resolve(name + ".out"));
        int rc = Integer.parseInt(Files.readString(CORPUS.resolve(name + ".rc")).strip());
        Path errFile = CORPUS.resolve(name + ".err");
        String err = Files.exists(errFile) ? Files.readString(errFile).strip() : "";
        MachineState machine = Harness.newMachine();
        Harness.Outcome spec = null;
        boolean full = Boolean.getBoolean("piglet.corpus.full") || manifestInstructions(name) <= LONG;
        for (Engine e : engines()) {
            if (!full && !FAST.contains(label(e))) {
                continue;
            }
            long t0 = System.nanoTime();
            Harness.Outcome o = Harness.run(e, program, machine, new long[0], false, Engine.UNLIMITED);
            System.out.printf("corpus %s on %s: %s, %d ms%n", name, label(e), Status.name(o.status()),
                    (System.nanoTime() - t0) / 1_000_000);
            assertEquals(out, transcript(o), name + " on " + label(e));
            assertEquals(rc == 0 ? Status.SUCCESS : -1, rc == 0 ? o.status() : -1, name + " on " + label(e));
            if (rc != 0) {
                assertTrue(o.status() != Status.SUCCESS && err.equals("Runtime error: " + Status.message(o.status())),
                        name + " on " + label(e) + ": " + Status.message(o.status()) + ", the reference: " + err);
            }
            if (spec == null) {
                spec = o;
            } else {
                assertEquals(spec, o, name + " on " + label(e) + " against the first engine run");
            }
        }
        // Stopped by fuel: at the start, inside the first loops, and around the end.
        long total = spec.steps();
        for (long fuel : new long[] {0, 1, 2, 97, 1_009, 65_537, total - 1, total}) {
            if (fuel < 0 || fuel > total || fuel > 2_000_000) { // long programs: the full run above covers the end
                continue;
            }
            Harness.Outcome want = Harness.run(engines().getFirst(), program, machine, new long[0], false, fuel);
            assertTrue(out.startsWith(transcript(want).replaceAll("Result value: .*\n$", "")), name + " at fuel " + fuel);
            for (Engine e : engines()) {
                assertEquals(want, Harness.run(e, program, machine, new long[0], false, fuel),
                        name + " on " + label(e) + " at fuel " + fuel);
            }
        }
    }

    /** Programs that execute more instructions than this run to the end only on the fast engines (by default). */
    private static final long LONG = 20_000_000L;
    private static final List<String> FAST = List.of("word", "tos", "jit", "tiered");

    /** The instructions_executed column of MANIFEST.tsv for {@code name}. */
    private static long manifestInstructions(String name) throws IOException {
        List<String> lines = Files.readAllLines(CORPUS.resolve("MANIFEST.tsv"));
        int column = List.of(lines.getFirst().split("\t")).indexOf("instructions_executed");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split("\t");
            if (cells[0].equals(name)) {
                return Long.parseLong(cells[column]);
            }
        }
        throw new AssertionError(name + " is not in MANIFEST.tsv");
    }

    private static String label(Engine e) {
        return e instanceof FusingEngine f && !f.fuses() ? e.name() + "-nofuse" : e.name();
    }
}
