package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.nativeref.NativeEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example program, on every engine, with a few inputs and fuel limits (including cut-offs mid-run). */
class ExamplesDifferentialTest {
    static Stream<Path> examples() throws IOException {
        Path dir = Path.of(System.getProperty("piglet.examples", "../examples"));
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> list = files.filter(p -> p.toString().endsWith(".pvm")).sorted().toList();
            assertFalse(list.isEmpty(), "no examples in " + dir);
            return list.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("examples")
    void everyEngineAgreesOnTheExample(Path file) throws IOException {
        byte[] code = Assembler.assemble(file.toString(), Files.readString(file)).code();
        try (Differential diff = new Differential()) {
            long[][] inputs = {{}, {1, 2, 3}, {-1L, 0, 65535}};
            long[] fuels = {Engine.UNLIMITED, 0, 1, 7, 1000, 123_457};
            for (long[] input : inputs) {
                for (long fuel : fuels) {
                    ProgramGenerator.Case c = new ProgramGenerator.Case(0, file.getFileName().toString(), code, input, fuel);
                    assertNull(diff.check(c), file + " fuel " + fuel);
                }
            }
        }
    }

    @Test
    void sieveOnTheCEnginesMatchesTheArticles() throws IOException {
        Path file = Path.of(System.getProperty("piglet.examples", "../examples"), "sieve.pvm");
        Program p = Program.load("sieve", Assembler.assemble(file.toString(), Files.readString(file)).code());
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + 64)) {
            MachineState m = new MachineState(arena);
            for (Engine e : NativeEngine.both()) {
                WordRecorder out = new WordRecorder();
                assertEquals(Status.SUCCESS, e.run(p, m, out, Engine.UNLIMITED), e.name());
                assertEquals(6543, out.size(), e.name());
                assertEquals(1, out.word(0));
                assertEquals(65521, out.word(6542));
                assertEquals(0, m.result());
            }
        }
    }
}
