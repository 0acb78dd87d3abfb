package dev.piglet.bench;

import dev.piglet.MachineOptions;
import dev.piglet.Outcome;
import dev.piglet.Piglet;
import dev.piglet.code.Program;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.Output;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fixed cost of one {@link dev.piglet.Machine#run} call: a three-instruction program (PUSHI 1,
 * POP_RES, DONE) through the embedding API, per engine. Everything above executing three instructions
 * is overhead: the busy flag, preparing the machine (registers and the cells earlier runs may have
 * written), the engine's entry and exit, the outcome and the output flush. {@code fullClear} is the same
 * run after clearing the whole 526 KiB segment, what every run cost before the write-set clear.
 * Run with {@code -prof gc} to see the allocation per call (0 B/op expected).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EmbeddingBenchmark {
    @Param({"switch", "masked", "word", "tos", "trace", "jit"})
    public String engine;

    private Program tiny;
    private dev.piglet.Machine machine;
    private Engine selected;
    private dev.piglet.vm.MachineState raw;

    @Setup
    public void setUp() {
        tiny = Piglet.assemble("PUSHI 1\nPOP_RES\nDONE\n");
        machine = Piglet.machine(MachineOptions.defaults().engine(engine).discardOutput());
        selected = DispatchBenchmark.engine(engine);
        raw = new dev.piglet.vm.MachineState(java.lang.foreign.Arena.ofAuto()
                .allocate(dev.piglet.vm.MachineLayout.SIZE, dev.piglet.vm.MachineLayout.ALIGNMENT));
        Outcome o = machine.run(tiny);
        if (!o.ok() || o.result() != 1) {
            throw new IllegalStateException(engine + ": " + o.message());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        machine.close();
    }

    /** One run through the public API: the fixed overhead per call. */
    @Benchmark
    public long run() {
        return machine.run(tiny).result();
    }

    /** The old per-run cost: clear all 526 KiB, then execute the same program. */
    @Benchmark
    public long fullClear() {
        raw.reset();
        selected.execute(tiny, raw, Output.DISCARD, Input.EMPTY, Engine.UNLIMITED);
        return raw.result();
    }
}
