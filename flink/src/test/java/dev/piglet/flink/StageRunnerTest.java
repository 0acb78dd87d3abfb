package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.MachineSnapshot;
import dev.piglet.Piglet;
import dev.piglet.RunStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The push-to-pull runner and the state codec, without Flink. */
class StageRunnerTest {
    @Test
    void wordsPushedOneByOneGiveThePulledRun() {
        List<Long> out = new ArrayList<>();
        try (StageRunner r = new StageRunner(Reference.example("pipe-filter.pvm"))) {
            r.sink(out::add);
            r.reset();
            assertTrue(r.start());
            for (long w = 1; w <= 10; w++) {
                assertTrue(r.feed(w));
            }
            assertFalse(r.end());
            assertTrue(r.outcome().ok());
            assertEquals(3, r.outcome().result());
        }
        assertEquals(List.of(3L, 6L, 9L), out);
        assertEquals(Reference.pipe(List.of(Reference.example("pipe-filter.pvm")),
                List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L)), out);
    }

    @Test
    void aStateSurvivesTheCodecAndIsSmall() {
        try (StageRunner r = new StageRunner(Reference.example("pipe-sum.pvm"))) {
            r.reset();
            r.start();
            r.feed(40);
            r.feed(2);
            MachineSnapshot s = r.save();
            byte[] bytes = StateCodec.encode(s);
            assertEquals(55, bytes.length);
            assertFalse(StateCodec.finished(bytes));
            assertEquals(s, StateCodec.decode(bytes));
            assertEquals(42, s.memory(0));
            assertTrue(StateCodec.finished(StateCodec.FINISHED_STATE));
        }
    }

    @Test
    void aLoopWithoutReadRunsOutOfFuelInsteadOfHangingItsTask() {
        Stage spin = Stage.of(Piglet.assemble("spin", "loop:\nREAD end\nDISCARD\nhere:\nJUMP here\nend:\nDONE\n")).withFuel(1000);
        try (StageRunner r = new StageRunner(spin)) {
            r.reset();
            assertTrue(r.start());
            assertFalse(r.feed(7));
            assertEquals(RunStatus.OUT_OF_FUEL, r.outcome().status());
        }
    }

    @Test
    void aFaultEndsTheRunWithItsMessage() {
        Stage divide = Stage.of(Piglet.assemble("divide", "loop:\nPUSHI 100\nREAD end\nDIV\nPRINT\nJUMP loop\nend:\nDONE\n"));
        try (StageRunner r = new StageRunner(divide)) {
            r.reset();
            r.start();
            assertTrue(r.feed(5));
            assertFalse(r.feed(0));
            assertEquals("division by zero at pc 6", r.outcome().message());
        }
    }
}
