package dev.piglet.bench;

import dev.piglet.code.Program;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.MachineLayout;
import dev.piglet.code.Status;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One complete run of a corpus program (corpus/, bundled in the jar) on an engine, output formatted by the
 * CLI's {@link DecimalWriter} into a null stream. The JMH counterpart of bench/corpus.sh's in-process
 * column; use {@code -p program=...} and {@code -p engine=...} to pick cells (the full cross product takes
 * hours with JMH's default iterations).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class CorpusBenchmark {
    @Param({"tiered", "tos", "jit"})
    public String engine;

    @Param({"espigot", "matmul4", "rule30", "sortnet16", "zeller", "easter", "luhn", "checksums", "fnv1a",
            "mersfact", "graycode", "queens8", "newton", "fixlog", "gradestats", "amortize", "knapsack", "mswspi",
            "crc32", "ackstack", "totient", "tribcycle", "polyhash", "coinchange"})
    public String program;

    private Engine selected;
    private Program code;
    private MachineState machine;
    private DecimalWriter out;
    private boolean faults;

    @Setup
    public void setUp() {
        selected = DispatchBenchmark.engine(engine);
        code = Corpus.program(program);
        faults = Corpus.referenceExitCode(program) != 0;
        machine = new MachineState(Arena.ofShared().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        out = new DecimalWriter(OutputStream.nullOutputStream());
    }

    @Benchmark
    public long run() {
        int status = selected.run(code, machine, out, Engine.UNLIMITED);
        if ((status == Status.SUCCESS) == faults) {
            throw new IllegalStateException(program + " on " + engine + ": " + Status.message(status));
        }
        return machine.result() + machine.steps();
    }
}
