package dev.piglet.flink;

import dev.piglet.Piglet;
import dev.piglet.code.Program;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One stage of a pipeline: a Piglet program as bytecode (so a job can ship it to a cluster's task
 * managers) and the fuel each input word may use. Immutable and serializable.
 *
 * @param name the name faults are reported under (usually the file name)
 * @param bytecode the program's {@code .bin} bytes
 * @param fuel at most this many instructions per input word (and for the run up to the first READ)
 */
public record Stage(String name, byte[] bytecode, long fuel) implements Serializable {
    /** No fuel limit: a program that loops without READing then holds its task forever. */
    public static final long UNLIMITED = Long.MAX_VALUE;

    public Stage {
        Objects.requireNonNull(name);
        if (bytecode.length == 0) {
            throw new IllegalArgumentException(name + ": empty program");
        }
        if (fuel <= 0) {
            throw new IllegalArgumentException("fuel must be > 0: " + fuel);
        }
    }

    /**
     * Loads a {@code .pvm} or {@code .bin} file, with no fuel limit.
     *
     * @throws dev.piglet.code.AsmException or {@link dev.piglet.code.BytecodeException} as {@link Piglet#load(Path)}
     */
    public static Stage load(Path file) {
        return of(Piglet.load(file));
    }

    /** A stage running {@code program}, with no fuel limit. */
    public static Stage of(Program program) {
        return new Stage(program.name(), program.toBytes(), UNLIMITED);
    }

    /** This stage with at most {@code instructions} per input word. */
    public Stage withFuel(long instructions) {
        return new Stage(name, bytecode, instructions);
    }

    /** Loads the bytecode (checked when the stage was made from a program: never fails then). */
    Program program() {
        return dev.piglet.code.Program.load(name, bytecode);
    }
}
