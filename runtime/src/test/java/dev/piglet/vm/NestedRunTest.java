package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A host may run another machine from inside a run: a PRINT callback or a READ {@link Input} that starts
 * a second program on the same thread. The inner run must not touch the outer run's state: every engine
 * inside every engine, through PRINT and through READ.
 */
class NestedRunTest {
    /** Leaves 1 and 2 below the top while it prints and reads, then adds them: result 6 when nothing is lost. */
    private static final Program OUTER_PRINT = program("PUSHI 1\nPUSHI 2\nPUSHI 3\nDUP\nPRINT\nADD\nADD\nPOP_RES\nDONE\n");
    private static final Program OUTER_READ = program("PUSHI 1\nPUSHI 2\nREAD end\nADD\nADD\nPOP_RES\nDONE\nend:\nABORT\n");
    /** Fills more of the stack than the outer program, with other values, and loops (result 600, prints 3 words). */
    private static final Program INNER = program("""
            PUSHI 0
            STOREI 0
            loop:
            PUSHI 100
            PUSHI 200
            PUSHI 300
            ADD
            ADD
            DUP
            PRINT
            POP_RES
            LOADI 0
            ADDI 1
            DUP
            STOREI 0
            PUSHI 3
            LESS
            JUMP_IF_TRUE loop
            DONE
            """);

    private static Program program(String source) {
        return Program.load("nested", Assembler.assemble("nested.pvm", source).code());
    }

    static Stream<Arguments> pairs() {
        List<Engine> engines = new ArrayList<>(Engines.all());
        engines.add(new ColdEngine());
        List<Arguments> pairs = new ArrayList<>();
        for (Engine outer : engines) {
            for (Engine inner : engines) {
                pairs.add(Arguments.of(outer, inner));
            }
        }
        return pairs.stream();
    }

    /** Runs INNER on its own machine and checks it, as a host's callback would. */
    private static void runInner(Engine inner, MachineState machine) {
        List<Long> printed = new ArrayList<>();
        int status = inner.run(INNER, machine, printed::add, Engine.UNLIMITED);
        assertEquals(Status.SUCCESS, status, "inner run on " + inner.name());
        assertEquals(600, machine.result(), "inner result on " + inner.name());
        assertEquals(List.of(600L, 600L, 600L), printed, "inner output on " + inner.name());
    }

    @ParameterizedTest(name = "{0} runs {1} from PRINT")
    @MethodSource("pairs")
    void innerRunFromPrintLeavesTheOuterRunAlone(Engine outer, Engine inner) {
        MachineState outerMachine = Harness.newMachine();
        MachineState innerMachine = Harness.newMachine();
        List<Long> printed = new ArrayList<>();
        int status = outer.run(OUTER_PRINT, outerMachine, w -> {
            printed.add(w);
            runInner(inner, innerMachine);
        }, Engine.UNLIMITED);
        assertEquals(Status.SUCCESS, status, outer.name() + " with " + inner.name() + " inside");
        assertEquals(6, outerMachine.result(), outer.name() + " with " + inner.name() + " inside");
        assertEquals(List.of(3L), printed);
        assertEquals(9, outerMachine.steps());
    }

    @ParameterizedTest(name = "{0} runs {1} from READ")
    @MethodSource("pairs")
    void innerRunFromReadLeavesTheOuterRunAlone(Engine outer, Engine inner) {
        MachineState outerMachine = Harness.newMachine();
        MachineState innerMachine = Harness.newMachine();
        Input in = new Input() {
            @Override
            public int next() {
                runInner(inner, innerMachine);
                return WORD;
            }

            @Override
            public long word() {
                return 3;
            }
        };
        int status = outer.run(OUTER_READ, outerMachine, w -> { }, in, Engine.UNLIMITED);
        assertEquals(Status.SUCCESS, status, outer.name() + " with " + inner.name() + " inside");
        assertEquals(6, outerMachine.result(), outer.name() + " with " + inner.name() + " inside");
        assertEquals(7, outerMachine.steps());
    }
}
