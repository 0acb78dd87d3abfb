package dev.piglet.bench;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.Piglet;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The program parameter takes a bundled example's name or any .pvm/.bin path; a run checks its status. */
class DispatchBenchmarkTest {
    static long runOnce(String engine, String program) {
        DispatchBenchmark b = new DispatchBenchmark();
        b.engine = engine;
        b.program = program;
        b.setUp();
        return b.run();
    }

    @Test
    void bundledNamesAndFilePathsBothRun(@TempDir Path dir) throws Exception {
        Path pvm = Files.writeString(dir.resolve("mine.pvm"), "PUSHI 6\nPUSHI 7\nMUL\nPRINT\nDONE\n");
        Path bin = dir.resolve("mine.bin");
        Files.write(bin, Piglet.load(pvm).toBytes());
        runOnce("tos", "sum");
        runOnce("tos", pvm.toString());
        runOnce("jit", bin.toString());
    }

    @Test
    void aMissingFileOrExampleIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> runOnce("tos", "nope.pvm"));
        assertTrue(e.getMessage().startsWith("no file ") && e.getMessage().endsWith("nope.pvm (program=nope.pvm)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> runOnce("tos", "nope"));
        assertEquals("no bundled example nope (a file's path ends in .pvm or .bin)", e.getMessage());
    }
}
