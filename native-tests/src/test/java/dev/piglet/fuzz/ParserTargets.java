package dev.piglet.fuzz;

import dev.piglet.code.AsmException;
import dev.piglet.code.Assembler;
import dev.piglet.code.BinFile;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Disassembler;
import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import dev.piglet.vm.DecimalReader;
import dev.piglet.vm.Input;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        return diff.referenceStatus() == dev.piglet.code.Status.SUCCESS;
    }

    /**
     * The verifier on any loadable bytes: never throws, and is sound — a program it accepts never
     * meets a fault the verifier claims to rule out (stack overflow or underflow, a bad jump target other
     * than a taken conditional jump's past the end) on
     * the checking switch engine, and its depth claims hold at every instruction start.
     */
    static boolean verify(byte[] data) {
        if (data.length == 0 || data.length > Program.MAX_SIZE) {
            return false;
        }
        Program p = Program.load("fuzz.bin", data);
        Verification v = Verifier.verify(p);
        if (!v.ok()) {
            check(v.reason() != null && !v.reason().isEmpty() && !v.reason().contains("\n"), "bad reason: " + v.reason());
            return false;
        }
        check(v.maxDepth() >= 0 && v.maxDepth() <= 256, "max depth " + v.maxDepth());
        check(v.isStart(0), "pc 0 is no instruction start");
        try (var arena = dev.piglet.arena.BumpArena.ofCapacity(dev.piglet.vm.MachineLayout.SIZE + 64)) {
            var machine = new dev.piglet.vm.MachineState(arena);
            int status = new dev.piglet.vm.SwitchEngine().run(p, machine, dev.piglet.vm.Output.DISCARD,
                    dev.piglet.vm.Input.EMPTY, 20_000);
            // A taken conditional jump to a target outside the code faults like DIV by zero: the verifier
            // accepts it (not taken, it falls through, as in the reference); every other bad jump is ruled out.
            int at = (int) machine.pc();
            boolean outsideJump = status == dev.piglet.code.Status.BAD_JUMP && at < p.length()
                    && (p.byteAt(at) == dev.piglet.code.Opcodes.JUMP_IF_TRUE || p.byteAt(at) == dev.piglet.code.Opcodes.JUMP_IF_FALSE)
                    && p.argumentAt(at) > p.length();
            check(status != dev.piglet.code.Status.STACK_OVERFLOW && status != dev.piglet.code.Status.STACK_UNDERFLOW
                    && (status != dev.piglet.code.Status.BAD_JUMP || outsideJump), "verified program faulted: "
                    + dev.piglet.code.Status.message(status) + " at pc " + machine.pc());
            if (status != dev.piglet.code.Status.OUT_OF_FUEL) {
                int pc = (int) machine.pc();
                check(v.isStart(pc), "run ended at pc " + pc + ", which the verifier says is no instruction start");
                if (status == dev.piglet.code.Status.SUCCESS) {
                    check(v.depthAt(pc) == machine.sp(), "depth at pc " + pc + ": verifier " + v.depthAt(pc)
                            + ", run " + machine.sp());
                }
            }
        }
        return true;
    }

    /**
     * The K lexer, parser and evaluator on any text: a value or a K error (with oK's message), never
     * another exception; fuel and a small ring bound the work.
     */
    static boolean kEval(byte[] data) {
        String src = new String(data, StandardCharsets.UTF_8);
        dev.piglet.k.KSession session = new dev.piglet.k.KSession(1 << 10, 50_000, s -> {});
        try {
            session.evalToString(src);
            return true;
        } catch (dev.piglet.k.KError e) {
            check(e.getMessage() != null && !e.getMessage().isEmpty(), "K error without a message");
            check(!e.getMessage().contains("\n"), "multi-line K error: " + e.getMessage());
            return false;
        }
    }

    /** True while DecimalReader still drops the rest of a line after a lone CR (see DecimalReaderBugTest). */
    private static final boolean LONE_CR_BUG = loneCrBug();

    private static boolean loneCrBug() {
        DecimalReader r = new DecimalReader(new ByteArrayInputStream(new byte[] {'1', '\r', '2', '\n'}), "probe");
        return r.next() == Input.WORD && r.next() == Input.END;
    }

    /**
     * READ's stdin parser ({@link DecimalReader}): never throws, reaches the end, one-line errors, and — on
     * input without carriage returns — reads exactly what {@link #decimalModel} says.
     */
    static boolean decimalReader(byte[] data) {
        DecimalReader reader = new DecimalReader(new ByteArrayInputStream(data), "stdin");
        List<String> got = new ArrayList<>();
        for (int calls = 0; ; calls++) {
            check(calls <= data.length + 1, "DecimalReader does not reach the end");
            int r = reader.next();
            if (r == Input.END) {
                break;
            }
            if (r == Input.WORD) {
                got.add(Long.toUnsignedString(reader.word()));
            } else {
                check(r == Input.BAD, "answer " + r);
                check(!reader.error().contains("\n") && !reader.error().contains("\r"), "multi-line error");
                check(reader.error().startsWith("stdin:"), "error without position: " + reader.error());
                got.add("BAD");
            }
        }
        if (LONE_CR_BUG) {
            for (byte b : data) {
                if (b == '\r') {
                    return !got.contains("BAD"); // the known bug (DecimalReaderBugTest): skip the model check
                }
            }
        }
        List<String> want = decimalModel(data);
        check(got.equals(want), "DecimalReader read " + got + ", expected " + want);
        return !got.contains("BAD");
    }

    /**
     * What READ's input means, written independently: lines end at LF (a CR right before it belongs to
     * the line ending); blanks (space, tab) around the number are ignored, blank lines skipped; a line is
     * an unsigned 64-bit decimal or bad.
     */
    static List<String> decimalModel(byte[] data) {
        List<String> out = new ArrayList<>();
        String text = new String(data, StandardCharsets.ISO_8859_1);
        String[] lines = text.split("\n", -1);
        for (String line : lines) {
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String t = line.replaceAll("^[ \t]+|[ \t]+$", "");
            if (t.isEmpty()) {
                continue;
            }
            if (!t.matches("[0-9]+")) {
                out.add("BAD");
                continue;
            }
            java.math.BigInteger v = new java.math.BigInteger(t);
            out.add(v.bitLength() <= 64 ? v.toString() : "BAD");
        }
        return out;
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what);
        }
    }
}
