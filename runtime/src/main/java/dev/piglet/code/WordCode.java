package dev.piglet.code;

import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A verified program pre-decoded into word code ({@link WordCodeLayout}): one 64-bit word per
 * reachable instruction, in pc order, jump targets resolved to word indices; optionally with common
 * sequences fused into internal superinstructions (the peephole pass). Built once per program and
 * cached; immutable and shareable across threads.
 *
 * <p>Fusion never crosses a jump target: only the first instruction of a fused group may be a target,
 * so every target still names the same word and state. Fused ops never fault (the two that divide by a cell
 * hand a division by zero to the checking loop at their first instruction), and each word's run
 * length counts the original instructions, so steps, fuel and fault positions stay exact.
 */
public final class WordCode {
    private static final Map<Program, WordCode[]> CACHE = new WeakHashMap<>();

    // No reference back to the Program: the cache is keyed weakly by it, and a strong path from the value
    // to the key would keep every program ever run alive.
    private final Verification verification;
    private final boolean fused;
    private final MemorySegment words;
    private final long[] wordArray;
    private final int count;
    private final int[] pcs;
    private final int[] depths;
    private final boolean[] resumable;
    private final int fixedCells;

    private WordCode(Verification verification, boolean fused, MemorySegment words, int[] pcs, int[] depths,
            boolean[] resumable) {
        this.resumable = resumable;
        this.verification = verification;
        this.fused = fused;
        this.words = words;
        this.wordArray = words.equals(MemorySegment.NULL) ? new long[0] : words.toArray(ValueLayout.JAVA_LONG);
        this.count = pcs.length;
        this.pcs = pcs;
        this.depths = depths;
        int cells = 0;
        for (int i = 0; i < count; i += span(op(wordArray[i]))) {
            if (FusedOps.writesCell(op(wordArray[i]))) {
                cells |= arg(wordArray[i]);
            }
        }
        this.fixedCells = cells;
    }

    /**
     * The word code for {@code program} (verified once, decoded once per fusion setting, cached). The cache's
     * lock is held only to find the program's pair; the decoding holds the pair's lock, so threads decode
     * different programs in parallel.
     */
    public static WordCode of(Program program, boolean fuse) {
        WordCode[] both;
        synchronized (CACHE) {
            both = CACHE.computeIfAbsent(program, p -> new WordCode[2]);
        }
        synchronized (both) {
            int k = fuse ? 1 : 0;
            if (both[k] == null) {
                Verification v = both[1 - k] != null ? both[1 - k].verification : Verifier.verify(program);
                both[k] = build(program, v, fuse);
            }
            return both[k];
        }
    }

    public Verification verification() {
        return verification;
    }

    /** True when the program was verified, so words exist and engines may drop checks. */
    public boolean verified() {
        return verification.ok();
    }

    public boolean fused() {
        return fused;
    }

    /** The words, {@code count() * 8} bytes, read-only. */
    public MemorySegment words() {
        return words;
    }

    /**
     * The same words as {@link #words()} in a Java array, built once: the {@code tos} dispatch loop reads its
     * code from here because a segment read costs a class, bounds and session check that C2 cannot hoist
     * out of an interpreter loop (docs/engines.md). Shared by every run: callers must not write to it.
     */
    public long[] wordArray() {
        return wordArray;
    }

    /**
     * The OR of every memory cell that the words store to by their argument field ({@link FusedOps#writesCell}):
     * no such store writes a cell above it. STORE and the STORE_IMM ops write computed cells, not counted here.
     */
    public int fixedCellsWritten() {
        return fixedCells;
    }

    public int count() {
        return count;
    }

    /** The word at {@code index} (an op's word, or the extension word after a two-word op). */
    public long word(int index) {
        return (long) WORD.get(words, (long) index << 3);
    }

    /** The byte offset of the (first) instruction of word {@code index}. */
    public int pcOf(int index) {
        return pcs[index];
    }

    /**
     * True when a run may be handed to the checking loop at word {@code index} ({@code Stepper.resume} at
     * {@link #pcOf}): the machine state there is the original program's. False inside an assignment whose
     * address push the peephole pass dropped (the stack lacks the address); engines hand over only at run
     * starts, which never lie inside one, and a trace is cut only where this holds.
     */
    public boolean isResumable(int index) {
        return resumable[index];
    }

    /** The verified stack depth before word {@code index}. */
    public int depthOf(int index) {
        return depths[index];
    }

    private record Entry(int op, int arg, int targetPc, int weight, int pc, long ext) {}

    private static WordCode build(Program program, Verification v, boolean fuse) {
        if (!v.ok()) {
            return new WordCode(v, fuse, MemorySegment.NULL, new int[0], new int[0], new boolean[0]);
        }
        int length = program.length();
        List<Entry> entries = new ArrayList<>();
        for (int pc = 0; pc <= length; pc++) {
            if (!v.isStart(pc)) {
                continue;
            }
            int op = program.byteAt(pc);
            if (pc == length || op == ABORT || (isDefined(op) && hasArgument(op) && pc > length - 3)) {
                entries.add(new Entry(FAULT, Status.END_OF_STREAM, 0, 1, pc, 0));
            } else if (!isDefined(op)) {
                entries.add(new Entry(FAULT, Status.UNKNOWN_OPCODE, 0, 1, pc, 0));
            } else {
                int arg = hasArgument(op) ? program.argumentAt(pc) : 0;
                if ((op == JUMP_IF_TRUE || op == JUMP_IF_FALSE) && arg > length) {
                    entries.add(new Entry(JUMP_IF_OUTSIDE, op == JUMP_IF_TRUE ? 1 : 0, 0, 1, pc, 0));
                    continue;
                }
                entries.add(new Entry(op, isJump(op) ? 0 : arg, isJump(op) ? arg : 0, 1, pc, 0));
            }
        }
        boolean[] addressPending = new boolean[length + 1];
        if (fuse) {
            entries = Peephole.fuse(entries.stream()
                    .map(e -> new Peephole.Item(e.op, e.arg, e.targetPc, e.weight, e.pc, e.ext)).toList(), v, addressPending)
                    .stream().map(i -> new Entry(i.op(), i.arg(), i.targetPc(), i.weight(), i.pc(), i.ext())).toList();
        }
        int entryCount = entries.size();
        // Word index of each entry: an op with an extension word takes two words.
        int[] wordOf = new int[entryCount];
        int n = 0;
        for (int i = 0; i < entryCount; i++) {
            wordOf[i] = n;
            n += span(entries.get(i).op);
        }
        int[] indexOf = new int[length + 1];
        int[] pcs = new int[n];
        int[] depths = new int[n];
        for (int i = 0; i < entryCount; i++) {
            Entry e = entries.get(i);
            for (int k = 0; k < span(e.op); k++) {
                pcs[wordOf[i] + k] = e.pc;
                depths[wordOf[i] + k] = v.depthAt(e.pc);
            }
            indexOf[e.pc] = wordOf[i];
        }
        int[] run = new int[entryCount + 1];
        for (int i = entryCount - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            run[i] = e.weight + (isControl(e.op) ? 0 : run[i + 1]);
        }
        MemorySegment words = Arena.ofAuto().allocate((long) Math.max(n, 1) << 3, 8);
        for (int i = 0; i < entryCount; i++) {
            Entry e = entries.get(i);
            boolean hasTarget = isJump(e.op) || FusedOps.isFused(e.op) && FusedOps.jumps(e.op);
            int target = hasTarget ? indexOf[e.targetPc] : e.targetPc;
            WORD.set(words, (long) wordOf[i] << 3, encode(e.op, e.arg, target, run[i]));
            if (span(e.op) == 2) {
                WORD.set(words, (long) (wordOf[i] + 1) << 3, e.ext);
            }
        }
        boolean[] resumable = new boolean[n];
        for (int i = 0; i < n; i++) {
            resumable[i] = !addressPending[pcs[i]];
        }
        return new WordCode(v, fuse, words.asReadOnly(), pcs, depths, resumable);
    }

    /** One line per word, for tests and curious users. */
    public List<String> listing() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i += span(op(word(i)))) {
            long w = word(i);
            String ext = span(op(w)) == 2 ? " ext=" + extLow(word(i + 1)) + "," + extHigh(word(i + 1)) : "";
            lines.add(i + " @" + pcs[i] + " " + WordCodeLayout.name(op(w)) + " arg=" + arg(w) + " target=" + target(w)
                    + ext + " run=" + run(w));
        }
        return lines;
    }
}
