package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import dev.piglet.vm.SwitchEngine;
import java.lang.classfile.ClassFile;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Programs compiled as several region methods ({@link JitCompiler#generateSplit}) behave exactly like the
 * checking switch engine: every example split with budgets of 1 (a region per instruction), 3, 10 and 40
 * instructions, at several fuel limits, with faults and stack contents crossing region boundaries.
 */
class JitSplitTest {
    private static Program program(String source) {
        return Program.load("t.pvm", Assembler.assemble("t.pvm", source).code());
    }

    private static MachineState machine() {
        return new MachineState(Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
    }

    /** Everything observable about a run. */
    private record Outcome(int status, long pc, long sp, long steps, long result, List<Long> printed,
            List<Long> stack, long memory) {}

    private static Outcome outcome(int status, MachineState m, List<Long> printed) {
        List<Long> stack = new ArrayList<>();
        for (int i = 0; i < m.sp(); i++) {
            stack.add(m.stack(i));
        }
        return new Outcome(status, m.pc(), m.sp(), m.steps(), m.result(), printed, stack, m.memoryChecksum());
    }

    private static Input input() {
        long[] words = {5, 7, 11};
        return new Input() {
            int next;
            long word;

            @Override
            public int next() {
                if (next == words.length) {
                    return END;
                }
                word = words[next++];
                return WORD;
            }

            @Override
            public long word() {
                return word;
            }

            @Override
            public String error() {
                return "";
            }
        };
    }

    private static void agree(String what, Program p, int budget, long fuel) {
        Verification v = Verifier.verify(p);
        assertTrue(v.ok(), what + ": " + v);
        JitCompiler.Output2 out = JitCompiler.generateSplit(p, v, budget);
        assertEquals(List.of(), ClassFile.of().verify(out.bytes()), what);
        Compiled compiled = JitCompiler.define(out.bytes());
        MachineState a = machine();
        List<Long> pa = new ArrayList<>();
        int sa = new SwitchEngine().run(p, a, (Output) pa::add, input(), fuel);
        MachineState b = machine();
        b.reset();
        List<Long> pb = new ArrayList<>();
        int sb = JitEngine.runCompiled(compiled, p, b, pb::add, input(), fuel);
        assertEquals(outcome(sa, a, pa), outcome(sb, b, pb), what + " in " + out.regions() + " regions, fuel " + fuel);
    }

    @Test
    void everyExampleAgreesHoweverItIsSplit() throws Exception {
        Path dir = Path.of(System.getProperty("piglet.examples", "../examples"));
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".pvm")).sorted().toList();
        }
        int compiled = 0;
        for (Path f : files) {
            Program p = Program.load(f.toString(), Assembler.assemble(f.toString(), Files.readString(f)).code());
            if (!Verifier.verify(p).ok()) {
                continue;
            }
            compiled++;
            for (int budget : new int[] {1, 3, 10, 40}) {
                for (long fuel : new long[] {0, 1, 17, 1001, 20_000}) {
                    agree(f.getFileName().toString(), p, budget, fuel);
                }
            }
        }
        assertTrue(compiled >= 10, "examples compiled: " + compiled);
    }

    @Test
    void aLoopWhoseBodySpansRegionsKeepsItsStack() {
        // Two values live on the stack across every region boundary; the back edge leaves the last region.
        StringBuilder s = new StringBuilder("PUSHI 100\nPUSHI 0\nloop:\n");
        for (int i = 0; i < 40; i++) {
            s.append("ADDI ").append(i + 1).append('\n');
        }
        s.append("SUB\nDUP\nPRINT\nPUSHI 0\nJUMP loop\n");
        Program p = program(s.toString());
        for (int budget : new int[] {1, 5, 13, 30}) {
            for (long fuel : new long[] {3, 44, 45, 46, 47, 48, 49, 50, 51, 500, 5000}) {
                agree("loop", p, budget, fuel);
            }
        }
    }

    @Test
    void aFaultInALaterRegionKeepsWhatWasPrinted() {
        StringBuilder s = new StringBuilder("PUSHI 1\n");
        for (int i = 0; i < 300; i++) {
            s.append("DUP\nPRINT\nADDI 1\n");
        }
        s.append("PUSHI 0\nDIV\nPRINT\nDONE\n");
        Program p = program(s.toString());
        agree("fault", p, 9, Engine.UNLIMITED);
        List<Long> printed = new ArrayList<>();
        MachineState m = machine();
        m.reset();
        Compiled c = JitCompiler.define(JitCompiler.generateSplit(p, Verifier.verify(p), 9).bytes());
        assertEquals(Status.DIVISION_BY_ZERO, JitEngine.runCompiled(c, p, m, printed::add, Input.EMPTY, Engine.UNLIMITED));
        assertEquals(300, printed.size());
        assertEquals(300L, printed.get(299));
    }

    @Test
    void bigProgramsAreSplitInsteadOfInterpreted() {
        StringBuilder s = new StringBuilder("PUSHI 0\n");
        for (int i = 0; i < 2000; i++) {
            s.append("ADDI 3\nDUP\nSTOREI ").append(i).append('\n');
        }
        s.append("PRINT\nDONE\n");
        Program p = program(s.toString());
        JitEngine.Plan plan = JitEngine.plan(p);
        assertNotNull(plan.compiled(), plan.description());
        assertTrue(plan.description().matches("compiled to \\d+ JVM methods \\(its 14005 bytes of code are too many for one "
                + "method\\), the largest \\d+ bytecode bytes, stack depth 2"), plan.description());
        List<Long> printed = new ArrayList<>();
        assertEquals(Status.SUCCESS, new JitEngine().run(p, machine(), printed::add, Engine.UNLIMITED));
        assertEquals(List.of(6000L), printed);
        for (long fuel : new long[] {0, 1, 2999, 3000, 3001, 6001, 6002}) {
            agree("big", p, 800, fuel);
        }
    }
}
