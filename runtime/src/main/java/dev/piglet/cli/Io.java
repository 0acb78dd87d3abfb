package dev.piglet.cli;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.BinFile;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Program;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading programs for the commands: {@code .pvm} is assembled in memory, anything else is {@code .bin}. */
final class Io {
    /** Source files larger than this are refused before reading (a 65,536-byte program is far smaller). */
    static final long MAX_SOURCE_BYTES = 64L << 20;

    private Io() {}

    static boolean isAssembly(String file) {
        return file.endsWith(".pvm");
    }

    /** The source text of a {@code .pvm} file; bytes map 1:1 to chars so any file decodes. */
    static String readSource(String file) {
        Path path = Path.of(file);
        try {
            if (Files.isDirectory(path)) {
                throw CliException.input(file + ": is a directory");
            }
            long size = Files.size(path);
            if (size > MAX_SOURCE_BYTES) {
                throw CliException.input(file + ": source too large: " + size + " bytes");
            }
            return new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw CliException.input(file + ": no such file");
        } catch (IOException e) {
            throw CliException.input(file + ": cannot read: " + e.getMessage());
        }
    }

    /** The bytecode of a {@code .pvm} (assembled; warnings to {@code err}) or {@code .bin} file. */
    static byte[] readBytecode(String file, PrintStream err) {
        if (isAssembly(file)) {
            Assembler.Assembly assembly = Assembler.assemble(file, readSource(file));
            assembly.warnings().forEach(err::println);
            return assembly.code();
        }
        if (Files.isDirectory(Path.of(file))) {
            throw CliException.input(file + ": is a directory");
        }
        return BinFile.read(Path.of(file));
    }

    /** Loads a program into {@code arena}, or explains in one line why it cannot. */
    static Program load(String file, byte[] code, BumpArena arena) {
        try {
            return Program.load(file, code, arena);
        } catch (BytecodeException e) {
            throw CliException.input(e.getMessage());
        }
    }
}
