package dev.piglet.jit;

import static dev.piglet.vm.MachineLayout.*;

import java.lang.foreign.MemorySegment;

/** Out-of-line helpers the generated code calls on its (cold) exits, to keep each method small. */
public final class JitSupport {
    private JitSupport() {}

    /** Records where a compiled run stopped: pc, sp, steps executed, the result register. */
    public static void exit(MemorySegment m, int pc, int sp, long steps, long result) {
        WORD.set(m, PC, (long) pc);
        WORD.set(m, SP, (long) sp);
        WORD.set(m, STEPS, steps);
        WORD.set(m, RESULT, result);
    }
}
