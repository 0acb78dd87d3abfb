package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Suspending at READ, save, restore and resume give the same run as an uninterrupted one, on every engine. */
class ResumeTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));
    static final long[] WORDS = {3, 5, 6, 9, 10, 12, 0, -1L, 21, 7};

    /** A running sum kept on the stack across READs (so the stack must survive), printed after each word. */
    static final String STACK_SUM = "PUSHI 0\nloop:\nREAD end\nADD\nDUP\nPRINT\nJUMP loop\nend:\nPOP_RES\nDONE\n";
    /** Memory written through STORE (anywhere), so save must scan all memory. */
    static final String STORE_ANYWHERE = "loop:\nREAD end\nDUP\nDUP\nSTORE\nPRINT\nJUMP loop\nend:\nPUSHI 9\nLOAD\nPOP_RES\nDONE\n";

    record Run(List<Long> printed, Outcome.Snapshot outcome, MachineSnapshot state) {}

    static Run uninterrupted(String engine, Program p) {
        List<Long> out = new ArrayList<>();
        try (Machine m = Piglet.machine(MachineOptions.defaults().engine(engine).onPrint(out::add))) {
            Outcome o = m.run(p, Inputs.of(WORDS));
            return new Run(out, o.snapshot(), m.save());
        }
    }

    /** Feeds one word at a time, moving the state to the other machine between words. */
    static Run wordByWord(String engine, Program p) {
        List<Long> out = new ArrayList<>();
        MachineOptions options = MachineOptions.defaults().engine(engine).onPrint(out::add);
        try (Machine a = Piglet.machine(options); Machine b = Piglet.machine(options)) {
            WordFeed feed = new WordFeed();
            Outcome o = a.run(p, feed);
            Machine current = a;
            for (long w : WORDS) {
                assertTrue(feed.waiting(), "stopped at a READ");
                assertEquals(RunStatus.BAD_INPUT, o.status());
                assertEquals(p.byteAt((int) o.pc()), dev.piglet.code.Opcodes.READ);
                MachineSnapshot s = current.save();
                current = current == a ? b : a;
                current.restore(s);
                assertEquals(s, current.save());
                feed.offer(w);
                o = current.resume(p, feed);
            }
            feed.end();
            o = current.resume(p, feed);
            return new Run(out, o.snapshot(), current.save());
        }
    }

    @Test
    void everyEngineSuspendsAtReadAndResumesWhereItStopped() {
        List<Program> programs = List.of(Piglet.load(EXAMPLES.resolve("pipe-sum.pvm")),
                Piglet.load(EXAMPLES.resolve("pipe-filter.pvm")), Piglet.assemble("stack-sum", STACK_SUM),
                Piglet.assemble("store-anywhere", STORE_ANYWHERE));
        for (var engine : Engines.all()) {
            for (Program p : programs) {
                Run whole = uninterrupted(engine.name(), p);
                Run pieces = wordByWord(engine.name(), p);
                String where = engine.name() + " " + p.name();
                assertTrue(whole.outcome().status().ok(), where);
                assertEquals(whole.printed(), pieces.printed(), where);
                assertEquals(whole.outcome().result(), pieces.outcome().result(), where);
                assertEquals(whole.outcome().status(), pieces.outcome().status(), where);
                assertEquals(whole.outcome().pc(), pieces.outcome().pc(), where);
                assertEquals(whole.state().cellAddresses().length, pieces.state().cellAddresses().length, where);
                assertArrayEquals(whole.state().cellValues(), pieces.state().cellValues(), where);
            }
        }
    }

    @Test
    void resumeContinuesARunThatRanOutOfFuel() {
        Program p = Piglet.load(EXAMPLES.resolve("fib.pvm"));
        for (var engine : Engines.all()) {
            List<Long> whole = new ArrayList<>();
            try (Machine m = Piglet.machine(MachineOptions.defaults().engine(engine.name()).onPrint(whole::add))) {
                m.run(p);
            }
            List<Long> pieces = new ArrayList<>();
            try (Machine m = Piglet.machine(MachineOptions.defaults().engine(engine.name()).fuel(7).onPrint(pieces::add))) {
                Outcome o = m.run(p);
                int rounds = 0;
                while (o.status() == RunStatus.OUT_OF_FUEL) {
                    o = m.resume(p, Inputs.none());
                    rounds++;
                }
                assertTrue(o.ok(), engine.name() + ": " + o);
                assertTrue(rounds > 10);
            }
            assertEquals(whole, pieces, engine.name());
        }
    }

    @Test
    void restoreClearsWhatTheLastKeyLeft() {
        Program p = Piglet.load(EXAMPLES.resolve("pipe-sum.pvm"));
        try (Machine m = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            WordFeed feed = new WordFeed();
            m.restore(MachineSnapshot.START);
            m.resume(p, feed);
            feed.offer(40);
            m.resume(p, feed);
            MachineSnapshot forty = m.save();
            assertEquals(40, forty.memory(0));
            assertEquals(1, forty.memory(1));
            m.restore(MachineSnapshot.START);
            assertEquals(0, m.memory(0));
            assertEquals(0, m.memory(1));
            assertEquals(0, m.save().cellAddresses().length);
            m.restore(forty);
            assertEquals(40, m.memory(0));
        }
    }

    @Test
    void aBadStateIsRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> new MachineSnapshot(0, 0, 0, 0, new long[300], new int[0], new long[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new MachineSnapshot(0, 0, 0, 0, new long[0], new int[] {5, 3}, new long[2]));
    }
}
