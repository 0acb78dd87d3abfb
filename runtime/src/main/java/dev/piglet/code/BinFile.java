package dev.piglet.code;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The {@code .bin} format: raw bytecode, nothing else (no header, no magic, no terminator), exactly
 * as the reference writes it. Reading checks only what every program must satisfy (not empty, at
 * most 65,536 bytes); unknown opcodes fault when executed, as in the reference.
 */
public final class BinFile {
    private BinFile() {}

    /**
     * Reads a {@code .bin} file.
     *
     * @throws BytecodeException if it is empty, too large or unreadable (one-line message)
     */
    public static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > Program.MAX_SIZE) {
                throw new BytecodeException(path + ": program too large: " + size
                        + " bytes (jump targets are u16, at most " + Program.MAX_SIZE + " bytes)");
            }
            byte[] bytes = Files.readAllBytes(path);
            if (bytes.length == 0) {
                throw new BytecodeException(path + ": empty program (no bytecode)");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new BytecodeException(path + ": no such file");
        } catch (IOException e) {
            throw new BytecodeException(path + ": cannot read: " + e.getMessage());
        }
    }

    /** Writes {@code code} as a {@code .bin} file. */
    public static void write(Path path, byte[] code) throws IOException {
        Files.write(path, code);
    }
}
