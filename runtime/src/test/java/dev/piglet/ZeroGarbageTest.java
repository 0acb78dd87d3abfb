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
                for (int i = 0; i < 3_000; i++) { // warm up: let the JIT compile the run path
                    m.run(p);
                }
                int runs = 1_000;
                long before = threads.getThreadAllocatedBytes(me);
                for (int i = 0; i < runs; i++) {
                    m.run(p);
                }
                long perRun = (threads.getThreadAllocatedBytes(me) - before) / runs;
                assertTrue(perRun < 16, engine.name() + ": " + perRun + " bytes allocated per run");
            }
            assertTrue(sum.total != 0);
        }
    }
}
