package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.code.Program;
import dev.piglet.code.Verifier;
import org.junit.jupiter.api.Test;

/**
 * A product of truth values compiles to an AND and a truth value compared with 0 to an XOR with 1
 * ({@link TruthSlots}): only where every path leaves a 0 or 1 in the slot. The programs run against the
 * interpreter at every fuel value, with operands that are truth values, that are not (2, a loaded word), and
 * that are truth values on one path only.
 */
class TruthSlotsTest {
    private static final String PROGRAM = """
            PUSHI 3
            STOREI 1
            LOADI 1
            PUSHI 3
            EQUAL
            LOADI 1
            PUSHI 4
            LESS
            MUL
            PUSHI 0
            EQUAL
            PRINT
            LOADI 1
            PUSHI 2
            EQUAL
            PUSHI 2
            MUL
            PRINT
            PUSHI 1
            LOADI 1
            JUMP_IF_TRUE join
            DISCARD
            PUSHI 7
            join:
            PUSHI 1
            MUL
            PUSHI 0
            EQUAL
            PRINT
            LOADI 1
            PUSHI 3
            GREATER_OR_EQUAL
            LOADI 1
            MUL
            POP_RES
            DONE
            """;

    @Test
    void onlyZeroOrOneOnEveryPathCounts() {
        Program p = JitAgreement.program(PROGRAM);
        TruthSlots t = TruthSlots.of(p, Verifier.verify(p));
        // pc 20 (the first MUL): both slots are comparison results.
        assertTrue(t.isTruth(20, 0) && t.isTruth(20, 1));
        // pc 36 (the MUL after PUSHI 2): a comparison's result under a 2.
        assertTrue(t.isTruth(36, 0));
        assertFalse(t.isTruth(36, 1));
    }

    @Test
    void compiledAsTheInterpreterRunsIt() {
        JitAgreement.agree("truths", PROGRAM, JitAgreement.QUIET);
    }
}
