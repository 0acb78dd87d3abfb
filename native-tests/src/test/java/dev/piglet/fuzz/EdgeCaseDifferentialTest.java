package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Hand-picked edges the generator reaches rarely, on every engine, with the reference outcome pinned. */
class EdgeCaseDifferentialTest {
    private static Differential diff;

    @BeforeAll
    static void setUp() {
        diff = new Differential();
    }

    @AfterAll
    static void tearDown() {
        diff.close();
    }

    private static void agree(byte[] code, long[] input, long fuel, int status, long steps) {
        String d = diff.check(new ProgramGenerator.Case(0, "edge", code, input, fuel));
        assertNull(d, d);
        assertEquals(Status.name(status), Status.name(diff.referenceStatus()));
        assertEquals(steps, diff.referenceSteps());
    }

    private static byte[] asm(String source) {
        return Assembler.assemble("edge.pvm", source).code();
    }

    @Test
    void largestProgramJumpsToItsLastByte() {
        byte[] code = new byte[Program.MAX_SIZE];
        code[0] = 14; // JUMP 65535
        code[1] = (byte) 0xFF;
        code[2] = (byte) 0xFF;
        code[65535] = 24; // DONE
        agree(code, new long[0], 100, Status.SUCCESS, 2);
        code[65535] = 1; // PUSHI with its argument cut off by the end of the code
        agree(code, new long[0], 100, Status.END_OF_STREAM, 1);
        code[65535] = 0; // ABORT
        agree(code, new long[0], 100, Status.END_OF_STREAM, 1);
    }

    @Test
    void fuelRunsOutExactlyAtDone() {
        byte[] code = asm("PUSHI 1\nPOP_RES\nDONE");
        agree(code, new long[0], 3, Status.SUCCESS, 3);
        agree(code, new long[0], 2, Status.OUT_OF_FUEL, 2);
        agree(code, new long[0], 0, Status.OUT_OF_FUEL, 0);
    }

    @Test
    void readNeedsRoomForAWordEvenAtTheEndOfInput() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            s.append("PUSHI ").append(i).append('\n');
        }
        s.append("READ 0\nDONE\n");
        agree(asm(s.toString()), new long[0], 1000, Status.STACK_OVERFLOW, 256);
        agree(asm(s.toString()), new long[] {5}, 1000, Status.STACK_OVERFLOW, 256);
    }

    @Test
    void jumpsToTheEndAndPastIt() {
        agree(asm("JUMP 3"), new long[0], 10, Status.END_OF_STREAM, 1);
        agree(asm("JUMP 4"), new long[0], 10, Status.BAD_JUMP, 0);
        agree(asm("PUSHI 0\nJUMP_IF_FALSE 6"), new long[0], 10, Status.END_OF_STREAM, 2);
        agree(asm("READ 3"), new long[0], 10, Status.END_OF_STREAM, 1);
        agree(asm("READ 3"), new long[] {9}, 10, Status.END_OF_STREAM, 1);
    }

    @Test
    void jumpIntoAnArgumentDecodesFromThere() {
        // 0 JUMP 4; 3 PUSHI 0x1819 -> from 4: 0x18 = DONE
        agree(new byte[] {14, 0, 4, 1, 24, 25}, new long[0], 10, Status.SUCCESS, 2);
    }

    @Test
    void everyByteAsAnOpcodeOnAnEmptyAndAFullStack() {
        for (int op = 0; op < 256; op++) {
            agree(new byte[] {(byte) op, 0, 1, 24}, new long[] {7}, 10, expectedAlone(op), stepsAlone(op));
            byte[] full = new byte[256 * 3 + 4];
            for (int i = 0; i < 256; i++) {
                full[3 * i] = 1;
                full[3 * i + 2] = (byte) i;
            }
            full[768] = (byte) op;
            full[769] = 0;
            full[770] = 1;
            full[771] = 24;
            String d = diff.check(new ProgramGenerator.Case(0, "edge", full, new long[] {7}, 1000));
            assertNull(d, "opcode " + op + ": " + d);
        }
    }

    /** The outcome of {@code op 0x0001; DONE} (bytes op, 0, 1, 24) on an empty stack with input {7}, from the ISA table. */
    private static int expectedAlone(int op) {
        return switch (op) {
            case 0, 14 -> Status.END_OF_STREAM; // ABORT; JUMP 1 lands on the 0 byte
            case 1, 2, 24, 26 -> Status.SUCCESS; // PUSHI/LOADI/READ push, then DONE at 3; DONE itself
            default -> op >= 27 ? Status.UNKNOWN_OPCODE : Status.STACK_UNDERFLOW;
        };
    }

    private static long stepsAlone(int op) {
        return switch (op) {
            case 1, 2, 26 -> 2;
            case 14, 24 -> 1;
            default -> 0;
        };
    }
}
