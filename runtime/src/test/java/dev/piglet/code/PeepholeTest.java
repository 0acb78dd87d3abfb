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
    void unoptimizedSieveFusesToNoMoreWordsThanTheHandOptimisedOne() throws Exception {
        WordCode plain = WordCode.of(load("sieve-unoptimized.pvm"), true);
        WordCode hand = WordCode.of(load("sieve.pvm"), true);
        assertTrue(plain.count() <= hand.count(), String.join("\n", plain.listing()));
        assertTrue(WordCode.of(load("sieve-unoptimized.pvm"), false).count() > plain.count());
        // The mark loop (DUP PUSHI 1 STORE LOADADDI 0 DUP GREATER_OR_EQUALI 65535 JUMP_IF_FALSE) is two
        // dispatches: STORE_IMM_KEEP, then LOADADDI_TOP_GEI_JUMP_IF_FALSE with the bound in the extension word.
        String listing = String.join("\n", hand.listing());
        assertTrue(listing.contains("3 @12 STORE_IMM_KEEP arg=1 target=0 run=7\n4 @17 LOADADDI_TOP_GEI_JUMP_IF_FALSE arg=0 target=3 ext=65535,0 run=4"), listing);
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
        assertTrue(listing.contains("INC_LTI_JUMP_IF_TRUE arg=1 target=2 ext=1,256 run=7"), listing);
        assertTrue(listing.contains("INC_LTI_JUMP_IF_TRUE arg=0 target=1 ext=1,300 run=7"), listing);
        // sum's latch: LOADI_ADDI / DUP_STOREI / GREATER_OR_EQUALI / JUMP_IF_FALSE.
        String sum = String.join("\n", WordCode.of(load("sum.pvm"), true).listing());
        assertTrue(sum.contains("INC_GEI_JUMP_IF_FALSE arg=1 target=1 ext=1,65535 run=6"), sum);
    }

    @Test
    void moduloByACellFusesOnlyWholeAndWithoutATargetInside() {
        String mod = "PUSHI 3\nLOAD\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\n";
        String rest = "DIV\nPUSHI 5\nLOAD\nMUL\nSUB\nPRINT\nDONE\n";
        String fused = String.join("\n", WordCode.of(program(mod + rest), true).listing());
        assertTrue(fused.contains("0 @0 MOD_CELLS arg=3 target=5 run=13"), fused);
        // x % m needs one x cell and one m cell, each read twice.
        String twoCells = String.join("\n", WordCode.of(program(mod.replaceFirst("PUSHI 3", "PUSHI 4") + rest), true).listing());
        assertFalse(twoCells.contains("MOD_CELLS"), twoCells);
        // A jump lands on the DIV with x, x and m on the stack: the sequence stays apart.
        String target = "PUSHI 7\nPUSHI 7\nPUSHI 2\nPUSHI 1\nJUMP_IF_TRUE d\nDISCARD\nDISCARD\nDISCARD\n" + mod + "d:\n" + rest;
        String apart = String.join("\n", WordCode.of(program(target), true).listing());
        assertFalse(apart.contains("MOD_CELLS"), apart);
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
        assertTrue(listing.contains("1 @6 INC_LTI_JUMP_IF_TRUE arg=0 target=1 ext=1,5"), listing);
        assertTrue(listing.contains("3 @23 JUMP arg=0 target=4"), listing);
        assertTrue(listing.contains("4 @29 LOADI"), listing); // PUSHI 9 is unreachable: not decoded
        assertEquals(w.pcOf(1), w.pcOf(2), "the extension word carries its op's pc");
    }

    @Test
    void compiledAssignmentsLoseTheirAddressPush() {
        // x = x * 3 + y, as a non-optimizing compiler writes it: PUSHI x, PUSHI x, LOAD, PUSHI 3, MUL, PUSHI y,
        // LOAD, ADD, STORE. The address waits under the expression; it becomes STOREI x, the reads LOADI.
        Program p = program("PUSHI 1\nPUSHI 1\nLOAD\nPUSHI 3\nMUL\nPUSHI 2\nLOAD\nADD\nSTORE\nPUSHI 1\nLOAD\nPRINT\nDONE\n");
        String listing = String.join("\n", WordCode.of(p, true).listing());
        assertTrue(listing.startsWith("0 @0 LOADI_MULI arg=1 target=3 run=13\n"
                + "1 @11 LOADI arg=2 target=0 run=8\n2 @15 ADD_STOREI arg=1 target=0 run=6"), listing);
    }

    @Test
    void anAddressStaysWhenTheExpressionCouldFaultOrIsAJumpTarget() {
        // DIV by a variable may fault, and the faulting state must show the address under the operands.
        String div = String.join("\n", WordCode.of(program(
                "PUSHI 1\nPUSHI 5\nPUSHI 2\nLOAD\nDIV\nSTORE\nDONE\n"), true).listing());
        assertTrue(div.contains("PUSHI_LOADI arg=5 target=2") && div.contains(" STORE "), div);
        assertTrue(div.startsWith("0 @0 PUSHI arg=1"), div);
        // DIV by a constant other than zero cannot: it fuses to DIVI and the address goes.
        String divi = String.join("\n", WordCode.of(program(
                "PUSHI 1\nPUSHI 2\nLOAD\nPUSHI 7\nDIV\nSTORE\nDONE\n"), true).listing());
        assertTrue(divi.contains("DIVI_STOREI arg=1 target=7"), divi);
        assertFalse(String.join("\n", WordCode.of(program("PUSHI 1\nPUSHI 0\nDIV\nDONE\n"), true).listing())
                .contains("DIVI"), "DIV by the constant 0 faults and is not fused");
        // A jump into the expression: the address must be on the stack when control arrives there.
        String target = String.join("\n", WordCode.of(program(
                "PUSHI 1\nPUSHI 4\nt:\nPUSHI 5\nADD\nSTORE\nPUSHI 1\nPUSHI 9\nJUMP t\n"), true).listing());
        assertTrue(target.contains(" STORE "), target);
    }

    @Test
    void moduloFusesOnlyWhenBothReadsNameTheSameCell() {
        // x % 7 compiles to LOADI x, LOADI x, PUSHI 7, DIV, PUSHI 7, MUL, SUB: one LOADI_MODI.
        String same = String.join("\n", WordCode.of(program(
                "LOADI 1\nLOADI 1\nPUSHI 7\nDIV\nPUSHI 7\nMUL\nSUB\nPRINT\nDONE\n"), true).listing());
        assertTrue(same.startsWith("0 @0 LOADI_MODI arg=1 target=7 "), same);
        // x - y / 7 * 7 is no modulo.
        String other = String.join("\n", WordCode.of(program(
                "LOADI 1\nLOADI 2\nPUSHI 7\nDIV\nPUSHI 7\nMUL\nSUB\nPRINT\nDONE\n"), true).listing());
        assertFalse(other.contains("LOADI_MODI"), other);
        assertTrue(other.contains("SUB_DIVMULI arg=7"), other);
    }

    @Test
    void fixedCellsWrittenBoundsEveryStoreToAFixedCell() {
        // STOREI 9, SETI 1 (PUSHI 1, PUSHI 2, STORE) and DIVI_STOREI 16 store to fixed cells; the STORE_IMM to
        // the cell read from memory is a computed cell, not counted.
        WordCode w = WordCode.of(program("PUSHI 5\nSTOREI 9\nPUSHI 1\nPUSHI 2\nSTORE\n"
                + "PUSHI 16\nLOADI 3\nPUSHI 4\nDIV\nSTORE\nLOADI 0\nPUSHI 7\nSTORE\nDONE\n"), true);
        String listing = String.join("\n", w.listing());
        assertTrue(listing.contains("DIVI_STOREI arg=16") && listing.contains("STORE_IMM"), listing);
        assertEquals(9 | 1 | 16, w.fixedCellsWritten(), listing);
    }

    @Test
    void runLengthsCountOriginalInstructions() throws Exception {
        WordCode w = WordCode.of(load("sum.pvm"), true);
        // The whole program up to the first branch is one run: every original instruction counted once.
        long first = w.word(0);
        assertEquals(11, WordCodeLayout.run(first), String.join("\n", w.listing()));
    }
}
