package dev.piglet.bench;

import dev.piglet.MachineOptions;
import dev.piglet.Outcome;
import dev.piglet.Piglet;
import dev.piglet.code.Program;
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
 * Runs per second of realistic programs through the embedding API, one machine per thread and one
 * {@link Program} shared by all threads (as docs/embedding.md recommends). Run with {@code -t 1} and
 * {@code -t 2}: with machines that share nothing but the read-only program, throughput should scale
 * with the cores. JMH reports the sum over threads.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class EmbeddingThroughputBenchmark {

    /** The program, loaded once and shared by every thread. */
    @State(Scope.Benchmark)
    public static class Shared {
        @Param({"sort", "matmul"})
        public String program;

        Program code;

        @Setup
        public void load() {
            code = DispatchBenchmark.example(program);
        }
    }

    /** One machine per thread. */
    @State(Scope.Thread)
    public static class PerThread {
        @Param({"tos", "jit"})
        public String engine;

        dev.piglet.Machine machine;

        @Setup
        public void open() {
            machine = Piglet.machine(MachineOptions.defaults().engine(engine).discardOutput());
        }

        @TearDown(Level.Trial)
        public void close() {
            machine.close();
        }
    }

    @Benchmark
    public long run(Shared shared, PerThread mine) {
        Outcome o = mine.machine.run(shared.code);
        if (!o.ok()) {
            throw new IllegalStateException(shared.program + ": " + o.message());
        }
        return o.steps();
    }
}
