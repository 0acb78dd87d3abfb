package dev.piglet.nativeref.bench;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.nativeref.NativeEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The C reference's engines (through FFM, on the same segments) and the Java engines on the same
 * example programs, in one JMH run, so ratios like "Java engine X runs at R x the C switch" come from
 * one machine at one time. Run with {@code mvn -pl native-tests -am verify -Pjmh -DskipTests}
 * (see docs/native-tests.md); {@code -Djmh.args="-p engine=switch,c-switch"} picks engines. Engines
 * added to {@link Engines} later are selected by name with {@code -p engine=NAME}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class NativeVsJavaBenchmark {
    @Param({"c-switch", "c-goto", "switch"})
    public String engine;

    @Param({"sieve"})
    public String program;

    private Engine e;
    private Program p;
    private BumpArena arena;
    private MachineState machine;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        e = switch (engine) {
            case "c-switch" -> NativeEngine.cSwitch();
            case "c-goto" -> NativeEngine.cGoto();
            default -> Engines.byName(engine).orElseThrow(() -> new IllegalArgumentException(
                    "no engine " + engine + "; engines: c-switch, c-goto, " + Engines.names()));
        };
        Path file = Path.of(System.getProperty("piglet.examples", "examples"), program + ".pvm");
        p = Program.load(program, Assembler.assemble(file.toString(), Files.readString(file)).code());
        arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT);
        machine = new MachineState(arena);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        arena.close();
    }

    /** One whole run (machine reset included, as {@code Engine.run} does), output discarded. */
    @Benchmark
    public long run() {
        int status = e.run(p, machine, Output.DISCARD, Engine.UNLIMITED);
        if (status != Status.SUCCESS) {
            throw new IllegalStateException(engine + ": " + Status.message(status));
        }
        return machine.steps();
    }
}
