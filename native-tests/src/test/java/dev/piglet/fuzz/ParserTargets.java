package dev.piglet.fuzz;

import dev.piglet.code.AsmException;
import dev.piglet.code.Assembler;
import dev.piglet.code.BinFile;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Disassembler;
import dev.piglet.code.Program;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The fuzz targets, shared by the Jazzer tests and the seeded mutation fuzzer. Each accepts any bytes;
 * the documented errors ({@link AsmException}, {@link BytecodeException}) are fine, anything else
 * escapes and is a finding, and so is a broken property (AssertionError).
 */
final class ParserTargets {
    private ParserTargets() {}

    /** The assembler: one-line errors with a position; output that loads, disassembles and reassembles the same. */
    static boolean assemble(byte[] data) {
        String source = new String(data, StandardCharsets.UTF_8);
        Assembler.Assembly a;
        try {
            a = Assembler.assemble("fuzz.pvm", source);
        } catch (AsmException e) {
            check(!e.getMessage().contains("\n") && !e.getMessage().contains("\r"), "multi-line message: " + e.getMessage());
            check(e.getMessage().startsWith("fuzz.pvm:"), "no file in message: " + e.getMessage());
            check(e.line() >= 1 && e.column() >= 1, "bad position " + e.line() + ":" + e.column());
            return false;
        }
        byte[] code = a.code();
        check(code.length >= 1 && code.length <= Program.MAX_SIZE, "code length " + code.length);
        for (String w : a.warnings()) {
            check(!w.contains("\n"), "multi-line warning: " + w);
        }
        Program p = Program.load("fuzz", code);
        check(p.length() == code.length, "program length");
        // The disassembler's listing reassembles to the same bytes (assembled code has no unknown opcodes
        // and no truncated arguments).
        List<String> listing = Disassembler.disassemble(code, true);
        byte[] again = Assembler.assemble("listing", String.join("\n", listing)).code();
        check(Arrays.equals(code, again), "listing does not reassemble to the same bytes");
        return true;
    }

    /** The .bin loader on raw bytes: loads exactly those bytes plus the zero padding, or a one-line BytecodeException. */
    static boolean loadBin(byte[] data) {
        Program p;
        try {
            p = Program.load("fuzz.bin", data);
        } catch (BytecodeException e) {
            check(data.length == 0 || data.length > Program.MAX_SIZE, "rejected a loadable program: " + e.getMessage());
            check(!e.getMessage().contains("\n"), "multi-line message");
            return false;
        }
        check(data.length >= 1 && data.length <= Program.MAX_SIZE, "accepted " + data.length + " bytes");
        check(Arrays.equals(p.toBytes(), data), "bytes changed by loading");
        for (int i = 0; i < Program.PADDING; i++) {
            check(p.byteAt(data.length + i) == 0, "padding byte " + i + " not zero");
        }
        List<String> listing = Disassembler.disassemble(data, true);
        check(!listing.isEmpty(), "empty listing");
        return true;
    }

    /** BinFile.read through a real file. */
    static boolean readBinFile(byte[] data, Path dir) throws IOException {
        Path file = dir.resolve("fuzz.bin");
        Files.write(file, data);
        try {
            byte[] read = BinFile.read(file);
            check(Arrays.equals(read, data), "BinFile.read changed the bytes");
            check(data.length >= 1 && data.length <= Program.MAX_SIZE, "BinFile accepted " + data.length + " bytes");
            return true;
        } catch (BytecodeException e) {
            check(data.length == 0 || data.length > Program.MAX_SIZE, "BinFile rejected: " + e.getMessage());
            check(!e.getMessage().contains("\n"), "multi-line message");
            return false;
        }
    }

    /** Any loadable bytes run on every engine without an exception, and the engines agree. */
    static boolean run(byte[] data, Differential diff, long[] input) {
        if (data.length == 0 || data.length > Program.MAX_SIZE) {
            return false;
        }
        String d = diff.check(new ProgramGenerator.Case(0, "fuzz", data, input, 20_000));
        check(d == null, d);
        return diff.referenceStatus() == dev.piglet.vm.Status.SUCCESS;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
