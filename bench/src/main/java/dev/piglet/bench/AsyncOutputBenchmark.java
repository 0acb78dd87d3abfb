package dev.piglet.bench;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.stream.AsyncOutput;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * Is {@code --async-output} worth it? One run of a program with the default engine, its output
 * formatted into a stream that discards the bytes: formatting on the engine's thread (direct
 * {@link DecimalWriter}) against formatting on a second thread ({@link AsyncOutput}, words carried by a
 * WordLink). {@code prints} prints 0..999,999 (almost all work is output); {@code sieve} is the
 * reference sieve (6,543 lines, mostly computation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncOutputBenchmark {
    static final String PRINTS = """
                PUSHI 1000
                PUSHI 1000
                MUL
                STOREI 1          ; mem[1] = 1,000,000
            loop:
                LOADI 0
                PRINT
                LOADI 0
                ADDI 1
                DUP
                STOREI 0
                LOADI 1
                LESS
                JUMP_IF_TRUE loop
                DONE
            """;

    @Param({"prints", "sieve"})
    public String program;

    @Param({"direct", "async"})
    public String output;

    private BumpArena arena;
    private Program code;
    private MachineState machine;
    private final Engine engine = Engines.defaultEngine();
    private static final OutputStream NULL = OutputStream.nullOutputStream();

    @Setup
    public void setup() throws Exception {
        String text = program.equals("prints") ? PRINTS
                : java.nio.file.Files.readString(java.nio.file.Path.of(System.getProperty("piglet.examples", "examples"),
                        "sieve.pvm"));
        byte[] bytes = Assembler.assemble(program, text).code();
        arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT + Program.footprint(bytes.length));
        code = Program.load(program, bytes, arena);
        machine = new MachineState(arena);
    }

    @TearDown
    public void tearDown() {
        arena.close();
    }

    @Benchmark
    public long run() {
        DecimalWriter writer = new DecimalWriter(NULL);
        int status;
        if (output.equals("async")) {
            AsyncOutput async = new AsyncOutput(writer);
            status = engine.run(code, machine, async, Input.EMPTY, Engine.UNLIMITED);
            async.finish();
        } else {
            status = engine.run(code, machine, writer, Input.EMPTY, Engine.UNLIMITED);
            writer.flush();
        }
        if (status != Status.SUCCESS) {
            throw new IllegalStateException("status " + status);
        }
        return machine.steps();
    }
}
