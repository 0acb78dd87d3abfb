package dev.piglet.jit;

import dev.piglet.vm.Input;
import dev.piglet.vm.Output;
import java.lang.foreign.MemorySegment;

/** A program compiled to JVM bytecode: the interface the generated hidden class implements. */
public interface Compiled {
    /** Returned when the fuel left does not cover the next run: the machine's pc, sp, steps say where to step on. */
    int RESUME = -1;

    /**
     * Runs the program from pc 0 on the machine segment {@code m} (already reset). Writes pc, sp, steps,
     * result and the stack to the segment, and returns the status, or {@link #RESUME}.
     */
    int run(MemorySegment m, Output out, Input in, long fuel);

    /**
     * Continues a run that another engine started (tiered execution's on-stack replacement): at the machine's
     * pc, which must be pc 0 or a jump target, with the steps, result register and stack the segment holds.
     * The steps must already include the run (up to the next control transfer) starting at pc, as
     * {@link JitEngine.Plan#runLength} gives it: entering charges nothing. Returns as {@link #run} does.
     */
    int enter(MemorySegment m, Output out, Input in, long fuel);
}
