package dev.piglet.bench;

import dev.piglet.code.Program;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.engines.Engines;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.MachineLayout;
import dev.piglet.code.Status;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Steady-state milliseconds per run of corpus programs on engines, in one warm JVM, within a time budget
 * per cell (the corpus table of bench/corpus.sh; {@link CorpusBenchmark} is the JMH equivalent). Each cell:
 * warm up for {@code --warm} ms, then time batches of runs (each batch at least 2 ms) for {@code --measure}
 * ms, and report the median batch's time per run. A run longer than {@code --long} ms is already steady
 * after its first milliseconds (the loop is compiled on the way), so such a cell is one warm-up run and
 * one timed run; past {@code 4 x --long}, the warm-up run is the timed one.
 *
 * <p>Output, one line per cell: {@code steady<TAB>program<TAB>engine<TAB>ms-per-run<TAB>runs-timed}.
 * Usage: {@code CorpusSteady [--engines a,b] [--warm MS] [--measure MS] [--long MS] [--cpu] PROGRAM...}
 * (no program: the whole corpus; no engines: every registered engine).
 */
public final class CorpusSteady {
    private CorpusSteady() {}

    public static void main(String[] args) {
        List<String> engines = Engines.all().stream().map(Engine::name).toList();
        double warmMs = 300;
        double measureMs = 600;
        double longMs = 1000;
        List<String> programs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--engines" -> engines = Arrays.asList(args[++i].split(","));
                case "--warm" -> warmMs = Double.parseDouble(args[++i]);
                case "--measure" -> measureMs = Double.parseDouble(args[++i]);
                case "--long" -> longMs = Double.parseDouble(args[++i]);
                case "--cpu" -> cpu = true;
                default -> programs.add(args[i]);
            }
        }
        if (programs.isEmpty()) {
            programs = Corpus.names();
        }
        MachineState machine = new MachineState(Arena.ofShared().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        DecimalWriter out = new DecimalWriter(OutputStream.nullOutputStream());
        for (String name : programs) {
            Program program = Corpus.program(name);
            int expected = Corpus.referenceExitCode(name);
            for (String e : engines) {
                Engine engine = DispatchBenchmark.engine(e);
                double[] cell = measure(engine, program, machine, out, expected, warmMs, measureMs, longMs);
                System.out.printf(Locale.ROOT, "steady\t%s\t%s\t%.6f\t%d%n", name, e, cell[0], (long) cell[1]);
                System.out.flush();
            }
        }
    }

    /** {median ms per run, runs timed}. */
    static double[] measure(Engine engine, Program program, MachineState machine, DecimalWriter out, int expected,
            double warmMs, double measureMs, double longMs) {
        long t0 = now();
        double first = once(engine, program, machine, out, expected);
        if (first > 4 * longMs) {
            return new double[] {first, 1};
        }
        if (first > longMs) {
            return new double[] {once(engine, program, machine, out, expected), 1};
        }
        long runs = 1;
        while ((now() - t0) / 1e6 < warmMs) {
            once(engine, program, machine, out, expected);
            runs++;
        }
        double perRun = (now() - t0) / 1e6 / runs;
        int batch = (int) Math.max(1, Math.ceil(2.0 / perRun));
        List<Double> batches = new ArrayList<>();
        long m0 = now();
        while (batches.size() < 3 || (now() - m0) / 1e6 < measureMs) {
            long b0 = now();
            for (int i = 0; i < batch; i++) {
                once(engine, program, machine, out, expected);
            }
            batches.add((now() - b0) / 1e6 / batch);
        }
        batches.sort(null);
        return new double[] {batches.get(batches.size() / 2), (long) batches.size() * batch};
    }

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();
    /** Thread CPU time instead of wall time ({@code --cpu}): for A/B checks on a machine shared with others. */
    private static boolean cpu;

    private static long now() {
        return cpu ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    private static double once(Engine engine, Program program, MachineState machine, DecimalWriter out, int expected) {
        long t = now();
        int status = engine.run(program, machine, out, Engine.UNLIMITED);
        double ms = (now() - t) / 1e6;
        if ((status == Status.SUCCESS) != (expected == 0)) {
            throw new IllegalStateException(program.name() + " on " + engine.name() + ": " + Status.message(status));
        }
        return ms;
    }
}
