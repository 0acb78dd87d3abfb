package dev.piglet.engines;

import dev.piglet.code.Program;
import dev.piglet.jit.JitEngine;
import dev.piglet.vm.ColdEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.lang.foreign.Arena;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default engine: interpret at once, compile what gets hot, and move the running program onto the
 * compiled code in the middle of the run. A run starts on {@link ColdEngine} (fast from the first
 * instruction in a fresh JVM), which counts the loop back-edges it takes. Once a program has taken
 * {@code threshold} of them (over all its runs on this engine), {@link JitEngine} compiles it, on a background
 * thread by default while the interpreter goes on; at the next back-edge after the code is ready the
 * interpreter stops, its state already in the machine segment, and the compiled code continues from that
 * loop header ({@link JitEngine#continueRun}: on-stack replacement). Later runs of the program start on the
 * compiled code. A program the JIT does not compile (the verifier rejects it, or it is too big) keeps
 * interpreting on the cold loop and later runs go to the JIT engine's own fallback.
 *
 * <p>Output, outcome, fault pc, steps and fuel are the same as on every engine whenever the transfer
 * happens: the interpreter stops only between instructions, and the compiled code charges fuel from there as
 * if it had run from the start ({@code TieredTest} forces a transfer at every back-edge).
 */
public final class TieredEngine implements Engine {
    /**
     * Back-edges a program takes, over its runs, before it is compiled: a few milliseconds of interpreting in
     * a fresh JVM. Short programs end before; the compiler thread only uses the second core meanwhile.
     */
    public static final int DEFAULT_THRESHOLD = 5_000;
    /** The compiler thread's warm-up of fresh compiled code: this many steps, or this long, at most. */
    private static final long WARM_STEPS = 4_000_000;
    private static final long WARM_NANOS = 300_000_000L;
    private static final long WARM_RUN_FUEL = 500_000;
    /** Back-edges between two looks at the compiler's progress. */
    private static final int DEFAULT_PERIOD = 512;

    private static final ColdEngine INTERPRETER = new ColdEngine();
    private static final JitEngine JIT = new JitEngine();

    /** What the last run on this thread did, for {@code run --stats}. */
    private static final ThreadLocal<Report> LAST_RUN = ThreadLocal.withInitial(Report::new);

    private final int threshold;
    private final int period;
    private final boolean background;
    private final Map<Program, Tier> tiers = new WeakHashMap<>();

    /** The default engine: compile after {@link #DEFAULT_THRESHOLD} back-edges, in the background. */
    public TieredEngine() {
        this(DEFAULT_THRESHOLD, DEFAULT_PERIOD, true);
    }

    /**
     * An engine that compiles a program once it has taken {@code threshold} back-edges, looking every
     * {@code period} back-edges, on a background thread or (for tests: {@code threshold} k and {@code period}
     * 1 transfer at exactly the k-th back-edge) in the running thread.
     */
    public TieredEngine(int threshold, int period, boolean background) {
        if (threshold < 1 || period < 1) {
            throw new IllegalArgumentException("threshold and period must be positive");
        }
        this.threshold = threshold;
        this.period = period;
        this.background = background;
    }

    @Override
    public String name() {
        return "tiered";
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        Tier tier;
        synchronized (tiers) {
            tier = tiers.get(program);
            if (tier == null) {
                tier = new Tier(program);
                tiers.put(program, tier);
            }
        }
        Report report = LAST_RUN.get();
        report.clear();
        long t0 = System.nanoTime();
        JitEngine.Plan plan = tier.plan;
        if (plan != null) {
            int status = JIT.execute(program, machine, out, in, fuel);
            report.plan = plan;
            report.compiledNanos = System.nanoTime() - t0;
            report.compiledSteps = machine.steps();
            return status;
        }
        int status = INTERPRETER.execute(program, machine, out, in, fuel, tier);
        long t1 = System.nanoTime();
        report.interpretedNanos = t1 - t0;
        report.interpretedSteps = machine.steps();
        report.compileNanos = tier.compileNanos;
        if (status != ColdEngine.STOPPED_AT_BACK_EDGE) {
            return status;
        }
        plan = tier.plan; // stopAt stops only once the program has compiled code
        report.plan = plan;
        report.enteredAt = (int) machine.pc();
        status = JitEngine.continueRun(plan, program, machine, out, in, fuel);
        report.compiledNanos = System.nanoTime() - t1;
        report.compiledSteps = machine.steps() - report.interpretedSteps;
        return status;
    }

    /** What the last run on the calling thread did on which tier, and for how long (one line). */
    public static String lastRun() {
        return LAST_RUN.get().toString();
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** The tiers one run went through (per thread, reused: a run allocates nothing for it). */
    private static final class Report {
        long interpretedSteps;
        long interpretedNanos = -1;
        long compileNanos;
        int enteredAt = -1;
        long compiledSteps;
        long compiledNanos;
        JitEngine.Plan plan;

        void clear() {
            interpretedNanos = -1;
            compileNanos = 0;
            enteredAt = -1;
            compiledSteps = 0;
            compiledNanos = 0;
            plan = null;
        }

        @Override
        public String toString() {
            if (interpretedNanos < 0 && plan == null) {
                return "tiered: no run";
            }
            if (interpretedNanos < 0) {
                return String.format("tiered: %s, compiled by an earlier run: %d instructions in %.3f ms (%s)",
                        plan.compiled() != null ? "jit" : "not compiled, ran on " + plan.fallback().name(),
                        compiledSteps, ms(compiledNanos), plan.description());
            }
            String cold = String.format("tiered: cold interpreter %d instructions in %.3f ms", interpretedSteps,
                    ms(interpretedNanos));
            if (enteredAt < 0) {
                return cold + (compileNanos > 0 ? String.format("; jit compiled in %.3f ms in the background, for "
                        + "the next run", ms(compileNanos)) : "");
            }
            return String.format("%s; jit compiled in %.3f ms (with its warm-up), entered at pc %d: %d instructions "
                    + "in %.3f ms (%s)", cold, ms(compileNanos), enteredAt, compiledSteps, ms(compiledNanos),
                    plan.description());
        }
    }

    /** The compiler thread: one daemon thread, started by the first compilation. */
    private static final class Compiler {
        static final ExecutorService THREAD = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "piglet-jit");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * A program's progress through the tiers. The back-edge count is updated without synchronization by
     * every thread running the program: a lost update only delays the compilation.
     */
    private final class Tier implements ColdEngine.BackEdges {
        // Weak: the tiers map is keyed weakly by the program, and a strong path from a value to its key would keep
        // every program ever run alive (a host loading many programs, the differential campaign).
        private final WeakReference<Program> program;
        private long backEdges;
        private boolean requested;
        private volatile JitEngine.Plan plan;
        private volatile long compileNanos;
        private volatile boolean failed;

        Tier(Program program) {
            this.program = new WeakReference<>(program);
        }

        @Override
        public int period() {
            return period;
        }

        @Override
        public boolean stopAt(int target) {
            JitEngine.Plan p = plan;
            if (p == null && !failed) {
                backEdges += period;
                if (backEdges >= threshold && request()) {
                    if (background) {
                        Compiler.THREAD.execute(this::compile);
                    } else {
                        compile();
                    }
                }
                p = plan;
            }
            return p != null && p.compiled() != null;
        }

        private synchronized boolean request() {
            boolean first = !requested;
            requested = true;
            return first;
        }

        private void compile() {
            long t0 = System.nanoTime();
            Program program = this.program.get();
            if (program == null) {
                failed = true; // no one runs it any more
                return;
            }
            try {
                JitEngine.Plan p = JitEngine.plan(program);
                if (background && p.compiled() != null) {
                    warm(program, p);
                }
                compileNanos = System.nanoTime() - t0;
                plan = p;
            } catch (RuntimeException | LinkageError e) {
                failed = true; // keep interpreting: the outcome does not depend on the tier
            }
        }

        /**
         * Runs the fresh compiled code on a scratch machine (no input, output dropped, fuel-limited runs) until
         * HotSpot has had the back-edges to compile its hot loops: entered straight away, the generated code
         * would start in HotSpot's bytecode interpreter, where every segment access is a chain of calls, and run
         * slower than the cold loop it replaces for many milliseconds.
         */
        private void warm(Program program, JitEngine.Plan p) {
            try (Arena arena = Arena.ofConfined()) {
                MachineState scratch = new MachineState(arena.allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
                long deadline = System.nanoTime() + WARM_NANOS;
                long steps = 0;
                while (steps < WARM_STEPS && System.nanoTime() < deadline) {
                    JIT.run(program, scratch, Output.DISCARD, Input.EMPTY, WARM_RUN_FUEL);
                    steps += scratch.steps();
                    if (scratch.steps() == 0) {
                        break;
                    }
                }
            }
        }
    }
}
