package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.nativeref.NativeEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import dev.piglet.vm.SwitchEngine;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The differential harness keeps memories zero between runs itself and compares each engine's whole memory
 * with the reference's: an engine that writes one stray cell anywhere, on any run of a case (the full run
 * or a cut), is caught on that run, and the next case starts from clean memories again.
 */
class DifferentialMemoryTest {
    /** The switch engine, plus one stray write after its {@code strayRun}-th run (counting from 1). */
    private static final class StrayEngine implements Engine {
        private final Engine inner = new SwitchEngine();
        private final long cell;
        private final long value;
        private final int strayRun;
        private int runs;

        StrayEngine(long cell, long value, int strayRun) {
            this.cell = cell;
            this.value = value;
            this.strayRun = strayRun;
        }

        @Override
        public String name() {
            return "stray";
        }

        @Override
        public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
            int status = inner.execute(program, machine, out, in, fuel);
            if (++runs == strayRun) {
                machine.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG,
                        dev.piglet.vm.MachineLayout.MEMORY + cell * 8, value);
            }
            return status;
        }
    }

    private static byte[] asm(String source) {
        return Assembler.assemble("memory.pvm", source).code();
    }

    /** A loop storing to two fixed cells: a program with a write set (no STORE byte anywhere). */
    private static final byte[] FIXED_CELLS = asm("""
            PUSHI 5
            STOREI 7
            PUSHI 0
            DISCARD
            loop:
            LOADI 7
            PRINT
            LOADI 7
            PUSHI 1
            SUB
            STOREI 7
            LOADI 7
            JUMP_IF_TRUE loop
            PUSHI 9
            STOREI 40000
            DONE
            """);

    /** Stores to 600 computed cells (STORE: writes anywhere, more cells than the sparse comparison takes). */
    private static final byte[] MANY_CELLS = asm("""
            PUSHI 600
            STOREI 0
            loop:
            LOADI 0
            DUP
            STORE
            LOADI 0
            PUSHI 1
            SUB
            DUP
            STOREI 0
            JUMP_IF_TRUE loop
            DONE
            """);

    private static String check(Engine stray, byte[] code, int cuts) {
        try (Differential diff = new Differential(List.of(NativeEngine.cSwitch(), new SwitchEngine(), stray))) {
            return diff.check(new ProgramGenerator.Case(42, "memory", code, new long[0], 100_000), cuts);
        }
    }

    @Test
    void everyProgramAgreesWithoutStrayWrites() {
        assertTrue(!Program.load("fixed", FIXED_CELLS).writesAnywhere() && Program.load("many", MANY_CELLS).writesAnywhere());
        for (byte[] code : List.of(FIXED_CELLS, MANY_CELLS)) {
            assertNull(check(new StrayEngine(0, 0, 0), code, 2));
        }
    }

    @Test
    void aStrayCellIsCaughtAnywhereOnAnyRun() {
        for (byte[] code : List.of(FIXED_CELLS, MANY_CELLS)) {
            for (long cell : new long[] {0, 1, 6, 7, 8, 599, 600, 8191, 8192, 39999, 40000, 40001, 65535}) {
                for (int run = 1; run <= 3; run++) {
                    String d = check(new StrayEngine(cell, 0x5EED, run), code, 2);
                    assertNotNull(d, "stray write to cell " + cell + " on run " + run + " not caught");
                    assertTrue(d.contains("memory[" + cell + "]"), d);
                }
            }
        }
    }

    @Test
    void casesAfterADisagreementStartFromCleanMemory() {
        StrayEngine once = new StrayEngine(12345, 1, 1);
        try (Differential diff = new Differential(List.of(NativeEngine.cSwitch(), new SwitchEngine(), once))) {
            ProgramGenerator.Case c = new ProgramGenerator.Case(42, "memory", FIXED_CELLS, new long[0], 100_000);
            assertNotNull(diff.check(c, 0));
            for (byte[] code : List.of(FIXED_CELLS, MANY_CELLS, FIXED_CELLS)) {
                String d = diff.check(new ProgramGenerator.Case(42, "memory", code, new long[0], 100_000), 2);
                assertNull(d, d);
            }
        }
    }
}
