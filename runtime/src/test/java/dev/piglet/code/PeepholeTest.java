package dev.piglet.code;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PeepholeTest {
    private static Program load(String name) throws Exception {
        Path p = Path.of(System.getProperty("piglet.examples", "../examples"), name);
        return Program.load(name, Assembler.assemble(name, Files.readString(p)).code());
    }

    private static Program program(String source) {
        return Program.load("t", Assembler.assemble("t", source).code());
    }

    @Test
    void unoptimizedSieveFusesToTheSameNumberOfWordsAsTheHandOptimisedOne() throws Exception {
        WordCode plain = WordCode.of(load("sieve-unoptimized.pvm"), true);
        WordCode hand = WordCode.of(load("sieve.pvm"), true);
        assertEquals(hand.count(), plain.count(), String.join("\n", plain.listing()));
        assertTrue(WordCode.of(load("sieve-unoptimized.pvm"), false).count() > plain.count());
        // The mark loop (DUP PUSHI 1 STORE LOADADDI 0 DUP GREATER_OR_EQUALI 65535 JUMP_IF_FALSE) is one
        // dispatch: STORE_IMM_KEEP fused with LOADADDI_TOP_GEI_JUMP_IF_FALSE, value and bound in the extension word.
        String listing = String.join("\n", hand.listing());
        assertTrue(listing.contains("4 @12 STRIDE_FILL_LOOP arg=0 target=4 ext=1,65535 run=7"), listing);
    }

    @Test
    void sieveLoopsFuseLoadBranchesAndIncrementJumps() throws Exception {
        // next_candidate: LOADI 0 / ADDI 1 / DUP / STOREI 0 / DUP / GREATER_OR_EQUALI 65535 / JUMP_IF_TRUE
        // -> INC_TOP_GEI_JUMP_IF_TRUE (increment and bound in the extension word);
        // LOAD / JUMP_IF_TRUE -> LOAD_JUMP_IF_TRUE.
        // print_loop: DUP / LOAD / JUMP_IF_TRUE -> TOP_LOAD_JUMP_IF_TRUE; ADDI 1 / JUMP -> ADDI_JUMP.
        for (String name : new String[] {"sieve.pvm", "sieve-unoptimized.pvm"}) {
            String listing = String.join("\n", WordCode.of(load(name), true).listing());
            assertTrue(listing.contains("INC_TOP_GEI_JUMP_IF_TRUE arg=0 target=11 ext=1,65535 run=7")
                    || listing.contains("INC_TOP_GEI_JUMP_IF_TRUE arg=0 target=11 ext=1,65535 run=9"), listing);
            assertTrue(listing.contains(" LOAD_JUMP_IF_TRUE"), listing);
            assertTrue(listing.contains("TOP_LOAD_JUMP_IF_TRUE"), listing);
            assertTrue(listing.contains("ADDI_JUMP arg=1"), listing);
        }
    }

    @Test
    void fusedJumpTargetsAreWordIndices() {
        // ADDI_JUMP and LOAD_JUMP_IF_TRUE carry a jump target, resolved to the target's word index.
        Program p = program("PUSHI 0\nt:\nDUP\nLOAD\nJUMP_IF_TRUE end\nADDI 1\nJUMP t\nend:\nPOP_RES\nDONE\n");
        WordCode w = WordCode.of(p, true);
        String listing = String.join("\n", w.listing());
        assertTrue(listing.contains("1 @3 TOP_LOAD_JUMP_IF_TRUE arg=0 target=3"), listing);
        assertTrue(listing.contains("2 @8 ADDI_JUMP arg=1 target=1"), listing);
    }

    @Test
    void neverFusesIntoAJumpTarget() {
        // "t" is a jump target: PUSHI 5 / ADD must stay apart, or the jump would skip the push.
        Program p = program("PUSHI 1\nPUSHI 5\nt:\nADD\nDUP\nPUSHI 100\nLESS\nJUMP_IF_FALSE end\nPUSHI 5\nJUMP t\nend:\nPRINT\nDONE\n");
        WordCode w = WordCode.of(p, true);
        String listing = String.join("\n", w.listing());
        assertTrue(listing.contains("@3 PUSHI"), listing);
        assertTrue(listing.contains("@6 ADD"), listing);
        assertTrue(listing.contains("LESS_JUMP_IF_FALSE"), listing);
    }

    @Test
    void loopBackEdgesFuse() throws Exception {
        // LOADI i / ADDI 1 / DUP / STOREI i / PUSHI n / LESS / JUMP_IF_TRUE: one two-word op per loop.
        String listing = String.join("\n", WordCode.of(load("nested.pvm"), true).listing());
        assertTrue(listing.contains("INC_LTI_JUMP_IF_TRUE arg=1 target=4 ext=1,256 run=7"), listing);
        assertTrue(listing.contains("INC_LTI_JUMP_IF_TRUE arg=0 target=2 ext=1,300 run=7"), listing);
        // sum's latch: LOADI_ADDI / DUP_STOREI / GREATER_OR_EQUALI / JUMP_IF_FALSE.
        String sum = String.join("\n", WordCode.of(load("sum.pvm"), true).listing());
        assertTrue(sum.contains("INC_GEI_JUMP_IF_FALSE arg=1 target=2 ext=1,65535 run=6"), sum);
    }

    @Test
    void incrementFusesOnlyWhenBothMembersNameTheSameCell() {
        // LOADI 1 / ADDI 1 / DUP / STOREI 2 is a copy with an increment, not a counter: no INC_KEEP.
        WordCode w = WordCode.of(program("LOADI 1\nADDI 1\nDUP\nSTOREI 2\nPRINT\nDONE\n"), true);
        String listing = String.join("\n", w.listing());
        assertFalse(listing.contains("INC_"), listing);
        WordCode same = WordCode.of(program("LOADI 1\nADDI 1\nDUP\nSTOREI 1\nPRINT\nDONE\n"), true);
        assertTrue(String.join("\n", same.listing()).contains("INC_KEEP arg=1 target=1"), String.join("\n", same.listing()));
    }

    @Test
    void twoWordOpsKeepTheWordIndicesOfLaterTargets() {
        // The extension word shifts every later word by one; jumps past it must still land on their targets.
        Program p = program("PUSHI 0\nSTOREI 0\nloop:\nLOADI 0\nADDI 1\nDUP\nSTOREI 0\nPUSHI 5\nLESS\n"
                + "JUMP_IF_TRUE loop\nJUMP end\nPUSHI 9\nend:\nLOADI 0\nPRINT\nDONE\n");
        WordCode w = WordCode.of(p, true);
        String listing = String.join("\n", w.listing());
        assertTrue(listing.contains("2 @6 INC_LTI_JUMP_IF_TRUE arg=0 target=2 ext=1,5"), listing);
        assertTrue(listing.contains("4 @23 JUMP arg=0 target=5"), listing);
        assertTrue(listing.contains("5 @29 LOADI"), listing); // PUSHI 9 is unreachable: not decoded
        assertEquals(w.pcOf(2), w.pcOf(3), "the extension word carries its op's pc");
    }

    @Test
    void runLengthsCountOriginalInstructions() throws Exception {
        WordCode w = WordCode.of(load("sum.pvm"), true);
        // The whole program up to the first branch is one run: every original instruction counted once.
        long first = w.word(0);
        assertEquals(11, WordCodeLayout.run(first), String.join("\n", w.listing()));
    }
}
