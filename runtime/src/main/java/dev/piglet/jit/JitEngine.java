package dev.piglet.jit;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.WordCode;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.Output;
import dev.piglet.vm.Stepper;
import dev.piglet.vm.SwitchEngine;
import dev.piglet.vm.TosEngine;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The compiling tier: a verified program becomes a JVM hidden class ({@link JitCompiler}), compiled
 * once per program and cached; HotSpot then compiles that to machine code. Programs the verifier
 * rejects run on the checking {@link SwitchEngine}; programs whose generated method would exceed C2's
 * 8,000-byte HugeMethodLimit (it would never be compiled), or over {@link JitCompiler#INLINING_BUDGET}
 * bytes (each segment access inlines a deep VarHandle chain, and C1 then skips the method as "too large"),
 * are split into region methods (consecutive pcs each, one {@code run} method dispatching between them;
 * see {@link JitCompiler#generateSplit}); only a program whose single instructions are too big to split
 * that way runs on the {@link TosEngine} interpreter. {@link #plan} says which happened. Results are
 * identical in every case.
 */
public final class JitEngine implements Engine {
    private static final SwitchEngine CHECKED = new SwitchEngine();
    private static final TosEngine LARGE = new TosEngine();
    /** Per program, the slot its plan is built in: the map's lock is held only to find the slot. */
    private static final Map<Program, PlanSlot> CACHE = new WeakHashMap<>();

    /**
     * How a program runs on this engine: compiled code, or the engine it falls back to and why; with compiled
     * code, the run length per pc ({@link #runLength}).
     */
    public record Plan(Compiled compiled, Engine fallback, String description, int[] runLengths) {
        Plan(Engine fallback, String description) {
            this(null, fallback, description, null);
        }


        /** What entering the compiled code at {@code pc} charges: the instructions up to the next control transfer. */
        public int runLength(int pc) {
            return runLengths[pc];
        }
    }

    @Override
    public String name() {
        return "jit";
    }

    /**
     * The plan for {@code program}, compiling it on first use. Threads compiling different programs do so in
     * parallel; a thread asking for a program being compiled waits for that compilation.
     */
    public static Plan plan(Program program) {
        PlanSlot slot;
        synchronized (CACHE) {
            slot = CACHE.computeIfAbsent(program, p -> new PlanSlot());
        }
        return slot.get(program);
    }

    /** One program's plan, compiled once under the slot's own lock. Holds no reference to the program (the key). */
    private static final class PlanSlot {
        private Plan plan;

        synchronized Plan get(Program program) {
            Plan p = plan;
            if (p == null) {
                p = compile(program);
                plan = p;
            }
            return p;
        }
    }

    private static Plan compile(Program program) {
        Verification v = WordCode.of(program, false).verification();
        if (!v.ok()) {
            return new Plan(CHECKED, "not compiled: " + v + "; runs on the checking switch engine");
        }
        // Generated code is about 5-7 bytecode bytes per code byte: a program whose code alone says it
        // cannot fit in one method of the largest budget goes straight to the split (one class build fewer).
        JitCompiler.Output2 whole = null;
        if ((long) program.length() * 4 <= JitCompiler.NEST_BUDGET * 3L) {
            try {
                whole = JitCompiler.generate(program, v);
            } catch (IllegalArgumentException e) {
                whole = null; // the ClassFile API refuses a method over the JVM's 65,535-byte code limit
            }
        }
        // The small budget, unless its plan would cut a loop nest apart (a region crossing on every iteration that
        // enters the inner loop) and the large budget cuts the nests less deep: then the large one. Plans are priced
        // before any is generated (planning is cheap, generating a class is not, least of all in a fresh JVM where
        // this runs while the program waits); the large budget is priced with regions of three sizes (a plan's
        // cuts do not shrink steadily with its region size) and the cheapest generated.
        Candidate chosen = null;
        if (whole == null || whole.methodSize() > JitCompiler.INLINING_BUDGET) {
            double bestCost = nestCost(program, v, whole, JitCompiler.INLINING_BUDGET, 0.8);
            double bestFill = 0;
            if (bestCost > 0 && whole != null && whole.methodSize() <= JitCompiler.NEST_BUDGET) {
                bestFill = 0.8; // one method: no cut at all
            } else if (bestCost > 0) {
                for (double fill : new double[] {0.8, 0.65, 0.5}) {
                    double cost = nestCost(program, v, whole, JitCompiler.NEST_BUDGET, fill);
                    if (cost < bestCost) {
                        bestCost = cost;
                        bestFill = fill;
                    }
                }
            }
            if (bestFill > 0) {
                Candidate large = attempt(program, v, whole, JitCompiler.NEST_BUDGET, bestFill);
                chosen = large.out() != null ? large : null;
            }
        }
        if (chosen == null) {
            chosen = attempt(program, v, whole, JitCompiler.INLINING_BUDGET, 0.8);
        }
        if (chosen.out() == null) {
            return chosen.fallback();
        }
        return new Plan(JitCompiler.define(chosen.out().bytes()), null, chosen.description(),
                FuelRuns.runLengths(program, v));
    }

    /** Generated code that fits a budget and what it is, or the plan to fall back to. */
    private record Candidate(JitCompiler.Output2 out, String description, Plan fallback) {}

    /** What the region plan for {@code budget} and {@code fill} costs in cut loop nests ({@link RegionPlan#nestSplitCost}). */
    private static double nestCost(Program program, Verification v, JitCompiler.Output2 whole, int budget, double fill) {
        return RegionPlan.nestSplitCost(program, v, RegionPlan.plan(program, v, regionBudget(program, v, whole, budget, fill)));
    }

    /**
     * Generates one method or regions, each method at most {@code budget} bytecode bytes; regions are planned to
     * fill {@code fill} of the budget (estimated from the bytes per instruction).
     */
    private static Candidate attempt(Program program, Verification v, JitCompiler.Output2 whole, int budget, double fill) {
        if (whole != null && whole.methodSize() <= budget) {
            return new Candidate(whole, "compiled to one JVM method of " + whole.methodSize()
                    + " bytecode bytes, stack depth " + v.maxDepth(), null);
        }
        String why;
        if (whole != null) {
            why = "one method would be " + whole.methodSize() + " bytecode bytes" + (whole.methodSize()
                    >= JitCompiler.HUGE_METHOD_LIMIT ? ", over C2's HugeMethodLimit of " + JitCompiler.HUGE_METHOD_LIMIT
                    : ", over the " + budget + " bytes this plan allows a method");
        } else {
            why = "its " + program.length() + " bytes of code are too many for one method";
        }
        // Too big for one method: split it into region methods (RegionPlan), with an instruction budget from
        // the bytecode budget and the bytes per instruction of the one-method attempt (or an estimate from the
        // code's length), shrunk at most twice when a region method still comes out too big.
        // A region entered at stack depth d reads d slots back (about 13 bytecode bytes each): past half the
        // budget in slots alone, regions cannot be made small enough.
        if (v.maxDepth() * 13 > budget / 2) {
            return new Candidate(null, null, new Plan(LARGE, "not compiled: " + why + ", and at stack depth "
                    + v.maxDepth() + " region methods would spend most of their size reloading slots; runs on the tos engine"));
        }
        int regionBudget = regionBudget(program, v, whole, budget, fill);
        String failed = "";
        for (int attempt = 0; attempt < 3; attempt++) {
            JitCompiler.Output2 split;
            try {
                split = JitCompiler.generateSplit(program, v, regionBudget);
            } catch (IllegalArgumentException e) {
                split = null;
            }
            if (split != null && split.methodSize() <= budget && split.dispatcherSize() < JitCompiler.HUGE_METHOD_LIMIT) {
                return new Candidate(split, "compiled to " + split.regions() + " JVM methods (" + why
                        + "), the largest " + split.methodSize() + " bytecode bytes, stack depth " + v.maxDepth(), null);
            }
            failed = split == null ? "one is still over 64 KiB" : split.methodSize() > budget
                    ? "the largest is still " + split.methodSize() + " bytes" : "the dispatcher is " + split.dispatcherSize() + " bytes";
            // Smaller regions only make the dispatcher bigger, and cannot split one instruction.
            if (regionBudget == 1 || split != null && split.dispatcherSize() >= JitCompiler.HUGE_METHOD_LIMIT) {
                break;
            }
            regionBudget = Math.max(1, regionBudget * 2 / 3);
        }
        return new Candidate(null, null, new Plan(LARGE, "not compiled: " + why + ", and split into regions of at most "
                + regionBudget + " instructions " + failed + "; runs on the tos engine"));
    }

    /**
     * The instructions per region that should fill {@code fill} of a {@code budget}-byte method, from the bytes
     * per instruction of the one-method translation (or an estimate from the code's length).
     */
    private static int regionBudget(Program program, Verification v, JitCompiler.Output2 whole, int budget, double fill) {
        int instructions = 0;
        for (int pc = 0; pc <= program.length(); pc++) {
            instructions += v.isStart(pc) ? 1 : 0;
        }
        double bytesPerInstruction = whole != null ? (double) whole.methodSize() / instructions
                : program.length() * 7.0 / instructions;
        return Math.max(1, (int) (budget * fill / bytesPerInstruction));
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        Plan plan = plan(program);
        if (plan.compiled() == null) {
            return plan.fallback().execute(program, machine, out, in, fuel);
        }
        return runCompiled(plan.compiled(), program, machine, out, in, fuel);
    }

    /**
     * Continues on the compiled code a run another engine stopped at a jump target (or pc 0), its state in the
     * machine segment (pc, sp, stack, steps, result, memory): on-stack replacement for tiered execution. Charges
     * the run starting there, or steps on exactly when the fuel left does not cover it.
     */
    public static int continueRun(Plan plan, Program program, MachineState machine, Output out, Input in, long fuel) {
        int pc = (int) machine.pc();
        long steps = machine.steps();
        if (fuel - steps < plan.runLength(pc)) {
            return Stepper.resume(program, machine, out, in, fuel, pc, (int) machine.sp(), steps, machine.result());
        }
        MachineLayout.WORD.set(machine.segment(), MachineLayout.STEPS, steps + plan.runLength(pc));
        return finish(plan.compiled().enter(machine.segment(), out, in, fuel), program, machine, out, in, fuel);
    }

    /** Runs compiled code on a reset machine, stepping on exactly where it hands over for lack of fuel. */
    static int runCompiled(Compiled compiled, Program program, MachineState machine, Output out, Input in, long fuel) {
        return finish(compiled.run(machine.segment(), out, in, fuel), program, machine, out, in, fuel);
    }

    private static int finish(int status, Program program, MachineState machine, Output out, Input in, long fuel) {
        if (status == Compiled.RESUME) {
            return Stepper.resume(program, machine, out, in, fuel, (int) machine.pc(), (int) machine.sp(),
                    machine.steps(), machine.result());
        }
        machine.finish(status, machine.pc(), machine.sp(), machine.steps());
        return status;
    }
}
