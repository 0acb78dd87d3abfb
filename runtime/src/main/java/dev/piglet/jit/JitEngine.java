package dev.piglet.jit;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.WordCode;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.Machine;
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
 * run on the {@link TosEngine} interpreter instead: splitting into per-block methods is not done. {@link #plan} says which happened. Results are identical in every case.
 */
public final class JitEngine implements Engine {
    private static final SwitchEngine CHECKED = new SwitchEngine();
    private static final TosEngine LARGE = new TosEngine();
    private static final Map<Program, Plan> CACHE = new WeakHashMap<>();

    /** How a program runs on this engine: compiled code, or the engine it falls back to and why. */
    public record Plan(Compiled compiled, Engine fallback, String description) {}

    @Override
    public String name() {
        return "jit";
    }

    /** The plan for {@code program}, compiling it on first use. */
    public static Plan plan(Program program) {
        synchronized (CACHE) {
            return CACHE.computeIfAbsent(program, JitEngine::compile);
        }
    }

    private static Plan compile(Program program) {
        Verification v = WordCode.of(program, false).verification();
        if (!v.ok()) {
            return new Plan(null, CHECKED, "not compiled: " + v + "; runs on the checking switch engine");
        }
        JitCompiler.Output2 out;
        try {
            out = JitCompiler.generate(program, v);
        } catch (IllegalArgumentException e) {
            // The ClassFile API refuses a method over the JVM's 65,535-byte code limit.
            return new Plan(null, LARGE, "not compiled: the method would exceed the JVM's 64 KiB code limit ("
                    + e.getMessage() + "); runs on the tos engine");
        }
        if (out.methodSize() >= JitCompiler.HUGE_METHOD_LIMIT) {
            return new Plan(null, LARGE, "not compiled: the method would be " + out.methodSize()
                    + " bytecode bytes, over C2's HugeMethodLimit of " + JitCompiler.HUGE_METHOD_LIMIT
                    + "; runs on the tos engine");
        }
        if (out.methodSize() > JitCompiler.INLINING_BUDGET) {
            return new Plan(null, LARGE, "not compiled: the method would be " + out.methodSize()
                    + " bytecode bytes; above " + JitCompiler.INLINING_BUDGET + " HotSpot gives up inlining its segment"
                    + " accesses (\"Method and/or inlining is too large\") and runs it interpreted; runs on the tos engine");
        }
        return new Plan(JitCompiler.define(out.bytes()), null,
                "compiled to one JVM method of " + out.methodSize() + " bytecode bytes, stack depth " + v.maxDepth());
    }

    @Override
    public int execute(Program program, Machine machine, Output out, Input in, long fuel) {
        Plan plan = plan(program);
        if (plan.compiled() == null) {
            return plan.fallback().execute(program, machine, out, in, fuel);
        }
        int status = plan.compiled().run(machine.segment(), out, in, fuel);
        if (status == Compiled.RESUME) {
            return Stepper.resume(program, machine, out, in, fuel, (int) machine.pc(), (int) machine.sp(),
                    machine.steps(), machine.result());
        }
        machine.finish(status, machine.pc(), machine.sp(), machine.steps());
        return status;
    }
}
