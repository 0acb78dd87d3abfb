package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Where {@link RegionPlan} puts instructions: loops that fit stay whole, rare blocks of a big loop move out. */
class RegionPlanTest {
    private static Program program(String source) {
        return Program.load("t.pvm", Assembler.assemble("t.pvm", source).code());
    }

    /** The pc of each label, from the assembled code: the first pc after the label's line. */
    private static int pcOf(Program p, String source, String label) {
        int pc = 0;
        for (String line : source.split("\n")) {
            line = line.strip();
            if (line.equals(label + ":")) {
                return pc;
            }
            if (!line.isEmpty() && !line.endsWith(":")) {
                pc += line.contains(" ") ? 3 : 1;
            }
        }
        throw new IllegalArgumentException(label);
    }

    private static Set<Integer> regionsOf(int[] regionOf, int from, int to) {
        Set<Integer> regions = new HashSet<>();
        for (int pc = from; pc < to; pc++) {
            if (regionOf[pc] >= 0) {
                regions.add(regionOf[pc]);
            }
        }
        return regions;
    }

    private static void everyInstructionPlaced(Program p, int[] regionOf, int budget) {
        Verification v = Verifier.verify(p);
        Map<Integer, Integer> sizes = new HashMap<>();
        for (int pc = 0; pc <= p.length(); pc++) {
            assertEquals(v.isStart(pc), regionOf[pc] >= 0, "pc " + pc);
            if (regionOf[pc] >= 0) {
                sizes.merge(regionOf[pc], 1, Integer::sum);
            }
        }
        sizes.values().forEach(size -> assertTrue(size <= budget, "a region of " + size + " over " + budget));
    }

    @Test
    void cutsDeepInANestCostMore() {
        // Three nested counting loops; each level's counter in its own cell.
        String source = """
                PUSHI 0
                STOREI 1
                outer:
                PUSHI 0
                STOREI 2
                middle:
                PUSHI 0
                STOREI 3
                inner:
                LOADI 3
                ADDI 1
                DUP
                STOREI 3
                PUSHI 3
                LESS
                JUMP_IF_TRUE inner
                LOADI 2
                ADDI 1
                DUP
                STOREI 2
                PUSHI 3
                LESS
                JUMP_IF_TRUE middle
                LOADI 1
                ADDI 1
                DUP
                STOREI 1
                PUSHI 3
                LESS
                JUMP_IF_TRUE outer
                DONE
                """;
        Program p = program(source);
        Verification v = Verifier.verify(p);
        int[] whole = RegionPlan.plan(p, v, 1000);
        assertEquals(0, RegionPlan.nestSplitCost(p, v, whole));
        int[] small = RegionPlan.plan(p, v, 2);
        int[] inner = whole.clone();
        int from = pcOf(p, source, "inner");
        for (int pc = from; pc < from + 16; pc++) {
            if (inner[pc] >= 0) {
                inner[pc] = 1; // the inner loop alone in a region of its own
            }
        }
        double innerCut = RegionPlan.nestSplitCost(p, v, inner);
        assertEquals(64, innerCut); // nested two deep
        assertTrue(RegionPlan.nestSplitCost(p, v, small) > innerCut);
    }

    @Test
    void aLoopThatFitsIsNeverSplit() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 25; i++) {
            s.append("PUSHI ").append(i).append("\nSTOREI ").append(i).append('\n');
        }
        s.append("loop:\n");
        for (int i = 0; i < 20; i++) {
            s.append("LOADI 1\nADDI 1\nSTOREI 1\n");
        }
        s.append("LOADI 1\nPUSHI 500\nLESS\nJUMP_IF_TRUE loop\nend:\n");
        for (int i = 0; i < 25; i++) {
            s.append("LOADI ").append(i).append("\nPRINT\n");
        }
        s.append("DONE\n");
        String source = s.toString();
        Program p = program(source);
        int budget = 70;
        int[] regionOf = RegionPlan.plan(p, Verifier.verify(p), budget);
        everyInstructionPlaced(p, regionOf, budget);
        assertEquals(1, regionsOf(regionOf, pcOf(p, source, "loop"), pcOf(p, source, "end")).size());
        assertTrue(regionsOf(regionOf, 0, p.length() + 1).size() >= 3);
    }

    @Test
    void aBigLoopKeepsItsHotPathAndMovesItsLargestBlockOut() {
        // A loop with a long chain of rare tests in an if: the chain goes to other regions, the rest stays whole.
        StringBuilder s = new StringBuilder("loop:\nLOADI 1\nADDI 1\nDUP\nSTOREI 1\nPUSHI 1000\nEQUAL\nJUMP_IF_FALSE skip\nchain:\n");
        for (int i = 0; i < 60; i++) {
            s.append("LOADI 2\nPUSHI ").append(i).append("\nEQUAL\nJUMP_IF_FALSE n").append(i)
                    .append("\nPUSHI ").append(i).append("\nSTOREI 3\nn").append(i).append(":\n");
        }
        s.append("skip:\nLOADI 1\nPUSHI 5000\nLESS\nJUMP_IF_TRUE loop\nafter:\nDONE\n");
        String source = s.toString();
        Program p = program(source);
        int budget = 40;
        int[] regionOf = RegionPlan.plan(p, Verifier.verify(p), budget);
        everyInstructionPlaced(p, regionOf, budget);
        int skip = pcOf(p, source, "skip");
        int chain = pcOf(p, source, "chain");
        Set<Integer> hot = regionsOf(regionOf, 0, chain);
        hot.addAll(regionsOf(regionOf, skip, pcOf(p, source, "after")));
        assertEquals(1, hot.size(), "the loop without its chain is one region");
        Set<Integer> cold = regionsOf(regionOf, chain, skip);
        assertFalse(cold.contains(hot.iterator().next()));
        assertTrue(cold.size() >= 2);
    }
}
