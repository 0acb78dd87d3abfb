package dev.piglet.bench;

import dev.piglet.Piglet;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.FusingEngine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * One complete run of an example program (sieve x1 is the articles' unit; x100 is 100 times this) on
 * each engine, output formatted by the CLI's {@link DecimalWriter} into a null stream (like printing
 * to /dev/null). {@code tos-nofuse} is the tos engine without the peephole pass.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DispatchBenchmark {
    @Param({"switch", "masked", "word", "tos", "tos-nofuse", "trace", "jit"})
    public String engine;

    /** A bundled example's name, or the path of any .pvm or .bin file (see {@link #example}). */
    @Param({"sieve", "sieve-unoptimized", "sum", "nested", "divide", "straight"})
    public String program;

    private Engine selected;
    private Program code;
    private MachineState machine;
    private DecimalWriter out;

    /**
     * A program by name: an example bundled in the jar ({@code sieve}), or any {@code .pvm} or
     * {@code .bin} file by path ({@code -p program=/path/to/mine.pvm}), so a program is measured without
     * rebuilding the jar.
     */
    public static Program example(String name) {
        if (name.endsWith(".pvm") || name.endsWith(".bin")) {
            Path file = Path.of(name);
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("no file " + file.toAbsolutePath() + " (program=" + name + ")");
            }
            return Piglet.load(file);
        }
        try (InputStream in = DispatchBenchmark.class.getResourceAsStream("/examples/" + name + ".pvm")) {
            if (in == null) {
                throw new IllegalArgumentException("no bundled example " + name + " (a file's path ends in .pvm or .bin)");
            }
            String source = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Program.load(name, Assembler.assemble(name + ".pvm", source).code());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An engine by name; "-nofuse" asks for the unfused variant. */
    public static Engine engine(String name) {
        boolean noFuse = name.endsWith("-nofuse");
        Engine e = Engines.byName(noFuse ? name.substring(0, name.length() - 7) : name).orElseThrow();
        return noFuse && e instanceof FusingEngine f ? f.withFusion(false) : e;
    }

    @Setup
    public void setUp() {
        selected = engine(engine);
        code = example(program);
        machine = new MachineState(Arena.ofShared().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        out = new DecimalWriter(OutputStream.nullOutputStream());
    }

    @Benchmark
    public long run() {
        int status = selected.run(code, machine, out, Engine.UNLIMITED);
        if (status != Status.SUCCESS) {
            throw new IllegalStateException(program + " on " + engine + ": " + Status.message(status));
        }
        return machine.result() + machine.steps();
    }
}
