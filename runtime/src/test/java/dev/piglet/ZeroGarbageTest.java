package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Running a Piglet program allocates nothing on the Java heap in steady state: the machine's state is
 * off-heap, the outcome object is reused, PRINT goes to a sink that does not allocate.
 */
class ZeroGarbageTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    static final class Sum {
        long total;
    }

    @Test
    void steadyStateRunsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().threadId();
        Program p = Piglet.load(EXAMPLES.resolve("matmul.pvm"));
        for (var engine : Engines.all()) {
            Sum sum = new Sum();
            try (Machine m = Piglet.machine(MachineOptions.defaults().engine(engine.name()).onPrint(w -> sum.total += w))) {
                // Warm up: let the JIT compile the run path. tiered interprets the first runs (allocating a heap
                // copy of the machine) and compiles in the background; its compiled code allocates nothing once
                // C2 has it (C2 scalar-replaces the segment view each run makes). On a loaded machine C2 can be
                // late: a round that still allocates is followed by more warm-up, up to five rounds; an engine
                // that allocates in its steady state fails every round.
                int warmUp = engine.name().equals("tiered") ? 30_000 : 3_000;
                long perRun = Long.MAX_VALUE;
                for (int round = 0; round < 5 && perRun >= 16; round++) {
                    for (int i = 0; i < warmUp; i++) {
                        m.run(p);
                    }
                    int runs = 1_000;
                    long before = threads.getThreadAllocatedBytes(me);
                    for (int i = 0; i < runs; i++) {
                        m.run(p);
                    }
                    perRun = (threads.getThreadAllocatedBytes(me) - before) / runs;
                }
                assertTrue(perRun < 16, engine.name() + ": " + perRun + " bytes allocated per run");
            }
            assertTrue(sum.total != 0);
        }
    }
}
