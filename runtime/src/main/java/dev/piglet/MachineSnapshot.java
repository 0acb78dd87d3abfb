package dev.piglet;

import java.util.Arrays;

/**
 * A machine's state between runs, in a compact form a host can store and load into any machine later:
 * the registers, the operand stack and the memory cells that are not zero (a machine's full memory is
 * 512 KiB; a program usually writes a few cells). {@link Machine#save()} makes one,
 * {@link Machine#restore} loads one, and {@link Machine#resume} continues the run it describes.
 *
 * <p>Immutable once made; the arrays are not copied, so do not change them.
 *
 * @param status the {@link RunStatus} code the run stopped with
 * @param pc the byte offset the run stopped at (a READ it suspended at, the faulting instruction, ...)
 * @param steps instructions executed so far
 * @param result the result register
 * @param stack the operand stack, bottom first (at most 256 words)
 * @param cellAddresses the addresses (0-65535, ascending) of the memory cells that are not zero
 * @param cellValues their values, in the same order
 */
public record MachineSnapshot(int status, long pc, long steps, long result, long[] stack, int[] cellAddresses,
        long[] cellValues) {

    /** The start state of a run: pc 0, empty stack, zero memory and registers. */
    public static final MachineSnapshot START = new MachineSnapshot(0, 0, 0, 0, new long[0], new int[0], new long[0]);

    /** @throws IllegalArgumentException if the stack is too deep or the cells are not a valid sparse memory */
    public MachineSnapshot {
        if (stack.length > dev.piglet.vm.MachineLayout.STACK_WORDS) {
            throw new IllegalArgumentException("stack of " + stack.length + " words (at most "
                    + dev.piglet.vm.MachineLayout.STACK_WORDS + ")");
        }
        if (cellAddresses.length != cellValues.length) {
            throw new IllegalArgumentException(cellAddresses.length + " cell addresses for " + cellValues.length + " values");
        }
        int last = -1;
        for (int a : cellAddresses) {
            if (a <= last || a > dev.piglet.vm.MachineLayout.ADDRESS_MASK) {
                throw new IllegalArgumentException("cell address " + a + " out of order or out of range");
            }
            last = a;
        }
        if (pc < 0 || pc > dev.piglet.code.Program.MAX_SIZE) {
            throw new IllegalArgumentException("pc " + pc + " out of range");
        }
    }

    /** {@code memory[address & 0xFFFF]} in this state. */
    public long memory(long address) {
        int i = Arrays.binarySearch(cellAddresses, (int) (address & dev.piglet.vm.MachineLayout.ADDRESS_MASK));
        return i >= 0 ? cellValues[i] : 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MachineSnapshot s && status == s.status && pc == s.pc && steps == s.steps
                && result == s.result && Arrays.equals(stack, s.stack) && Arrays.equals(cellAddresses, s.cellAddresses)
                && Arrays.equals(cellValues, s.cellValues);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(pc) * 31 + Arrays.hashCode(cellValues);
    }

    @Override
    public String toString() {
        return "MachineSnapshot[status " + status + ", pc " + pc + ", steps " + steps + ", stack " + stack.length
                + " words, " + cellAddresses.length + " non-zero cells]";
    }
}
