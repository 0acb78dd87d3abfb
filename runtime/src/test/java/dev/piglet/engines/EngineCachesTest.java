package dev.piglet.engines;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.lang.foreign.Arena;
import java.lang.ref.WeakReference;
import org.junit.jupiter.api.Test;

/**
 * Engines cache what they derive from a program (word code, traces, compiled code, tier state) keyed weakly
 * by it: a program no one holds any more must be collectable after it ran on any engine, or a host that loads
 * many programs (and the differential campaign) runs out of memory. TieredEngine's tier state once held its
 * program strongly and kept every program alive.
 */
class EngineCachesTest {
    private static WeakReference<Program> runOnce(Engine engine, int k) {
        // A hot loop, so tiered execution compiles it; k makes each program new.
        Program p = Program.load("t" + k + ".pvm", Assembler.assemble("t.pvm", """
                PUSHI 0
                loop:
                ADDI 1
                DUP
                PUSHI %d
                LESS
                JUMP_IF_TRUE loop
                POP_RES
                DONE
                """.formatted(20_000 + k)).code());
        try (Arena arena = Arena.ofConfined()) {
            MachineState m = new MachineState(arena.allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
            m.reset();
            engine.run(p, m, Output.DISCARD, Input.EMPTY, Engine.UNLIMITED);
        }
        return new WeakReference<>(p);
    }

    @Test
    void aProgramNoOneHoldsIsCollectedAfterRunningOnEveryEngine() throws InterruptedException {
        int k = 0;
        for (Engine engine : Engines.all()) {
            WeakReference<Program> ref = runOnce(engine, k++);
            for (int i = 0; i < 50 && ref.get() != null; i++) {
                System.gc();
                Thread.sleep(20);
            }
            assertNull(ref.get(), engine.name() + " keeps a program alive after its run");
        }
    }
}
