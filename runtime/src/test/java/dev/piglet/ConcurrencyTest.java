package dev.piglet;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Program;
import dev.piglet.engines.Engines;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many machines on many threads share only immutable programs: 8 threads x 1,000 runs of realistic
 * workloads (sorting, fibonacci, matrix multiply, memory sweeps) on every engine, each run's output and
 * outcome identical to a single-threaded reference run.
 */
class ConcurrencyTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));
    static final String[] WORKLOADS = {"sort.pvm", "fib.pvm", "matmul.pvm", "sweep.pvm"};
    static final int THREADS = 8;
    static final int RUNS_PER_THREAD = 1_000;

    /** A cheap order-sensitive fingerprint of the printed words. */
    static final class Fingerprint {
        long hash = 17;
        long count;

        void add(long word) {
            hash = hash * 31 + word;
            count++;
        }
    }

    record Expected(long hash, long count, RunStatus status, long result) {}

    @Test
    void eightThreadsTimesAThousandRunsAgree() throws Exception {
        List<Program> programs = new ArrayList<>();
        List<Expected> expected = new ArrayList<>();
        for (String w : WORKLOADS) {
            Program p = Piglet.load(EXAMPLES.resolve(w));
            Fingerprint f = new Fingerprint();
            try (Machine m = Piglet.machine(MachineOptions.defaults().onPrint(f::add))) {
                Outcome o = m.run(p);
                assertTrue(o.ok(), w + ": " + o.message());
                expected.add(new Expected(f.hash, f.count, o.status(), o.result()));
            }
            programs.add(p);
        }
        var engines = Engines.all();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                final int thread = t;
                done.add(pool.submit(() -> {
                    Fingerprint f = new Fingerprint();
                    String engine = engines.get(thread % engines.size()).name();
                    int checked = 0;
                    try (Machine m = Piglet.machine(MachineOptions.defaults().engine(engine).fuel(50_000_000).onPrint(f::add))) {
                        for (int run = 0; run < RUNS_PER_THREAD; run++) {
                            int w = (run + thread) % programs.size();
                            f.hash = 17;
                            f.count = 0;
                            Outcome o = m.run(programs.get(w));
                            Expected e = expected.get(w);
                            assertEquals(e, new Expected(f.hash, f.count, o.status(), o.result()),
                                    () -> engine + " thread " + thread + " " + WORKLOADS[w]);
                            checked++;
                        }
                    }
                    return checked;
                }));
            }
            int total = 0;
            for (Future<Integer> f : done) {
                total += f.get();
            }
            assertEquals(THREADS * RUNS_PER_THREAD, total);
        }
    }
}
