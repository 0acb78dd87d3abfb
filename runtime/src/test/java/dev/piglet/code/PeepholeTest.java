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
        // The mark loop is three words: STORE_IMM_KEEP, LOADADDI, TOP_GEI_JUMP_IF_FALSE.
        String listing = String.join("\n", hand.listing());
        assertTrue(listing.contains("STORE_IMM_KEEP arg=1"), listing);
        assertTrue(listing.contains("TOP_GEI_JUMP_IF_FALSE arg=65535"), listing);
    }

    @Test
    void sieveLoopsFuseLoadBranchesAndIncrementJumps() throws Exception {
        // next_candidate: LOADI 0 / ADDI 1 -> LOADI_ADDI; LOAD / JUMP_IF_TRUE -> LOAD_JUMP_IF_TRUE.
        // print_loop: DUP / LOAD / JUMP_IF_TRUE -> TOP_LOAD_JUMP_IF_TRUE; ADDI 1 / JUMP -> ADDI_JUMP.
        for (String name : new String[] {"sieve.pvm", "sieve-unoptimized.pvm"}) {
            String listing = String.join("\n", WordCode.of(load(name), true).listing());
            assertTrue(listing.contains("LOADI_ADDI arg=0 target=1"), listing);
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
        String listing = String.join("\n", WordCode.of(load("nested.pvm"), true).listing());
        assertTrue(listing.contains("LESS_JUMP_IF_TRUE"), listing);
        assertTrue(listing.contains("DUP_STOREI"), listing);
    }

    @Test
    void runLengthsCountOriginalInstructions() throws Exception {
        WordCode w = WordCode.of(load("sum.pvm"), true);
        // The whole program up to the first branch is one run: every original instruction counted once.
        long first = w.word(0);
        assertEquals(11, WordCodeLayout.run(first), String.join("\n", w.listing()));
    }
}
