package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piglet.code.Opcodes;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.testing.Runs.Result;
import dev.piglet.testing.Runs;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every opcode's semantics, on every engine: the reference's behaviour plus Piglet's checked faults. */
class OpcodeSemanticsTest {
    static final long MAX = -1L; // 2^64 - 1

    static Stream<Engine> engines() {
        return Engines.all().stream();
    }

    private static Result run(Engine e, String src) {
        return Runs.run(e, src);
    }

    private static void assertPrints(Engine e, String src, long... words) {
        Result r = run(e, src + "\nDONE\n");
        assertEquals(Status.SUCCESS, r.status(), () -> e.name() + ": " + Status.message(r.status()) + " at " + r.pc());
        assertEquals(Stream.of(words).flatMapToLong(java.util.Arrays::stream).boxed().toList(), r.output(), e.name());
    }

    private static void assertFault(Engine e, String src, int status, long pc, List<Long> printed, List<Long> stack) {
        Result r = run(e, src);
        assertEquals(Status.message(status), Status.message(r.status()), e.name());
        assertEquals(pc, r.pc(), e.name() + " pc");
        assertEquals(printed, r.output(), e.name() + " output");
        assertEquals(stack, r.stack(), e.name() + " stack");
    }

    @ParameterizedTest
    @MethodSource("engines")
    void pushAndPrint(Engine e) {
        assertPrints(e, "PUSHI 0\nPRINT\nPUSHI 65535\nPRINT\nPUSHI 0x1234\nPRINT", 0, 65535, 0x1234);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void addSubMulWrapAround(Engine e) {
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nPRINT", MAX);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nPUSHI 1\nADD\nPRINT", 0);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nADDI 2\nPRINT", 1);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nDUP\nMUL\nPRINT", 1); // (-1)^2 = 1 mod 2^64
        assertPrints(e, "PUSHI 65535\nDUP\nMUL\nDUP\nMUL\nPRINT", 65535L * 65535L * 65535L * 65535L);
        assertPrints(e, "PUSHI 10\nPUSHI 3\nSUB\nPRINT", 7);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void divisionIsUnsignedAndTruncates(Engine e) {
        assertPrints(e, "PUSHI 100\nPUSHI 7\nDIV\nPRINT", 14);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nPUSHI 2\nDIV\nPRINT", Long.MAX_VALUE);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nDUP\nDIV\nPRINT", 1);
        assertPrints(e, "PUSHI 3\nPUSHI 0\nPUSHI 1\nSUB\nDIV\nPRINT", 0);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void divisionByZeroFaultsWithoutEffect(Engine e) {
        assertFault(e, "PUSHI 5\nPRINT\nPUSHI 9\nPUSHI 0\nDIV\nPRINT\nDONE", Status.DIVISION_BY_ZERO, 10,
                List.of(5L), List.of(9L, 0L));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void comparisonsAreUnsignedAndPushZeroOrOne(Engine e) {
        String big = "PUSHI 0\nPUSHI 1\nSUB\n"; // 2^64-1: negative if signed
        assertPrints(e, big + "PUSHI 1\nLESS\nPRINT", 0);
        assertPrints(e, big + "PUSHI 1\nGREATER\nPRINT", 1);
        assertPrints(e, big + "PUSHI 1\nLESS_OR_EQUAL\nPRINT", 0);
        assertPrints(e, big + "PUSHI 1\nGREATER_OR_EQUAL\nPRINT", 1);
        assertPrints(e, big + "GREATER_OR_EQUALI 65535\nPRINT", 1);
        assertPrints(e, "PUSHI 1\n" + big + "LESS\nPRINT", 1);
        assertPrints(e, "PUSHI 4\nPUSHI 4\nEQUAL\nPRINT\nPUSHI 4\nPUSHI 5\nEQUAL\nPRINT", 1, 0);
        assertPrints(e, "PUSHI 4\nPUSHI 4\nLESS\nPRINT\nPUSHI 4\nPUSHI 4\nLESS_OR_EQUAL\nPRINT", 0, 1);
        assertPrints(e, "PUSHI 4\nPUSHI 4\nGREATER\nPRINT\nPUSHI 4\nPUSHI 4\nGREATER_OR_EQUAL\nPRINT", 0, 1);
        assertPrints(e, "PUSHI 3\nGREATER_OR_EQUALI 4\nPRINT\nPUSHI 4\nGREATER_OR_EQUALI 4\nPRINT", 0, 1);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void memoryAddressesWrapTo16Bits(Engine e) {
        assertPrints(e, "PUSHI 11\nSTOREI 5\nLOADI 5\nPRINT", 11);
        assertPrints(e, "PUSHI 11\nSTOREI 5\nPUSHI 65535\nADDI 6\nLOAD\nPRINT", 11);
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nPUSHI 42\nSTORE\nLOADI 65535\nPRINT", 42);
        assertPrints(e, "PUSHI 7\nSTOREI 65535\nPUSHI 1\nLOADADDI 65535\nPRINT", 8);
        assertPrints(e, "LOADI 1234\nPRINT", 0); // memory starts zeroed
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stackOperations(Engine e) {
        assertPrints(e, "PUSHI 1\nPUSHI 2\nDISCARD\nDUP\nADD\nPRINT", 2);
        Result r = run(e, "PUSHI 1\nPUSHI 2\nPUSHI 3\nDONE");
        assertEquals(List.of(1L, 2L, 3L), r.stack());
        assertEquals(3, r.sp());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void jumps(Engine e) {
        assertPrints(e, "JUMP over\nPUSHI 1\nPRINT\nover:\nPUSHI 2\nPRINT", 2);
        assertPrints(e, "PUSHI 0\nJUMP_IF_TRUE t\nPUSHI 1\nPRINT\nt:\nPUSHI 5\nJUMP_IF_TRUE u\nPUSHI 2\nPRINT\nu:", 1);
        assertPrints(e, "PUSHI 7\nJUMP_IF_FALSE t\nPUSHI 1\nPRINT\nt:\nPUSHI 0\nJUMP_IF_FALSE u\nPUSHI 2\nPRINT\nu:", 1);
        // Any non-zero word is true, including ones with only high bits set.
        assertPrints(e, "PUSHI 0\nPUSHI 1\nSUB\nJUMP_IF_TRUE t\nPUSHI 1\nPRINT\nt:", new long[0]);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void resultRegisterAndDone(Engine e) {
        Result r = run(e, "PUSHI 9\nPOP_RES\nPUSHI 4\nPOP_RES\nDONE\nPUSHI 1\nPRINT");
        assertEquals(Status.SUCCESS, r.status());
        assertEquals(4, r.result());
        assertEquals(List.of(), r.output());
        assertEquals(5, r.steps()); // DONE counts as executed
        assertEquals(8, r.pc()); // the DONE
    }

    @ParameterizedTest
    @MethodSource("engines")
    void abortAndRunningOffTheEndAreEndOfStream(Engine e) {
        assertFault(e, "PUSHI 1\nPRINT\nABORT\nDONE", Status.END_OF_STREAM, 4, List.of(1L), List.of());
        assertFault(e, "PUSHI 1\nPRINT", Status.END_OF_STREAM, 4, List.of(1L), List.of());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void unknownOpcodes(Engine e) {
        for (int op : new int[] {Opcodes.COUNT, 31, 32, 0x7f, 0x80, 0xff}) {
            Result r = Runs.run(e, new byte[] {1, 0, 3, (byte) op, 24}, Engine.UNLIMITED, Input.EMPTY);
            assertEquals(Status.UNKNOWN_OPCODE, r.status(), e.name() + " opcode " + op);
            assertEquals(3, r.pc());
            assertEquals(List.of(3L), r.stack());
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void stackOverflowAndUnderflow(Engine e) {
        String push257 = "loop:\nPUSHI 1\nJUMP loop";
        Result r = run(e, push257);
        assertEquals(Status.STACK_OVERFLOW, r.status(), e.name());
        assertEquals(256, r.sp());
        assertEquals(0, r.pc());
        assertFault(e, "PUSHI 1\nADD\nDONE", Status.STACK_UNDERFLOW, 3, List.of(), List.of(1L));
        assertFault(e, "PRINT", Status.STACK_UNDERFLOW, 0, List.of(), List.of());
        assertFault(e, "DISCARD", Status.STACK_UNDERFLOW, 0, List.of(), List.of());
        assertFault(e, "PUSHI 1\nSTORE", Status.STACK_UNDERFLOW, 3, List.of(), List.of(1L));
        assertFault(e, "JUMP_IF_TRUE 0", Status.STACK_UNDERFLOW, 0, List.of(), List.of());
        // DUP needs one word and room for one more.
        Result full = run(e, "loop:\nPUSHI 1\nJUMP_IF_TRUE x\nx:\nPUSHI 1\nJUMP loop2\nloop2:\nDUP\nJUMP loop2");
        assertEquals(Status.STACK_OVERFLOW, full.status(), e.name());
        assertEquals(256, full.sp());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void badJumpTargets(Engine e) {
        assertFault(e, "PUSHI 1\nJUMP 60000", Status.BAD_JUMP, 3, List.of(), List.of(1L));
        assertFault(e, "PUSHI 1\nJUMP_IF_TRUE 7", Status.BAD_JUMP, 3, List.of(), List.of(1L));
        // Jumping to exactly the end reaches the appended ABORT byte: end of stream, as in the reference.
        assertFault(e, "JUMP 3", Status.END_OF_STREAM, 3, List.of(), List.of());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aConditionalJumpNotTakenHasNoTarget(Engine e) {
        // The reference prints "Result value: 9": a jump that is not taken never looks at its target.
        Result r = run(e, "PUSHI 0\nJUMP_IF_TRUE 60000\nPUSHI 9\nPOP_RES\nDONE\n");
        assertEquals(Status.SUCCESS, r.status(), () -> e.name() + ": " + Status.message(r.status()));
        assertEquals(9, r.result(), e.name());
        assertEquals(5, r.steps(), e.name());
        assertPrints(e, "PUSHI 1\nJUMP_IF_FALSE 65535\nPUSHI 7\nPRINT", 7);
        // In a loop, so that the fast engines run it from compiled and fused code: 3, 2, 1 and out.
        assertPrints(e, "PUSHI 3\nloop:\nDUP\nJUMP_IF_FALSE 65000\nDUP\nPRINT\nPUSHI 1\nSUB\nDUP\nJUMP_IF_TRUE loop", 3, 2, 1);
        // Taken, it faults where it stands with no effect (the reference's behaviour is undefined there).
        assertFault(e, "PUSHI 1\nJUMP_IF_TRUE 60000\nDONE", Status.BAD_JUMP, 3, List.of(), List.of(1L));
        assertFault(e, "PUSHI 5\nPUSHI 0\nJUMP_IF_FALSE 60000\nDONE", Status.BAD_JUMP, 6, List.of(), List.of(5L, 0L));
        assertFault(e, "PUSHI 3\nloop:\nDUP\nPRINT\nPUSHI 1\nSUB\nDUP\nJUMP_IF_FALSE 65000\nJUMP loop",
                Status.BAD_JUMP, 10, List.of(3L, 2L, 1L), List.of(0L, 0L));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void aConditionalJumpOutsideTheCodeIsExactAtEveryFuel(Engine e) {
        String src = "PUSHI 3\nloop:\nDUP\nPRINT\nPUSHI 1\nSUB\nDUP\nJUMP_IF_FALSE 65000\nJUMP loop";
        byte[] code = dev.piglet.code.Assembler.assemble("t.pvm", src).code();
        Engine spec = Engines.defaultEngine();
        for (long fuel = 0; fuel <= 25; fuel++) {
            Result want = Runs.run(spec, code, fuel, Input.EMPTY);
            Result got = Runs.run(e, code, fuel, Input.EMPTY);
            assertEquals(want, got, e.name() + " at fuel " + fuel);
        }
    }

    @ParameterizedTest
    @MethodSource("engines")
    void truncatedArgumentIsEndOfStream(Engine e) {
        Result r = Runs.run(e, new byte[] {1, 0, 5, 25, 1, 0}, Engine.UNLIMITED, Input.EMPTY);
        assertEquals(Status.END_OF_STREAM, r.status());
        assertEquals(List.of(5L), r.output());
        assertEquals(4, r.pc());
        Result jump = Runs.run(e, new byte[] {14}, Engine.UNLIMITED, Input.EMPTY);
        assertEquals(Status.END_OF_STREAM, jump.status());
        assertEquals(0, jump.pc());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void fuelStopsAtTheExactInstruction(Engine e) {
        byte[] loop = dev.piglet.code.Assembler.assemble("t", "PUSHI 1\nloop:\nDUP\nPRINT\nJUMP loop").code();
        Result r = Runs.run(e, loop, 10, Input.EMPTY);
        assertEquals(Status.OUT_OF_FUEL, r.status());
        assertEquals(10, r.steps());
        assertEquals(List.of(1L, 1L, 1L), r.output());
        assertEquals(3, r.pc()); // PUSHI, then 3 x (DUP PRINT JUMP): the next instruction is the DUP at 3
        Result zero = Runs.run(e, loop, 0, Input.EMPTY);
        assertEquals(Status.OUT_OF_FUEL, zero.status());
        assertEquals(0, zero.pc());
        Result exact = Runs.run(e, dev.piglet.code.Assembler.assemble("t", "PUSHI 1\nPOP_RES\nDONE").code(), 3, Input.EMPTY);
        assertEquals(Status.SUCCESS, exact.status());
    }

    @ParameterizedTest
    @MethodSource("engines")
    void readPushesInputThenJumpsAtTheEnd(Engine e) {
        byte[] sum = dev.piglet.code.Assembler.assemble("t", "PUSHI 0\nn:\nREAD end\nADD\nJUMP n\nend:\nPRINT\nDONE").code();
        Result r = Runs.run(e, sum, Engine.UNLIMITED, Runs.words(1, 2, MAX));
        assertEquals(List.of(2L), r.output()); // 1 + 2 + (2^64 - 1) wraps to 2
        Result none = Runs.run(e, sum, Engine.UNLIMITED, Input.EMPTY);
        assertEquals(List.of(0L), none.output());
        Input bad = new Input() {
            @Override
            public int next() {
                return BAD;
            }

            @Override
            public long word() {
                return 0;
            }
        };
        Result faulted = Runs.run(e, sum, Engine.UNLIMITED, bad);
        assertEquals(Status.BAD_INPUT, faulted.status());
        assertEquals(3, faulted.pc());
    }
}
