package dev.piglet;

import dev.piglet.code.Assembler;
import dev.piglet.code.AsmException;
import dev.piglet.code.BinFile;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Program;
import java.nio.file.Path;

/**
 * The entry point for Java hosts: load programs once, run them many times on machines.
 *
 * <pre>{@code
 * Program sieve = Piglet.load(Path.of("examples/sieve.pvm"));
 * try (Machine m = Piglet.machine(MachineOptions.defaults().engine("switch").output(System.out))) {
 *     Outcome o = m.run(sieve);
 *     if (!o.ok()) System.err.println("Runtime error: " + o.message());
 * }
 * }</pre>
 *
 * Programs are immutable and may be shared by any number of machines on any number of threads.
 */
public final class Piglet {
    private Piglet() {}

    /**
     * Assembles Piglet assembly (the {@code .pvm} syntax).
     *
     * @throws AsmException with the line, column and the reference's message
     */
    public static Program assemble(String source) {
        return assemble("<source>", source);
    }

    /** Assembles {@code source}, naming it {@code name} in error messages. */
    public static Program assemble(String name, String source) {
        return Program.load(name, Assembler.assemble(name, source).code());
    }

    /**
     * Loads raw bytecode ({@code .bin} bytes).
     *
     * @throws BytecodeException if it is empty or larger than 65,536 bytes
     */
    public static Program load(byte[] bytecode) {
        return Program.load("<bytes>", bytecode.clone());
    }

    /**
     * Loads a {@code .pvm} (assembled) or any other file as {@code .bin}.
     *
     * @throws AsmException for assembly errors; {@link BytecodeException} for unreadable or bad bytecode
     */
    public static Program load(Path file) {
        String name = file.toString();
        if (name.endsWith(".pvm")) {
            try {
                return assemble(name, java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            } catch (java.io.IOException e) {
                throw new BytecodeException(name + ": cannot read: " + e.getMessage());
            }
        }
        return Program.load(name, BinFile.read(file));
    }

    /** A K session with the default options (see {@link KOptions#defaults()}). */
    public static K k() {
        return k(KOptions.defaults());
    }

    /** A K session: the K dialect of docs/k.md, evaluated by the CPS interpreter. */
    public static K k(KOptions options) {
        return new K(options);
    }

    /** A machine with the default options (default engine, no fuel limit, PRINT to System.out). */
    public static Machine machine() {
        return machine(MachineOptions.defaults());
    }

    /**
     * A machine with its own off-heap state.
     *
     * @throws IllegalArgumentException if the options name an unknown engine
     */
    public static Machine machine(MachineOptions options) {
        return new Machine(options);
    }
}
