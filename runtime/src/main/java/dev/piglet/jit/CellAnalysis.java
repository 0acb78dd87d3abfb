package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.vm.MachineLayout;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Which memory accesses of a verified program name a cell known at compile time, and where each such cell's
 * value is still needed: what lets the JIT keep the program's variables in JVM locals, as a C compiler keeps
 * a static array's constant-index elements in registers.
 *
 * <p>Addresses are tracked modulo 2^16 (a LOAD or STORE masks its address with {@link MachineLayout#ADDRESS_MASK},
 * and masking commutes with the wrapping ADD, SUB and MUL), through a forward pass over the operand stack: a
 * slot is a known address when every path leaves the same constant there ({@code PUSHI a}, {@code ADDI},
 * folded arithmetic, {@code DUP}).
 *
 * <p>Where the compiled code writes stores through to the segment, a cell's local is only a copy, and it must
 * be read back wherever something else may have written the cell: after a sync ({@link #syncs}: a store to an
 * address not known here, a PRINT or READ callback, as a host may touch the machine). {@link #liveOut} says
 * which copies are needed after such an instruction, {@link #liveIn} at an entry; both from a backward
 * liveness pass in which a known-address load uses its cell, a known-address store defines it, and a sync
 * defines all.
 */
final class CellAnalysis {
    private static final int UNKNOWN = -1;

    private final Program program;
    private final Verification v;
    private final int length;
    /** Per pc: the cell a LOAD, STORE, LOADI, LOADADDI or STOREI names, or -1. */
    private final int[] cellAt;
    /** The distinct known cells, in order of first use: index i is the program's i-th promoted cell. */
    private final int[] cells;
    /** Cell address to its index in {@link #cells}, or -1. */
    private final int[] indexOf;
    private final int words;
    private final long[][] liveIn;

    private CellAnalysis(Program program, Verification v) {
        this.program = program;
        this.v = v;
        this.length = program.length();
        this.cellAt = new int[length + 1];
        Arrays.fill(cellAt, UNKNOWN);
        this.indexOf = new int[MachineLayout.MEMORY_WORDS];
        Arrays.fill(indexOf, UNKNOWN);
        int[] found = new int[16];
        int count = 0;
        int[][] stacks = constants();
        for (int pc = 0; pc <= length; pc++) {
            int cell = stacks[pc] == null || isStop(pc) ? UNKNOWN : cellNamed(pc, stacks[pc]);
            cellAt[pc] = cell;
            if (cell != UNKNOWN && indexOf[cell] == UNKNOWN) {
                if (count == found.length) {
                    found = Arrays.copyOf(found, count * 2);
                }
                indexOf[cell] = count;
                found[count++] = cell;
            }
        }
        this.cells = Arrays.copyOf(found, count);
        this.words = (count + 63) >>> 6;
        this.liveIn = liveness();
    }

    static CellAnalysis of(Program program, Verification v) {
        return new CellAnalysis(program, v);
    }

    /** The cell the memory access at {@code pc} names, or -1 (not an access, or an address not known here). */
    int cellAt(int pc) {
        return cellAt[pc];
    }

    /** The number of distinct known cells. */
    int count() {
        return cells.length;
    }

    /** The address of known cell {@code i}. */
    int cell(int i) {
        return cells[i];
    }

    /** The index of {@code cell} among the known cells, or -1. */
    int indexOf(int cell) {
        return indexOf[cell];
    }

    /** True when known cell {@code i}'s value at {@code pc} may still be read through its copy. */
    boolean liveIn(int pc, int i) {
        long[] live = liveIn[pc];
        return live != null && (live[i >>> 6] & 1L << i) != 0;
    }

    /**
     * True when the instruction at {@code pc} needs every cell current in the segment before it runs: a load or
     * store at an address not known here, PRINT and READ (a host's callback may read the machine).
     */
    boolean syncs(int pc) {
        int op = program.byteAt(pc);
        return op == PRINT || op == READ || (op == LOAD || op == STORE) && cellAt[pc] == UNKNOWN;
    }

    /** True when known cell {@code i}'s copy may be read after the instruction at {@code pc}. */
    boolean liveOut(int pc, int i) {
        for (int s : successors(pc)) {
            if (liveIn(s, i)) {
                return true;
            }
        }
        return false;
    }

    private boolean isStop(int pc) {
        int op = program.byteAt(pc);
        return pc == length || op == ABORT || !isDefined(op) || (hasArgument(op) && pc > length - 3);
    }

    private int cellNamed(int pc, int[] stack) {
        int op = program.byteAt(pc);
        int d = stack.length;
        return switch (op) {
            case LOADI, LOADADDI, STOREI -> program.argumentAt(pc) & MachineLayout.ADDRESS_MASK;
            case LOAD -> stack[d - 1];
            case STORE -> stack[d - 2];
            default -> UNKNOWN;
        };
    }

    /** Successors of a reachable instruction (a jump outside the code faults: no successor). */
    private int[] successors(int pc) {
        if (isStop(pc)) {
            return new int[0];
        }
        int op = program.byteAt(pc);
        int next = pc + size(op);
        return switch (op) {
            case DONE -> new int[0];
            case JUMP -> program.argumentAt(pc) <= length ? new int[] {program.argumentAt(pc)} : new int[0];
            case JUMP_IF_TRUE, JUMP_IF_FALSE, READ -> program.argumentAt(pc) <= length
                    ? new int[] {program.argumentAt(pc), next} : new int[] {next};
            default -> new int[] {next};
        };
    }

    /**
     * Per reachable pc, the operand stack before it: each slot a known address (0..65535) or {@link #UNKNOWN}.
     */
    private int[][] constants() {
        int[][] in = new int[length + 1][];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        in[0] = new int[0];
        work.add(0);
        while (!work.isEmpty()) {
            int pc = work.poll();
            if (isStop(pc)) {
                continue;
            }
            int op = program.byteAt(pc);
            int[] s = in[pc];
            int d = s.length;
            int arg = hasArgument(op) ? program.argumentAt(pc) : 0;
            int[] out = Arrays.copyOf(s, d - pops(op) + pushes(op));
            switch (op) {
                case PUSHI -> out[d] = arg & MachineLayout.ADDRESS_MASK;
                case DUP -> out[d] = s[d - 1];
                case ADDI -> out[d - 1] = s[d - 1] == UNKNOWN ? UNKNOWN : (s[d - 1] + arg) & MachineLayout.ADDRESS_MASK;
                case ADD, SUB, MUL -> {
                    int a = s[d - 2];
                    int b = s[d - 1];
                    out[d - 2] = a == UNKNOWN || b == UNKNOWN ? UNKNOWN : (int) ((op == ADD ? (long) a + b
                            : op == SUB ? (long) a - b : (long) a * b) & MachineLayout.ADDRESS_MASK);
                }
                default -> {
                    for (int k = d - pops(op); k < out.length; k++) {
                        out[k] = UNKNOWN;
                    }
                }
            }
            for (int succ : successors(pc)) {
                // READ's end-of-input target sees the stack without the word.
                int[] arriving = op == READ && succ == arg && succ != pc + size(op) ? s : out;
                if (merge(in, succ, arriving)) {
                    work.add(succ);
                }
            }
        }
        return in;
    }

    private boolean merge(int[][] in, int pc, int[] arriving) {
        int[] old = in[pc];
        if (old == null) {
            in[pc] = arriving.clone();
            return true;
        }
        boolean changed = false;
        for (int k = 0; k < old.length && k < arriving.length; k++) {
            if (old[k] != UNKNOWN && old[k] != arriving[k]) {
                old[k] = UNKNOWN;
                changed = true;
            }
        }
        return changed;
    }

    /** True when the instruction's successors must read every copy back from the segment. */
    private boolean reloadsAfter(int pc) {
        int op = program.byteAt(pc);
        return op == PRINT || op == READ || op == STORE && cellAt[pc] == UNKNOWN;
    }

    private long[][] liveness() {
        long[][] in = new long[length + 1][];
        for (int pc = 0; pc <= length; pc++) {
            if (v.isStart(pc)) {
                in[pc] = new long[words];
            }
        }
        if (words == 0) {
            return in;
        }
        boolean changed = true;
        long[] out = new long[words];
        while (changed) {
            changed = false;
            for (int pc = length; pc >= 0; pc--) {
                if (in[pc] == null) {
                    continue;
                }
                Arrays.fill(out, 0);
                if (!reloadsAfter(pc)) {
                    for (int s : successors(pc)) {
                        if (in[s] != null) {
                            for (int w = 0; w < words; w++) {
                                out[w] |= in[s][w];
                            }
                        }
                    }
                }
                int op = program.byteAt(pc);
                int index = cellAt[pc] == UNKNOWN ? UNKNOWN : indexOf[cellAt[pc]];
                if (index != UNKNOWN && !isStop(pc)) {
                    if (op == STORE || op == STOREI) {
                        out[index >>> 6] &= ~(1L << index);
                    } else {
                        out[index >>> 6] |= 1L << index;
                    }
                }
                if (!Arrays.equals(out, in[pc])) {
                    System.arraycopy(out, 0, in[pc], 0, words);
                    changed = true;
                }
            }
        }
        return in;
    }
}
