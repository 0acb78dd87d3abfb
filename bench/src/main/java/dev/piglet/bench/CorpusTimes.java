package dev.piglet.bench;

import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.lang.foreign.Arena;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Per-run CPU time of one engine on programs, for comparing with a native peer on a loaded machine
 * (wall-clock time there measures the other processes): warms up for about two seconds of CPU time,
 * then times {@code runs} runs by the thread's CPU clock and prints the median in ms. Output discarded.
 *
 * <p>Usage: {@code java --enable-preview -cp bench/target/benchmarks.jar dev.piglet.bench.CorpusTimes ENGINE RUNS FILE...}
 */
public final class CorpusTimes {
    private CorpusTimes() {}

    public static void main(String[] args) throws Exception {
        Engine engine = DispatchBenchmark.engine(args[0]);
        int runs = Integer.parseInt(args[1]);
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        MachineState machine = new MachineState(Arena.ofShared().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        for (int f = 2; f < args.length; f++) {
            Program p = Program.load(args[f], Files.readAllBytes(Path.of(args[f])));
            long warm = cpu.getCurrentThreadCpuTime();
            int warmRuns = 0;
            while (cpu.getCurrentThreadCpuTime() - warm < 2_000_000_000L && warmRuns < 10_000) {
                engine.run(p, machine, Output.DISCARD, Engine.UNLIMITED);
                warmRuns++;
            }
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t0 = cpu.getCurrentThreadCpuTime();
                engine.run(p, machine, Output.DISCARD, Engine.UNLIMITED);
                ms[i] = (cpu.getCurrentThreadCpuTime() - t0) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf("%s %s %.4f%n", Path.of(args[f]).getFileName(), engine.name(), ms[runs / 2]);
        }
    }
}
