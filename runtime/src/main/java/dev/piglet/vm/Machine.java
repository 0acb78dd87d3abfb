package dev.piglet.vm;

import static dev.piglet.vm.MachineLayout.*;

import dev.piglet.arena.BumpArena;
import java.lang.foreign.MemorySegment;

/**
 * One machine's state in one off-heap segment laid out by {@link MachineLayout}: registers, the
 * 256-word operand stack and 65,536 words of memory. Reused run after run; one thread at a time.
 */
public final class Machine {
    private final MemorySegment segment;

    /** A machine whose segment is carved out of {@code arena}. */
    public Machine(BumpArena arena) {
        this(arena.allocate(SIZE, ALIGNMENT));
    }

    /** A machine over an existing segment of at least {@link MachineLayout#SIZE} bytes. */
    public Machine(MemorySegment segment) {
        if (segment.byteSize() < SIZE) {
            throw new IllegalArgumentException("machine segment too small: " + segment.byteSize() + " < " + SIZE);
        }
        this.segment = segment;
    }

    /** The segment engines read and write. */
    public MemorySegment segment() {
        return segment;
    }

    /** Clears registers, stack and memory: the state at the start of every run. */
    public void reset() {
        segment.asSlice(0, SIZE).fill((byte) 0);
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

    /** memory[address & 0xFFFF]. */
    public long memory(long address) {
        return (long) WORD.get(segment, memoryCell(address));
    }

    public void setMemory(long address, long value) {
        WORD.set(segment, memoryCell(address), value);
    }

    /** Records how a run ended; engines call it once, at the end. */
    public void finish(int status, long pc, long sp, long steps) {
        WORD.set(segment, STATUS, (long) status);
        WORD.set(segment, PC, pc);
        WORD.set(segment, SP, sp);
        WORD.set(segment, STEPS, steps);
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
