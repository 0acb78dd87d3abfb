package dev.piglet.jit;

import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/**
 * The JIT keeps memory cells whose address it knows in JVM locals ({@link CellAnalysis}). Every way another
 * write can reach such a cell must be seen exactly as the checking switch engine sees it: a STORE to a
 * computed address that lands on it, an address that folds to it through arithmetic, paths that disagree on
 * an address, a callback that writes the machine's memory, and a run that enters in the middle. Each program
 * runs compiled as one method and split into regions, at every fuel value up to its end.
 */
class JitCellsTest {
    private static final BiConsumer<MachineState, Long> QUIET = JitAgreement.QUIET;

    private static void agree(String what, String source, BiConsumer<MachineState, Long> host, long... input) {
        JitAgreement.agree(what, source, host, input);
    }

    @Test
    void aStoreToAComputedAddressReachesAKnownCell() {
        // cell 5 is a loop variable; a STORE through a computed address (from cell 9) overwrites it mid-loop.
        agree("alias", """
                PUSHI 9
                PUSHI 5
                STORE
                PUSHI 5
                PUSHI 0
                STORE
                loop:
                PUSHI 5
                LOAD
                PUSHI 3
                EQUAL
                JUMP_IF_FALSE skip
                PUSHI 9
                LOAD
                PUSHI 7
                STORE
                skip:
                PUSHI 5
                PUSHI 5
                LOAD
                ADDI 1
                STORE
                PUSHI 5
                LOAD
                DUP
                PRINT
                PUSHI 12
                LESS
                JUMP_IF_TRUE loop
                LOADI 5
                POP_RES
                DONE
                """, QUIET);
    }

    @Test
    void addressesFoldThroughArithmeticAndWrap() {
        // 65535 * 65535 = 1 (mod 2^16); 65535 + 3 = 2; 4 - 6 = 65534: all name cells the code also names directly.
        agree("fold", """
                PUSHI 65535
                PUSHI 65535
                MUL
                PUSHI 41
                STORE
                PUSHI 65535
                ADDI 3
                PUSHI 42
                STORE
                PUSHI 4
                PUSHI 6
                SUB
                DUP
                PUSHI 43
                STORE
                LOAD
                LOADI 1
                ADD
                LOADADDI 2
                LOADI 65534
                ADD
                DUP
                PRINT
                POP_RES
                DONE
                """, QUIET);
    }

    @Test
    void pathsThatDisagreeOnAnAddressMakeItUnknown() {
        // The STORE's address is 10 on one path and 11 on the other; cells 10 and 11 are also known elsewhere.
        agree("join", """
                PUSHI 1
                STOREI 10
                PUSHI 2
                STOREI 11
                again:
                READ end
                JUMP_IF_TRUE ten
                PUSHI 11
                JUMP store
                ten:
                PUSHI 10
                store:
                PUSHI 99
                STORE
                LOADI 10
                PRINT
                LOADI 11
                PRINT
                PUSHI 0
                JUMP_IF_FALSE again
                end:
                LOADI 10
                LOADADDI 11
                POP_RES
                DONE
                """, QUIET, 1, 0, 1);
    }

    @Test
    void aHostThatWritesMemoryInAPrintCallbackIsSeen() {
        // The callback stores the printed word + 100 into cell 3, the loop's counter's neighbour that it reads.
        BiConsumer<MachineState, Long> host = (m, w) -> MachineLayout.WORD.set(m.segment(), MachineLayout.memoryCell(3), w + 100);
        agree("callback", """
                PUSHI 0
                STOREI 2
                loop:
                LOADI 2
                LOADADDI 3
                PRINT
                LOADI 2
                ADDI 1
                DUP
                STOREI 2
                PUSHI 6
                LESS
                JUMP_IF_TRUE loop
                LOADI 3
                POP_RES
                DONE
                """, host);
    }

    @Test
    void aSyncFreeLoopInAMethodWithSyncsWritesItsCellsBackHoweverItIsLeft() {
        // The inner loop (no sync) keeps cells 4, 5 and 7 in locals only; it is left by its exit test, by two
        // breaks (one before it has stored anything) and by a division by zero before it has stored anything (cell
        // 6 counts down to 0). Cell 8, used only outside the loop, stays in the segment. The outer loop PRINTs, and the host then writes
        // cells 4, 5, 7 and 8 (7 is stored only in the inner loop and read nowhere: a stale copy written back at
        // an exit would undo the host's write).
        BiConsumer<MachineState, Long> host = (m, w) -> {
            MachineLayout.WORD.set(m.segment(), MachineLayout.memoryCell(4), w * 3);
            MachineLayout.WORD.set(m.segment(), MachineLayout.memoryCell(5), w + 1);
            MachineLayout.WORD.set(m.segment(), MachineLayout.memoryCell(7), w + 1000);
            MachineLayout.WORD.set(m.segment(), MachineLayout.memoryCell(8), w + 7);
        };
        agree("loop write-back", """
                PUSHI 4
                STOREI 6
                outer:
                PUSHI 0
                STOREI 4
                inner:
                LOADI 6
                PUSHI 1
                EQUAL
                JUMP_IF_TRUE broke
                PUSHI 100
                LOADI 6
                DIV
                DISCARD
                LOADI 4
                ADDI 1
                STOREI 4
                LOADI 5
                LOADI 4
                ADD
                DUP
                STOREI 5
                STOREI 7
                LOADI 4
                PUSHI 2
                EQUAL
                JUMP_IF_FALSE go
                LOADI 5
                PUSHI 9
                GREATER
                JUMP_IF_TRUE broke
                go:
                LOADI 4
                PUSHI 3
                LESS
                JUMP_IF_TRUE inner
                broke:
                LOADI 8
                ADDI 5
                STOREI 8
                LOADI 8
                PRINT
                LOADI 5
                PRINT
                LOADI 6
                PUSHI 1
                SUB
                STOREI 6
                JUMP outer
                """, host);
    }

    @Test
    void readsAndFaultsLeaveMemoryAsTheInterpreterDoes() {
        agree("read", """
                loop:
                READ done
                DUP
                STOREI 7
                LOADADDI 8
                STOREI 8
                PUSHI 20
                LOADI 7
                DIV
                DISCARD
                JUMP loop
                done:
                LOADI 8
                POP_RES
                DONE
                """, QUIET, 5, 40, 0, 9);
    }

    @Test
    void cellsKeptInLocalsReachTheSegmentBeforeComputedAccessesAndExits() {
        // Cells 20, 21 and 30 are stored only to their copies in the loop; a LOAD and a STORE through an address
        // read from memory must see and overwrite them, and every exit (fuel, DONE) must leave them in memory.
        agree("write-back", """
                PUSHI 20
                STOREI 30
                PUSHI 0
                STOREI 22
                loop:
                LOADI 22
                DUP
                STOREI 20
                ADDI 1
                DUP
                STOREI 21
                STOREI 22
                LOADI 30
                LOAD
                PRINT
                LOADI 30
                PUSHI 99
                STORE
                LOADI 20
                PRINT
                LOADI 22
                PUSHI 4
                LESS
                JUMP_IF_TRUE loop
                DONE
                """, QUIET);
    }

    @Test
    void aMethodWithoutSyncsWritesItsCellsBackAtEveryExit() {
        // No PRINT, READ or computed access: stores stay in locals, and every exit (out of fuel at each step,
        // region crossings, the division fault, DONE) must leave memory as the interpreter does.
        agree("exits", """
                PUSHI 5
                STOREI 1
                PUSHI 0
                STOREI 2
                loop:
                LOADI 2
                LOADI 1
                ADD
                STOREI 2
                PUSHI 3
                PUSHI 3
                LOAD
                ADDI 7
                STORE
                PUSHI 100
                LOADI 1
                PUSHI 1
                SUB
                DUP
                STOREI 1
                DIV
                STOREI 4
                LOADI 1
                JUMP_IF_TRUE loop
                DONE
                """, QUIET);
    }
}
