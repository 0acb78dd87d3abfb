package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A run starts with zero registers and zero memory however the machine was used before: a machine
 * that ran a sequence of different programs (and host writes between them) must end every run exactly
 * as a fresh machine ends the same run. Any cell the cheap clear of {@link Machine#prepare} missed
 * shows up as a memory, output or result difference.
 */
class ZeroStartTest {

    /** STORE hidden in a PUSHI argument, reached by a jump into it: writes memory[1234] = 99. */
    static final byte[] HIDDEN_STORE = {
        PUSHI, 0x04, (byte) 0xD2,   // 0: PUSHI 1234 (address)
        PUSHI, 0, 99,               // 3: PUSHI 99 (value)
        JUMP, 0, 10,                // 6: JUMP 10, into the next argument
        PUSHI, STORE, DONE,         // 9: PUSHI 0x0618; executed from 10 as STORE, DONE
    };

    /** STOREI hidden across two PUSHI arguments: from 4 it decodes STOREI 0x2A2B (= 10795). */
    static final byte[] HIDDEN_STOREI = {
        PUSHI, 0, 77,               // 0: PUSHI 77
        JUMP, 0, 8,                 // 3: JUMP 8
        PUSHI, 0, STOREI,           // 6: PUSHI 4; executed from 8 as STOREI 0x2A2B
        0x2A, 0x2B, DONE,           // 9
    };

    /** Plain STOREIs to three cells, then a fault (division by zero) after the writes. */
    static final byte[] STOREIS_THEN_FAULT = {
        PUSHI, 0, 5, STOREI, 0, 1,
        PUSHI, (byte) 0xFF, (byte) 0xFF, STOREI, (byte) 0xFF, (byte) 0xFF,
        PUSHI, 0, 9, STOREI, 0x10, 0x00,
        PUSHI, 0, 1, PUSHI, 0, 0, DIV, DONE,
    };

    /** Reads the cells the others write and a few more, PRINTs each, sums them into the result. */
    static final byte[] READER = reader(new int[] {1, 1234, 10795, 4096, 65535, 0, 7, 40000});

    static byte[] reader(int[] cells) {
        List<Byte> b = new ArrayList<>();
        add(b, PUSHI, 0);
        for (int c : cells) {
            add(b, LOADI, c);
            b.add((byte) DUP);
            b.add((byte) PRINT);
            b.add((byte) ADD);
        }
        b.add((byte) POP_RES);
        b.add((byte) DONE);
        byte[] out = new byte[b.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(i);
        }
        return out;
    }

    static void add(List<Byte> b, int op, int arg) {
        b.add((byte) op);
        b.add((byte) (arg >>> 8));
        b.add((byte) arg);
    }

    @Test
    void writeSetsAreFoundAtEveryOffset() {
        assertTrue(Program.load("hidden-store", HIDDEN_STORE).writesAnywhere());
        Program hiddenStorei = Program.load("hidden-storei", HIDDEN_STOREI);
        assertFalse(hiddenStorei.writesAnywhere());
        assertEquals(List.of(0x2A2B), cells(hiddenStorei));
        assertEquals(List.of(1, 0x1000, 65535), cells(Program.load("storeis", STOREIS_THEN_FAULT)));
        // over-approximation: LOADI 1234 is 2, 0x04, 0xD2, and the 0x04 reads as STOREI 0xD207 (0xD2, then DUP)
        assertEquals(List.of(0xD207), cells(Program.load("reader", READER)));
        // a truncated STOREI at the very end reads its argument from the zero padding
        assertEquals(List.of(0x0700), cells(Program.load("tail", new byte[] {DONE, STOREI, 7})));
    }

    private static List<Integer> cells(Program p) {
        assertFalse(p.writesAnywhere());
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < p.writtenCellCount(); i++) {
            out.add(p.writtenCell(i));
        }
        return out;
    }

    @Test
    void handWrittenSequencesStartFromZeroOnEveryEngine() {
        List<Program> programs = List.of(
                Program.load("hidden-store", HIDDEN_STORE), Program.load("hidden-storei", HIDDEN_STOREI),
                Program.load("storeis", STOREIS_THEN_FAULT), Program.load("reader", READER));
        Program reader = programs.get(3);
        for (Engine engine : Engines.all()) {
            MachineState machine = Harness.newMachine();
            for (int round = 0; round < 3; round++) {
                for (Program p : programs) {
                    assertSameAsFresh(engine, machine, p, "round " + round);
                    // directly after any program, the reader sees only zeros
                    Harness.Outcome o = Harness.run(engine, reader, machine, new long[0], false, 100);
                    assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 0L, 0L), o.output(), engine.name() + " after " + p.name());
                    assertEquals(0, o.result(), engine.name());
                }
            }
            // the writes really happen (else the test above proves nothing)
            Harness.run(engine, programs.get(0), machine, new long[0], false, 100);
            assertEquals(99, machine.memory(1234), engine.name());
            Harness.run(engine, programs.get(1), machine, new long[0], false, 100);
            assertEquals(77, machine.memory(0x2A2B), engine.name());
            assertEquals(0, machine.memory(1234), engine.name());
        }
    }

    @Test
    void hostWritesAreClearedBeforeTheNextRun() {
        Program reader = Program.load("reader", READER);
        for (Engine engine : Engines.all()) {
            MachineState machine = Harness.newMachine();
            Harness.run(engine, reader, machine, new long[0], false, 100);
            machine.setMemory(1234, 5);                  // remembered cell by cell
            machine.setMemory(65535 + 65536L * 3, 6);    // address wraps to 65535
            assertEquals(0, Harness.run(engine, reader, machine, new long[0], false, 100).result(), engine.name());
            for (int i = 0; i < 100; i++) {              // more than the machine remembers one by one
                machine.setMemory(i * 7 % 65536, i + 1);
            }
            machine.setMemory(40000, 1);
            assertEquals(0, Harness.run(engine, reader, machine, new long[0], false, 100).result(), engine.name());
            // a write through the raw segment, declared
            machine.segment().set(ValueLayout.JAVA_LONG, MachineLayout.memoryCell(4096), 3L);
            machine.markAllDirty();
            assertEquals(0, Harness.run(engine, reader, machine, new long[0], false, 100).result(), engine.name());
            // reset() then execute() without prepare (as a profiler may), then a normal run
            machine.reset();
            engine.execute(Program.load("hidden-store", HIDDEN_STORE), machine, Output.DISCARD, Input.EMPTY, 100);
            assertEquals(99, machine.memory(1234));
            assertEquals(0, Harness.run(engine, reader, machine, new long[0], false, 100).result(), engine.name());
        }
    }

    @Test
    void aFreshSegmentOfGarbageIsClearedOnTheFirstRun() {
        MemorySegment garbage = Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT);
        garbage.fill((byte) 0x5A);
        MachineState machine = new MachineState(garbage);
        Harness.Outcome o = Harness.run(Engines.defaultEngine(), Program.load("reader", READER), machine, new long[0], false, 100);
        assertEquals(0, o.result());
        assertEquals(Harness.memoryHash(Harness.newMachine()), o.memory());
    }

    /**
     * Both ways {@link MachineState#clearMemory} zeroes memory (the native fill for a JVM's first clears, the loop
     * C2 vectorizes after) leave every word zero: more clears than the switch-over, each over fresh garbage.
     */
    @Test
    void everyClearZeroesAllOfMemory() {
        MemorySegment memory = Arena.ofAuto().allocate((long) MachineLayout.MEMORY_WORDS * 8, 64);
        MemorySegment zeros = MemorySegment.ofArray(new long[MachineLayout.MEMORY_WORDS]);
        Random random = new Random(11);
        for (int round = 0; round < 1_200; round++) {
            for (int k = 0; k < 8; k++) {
                memory.setAtIndex(ValueLayout.JAVA_LONG, random.nextInt(MachineLayout.MEMORY_WORDS), random.nextLong() | 1);
            }
            memory.setAtIndex(ValueLayout.JAVA_LONG, 0, -1L);
            memory.setAtIndex(ValueLayout.JAVA_LONG, MachineLayout.MEMORY_WORDS - 1, -1L);
            MachineState.clearMemory(memory);
            assertEquals(-1L, memory.mismatch(zeros), "round " + round);
        }
    }

    /** PUSHI addr, PUSHI value, STORE, DONE: one computed store, so the program may write anywhere. */
    static byte[] storeAt(int address, int value) {
        return new byte[] {PUSHI, (byte) (address >> 8), (byte) address, PUSHI, (byte) (value >> 8), (byte) value,
            STORE, DONE};
    }

    /**
     * tos reports how far up memory its run wrote, and the next clear goes only that far: but only after a run
     * that started from {@code prepare}. A host write, or another engine's run continued without
     * {@code prepare} (as a resumed run is), must put the whole of memory back in the next clear.
     */
    @Test
    void tosBoundsTheNextClearOnlyAfterACleanStart() {
        TosEngine tos = new TosEngine();
        Engine other = new SwitchEngine();
        Program low = Program.load("low", storeAt(100, 5));
        Program high = Program.load("high", storeAt(60000, 9));
        Program reader = Program.load("reader", READER);
        assertTrue(low.writesAnywhere());
        MachineState m = Harness.newMachine();

        assertEquals(Status.SUCCESS, tos.run(low, m, Output.DISCARD, Engine.UNLIMITED));
        assertEquals(5, m.memory(100));
        // a run of another engine, continued without prepare, writes above what tos reported
        assertEquals(Status.SUCCESS, other.execute(high, m, Output.DISCARD, Input.EMPTY, Engine.UNLIMITED));
        assertEquals(9, m.memory(60000));
        m.prepare(reader);
        assertEquals(0, m.memory(60000), "a continued run's write survived the clear");
        assertEquals(0, m.memory(100));

        assertEquals(Status.SUCCESS, tos.run(low, m, Output.DISCARD, Engine.UNLIMITED));
        m.setMemory(40000, 3); // the host writes above what tos reported
        m.prepare(reader);
        assertEquals(0, m.memory(40000), "a host write survived the clear");

        m.prepare(low);
        m.setMemory(50000, 4); // between prepare and the run: the run's bound does not cover it
        assertEquals(Status.SUCCESS, tos.execute(low, m, Output.DISCARD, Input.EMPTY, Engine.UNLIMITED));
        m.prepare(reader);
        assertEquals(0, m.memory(50000), "a write before the run survived the clear");

        // and the bound itself: after a clean tos run, cells above it are zero without being cleared
        assertEquals(Status.SUCCESS, tos.run(low, m, Output.DISCARD, Engine.UNLIMITED));
        m.prepare(reader);
        for (int cell : new int[] {0, 100, 127, 128, 40000, 65535}) {
            assertEquals(0, m.memory(cell), "cell " + cell);
        }
    }

    @Test
    void randomSequencesMatchAFreshMachine() {
        Random random = new Random(7);
        for (Engine engine : Engines.all()) {
            MachineState machine = Harness.newMachine();
            for (int i = 0; i < 40; i++) {
                ProgramGenerator g = new ProgramGenerator(random.nextLong());
                byte[] code = switch (random.nextInt(5)) {
                    case 0 -> g.soup();
                    case 1 -> HIDDEN_STORE;
                    case 2 -> HIDDEN_STOREI;
                    default -> g.structured();
                };
                if (random.nextInt(4) == 0) {
                    machine.setMemory(random.nextInt(65536), random.nextLong());
                }
                assertSameAsFresh(engine, machine, Program.load("case-" + i, code), "case " + i,
                        g.input(), g.fuel());
            }
        }
    }

    private static void assertSameAsFresh(Engine engine, MachineState used, Program p, String what) {
        assertSameAsFresh(engine, used, p, what, new long[0], 10_000);
    }

    private static void assertSameAsFresh(Engine engine, MachineState used, Program p, String what, long[] input, long fuel) {
        Harness.Outcome expected = Harness.run(engine, p, Harness.newMachine(), input, false, fuel);
        Harness.Outcome actual = Harness.run(engine, p, used, input, false, fuel);
        assertEquals(expected, actual, engine.name() + " " + p.name() + " " + what);
    }
}
