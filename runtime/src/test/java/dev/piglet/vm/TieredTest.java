package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.piglet.code.Assembler;
import dev.piglet.code.BinFile;
import dev.piglet.code.Program;
import dev.piglet.engines.TieredEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Tiered execution moves a run from the cold interpreter to compiled code at a loop back-edge. Whichever
 * back-edge it happens at, the outcome (output, status, pc, sp, stack, steps, result, memory) must be the
 * switch engine's: this forces the transfer at back-edge k (compiling in the running thread), for every k
 * up to 32 and 16 more spread over the run, on every example and corpus program, and at fuel limits around
 * the transfer point.
 */
class TieredTest {
    private static final SwitchEngine REFERENCE = new SwitchEngine();
    /** Corpus programs run for hundreds of millions of steps: they are tested over their first 300,000. */
    private static final long CORPUS_FUEL = 300_000;
    private static final long EXAMPLE_FUEL = 400_000;

    static List<Program> programs() throws IOException {
        List<Program> programs = new ArrayList<>();
        for (Path p : DifferentialTest.examples().toList()) {
            programs.add(Program.load(p.toString(), Assembler.assemble(p.toString(), Files.readString(p)).code()));
        }
        Path corpus = Path.of(System.getProperty("piglet.corpus", "../corpus"));
        try (var files = Files.list(corpus)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".bin")).sorted().toList()) {
                programs.add(Program.load(p.toString(), BinFile.read(p)));
            }
        }
        return programs;
    }

    /** How many back-edges a run of {@code program} within {@code fuel} takes. */
    static long backEdges(Program program, long fuel) {
        long[] count = {0};
        MachineState machine = Harness.newMachine();
        machine.prepare(program);
        new ColdEngine().execute(program, machine, Output.DISCARD, Input.EMPTY, fuel, new ColdEngine.BackEdges() {
            @Override
            public int period() {
                return 1;
            }

            @Override
            public boolean stopAt(int target) {
                count[0]++;
                return false;
            }
        });
        return count[0];
    }

    /** The steps executed when the cold interpreter reaches back-edge {@code k}. */
    static long stepsAtBackEdge(Program program, long fuel, long k) {
        MachineState machine = Harness.newMachine();
        long[] count = {0};
        machine.prepare(program);
        int status = new ColdEngine().execute(program, machine, Output.DISCARD, Input.EMPTY, fuel, new ColdEngine.BackEdges() {
            @Override
            public int period() {
                return 1;
            }

            @Override
            public boolean stopAt(int target) {
                return ++count[0] == k;
            }
        });
        assertEquals(ColdEngine.STOPPED_AT_BACK_EDGE, status);
        return machine.steps();
    }

    private static void agree(Program program, long k, long fuel, long[] input) {
        MachineState machine = Harness.newMachine();
        Harness.Outcome want = Harness.run(REFERENCE, program, machine, input, false, fuel);
        TieredEngine tiered = new TieredEngine((int) k, 1, false);
        Harness.Outcome got = Harness.run(tiered, program, machine, input, false, fuel);
        if (!want.equals(got)) {
            fail(program.name() + ": transfer at back-edge " + k + ", fuel " + fuel + "\n  want " + want.brief()
                    + "\n  got  " + got.brief() + "\n  " + TieredEngine.lastRun());
        }
    }

    @Test
    void everyTransferPointGivesTheSameOutcome() throws IOException {
        long[] input = {5, 7, 11};
        int checked = 0;
        for (Program program : programs()) {
            long fuel = program.name().contains("corpus") ? CORPUS_FUEL : EXAMPLE_FUEL;
            long edges = backEdges(program, fuel);
            TreeSet<Long> ks = new TreeSet<>();
            for (long k = 1; k <= Math.min(edges, 32); k++) {
                ks.add(k);
            }
            for (long i = 1; i <= 16 && edges > 32; i++) {
                ks.add(32 + (edges - 32) * i / 16);
            }
            for (long k : ks) {
                agree(program, k, fuel, input);
                checked++;
            }
            // Fuel that runs out at, just after and a little after the transfer point, where the compiled
            // code must charge exactly what the interpreter would have.
            for (long k : new long[] {1, Math.max(1, edges / 2)}) {
                if (k > edges) {
                    continue;
                }
                long at = stepsAtBackEdge(program, fuel, k);
                for (long extra : new long[] {0, 1, 2, 5, 13}) {
                    agree(program, k, at + extra, input);
                    checked++;
                }
            }
        }
        System.out.println("TieredTest: " + checked + " forced transfers agree with the switch engine");
    }

    @Test
    void laterRunsStartCompiled() throws IOException {
        for (Program program : programs()) {
            TieredEngine tiered = new TieredEngine(1, 1, false);
            MachineState machine = Harness.newMachine();
            for (int run = 0; run < 3; run++) {
                Harness.Outcome want = Harness.run(REFERENCE, program, machine, new long[] {3}, false, 50_000);
                Harness.Outcome got = Harness.run(tiered, program, machine, new long[] {3}, false, 50_000);
                assertEquals(want, got, program.name() + " run " + run + ": " + TieredEngine.lastRun());
            }
        }
    }
}
