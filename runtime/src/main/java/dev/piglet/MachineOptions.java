package dev.piglet;

import dev.piglet.engines.Engines;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.Output;
import java.io.OutputStream;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How a {@link Machine} runs programs: the engine, the fuel limit, where PRINT goes and where READ reads.
 * Immutable; every {@code withX}-style method returns a changed copy.
 *
 * <pre>{@code
 * MachineOptions o = MachineOptions.defaults().engine("switch").fuel(10_000_000).onPrint(words::add);
 * }</pre>
 */
public final class MachineOptions {
    private final String engine;
    private final long fuel;
    private final OutputStream stream;
    private final Output output;
    private final Input input;

    private MachineOptions(String engine, long fuel, OutputStream stream, Output output, Input input) {
        this.engine = engine;
        this.fuel = fuel;
        this.stream = stream;
        this.output = output;
        this.input = input;
    }

    /** The default engine, no fuel limit, PRINT to {@code System.out} as decimals, no input. */
    public static MachineOptions defaults() {
        return new MachineOptions(Engines.defaultEngine().name(), Engine.UNLIMITED, System.out, null, Input.EMPTY);
    }

    /** Selects an engine by name (see {@code piglet engines}); checked when the machine is made. */
    public MachineOptions engine(String name) {
        return new MachineOptions(Objects.requireNonNull(name), fuel, stream, output, input);
    }

    /** At most {@code instructions} per run; the run then ends with {@link RunStatus#OUT_OF_FUEL}. */
    public MachineOptions fuel(long instructions) {
        if (instructions < 0) {
            throw new IllegalArgumentException("fuel must be >= 0: " + instructions);
        }
        return new MachineOptions(engine, instructions, stream, output, input);
    }

    /** No fuel limit (the default). */
    public MachineOptions unlimitedFuel() {
        return fuel(Engine.UNLIMITED);
    }

    /** PRINT writes unsigned decimals, one per line, to {@code out}; buffered, flushed at the end of each run. */
    public MachineOptions output(OutputStream out) {
        return new MachineOptions(engine, fuel, Objects.requireNonNull(out), null, input);
    }

    /** PRINT hands each word to {@code words}: no text formatting at all. */
    public MachineOptions onPrint(LongConsumer words) {
        Objects.requireNonNull(words);
        return sink(words::accept);
    }

    /** PRINT goes to a sink of your own (for example a word stream another thread drains). */
    public MachineOptions sink(Output sink) {
        return new MachineOptions(engine, fuel, null, Objects.requireNonNull(sink), input);
    }

    /** PRINT output is dropped. */
    public MachineOptions discardOutput() {
        return sink(Output.DISCARD);
    }

    /** READ takes words from {@code in} (see {@link Inputs}). */
    public MachineOptions input(Input in) {
        return new MachineOptions(engine, fuel, stream, output, Objects.requireNonNull(in));
    }

    public String engine() {
        return engine;
    }

    public long fuel() {
        return fuel;
    }

    public Input input() {
        return input;
    }

    /** The PRINT sink a machine uses: a fresh decimal writer per machine for streams, else the given sink. */
    Output newOutput() {
        return output != null ? output : new DecimalWriter(stream);
    }
}
