package dev.piglet.fuzz;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.nativeref.NativeEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Runs one program on every engine and compares everything observable: the PRINTed words, status, pc,
 * result, sp, the stack below sp, the whole memory (byte for byte), and steps. The first engine (the C
 * switch engine) is the reference the others are compared with. Each engine has its own machine, so
 * memories can be compared directly. Reused case after case; one thread.
 */
public final class Differential implements AutoCloseable {
    private final List<Engine> engines;
    private final MachineState[] machines;
    private final WordRecorder[] outputs;
    private final BumpArena arena;
    private final BumpArena codeArena;
    private final long[] engineNanos;
    private long lastFuel;
    private long fullRunSteps;
    private int fullRunStatus;
    private int runs;

    /** The C engines first (c-switch is the reference), then every Java engine in {@link Engines#all()}. */
    public static List<Engine> allEngines() {
        List<Engine> list = new ArrayList<>(NativeEngine.both());
        list.addAll(Engines.all());
        return list;
    }

    /** {@link #allEngines()} plus the tiered engine forced to transfer at a few back-edges ({@link TierTransferEngine#some()}). */
    public static List<Engine> allEnginesWithTierTransfers() {
        List<Engine> list = allEngines();
        list.addAll(TierTransferEngine.some());
        return list;
    }

    public Differential() {
        this(allEngines());
    }

    public Differential(List<Engine> engines) {
        this.engines = List.copyOf(engines);
        arena = BumpArena.ofCapacity((MachineLayout.SIZE + MachineLayout.ALIGNMENT) * engines.size());
        codeArena = BumpArena.ofCapacity(Program.footprint(Program.MAX_SIZE));
        machines = new MachineState[engines.size()];
        outputs = new WordRecorder[engines.size()];
        engineNanos = new long[engines.size()];
        for (int i = 0; i < machines.length; i++) {
            machines[i] = new MachineState(arena);
            outputs[i] = new WordRecorder();
        }
    }

    public List<Engine> engines() {
        return engines;
    }

    /** The status the reference engine ended the last {@link #check} with. */
    public int referenceStatus() {
        return machines[0].status();
    }

    /** Steps the reference engine executed in the last {@link #check}. */
    public long referenceSteps() {
        return machines[0].steps();
    }

    /**
     * Runs the case on every engine at its own fuel.
     *
     * @return null when all agree, else a description of the first disagreement
     */
    public String check(ProgramGenerator.Case c) {
        return check(c, 0);
    }

    /**
     * Runs the case on every engine at its own fuel, then again at {@code cuts} fuel values drawn (from the
     * case's seed, so reproducibly) below the steps the full run took: each cut stops the run at some
     * instruction inside it, which is where the engines' fuel accounting can differ. The program is loaded
     * once, so engines that cache per program (word code, JIT classes) build once per case.
     *
     * @return null when all agree, else a description of the first disagreement; {@link #lastFuel()} is the
     *     fuel of the run that disagreed
     */
    public String check(ProgramGenerator.Case c, int cuts) {
        String d;
        try {
            d = checkRuns(c, cuts);
        } catch (RuntimeException | Error e) {
            clearAll();
            throw e;
        }
        if (d != null) {
            clearAll();
        }
        return d;
    }

    /**
     * After a disagreement every machine is cleared completely: a machine clears only what the program it ran
     * may write before the next run, and an engine that wrote elsewhere would otherwise be reported again on
     * every case after it.
     */
    private void clearAll() {
        for (MachineState m : machines) {
            m.reset();
        }
    }

    private String checkRuns(ProgramGenerator.Case c, int cuts) {
        codeArena.reset();
        Program program = Program.load("case-" + c.seed(), c.code(), codeArena);
        runs = 0;
        String d = runAll(program, c, c.fuel());
        fullRunSteps = machines[0].steps();
        fullRunStatus = machines[0].status();
        if (d != null || cuts == 0) {
            return d;
        }
        long steps = fullRunSteps;
        if (steps <= 1) {
            return null;
        }
        SplittableRandom r = new SplittableRandom(c.seed() ^ 0x5DEECE66DL);
        for (int k = 0; k < cuts; k++) {
            d = runAll(program, c, r.nextLong(steps));
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    /** The fuel of the last run {@link #check} made (the disagreeing one when it returned a difference). */
    public long lastFuel() {
        return lastFuel;
    }

    /** Nanoseconds each engine has spent running so far, in {@link #engines()} order. */
    public long[] engineNanos() {
        return engineNanos.clone();
    }

    /** Steps the reference engine took in the full run (the case's own fuel) of the last {@link #check}. */
    public long fullRunSteps() {
        return fullRunSteps;
    }

    /** The status the reference engine ended the full run of the last {@link #check} with. */
    public int fullRunStatus() {
        return fullRunStatus;
    }

    /** How many runs (per engine) the last {@link #check} made: the full run plus the cuts it reached. */
    public int lastRuns() {
        return runs;
    }

    private String runAll(Program program, ProgramGenerator.Case c, long fuel) {
        lastFuel = fuel;
        runs++;
        for (int i = 0; i < engines.size(); i++) {
            outputs[i].clear();
            long t0 = System.nanoTime();
            engines.get(i).run(program, machines[i], outputs[i], new ArrayInput(c.input()), fuel);
            engineNanos[i] += System.nanoTime() - t0;
        }
        for (int i = 1; i < engines.size(); i++) {
            String d = compare(0, i);
            if (d != null) {
                return engines.get(i).name() + " vs " + engines.getFirst().name() + " (fuel " + fuel + "): " + d;
            }
        }
        return null;
    }

    private String compare(int a, int b) {
        MachineState x = machines[a];
        MachineState y = machines[b];
        if (x.status() != y.status()) {
            return "status " + Status.name(y.status()) + " != " + Status.name(x.status());
        }
        if (x.pc() != y.pc()) {
            return "pc " + y.pc() + " != " + x.pc() + " (" + Status.name(x.status()) + ")";
        }
        if (x.steps() != y.steps()) {
            return "steps " + y.steps() + " != " + x.steps();
        }
        if (x.result() != y.result()) {
            return "result " + Long.toUnsignedString(y.result()) + " != " + Long.toUnsignedString(x.result());
        }
        if (x.sp() != y.sp()) {
            return "sp " + y.sp() + " != " + x.sp();
        }
        for (int i = 0; i < x.sp(); i++) {
            if (x.stack(i) != y.stack(i)) {
                return "stack[" + i + "] " + Long.toUnsignedString(y.stack(i)) + " != " + Long.toUnsignedString(x.stack(i));
            }
        }
        WordRecorder ox = outputs[a];
        WordRecorder oy = outputs[b];
        for (int i = 0; i < Math.min(ox.size(), oy.size()); i++) {
            if (ox.word(i) != oy.word(i)) {
                return "output word " + i + ": " + Long.toUnsignedString(oy.word(i)) + " != " + Long.toUnsignedString(ox.word(i));
            }
        }
        if (ox.size() != oy.size()) {
            return "output length " + oy.size() + " != " + ox.size();
        }
        MemorySegment mx = x.segment().asSlice(MachineLayout.MEMORY, MachineLayout.MEMORY_WORDS * 8L);
        MemorySegment my = y.segment().asSlice(MachineLayout.MEMORY, MachineLayout.MEMORY_WORDS * 8L);
        long at = mx.mismatch(my);
        if (at >= 0) {
            long cell = at / 8;
            return "memory[" + cell + "] " + Long.toUnsignedString(y.memory(cell)) + " != "
                    + Long.toUnsignedString(x.memory(cell)) + " (checksums " + Long.toHexString(y.memoryChecksum())
                    + " != " + Long.toHexString(x.memoryChecksum()) + ")";
        }
        return null;
    }

    /** A report for a failing case: seed, kind, the disagreement, and the (shrunk) program in hex. */
    public static String report(ProgramGenerator.Case original, ProgramGenerator.Case shrunk, String difference) {
        StringBuilder s = new StringBuilder();
        s.append("engines disagree on generated case seed=").append(original.seed())
                .append(" (kind ").append(original.kind()).append(", ").append(original.code().length)
                .append(" bytes, fuel ").append(original.fuel()).append(")\n");
        s.append("  shrunk to ").append(shrunk.code().length).append(" bytes: ").append(difference).append('\n');
        s.append("  code: ").append(HexFormat.ofDelimiter(" ").formatHex(shrunk.code())).append('\n');
        s.append("  input: ").append(java.util.Arrays.toString(shrunk.input())).append('\n');
        for (String line : dev.piglet.code.Disassembler.disassemble(shrunk.code(), true)) {
            s.append("    ").append(line).append('\n');
        }
        s.append("  reproduce: mvn -pl native-tests -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=DifferentialFuzzTest -Dpiglet.fuzz.case=")
                .append(original.seed());
        return s.toString();
    }

    @Override
    public void close() {
        arena.close();
        codeArena.close();
    }
}
