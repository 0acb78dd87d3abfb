package dev.piglet.nativeref;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.fuzz.ArrayInput;
import dev.piglet.fuzz.WordRecorder;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The C engines on their own: known answers for every outcome, and the pause/resume paths of PRINT and READ. */
class NativeEngineTest {
    private static BumpArena arena;
    private static MachineState machine;

    @BeforeAll
    static void setUp() {
        arena = BumpArena.ofCapacity(MachineLayout.SIZE + 64);
        machine = new MachineState(arena);
    }

    @AfterAll
    static void tearDown() {
        arena.close();
    }

    static Stream<Engine> engines() {
        return NativeEngine.both().stream().map(e -> (Engine) e);
    }

    private static Program asm(String source) {
        return Program.load("t", Assembler.assemble("t.pvm", source).code());
    }

    private static WordRecorder run(Engine e, String source, long[] input, long fuel) {
        WordRecorder out = new WordRecorder();
        e.run(asm(source), machine, out, new ArrayInput(input), fuel);
        return out;
    }

    @ParameterizedTest
    @MethodSource("engines")
    void arithmeticWrapsAndComparesUnsigned(Engine e) {
        WordRecorder out = run(e, """
                PUSHI 0
                PUSHI 1
                SUB
                DUP
                PRINT
                PUSHI 2
                DIV
                PRINT
                PUSHI 0
                PUSHI 1
                SUB
                PUSHI 1
                GREATER
                PRINT
                PUSHI 65535
                ADDI 1
                POP_RES
                DONE
                """, new long[0], Engine.UNLIMITED);
        assertArrayEquals(new long[] {-1L, Long.MAX_VALUE, 1}, out.toArray());
        assertEquals(Status.SUCCESS, machine.status());
        assertEquals(65536, machine.result());
        assertEquals(18, machine.steps());
        assertEquals(0, machine.sp());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void memoryAddressesWrapTo16Bits(Engine e) {
        WordRecorder out = run(e, """
                PUSHI 65535
                ADDI 6
                PUSHI 77
                STORE
                LOADI 5
                PRINT
                DONE
                """, new long[0], Engine.UNLIMITED);
        assertArrayEquals(new long[] {77}, out.toArray());
        assertEquals(77, machine.memory(5));
    }

    record Fault(String source, int status, long pc, long sp, long steps) {}

    static Stream<Object[]> faults() {
        List<Fault> faults = List.of(
                new Fault("PUSHI 1\nPUSHI 0\nDIV\nDONE", Status.DIVISION_BY_ZERO, 6, 2, 2),
                new Fault("PUSHI 1\nDISCARD\nDISCARD\nDONE", Status.STACK_UNDERFLOW, 4, 0, 2),
                new Fault("top:\nPUSHI 1\nJUMP top", Status.STACK_OVERFLOW, 0, 256, 512),
                new Fault("PUSHI 1\ntop:\nDUP\nJUMP top", Status.STACK_OVERFLOW, 3, 256, 511),
                new Fault("JUMP 5\nDONE", Status.BAD_JUMP, 0, 0, 0),
                new Fault("JUMP 4\nDONE", Status.END_OF_STREAM, 4, 0, 1),
                new Fault("PUSHI 1\nJUMP_IF_TRUE 9\nDONE", Status.BAD_JUMP, 3, 1, 1),
                new Fault("READ 9\nDONE", Status.BAD_JUMP, 0, 0, 0),
                new Fault("PUSHI 1\nPRINT", Status.END_OF_STREAM, 4, 0, 2),
                new Fault("top:\nJUMP top", Status.OUT_OF_FUEL, 0, 0, 1000));
        return faults.stream().flatMap(f -> engines().map(e -> new Object[] {e, f}));
    }

    @ParameterizedTest
    @MethodSource("faults")
    void faultsLeaveTheMachineAtTheFaultingInstruction(Engine e, Fault f) {
        run(e, f.source(), new long[0], 1000);
        assertEquals(Status.name(f.status()), Status.name(machine.status()));
        assertEquals(f.pc(), machine.pc(), "pc");
        assertEquals(f.sp(), machine.sp(), "sp");
        assertEquals(f.steps(), machine.steps(), "steps");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void truncatedArgumentAndUnknownOpcodeFromBytes(Engine e) {
        e.run(Program.load("t", new byte[] {1, 0}), machine, new WordRecorder(), 100);
        assertEquals(Status.END_OF_STREAM, machine.status());
        assertEquals(0, machine.pc());
        e.run(Program.load("t", new byte[] {1, 0, 3, (byte) 200}), machine, new WordRecorder(), 100);
        assertEquals(Status.UNKNOWN_OPCODE, machine.status());
        assertEquals(3, machine.pc());
        assertEquals(1, machine.sp());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void outputLargerThanTheBufferIsDeliveredInOrder(Engine e) {
        // 10,000 PRINTs: more than the C side's buffer, so the engine pauses and resumes.
        WordRecorder out = run(e, """
                PUSHI 0
                STOREI 0
                loop:
                LOADI 0
                ADDI 1
                DUP
                STOREI 0
                DUP
                PRINT
                GREATER_OR_EQUALI 10000
                JUMP_IF_FALSE loop
                DONE
                """, new long[0], Engine.UNLIMITED);
        assertEquals(10_000, out.size());
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i + 1, out.word(i));
        }
        assertEquals(Status.SUCCESS, machine.status());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void readTakesEveryWordThenJumps(Engine e) {
        String sum = """
                PUSHI 0
                loop:
                READ end
                ADD
                JUMP loop
                end:
                PRINT
                DONE
                """;
        assertArrayEquals(new long[] {3}, run(e, sum, new long[] {-1L, 1, 3}, 1000).toArray());
        assertArrayEquals(new long[] {0}, run(e, sum, new long[0], 1000).toArray());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void badInputStopsTheRunAtTheRead(Engine e) {
        Input bad = new Input() {
            int calls;

            @Override
            public int next() {
                return calls++ == 0 ? WORD : BAD;
            }

            @Override
            public long word() {
                return 5;
            }
        };
        e.run(asm("READ 0\nREAD 0\nDONE"), machine, new WordRecorder(), bad, 100);
        assertEquals(Status.BAD_INPUT, machine.status());
        assertEquals(3, machine.pc());
        assertEquals(1, machine.sp());
        assertEquals(5, machine.stack(0));
    }
}
