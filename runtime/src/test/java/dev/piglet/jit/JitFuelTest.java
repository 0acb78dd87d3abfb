package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import org.junit.jupiter.api.Test;

/**
 * Compiled code compares the fuel left only at backward jumps and entries, asking there for the longest path to
 * the next check ({@link FuelRuns}); and it divides by constants without a divide ({@code ConstantDivisor}).
 * Both must stop exactly where the interpreter stops: every program here runs at every fuel value, as one method
 * and split into regions (where every region entry is a check), against the checking switch engine.
 */
class JitFuelTest {
    @Test
    void theBoundIsTheLongestPathToTheNextCheck() {
        Program p = JitAgreement.program("""
                PUSHI 0
                loop:
                DUP
                JUMP_IF_FALSE short
                PUSHI 1
                ADD
                PUSHI 1
                ADD
                JUMP join
                short:
                PUSHI 2
                ADD
                join:
                DUP
                PUSHI 9
                LESS
                JUMP_IF_TRUE loop
                POP_RES
                DONE
                """);
        Verification v = Verifier.verify(p);
        int[] need = FuelRuns.checkBounds(p, v, null, 0);
        // loop (pc 3): DUP, JUMP_IF_FALSE, then the long arm PUSHI ADD PUSHI ADD JUMP (5) over the short one
        // PUSHI ADD (2), then DUP PUSHI LESS JUMP_IF_TRUE (4); taken, the backward jump ends the path, not taken,
        // POP_RES DONE (2) end it. From pc 0 one more.
        assertEquals(2 + 5 + 4 + 2, need[3]);
        assertEquals(1 + need[3], need[0]);
        int[] runs = FuelRuns.runLengths(p, v);
        assertEquals(2, runs[3]);
    }

    @Test
    void loopsWithArmsOfDifferentLengthsStopWhereTheInterpreterStops() {
        JitAgreement.agree("arms", """
                PUSHI 5
                PUSHI 0
                STORE
                outer:
                PUSHI 6
                PUSHI 0
                STORE
                inner:
                PUSHI 6
                LOAD
                PUSHI 2
                DIV
                PUSHI 2
                MUL
                PUSHI 6
                LOAD
                EQUAL
                JUMP_IF_FALSE odd
                PUSHI 5
                LOAD
                PUSHI 9
                MUL
                PUSHI 7
                ADD
                PUSHI 7
                DIV
                STOREI 5
                JUMP next
                odd:
                PUSHI 5
                LOADI 5
                ADDI 1
                STORE
                next:
                PUSHI 6
                LOADI 6
                ADDI 1
                STORE
                LOADI 6
                PUSHI 4
                LESS
                JUMP_IF_TRUE inner
                LOADI 5
                DUP
                PRINT
                PUSHI 100
                GREATER
                JUMP_IF_TRUE out
                JUMP outer
                out:
                LOADI 5
                POP_RES
                DONE
                """, JitAgreement.QUIET);
    }

    @Test
    void jumpsIntoALoopFromOutsideAndOutOfItForward() {
        JitAgreement.agree("entries", """
                PUSHI 3
                JUMP middle
                top:
                PUSHI 1
                SUB
                middle:
                DUP
                PRINT
                DUP
                PUSHI 1
                EQUAL
                JUMP_IF_TRUE done
                DUP
                PUSHI 2
                EQUAL
                JUMP_IF_FALSE top
                PUSHI 40
                PRINT
                JUMP top
                done:
                POP_RES
                DONE
                """, JitAgreement.QUIET);
    }

    @Test
    void divisionsByEveryKindOfConstantAgreeUpTo2To64() {
        // 0 - 1 is 2^64 - 1; (2^64 - 1) / 2 is 2^63 - 1 (above it, signed division would go wrong).
        StringBuilder source = new StringBuilder("""
                PUSHI 0
                PUSHI 1
                SUB
                STOREI 9
                PUSHI 0
                PUSHI 1
                SUB
                PUSHI 2
                DIV
                STOREI 8
                PUSHI 0
                PUSHI 12345
                SUB
                STOREI 7
                """);
        int[] divisors = {1, 2, 3, 7, 10, 255, 256, 641, 1000, 65535};
        for (int cell : new int[] {7, 8, 9}) {
            for (int k : divisors) {
                source.append("PUSHI ").append(cell).append("\nLOAD\nPUSHI ").append(k).append("\nDIV\nPRINT\n");
            }
        }
        source.append("PUSHI 100\nPUSHI 7\nDIV\nPOP_RES\nDONE\n");
        JitAgreement.agree("divisors", source.toString(), JitAgreement.QUIET);
    }
}
