package dev.piglet.stream;

import dev.piglet.arena.StreamClosedException;
import dev.piglet.arena.WordLink;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.util.List;

/**
 * VMs in a row, each on its own thread: stage k's PRINTs are stage k+1's READ input, carried by a
 * {@link WordLink} (words in an off-heap ring, batch descriptors in JCTools SPSC queues). The first
 * stage reads {@code first}, the last prints to {@code last}.
 *
 * <p>When a stage succeeds its output stream ends, so the next stage's READ takes its end-of-input
 * jump after the last word. When a stage faults its output stream is aborted: the next stage reads the
 * words already sent and is then stopped (and so on down the line), so no stage computes on a
 * truncated input as if it were complete. When a stage ends while the stage before it is still
 * printing, that earlier stage is stopped the next time it would wait for room (like a Unix pipe's
 * writer getting EPIPE). A stopped stage is reported as {@link Outcome#stopped() stopped}, not as a
 * fault: only the stage that faulted is.
 */
public final class Pipeline {
    private Pipeline() {}

    /** One program and the machine it runs on. */
    public record Stage(String name, Program program, MachineState machine) {}

    /**
     * How a stage ended: its {@link Status} (meaningless when stopped), whether it was stopped because
     * a neighbour ended (the next stage stopped reading or the previous one faulted), and any unexpected
     * exception (e.g. an I/O error on the output).
     */
    public record Outcome(int status, boolean stopped, Throwable error) {
        /** True if this stage failed in a way the user must hear about. */
        public boolean failed() {
            return error != null || (!stopped && status != Status.SUCCESS);
        }
    }

    /** Runs every stage to its end and returns their outcomes in stage order. */
    public static Outcome[] run(Engine engine, List<Stage> stages, Input first, Output last, long fuel) {
        return run(engine, stages, first, last, fuel, Links.RING_BYTES);
    }

    /** As {@link #run(Engine, List, Input, Output, long)}, each link's ring holding {@code ringBytes}. */
    public static Outcome[] run(Engine engine, List<Stage> stages, Input first, Output last, long fuel, long ringBytes) {
        int n = stages.size();
        WordLink[] links = new WordLink[n - 1];
        Outcome[] outcomes = new Outcome[n];
        Thread[] threads = new Thread[n];
        try {
            for (int k = 0; k < n - 1; k++) {
                links[k] = Links.newLink(ringBytes);
            }
            for (int k = 0; k < n; k++) {
                final int stage = k;
                Input in = k == 0 ? first : new StreamInput(links[k - 1].source());
                Output out = k == n - 1 ? last : new StreamOutput(links[k].sink());
                threads[k] = new Thread(() -> outcomes[stage] = runStage(engine, stages.get(stage), in, out, fuel,
                        stage < n - 1 ? links[stage] : null, stage > 0 ? links[stage - 1] : null),
                        "piglet-stage-" + (k + 1));
                threads[k].setDaemon(true);
            }
            for (Thread t : threads) {
                t.start();
            }
            for (Thread t : threads) {
                joinUninterruptibly(t);
            }
        } finally {
            for (WordLink link : links) {
                if (link != null) {
                    link.close();
                }
            }
        }
        return outcomes;
    }

    private static Outcome runStage(Engine engine, Stage stage, Input in, Output out, long fuel,
                                    WordLink downstream, WordLink upstream) {
        Outcome outcome = new Outcome(Status.SUCCESS, false, null);
        try {
            int status = engine.run(stage.program(), stage.machine(), out, in, fuel);
            outcome = new Outcome(status, false, null);
        } catch (StreamClosedException e) {
            outcome = new Outcome(Status.SUCCESS, true, null);
        } catch (Throwable e) {
            outcome = new Outcome(Status.SUCCESS, false, e);
        } finally {
            if (downstream != null) {
                if (!outcome.failed() && !outcome.stopped()) {
                    downstream.sink().close();  // the next stage sees the end of its input
                } else {
                    downstream.sink().abort();  // the next stage stops after the words already sent
                }
            }
            if (upstream != null) {
                upstream.source().close();      // the stage before stops instead of waiting for room
            }
        }
        return outcome;
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
