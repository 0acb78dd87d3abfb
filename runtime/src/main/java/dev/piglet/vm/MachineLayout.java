package dev.piglet.vm;

import dev.piglet.code.Status;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the machine segment's layout. It is a C struct in native byte order, so
 * the C reference in native-tests reads and writes the very same memory:
 *
 * <pre>
 * struct piglet_machine {
 *     uint64_t result;            // the result register (POP_RES)
 *     uint64_t sp;                // words on the operand stack
 *     uint64_t pc;                // byte offset of the next (or faulting) instruction
 *     uint64_t status;            // the last run's {@link Status} code
 *     uint64_t steps;             // instructions executed by the last run
 *     uint64_t reserved[3];
 *     uint64_t stack[256];        // stack[0] is the bottom
 *     uint64_t memory[65536];     // all zero at the start of each run
 * };
 * </pre>
 *
 * Engines address words as {@code (segment, byte offset)} through the {@code static final} handle
 * {@link #WORD}: a constant VarHandle folds to a plain load in compiled code.
 */
public final class MachineLayout {
    private MachineLayout() {}

    public static final int STACK_WORDS = 256;
    public static final int MEMORY_WORDS = 65_536;
    /** Memory addresses wrap to 16 bits. */
    public static final int ADDRESS_MASK = MEMORY_WORDS - 1;

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("result"),
            ValueLayout.JAVA_LONG.withName("sp"),
            ValueLayout.JAVA_LONG.withName("pc"),
            ValueLayout.JAVA_LONG.withName("status"),
            ValueLayout.JAVA_LONG.withName("steps"),
            MemoryLayout.sequenceLayout(3, ValueLayout.JAVA_LONG).withName("reserved"),
            MemoryLayout.sequenceLayout(STACK_WORDS, ValueLayout.JAVA_LONG).withName("stack"),
            MemoryLayout.sequenceLayout(MEMORY_WORDS, ValueLayout.JAVA_LONG).withName("memory"))
            .withName("piglet_machine");

    public static final long RESULT = offset("result");
    public static final long SP = offset("sp");
    public static final long PC = offset("pc");
    public static final long STATUS = offset("status");
    public static final long STEPS = offset("steps");
    /** Byte offset of stack[0]. */
    public static final long STACK = offset("stack");
    /** Byte offset of memory[0]. */
    public static final long MEMORY = offset("memory");
    public static final long SIZE = LAYOUT.byteSize();
    public static final long ALIGNMENT = 64;

    /** A 64-bit word at {@code (MemorySegment, long byteOffset)}, native order, aligned. */
    public static final VarHandle WORD = ValueLayout.JAVA_LONG.varHandle();
    /**
     * The same words without the per-access alignment check, for hot loops whose offsets are aligned by
     * construction ({@link #stackSlot}, {@link #memoryCell}): the segment is 64-byte aligned.
     */
    public static final VarHandle WORD_UNCHECKED_ALIGNMENT = ValueLayout.JAVA_LONG_UNALIGNED.varHandle();
    /** A code byte at {@code (MemorySegment, long byteOffset)}. */
    public static final VarHandle CODE_BYTE = ValueLayout.JAVA_BYTE.varHandle();

    /** Byte offset of stack[index]. */
    public static long stackSlot(long index) {
        return STACK + (index << 3);
    }

    /** Byte offset of {@code memory[address & 0xFFFF]}. */
    public static long memoryCell(long address) {
        return MEMORY + ((address & ADDRESS_MASK) << 3);
    }

    private static long offset(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
