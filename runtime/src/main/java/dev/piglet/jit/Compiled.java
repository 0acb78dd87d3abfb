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
}
