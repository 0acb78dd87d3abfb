package dev.piglet.vm;

import static dev.piglet.vm.MachineLayout.*;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Program;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One machine's state in one off-heap segment laid out by {@link MachineLayout}: registers, the
 * 256-word operand stack and 65,536 words of memory. Reused run after run; one thread at a time.
 *
 * <p>Every run starts with zero registers and zero memory, but clearing all 526 KiB per run would be
 * most of the cost of running a small program. So the machine remembers which memory cells may be
 * non-zero: the write set of the programs run since the last clear ({@link Program#writtenCell}), the
 * cells written through {@link #setMemory}, or "anywhere" (after a program that may STORE anywhere, or
 * a write the machine cannot see: see {@link #segment()}). {@link #prepare} clears just those; after a
 * run that may write anywhere, an engine that knows how far up it wrote ({@link TosEngine}) narrows
 * "anywhere" to that ({@link #finish(int, long, long, long, int)}). The stack is not cleared: a run only
 * reads slots below sp, which it wrote itself.
 */
public final class MachineState {
    /** Host writes remembered one by one; more than this many and the next run clears all memory. */
    private static final int MAX_HOST_WRITES = 64;

    private final MemorySegment segment;
    /** Slices made once: a run must not allocate. */
    private final MemorySegment registers;
    private final MemorySegment memory;
    /** Memory may be non-zero anywhere (a fresh segment of unknown content counts as dirty). */
    private boolean dirtyAnywhere = true;
    /** The program whose write set may be non-zero, or null; only when not {@link #dirtyAnywhere}. */
    private Program dirtyProgram;
    /**
     * Only when {@link #dirtyAnywhere}: memory words from this index up are known to be zero. A run that
     * started from {@link #prepare} and reports how far up it wrote ({@link TosEngine} does) lowers it; every
     * other end of a run, and every write the machine cannot bound, puts it back at the top.
     */
    private int dirtyBelow = MEMORY_WORDS;
    /** Set by {@link #prepare}: memory is all zero and the run about to start is the only writer since. */
    private boolean cleanStart;
    /** Cells the host wrote with {@link #setMemory} since the last clear. */
    private final int[] hostWrites = new int[MAX_HOST_WRITES];
    private int hostWriteCount;
    /**
     * Engines' working copies owned by this machine, not by the thread: a run may start another machine's
     * run on the same thread (from PRINT or READ), which must not reuse the outer run's copies.
     * {@link TosEngine} keeps the stack below its cached top here during a run (stack[k] is stackCopy[k + 1]).
     */
    final long[] stackCopy = new long[MachineLayout.STACK_WORDS + 1];
    /** {@link TosEngine}'s loop state when its dispatch loop returns (ip, sp, top, fuel left, cells written). */
    final long[] tosExit = new long[TosEngine.EXIT_STATE];
    /** {@link TraceEngine}'s handler state, made on the machine's first trace run. */
    TraceEngine.State traceState;
    /** {@link TosEngine}'s copy of memory during a run (all zero between runs), made on the first tos run. */
    private long[] memoryCopy;

    /** A machine whose segment is carved out of {@code arena}. */
    public MachineState(BumpArena arena) {
        this(arena.allocate(SIZE, ALIGNMENT));
    }

    /** A machine over an existing segment of at least {@link MachineLayout#SIZE} bytes. */
    public MachineState(MemorySegment segment) {
        if (segment.byteSize() < SIZE) {
            throw new IllegalArgumentException("machine segment too small: " + segment.byteSize() + " < " + SIZE);
        }
        this.segment = segment;
        this.registers = segment.asSlice(0, STACK);
        this.memory = segment.asSlice(MEMORY, (long) MEMORY_WORDS << 3);
    }

    /**
     * The segment engines read and write. An engine's {@code execute} may write memory only where the
     * program it runs may write ({@link Program#writtenCell}); anyone else who writes memory through
     * this segment must call {@link #markAllDirty()} so that the next run clears it.
     */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * Clears registers, stack and memory completely. The machine still counts memory as dirty
     * anywhere, because a caller may now {@link Engine#execute} any program on it without
     * {@link #prepare}: the next prepared run clears all memory again.
     */
    public void reset() {
        segment.asSlice(0, SIZE).fill((byte) 0);
        markAllDirty();
    }

    /**
     * Puts the machine in the start state of a run of {@code program} (registers and memory zero, sp 0)
     * by clearing only what earlier runs and host writes may have left, then records that this run may
     * write {@code program}'s write set. Stack slots keep stale values: no run can read a slot above sp.
     */
    public void prepare(Program program) {
        registers.fill((byte) 0);
        if (dirtyAnywhere && dirtyBelow >= MEMORY_WORDS) {
            clearMemory(memory);
        } else if (dirtyAnywhere) {
            zero(memory, dirtyBelow); // (a slice to fill would be an allocation per run)
        } else {
            Program p = dirtyProgram;
            if (p != null) {
                for (int i = 0, n = p.writtenCellCount(); i < n; i++) {
                    memory.setAtIndex(ValueLayout.JAVA_LONG, p.writtenCell(i), 0L);
                }
            }
            for (int i = 0; i < hostWriteCount; i++) {
                memory.setAtIndex(ValueLayout.JAVA_LONG, hostWrites[i], 0L);
            }
        }
        hostWriteCount = 0;
        dirtyAnywhere = program.writesAnywhere();
        dirtyProgram = dirtyAnywhere ? null : program;
        dirtyBelow = MEMORY_WORDS;
        cleanStart = true;
    }

    /**
     * Zeroes all 512 KiB of memory. {@code MemorySegment.fill} is a native call that stores one word at a time
     * (7.7 us here); a plain loop of long stores, once C2 has compiled it into vector stores, takes 2.0 us (a
     * program that may STORE anywhere pays this on every run). In HotSpot's interpreter that loop would
     * take about a millisecond, so the first {@link #FILLS_BEFORE_LOOP} clears in a JVM use {@code fill}.
     */
    static void clearMemory(MemorySegment memory) {
        if (fills < FILLS_BEFORE_LOOP) {
            fills++; // a lost update between threads only delays the switch
            memory.fill((byte) 0);
        } else {
            zero(memory, MEMORY_WORDS);
        }
    }

    private static final int FILLS_BEFORE_LOOP = 1_000;
    private static int fills;

    private static void zero(MemorySegment memory, long words) {
        for (long i = 0; i < words; i++) {
            memory.setAtIndex(ValueLayout.JAVA_LONG, i, 0L);
        }
    }

    /** TosEngine's memory array: 65,536 words, all zero outside a run (see {@link TosEngine}). */
    long[] memoryCopy() {
        long[] mem = memoryCopy;
        if (mem == null) {
            mem = new long[MachineLayout.MEMORY_WORDS];
            memoryCopy = mem;
        }
        return mem;
    }

    /** Declares that memory may have been written anywhere (outside a run, through {@link #segment()}). */
    public void markAllDirty() {
        dirtyAnywhere = true;
        dirtyProgram = null;
        hostWriteCount = 0;
        dirtyBelow = MEMORY_WORDS;
        cleanStart = false;
    }

    public long result() {
        return (long) WORD.get(segment, RESULT);
    }

    public long sp() {
        return (long) WORD.get(segment, SP);
    }

    public long pc() {
        return (long) WORD.get(segment, PC);
    }

    public int status() {
        return (int) (long) WORD.get(segment, STATUS);
    }

    public long steps() {
        return (long) WORD.get(segment, STEPS);
    }

    /** stack[index], 0 being the bottom. */
    public long stack(int index) {
        return (long) WORD.get(segment, stackSlot(index));
    }

    /** {@code memory[address & 0xFFFF]}. */
    public long memory(long address) {
        return (long) WORD.get(segment, memoryCell(address));
    }

    /** Sets {@code memory[address & 0xFFFF]}; the next run clears it again (runs start with zero memory). */
    public void setMemory(long address, long value) {
        WORD.set(segment, memoryCell(address), value);
        cleanStart = false;
        dirtyBelow = MEMORY_WORDS;
        if (!dirtyAnywhere) {
            if (hostWriteCount == MAX_HOST_WRITES) {
                markAllDirty();
            } else {
                hostWrites[hostWriteCount++] = (int) (address & ADDRESS_MASK);
            }
        }
    }

    /** Records how a run ended; engines call it once, at the end. */
    public void finish(int status, long pc, long sp, long steps) {
        WORD.set(segment, STATUS, (long) status);
        WORD.set(segment, PC, pc);
        WORD.set(segment, SP, sp);
        WORD.set(segment, STEPS, steps);
        dirtyBelow = MEMORY_WORDS; // this run's writes are not bounded: the next clear covers all of memory
        cleanStart = false;
    }

    /**
     * {@link #finish} for an engine that knows its run wrote memory only below word {@code writtenBelow}: if the
     * run started from {@link #prepare} with nothing else writing since, the next {@code prepare} clears only
     * that far.
     */
    void finish(int status, long pc, long sp, long steps, int writtenBelow) {
        boolean bounded = cleanStart;
        finish(status, pc, sp, steps);
        if (bounded) {
            dirtyBelow = Math.max(0, Math.min(writtenBelow, MEMORY_WORDS));
        }
    }

    /** FNV-1a over memory: a cheap fingerprint to compare engines' final memory. */
    public long memoryChecksum() {
        long h = 0xcbf29ce484222325L;
        for (int a = 0; a < MEMORY_WORDS; a++) {
            h = (h ^ memory(a)) * 0x100000001b3L;
        }
        return h;
    }
}
