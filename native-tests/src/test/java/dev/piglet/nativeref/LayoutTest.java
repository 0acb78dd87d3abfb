package dev.piglet.nativeref;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piglet.arena.BumpArena;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.MachineLayout;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The C compiler's struct layouts equal the Java ones, so both sides read and write the same memory. */
class LayoutTest {
    private final NativeLibrary lib = NativeLibrary.get();

    @Test
    void machineOffsetsMatchMachineLayout() {
        assertEquals(MachineLayout.RESULT, lib.layout(0), "result");
        assertEquals(MachineLayout.SP, lib.layout(1), "sp");
        assertEquals(MachineLayout.PC, lib.layout(2), "pc");
        assertEquals(MachineLayout.STATUS, lib.layout(3), "status");
        assertEquals(MachineLayout.STEPS, lib.layout(4), "steps");
        assertEquals(MachineLayout.STACK, lib.layout(5), "stack");
        assertEquals(MachineLayout.MEMORY, lib.layout(6), "memory");
        assertEquals(MachineLayout.SIZE, lib.layout(7), "sizeof(piglet_machine)");
    }

    @Test
    void ioStructMatchesNativeIoLayout() {
        assertEquals(NativeIoLayout.SIZE, lib.layout(8));
    }

    @Test
    void memoryChecksumIsTheSameOnBothSides() {
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + 64)) {
            MachineState m = new MachineState(arena);
            m.reset();
            assertEquals(m.memoryChecksum(), lib.memoryChecksum(m.segment()));
            SplittableRandom r = new SplittableRandom(6);
            for (int i = 0; i < 1000; i++) {
                m.setMemory(r.nextInt(65536), r.nextLong());
            }
            m.setMemory(0, -1);
            m.setMemory(65535, 42);
            assertEquals(m.memoryChecksum(), lib.memoryChecksum(m.segment()));
        }
    }
}
