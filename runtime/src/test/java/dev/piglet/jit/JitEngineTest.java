package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.Verifier;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.SwitchEngine;
import java.lang.classfile.ClassFile;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JitEngineTest {
    private static Program program(String source) {
        return Program.load("t.pvm", Assembler.assemble("t.pvm", source).code());
    }

    private static MachineState machine() {
        return new MachineState(Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
    }

    @Test
    void divisionByZeroMidProgramKeepsWhatWasPrinted() {
        Program p = program("PUSHI 7\nPRINT\nPUSHI 9\nPUSHI 4\nPUSHI 0\nDIV\nPRINT\nDONE\n");
        assertTrue(JitEngine.plan(p).compiled() != null, JitEngine.plan(p).description());
        List<Long> printed = new ArrayList<>();
        MachineState m = machine();
        int status = new JitEngine().run(p, m, printed::add, Engine.UNLIMITED);
        assertEquals(Status.DIVISION_BY_ZERO, status);
        assertEquals(List.of(7L), printed);
        assertEquals(13, m.pc());
        assertEquals(3, m.sp());
        assertEquals(5, m.steps());
        assertEquals(0, m.stack(2));
        assertEquals(4, m.stack(1));
    }

    @Test
    void fuelRunsOutAtTheSamePcAsTheSwitchEngine() {
        Program p = program("PUSHI 0\nloop:\nADDI 1\nDUP\nPRINT\nJUMP loop\n");
        for (long fuel = 0; fuel < 30; fuel++) {
            MachineState a = machine();
            MachineState b = machine();
            new SwitchEngine().run(p, a, w -> {}, fuel);
            new JitEngine().run(p, b, w -> {}, fuel);
            assertEquals(Status.OUT_OF_FUEL, b.status());
            assertEquals(a.pc(), b.pc(), "fuel " + fuel);
            assertEquals(a.steps(), b.steps());
            assertEquals(a.sp(), b.sp());
            assertEquals(a.sp() > 0 ? a.stack(0) : 0, b.sp() > 0 ? b.stack(0) : 0);
        }
    }

    @Test
    void generatedClassPassesTheClassFileVerifier() {
        Program p = program("PUSHI 3\nloop:\nDUP\nPRINT\nPUSHI 1\nSUB\nDUP\nJUMP_IF_TRUE loop\nREAD end\nPRINT\nend:\nDONE\n");
        JitCompiler.Output2 out = JitCompiler.generate(p, Verifier.verify(p));
        assertEquals(List.of(), ClassFile.of().verify(out.bytes()));
        assertTrue(out.methodSize() > 0 && out.methodSize() < 1000, "size " + out.methodSize());
    }

    @Test
    void programsOverTheJvmCodeLimitAreSplitToo() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 7000; i++) {
            s.append("LOADI 1\nADDI 1\nSTOREI 1\n");
        }
        s.append("LOADI 1\nPRINT\nDONE\n");
        Program p = program(s.toString());
        JitEngine.Plan plan = JitEngine.plan(p);
        assertNotNull(plan.compiled(), plan.description());
        assertTrue(plan.description().contains("its 63005 bytes of code are too many for one method"), plan.description());
        List<Long> printed = new ArrayList<>();
        assertEquals(Status.SUCCESS, new JitEngine().run(p, machine(), printed::add, Engine.UNLIMITED));
        assertEquals(List.of(7000L), printed);
    }

    @Test
    void unverifiedProgramsRunChecked() {
        Program p = program("PUSHI 1\nADD\nDONE\n");
        assertNull(JitEngine.plan(p).compiled());
        MachineState m = machine();
        assertEquals(Status.STACK_UNDERFLOW, new JitEngine().run(p, m, w -> {}, Engine.UNLIMITED));
        assertEquals(3, m.pc());
    }
}
