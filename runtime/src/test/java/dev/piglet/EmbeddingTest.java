package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.AsmException;
import dev.piglet.code.BytecodeException;
import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import dev.piglet.vm.Input;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EmbeddingTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    @Test
    void assembleRunAndReadTheResult() {
        Program p = Piglet.assemble("PUSHI 6\nPUSHI 7\nMUL\nPOP_RES\nDONE");
        try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            Outcome o = m.run(p);
            assertTrue(o.ok());
            assertEquals(RunStatus.SUCCESS, o.status());
            assertEquals(42, o.result());
            assertEquals(5, o.steps());
            assertEquals("success", o.message());
        }
    }

    @Test
    void outputToACallbackGetsRawWords() {
        List<Long> words = new ArrayList<>();
        try (Machine m = Piglet.machine(MachineOptions.defaults().onPrint(words::add))) {
            m.run(Piglet.load(EXAMPLES.resolve("fib.pvm")));
        }
        assertEquals(94, words.size());
        assertEquals(Long.parseUnsignedLong("12200160415121876738"), words.getLast());
    }

    @Test
    void outputToAStreamIsTheCommandLinesText() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Machine m = Piglet.machine(MachineOptions.defaults().output(out))) {
            m.run(Piglet.load(EXAMPLES.resolve("sum.pvm")));
            m.run(Piglet.load(EXAMPLES.resolve("sum.pvm")));
        }
        assertEquals("2147385345\n2147385345\n", out.toString(StandardCharsets.US_ASCII));
    }

    @Test
    void faultsAreOutcomesNeverExceptions() {
        List<Long> words = new ArrayList<>();
        try (Machine m = Piglet.machine(MachineOptions.defaults().onPrint(words::add))) {
            Outcome o = m.run(Piglet.load(EXAMPLES.resolve("faults.pvm")));
            assertFalse(o.ok());
            assertEquals(RunStatus.DIVISION_BY_ZERO, o.status());
            assertEquals(14, o.pc());
            assertEquals("division by zero at pc 14", o.message());
            assertEquals(List.of(1L, 2L), words);
            assertEquals(2, m.stackDepth());
            assertEquals(3, m.stack(0));
            Outcome.Snapshot s = o.snapshot();
            assertTrue(m.run(Piglet.assemble("DONE")).ok());
            assertTrue(o.ok(), "the outcome object shows the latest run");
            assertEquals(RunStatus.DIVISION_BY_ZERO, s.status(), "a snapshot does not change with later runs");
        }
    }

    @Test
    void fuelBoundsARun() {
        try (Machine m = Piglet.machine(MachineOptions.defaults().fuel(1000).discardOutput())) {
            Outcome o = m.run(Piglet.assemble("l:\nJUMP l"));
            assertEquals(RunStatus.OUT_OF_FUEL, o.status());
            assertEquals(1000, o.steps());
        }
    }

    @Test
    void readTakesWordsFromTheHost() {
        Program sum = Piglet.load(EXAMPLES.resolve("read-sum.pvm"));
        List<Long> words = new ArrayList<>();
        try (Machine m = Piglet.machine(MachineOptions.defaults().onPrint(words::add).input(Inputs.of(1, 2, 3)))) {
            m.run(sum);
            m.run(sum, Inputs.from(java.util.stream.LongStream.rangeClosed(1, 100).iterator()));
            m.run(sum, Inputs.none());
        }
        assertEquals(List.of(6L, 5050L, 0L), words);
        Input bad = new Input() {
            @Override
            public int next() {
                return BAD;
            }

            @Override
            public long word() {
                return 0;
            }

            @Override
            public String error() {
                return "line 3: 'x' is not a number";
            }
        };
        try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            Outcome o = m.run(sum, bad);
            assertEquals(RunStatus.BAD_INPUT, o.status());
            assertEquals("bad input at pc 3: line 3: 'x' is not a number", o.message());
        }
    }

    @Test
    void machinesInspectMemoryAfterARun() {
        try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            m.run(Piglet.load(EXAMPLES.resolve("sweep.pvm")));
            assertEquals(32L * 32, m.memory(32));
            assertEquals(m.memory(32), m.memory(65536 + 32), "addresses wrap to 16 bits");
        }
    }

    @Test
    void everyEngineIsSelectable() {
        for (var e : Engines.all()) {
            try (Machine m = Piglet.machine(MachineOptions.defaults().engine(e.name()).discardOutput())) {
                assertEquals(e.name(), m.engine());
                assertEquals(2432902008176640000L, m.run(Piglet.load(EXAMPLES.resolve("factorial.pvm"))).result());
            }
        }
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class,
                () -> Piglet.machine(MachineOptions.defaults().engine("warp")));
        assertTrue(x.getMessage().contains("unknown engine 'warp'"));
    }

    @Test
    void badProgramsThrowAtLoadTimeWithPositions() {
        AsmException a = assertThrows(AsmException.class, () -> Piglet.assemble("calc.pvm", "PUSHI 1\nFROB\n"));
        assertEquals("calc.pvm:2:1: Unknown operation name: 'FROB'", a.getMessage());
        assertThrows(BytecodeException.class, () -> Piglet.load(new byte[0]));
        assertThrows(BytecodeException.class, () -> Piglet.load(new byte[70_000]));
        BytecodeException missing = assertThrows(BytecodeException.class, () -> Piglet.load(Path.of("/no/such.bin")));
        assertTrue(missing.getMessage().contains("no such file"));
    }

    @Test
    void aClosedMachineRefusesWork() {
        Machine m = Piglet.machine(MachineOptions.defaults().discardOutput());
        m.close();
        m.close(); // idempotent
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.run(Piglet.assemble("DONE")));
        assertEquals("machine is closed", e.getMessage());
        assertThrows(IllegalStateException.class, () -> m.memory(0));
    }

    @Test
    void twoThreadsCannotRunOneMachineAtOnce() throws Exception {
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Input blocking = new Input() {
            @Override
            public int next() {
                reading.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return END;
            }

            @Override
            public long word() {
                return 0;
            }
        };
        Program sum = Piglet.load(EXAMPLES.resolve("read-sum.pvm"));
        try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            Thread t = Thread.ofPlatform().start(() -> m.run(sum, blocking));
            assertTrue(reading.await(10, TimeUnit.SECONDS));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> m.run(sum));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertThrows(IllegalStateException.class, m::close);
            release.countDown();
            t.join();
            assertTrue(m.run(sum).ok(), "usable again once the other run ended");
        }
    }
}
