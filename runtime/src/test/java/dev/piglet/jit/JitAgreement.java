package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import dev.piglet.vm.SwitchEngine;
import java.lang.classfile.ClassFile;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Compiled code against the checking switch engine: a program compiled as one method and split into regions
 * (budgets of 1, 3 and 10 instructions), run at every fuel value up to its end and unlimited, must stop in the same state
 * (status, pc, sp, steps, result, output, memory).
 */
final class JitAgreement {
    private JitAgreement() {}

    static Program program(String source) {
        return Program.load("t.pvm", Assembler.assemble("t.pvm", source).code());
    }

    private static MachineState machine() {
        MachineState m = new MachineState(Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        m.reset();
        return m;
    }

    private record Outcome(int status, long pc, long sp, long steps, long result, List<Long> printed, long memory) {}

    /** A PRINT callback: records the word, and may write the machine's memory (cell, value) as a host could. */
    private static Output printer(MachineState m, List<Long> printed, BiConsumer<MachineState, Long> host) {
        return w -> {
            printed.add(w);
            host.accept(m, w);
        };
    }

    private static Input words(long... words) {
        return new Input() {
            int next;

            @Override
            public int next() {
                return next < words.length ? WORD : END;
            }

            @Override
            public long word() {
                return words[next++];
            }
        };
    }

    static void agree(String what, String source, BiConsumer<MachineState, Long> host, long... input) {
        Program p = program(source);
        Verification v = Verifier.verify(p);
        assertTrue(v.ok(), what + ": " + v);
        long end = reference(p, host, Long.MAX_VALUE, input).steps();
        List<JitCompiler.Output2> builds = new ArrayList<>();
        builds.add(JitCompiler.generate(p, v));
        for (int budget : new int[] {1, 3, 10}) {
            builds.add(JitCompiler.generateSplit(p, v, budget));
        }
        for (JitCompiler.Output2 out : builds) {
            assertEquals(List.of(), ClassFile.of().verify(out.bytes()), what);
            Compiled compiled = JitCompiler.define(out.bytes());
            // Up to the end and past it, and unlimited: near the end a check hands the rest to the interpreter
            // (FuelRuns), so only an unlimited run shows the compiled code to the end.
            for (long f = 0; f <= end + 2; f++) {
                long fuel = f == end + 2 ? Long.MAX_VALUE : f;
                MachineState m = machine();
                List<Long> printed = new ArrayList<>();
                int status = JitEngine.runCompiled(compiled, p, m, printer(m, printed, host), words(input), fuel);
                Outcome jit = new Outcome(status, m.pc(), m.sp(), m.steps(), m.result(), printed, m.memoryChecksum());
                assertEquals(reference(p, host, fuel, input), jit, what + " in " + out.regions() + " regions, fuel " + fuel);
            }
        }
    }

    private static Outcome reference(Program p, BiConsumer<MachineState, Long> host, long fuel, long... input) {
        MachineState m = machine();
        List<Long> printed = new ArrayList<>();
        int status = new SwitchEngine().run(p, m, printer(m, printed, host), words(input), fuel);
        return new Outcome(status, m.pc(), m.sp(), m.steps(), m.result(), printed, m.memoryChecksum());
    }

    static final BiConsumer<MachineState, Long> QUIET = (m, w) -> { };
}
