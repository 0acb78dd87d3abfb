package dev.piglet.vm;

import static dev.piglet.code.FusedOps.*;
import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.WordCode;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The word engine with the top of the stack cached in a local (the reference's "register cache") and
 * the rest of the run's state in Java arrays the machine owns: the stack below the top
 * ({@link MachineState#stackCopy}) and memory ({@link MachineState#memoryCopy}). Every segment access in an
 * interpreter loop pays a class, bounds and session check that C2 cannot hoist out of it
 * (docs/engines.md); an array access pays one bounds check. Both copies go back to the machine segment
 * whenever the run stops, so the machine's state between runs is the same as on every other engine.
 *
 * <p>Memory: a run starts with zero memory, so the memory copy is all zero at the start of every run.
 * {@code written} bounds the highest cell written: it starts as the OR of the fixed cells the code stores to
 * ({@link WordCode#fixedCellsWritten}), and the stores to computed cells (STORE, STORE_IMM...) OR theirs in;
 * at the end the run copies cells 0..written to the segment and clears them again.
 *
 * <p>Why the handlers are written as they are: C2 compiles the dispatch loop into one jump table, and every
 * value that several handlers compute alike (sp + 1, the argument field, written | a) is computed once before
 * the jump, whichever handler runs. Past the few registers x86 has, those values and the loop's state spill
 * to the stack on every dispatch. So the loop keeps few values live and handlers share few expressions: the
 * fixed-cell stores do not touch {@code written}, fuel is one count of what is left, and POP_RES leaves the
 * loop like PRINT.
 */
public final class TosEngine implements FusingEngine {
    private static final int MASK = MachineLayout.ADDRESS_MASK;

    /** Slots of {@link MachineState#tosExit}. */
    static final int IP = 0, SP = 1, TOP = 2, LEFT = 3, WRITTEN = 4, EXIT_STATE = 5;

    private final boolean fuse;

    public TosEngine() {
        this(true);
    }

    public TosEngine(boolean fuse) {
        this.fuse = fuse;
    }

    @Override
    public String name() {
        return "tos";
    }

    @Override
    public Engine withFusion(boolean fuse) {
        return new TosEngine(fuse);
    }

    @Override
    public boolean fuses() {
        return fuse;
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        WordCode wc = WordCode.of(program, fuse);
        if (!wc.verified()) {
            return WordEngine.CHECKED.execute(program, machine, out, in, fuel);
        }
        // Code words from the word code's Java-array mirror ({@link WordCode#wordArray}): a plain array read has
        // one bounds check, a segment read three more (docs/engines.md, "Why tos reads its code from a Java
        // array"). Plain reads, not a VarHandle: every VarHandle access adds nodes to C2's graph of this method,
        // and past C2's node budget it stops inlining even the field decoders in the hottest handlers.
        final long[] code = wc.wordArray();
        if (fuel < runOf(code[0])) {
            return Stepper.resume(program, machine, out, in, fuel, 0, 0, 0, 0);
        }
        // Fuel not yet charged: runs are charged when control enters them (steps = fuel - left).
        long firstLeft = fuel - runOf(code[0]);
        // The machine's own arrays, reused run after run (no allocation), and never shared with a run that a
        // PRINT or READ starts on another machine. stack[k] is st[k + 1]; st[0] takes the spill at depth 0.
        final long[] st = machine.stackCopy;
        final long[] mem = machine.memoryCopy();
        final long[] exit = machine.tosExit;
        exit[IP] = 0;
        exit[SP] = 0;
        exit[TOP] = 0;
        exit[LEFT] = firstLeft;
        // Cells written: at least every fixed cell a word may store to, OR every computed cell stored to.
        exit[WRITTEN] = wc.fixedCellsWritten();
        long result = 0;
        int status;
        while (true) {
            boolean outOfFuel = dispatch(code, st, mem, exit);
            int ip = (int) exit[IP];
            long w = code[ip];
            if (outOfFuel) {
                // The run at ip does not fit; the Stepper steps into it.
                int sp = (int) exit[SP];
                writeBack(machine, st, sp, exit[TOP], result, mem, (int) exit[WRITTEN]);
                return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, fuel - exit[LEFT], result);
            }
            // Out of the call-free loop: a call or a stop.
            int sp = (int) exit[SP];
            long tos = exit[TOP];
            switch (op(w)) {
                case POP_RES -> {
                    result = tos;
                    exit[TOP] = st[--sp];
                    exit[SP] = sp;
                    exit[IP] = ip + 1;
                    continue;
                }
                case PRINT -> {
                    out.print(tos);
                    exit[TOP] = st[--sp];
                    exit[SP] = sp;
                    exit[IP] = ip + 1;
                    continue;
                }
                case READ -> {
                    int got = in.next();
                    if (got == Input.WORD) {
                        st[sp++] = tos;
                        exit[TOP] = in.word();
                        exit[SP] = sp;
                        ip++;
                    } else if (got == Input.END) {
                        ip = target(w);
                    } else {
                        status = Status.BAD_INPUT;
                        exit[LEFT] += runOf(w);
                        break;
                    }
                    exit[IP] = ip;
                    // Control arrives at the start of a run: charge it, or hand over to the Stepper.
                    int r = runOf(code[ip]);
                    if (exit[LEFT] < r) {
                        writeBack(machine, st, (int) exit[SP], exit[TOP], result, mem, (int) exit[WRITTEN]);
                        return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), (int) exit[SP],
                                fuel - exit[LEFT], result);
                    }
                    exit[LEFT] -= r;
                    continue;
                }
                case DONE -> status = Status.SUCCESS;
                case FAULT -> {
                    status = arg(w);
                    exit[LEFT] += runOf(w);
                }
                case DIV, JUMP_IF_OUTSIDE -> {
                    status = op(w) == DIV ? Status.DIVISION_BY_ZERO : Status.BAD_JUMP;
                    exit[LEFT] += runOf(w);
                }
                case MOD_CELLS -> {
                    // A division by zero inside a fused op: the checking loop redoes the op's instructions and faults.
                    long steps = fuel - exit[LEFT] - runOf(w);
                    writeBack(machine, st, sp, tos, result, mem, (int) exit[WRITTEN]);
                    return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, steps, result);
                }
                default -> throw new IllegalStateException("word code opcode " + op(w));
            }
            break;
        }
        int ip = (int) exit[IP];
        writeBack(machine, st, (int) exit[SP], exit[TOP], result, mem, (int) exit[WRITTEN]);
        machine.finish(status, wc.pcOf(ip), (int) exit[SP], fuel - exit[LEFT], (int) exit[WRITTEN] + 1);
        return status;
    }

    /**
     * The dispatch loop, from the state in {@code exit} until a word that calls out or stops (PRINT, READ,
     * POP_RES, DONE, a fault; the state is left before it) or a run that the fuel left does not cover
     * (returns true; the state is left at that run's start, not charged). A method of its own so that C2
     * allocates registers for the loop's few values only, not for the run's set-up and calls around it.
     */
    private static boolean dispatch(long[] code, long[] st, long[] mem, long[] exit) {
        int ip = (int) exit[IP];
        int sp = (int) exit[SP];
        long tos = exit[TOP];
        long left = exit[LEFT];
        int written = (int) exit[WRITTEN];
        // The word being dispatched is carried round the loop: straight-line handlers load the next word,
        // jumps load their target's word once and use it both for the fuel charge and for the dispatch.
        long w = code[ip];
        boolean outOfFuel = false;
        inner:
        while (true) {
            switch (op(w)) {
                case PUSHI -> {
                    st[sp++] = tos;
                    tos = arg(w);
                    w = code[++ip];
                    continue;
                }
                case LOADI -> {
                    st[sp++] = tos;
                    tos = mem[arg(w)];
                    w = code[++ip];
                    continue;
                }
                case LOADI_LOADI -> {
                    st[sp++] = tos;
                    st[sp++] = mem[arg(w)];
                    tos = mem[target(w)];
                    w = code[++ip];
                    continue;
                }
                case LOADI_ADDI -> {
                    st[sp++] = tos;
                    tos = Ops.add(mem[arg(w)], target(w));
                    w = code[++ip];
                    continue;
                }
                case LOADADDI -> {
                    tos = Ops.add(tos, mem[arg(w)]);
                    w = code[++ip];
                    continue;
                }
                case STOREI -> {
                    int a = arg(w);
                    mem[a] = tos;
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case DUP_STOREI -> {
                    int a = arg(w);
                    mem[a] = tos;
                    w = code[++ip];
                    continue;
                }
                case SETI -> {
                    int a = arg(w);
                    mem[a] = target(w);
                    w = code[++ip];
                    continue;
                }
                case LOAD -> {
                    tos = mem[(int) tos & MASK];
                    w = code[++ip];
                    continue;
                }
                case STORE -> {
                    int a = (int) st[sp - 1] & MASK;
                    mem[a] = tos;
                    written |= a;
                    sp -= 2;
                    tos = st[sp];
                    w = code[++ip];
                    continue;
                }
                case STORE_IMM -> {
                    int a = (int) tos & MASK;
                    mem[a] = arg(w);
                    written |= a;
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case STORE_IMM_KEEP -> {
                    int a = (int) tos & MASK;
                    mem[a] = arg(w);
                    written |= a;
                    w = code[++ip];
                    continue;
                }
                case DUP -> {
                    st[sp++] = tos;
                    w = code[++ip];
                    continue;
                }
                case DISCARD -> {
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case ADD -> {
                    tos = Ops.add(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case SUB -> {
                    tos = Ops.sub(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case MUL -> {
                    tos = Ops.mul(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case EQUAL -> {
                    tos = Ops.equal(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case LESS -> {
                    tos = Ops.less(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case LESS_OR_EQUAL -> {
                    tos = Ops.lessOrEqual(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case GREATER -> {
                    tos = Ops.greater(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case GREATER_OR_EQUAL -> {
                    tos = Ops.greaterOrEqual(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case DIV -> {
                    if (Ops.divisionFaults(tos)) {
                        break inner;
                    }
                    tos = quotient(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case ADDI -> {
                    tos = Ops.add(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case SUBI -> {
                    tos = Ops.sub(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case MULI -> {
                    tos = Ops.mul(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case DIVI -> {
                    tos = quotient(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case GREATER_OR_EQUALI -> {
                    tos = Ops.greaterOrEqual(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case STOREI_LOADI -> {
                    int a = arg(w);
                    mem[a] = tos;
                    tos = mem[target(w)];
                    w = code[++ip];
                    continue;
                }
                case DIVMULI -> {
                    tos = Ops.mul(quotient(tos, arg(w)), arg(w));
                    w = code[++ip];
                    continue;
                }
                case SUB_DIVMULI -> {
                    tos = Ops.sub(st[--sp], Ops.mul(quotient(tos, arg(w)), arg(w)));
                    w = code[++ip];
                    continue;
                }
                case EQI -> {
                    tos = Ops.equal(tos, arg(w));
                    w = code[++ip];
                    continue;
                }
                case MUL_ADD -> {
                    sp -= 2;
                    tos = Ops.add(st[sp], Ops.mul(st[sp + 1], tos));
                    w = code[++ip];
                    continue;
                }
                case PUSHI_LOADI -> {
                    st[sp++] = tos;
                    st[sp++] = arg(w);
                    tos = mem[target(w)];
                    w = code[++ip];
                    continue;
                }
                case LOADI_MODI -> {
                    st[sp++] = tos;
                    long x = mem[arg(w)];
                    tos = Ops.sub(x, Ops.mul(quotient(x, target(w)), target(w)));
                    w = code[++ip];
                    continue;
                }
                case DIVI_STOREI -> {
                    mem[arg(w)] = quotient(tos, target(w));
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case ADD_STOREI -> {
                    int a = arg(w);
                    mem[a] = Ops.add(st[--sp], tos);
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case LOADI_MULI -> {
                    st[sp++] = tos;
                    tos = Ops.mul(mem[arg(w)], target(w));
                    w = code[++ip];
                    continue;
                }
                case MOD_CELLS -> {
                    long m = mem[target(w)];
                    if (Ops.divisionFaults(m)) {
                        break inner;
                    }
                    st[sp++] = tos;
                    long x = mem[arg(w)];
                    tos = Ops.sub(x, Ops.mul(quotient(x, m), m));
                    w = code[++ip];
                    continue;
                }
                case LOADI_DIVI_STOREI -> {
                    mem[arg(w)] = quotient(mem[extLow(code[ip + 1])], target(w));
                    ip += 2;
                    w = code[ip];
                    continue;
                }
                case MUL_ADD_MUL_ADD -> {
                    sp -= 4;
                    tos = Ops.add(st[sp], Ops.mul(st[sp + 1], Ops.add(st[sp + 2], Ops.mul(st[sp + 3], tos))));
                    w = code[++ip];
                    continue;
                }
                case NOT_EQUAL -> {
                    tos = Ops.notEqual(st[--sp], tos);
                    w = code[++ip];
                    continue;
                }
                case MUL_CELLS -> {
                    st[sp++] = tos;
                    tos = Ops.mul(mem[arg(w)], mem[target(w)]);
                    w = code[++ip];
                    continue;
                }
                case JUMP_IF_OUTSIDE -> {
                    if (Ops.isTrue(tos) == (arg(w) == 1)) {
                        break inner; // taken: bad jump target
                    }
                    tos = st[--sp];
                    w = code[++ip];
                    continue;
                }
                case PRINT, DONE, FAULT, READ, POP_RES -> {
                    break inner;
                }
                case JUMP -> ip = target(w);
                case JUMP_IF_TRUE, JUMP_IF_FALSE -> {
                    boolean taken = Ops.isTrue(tos) == (op(w) == JUMP_IF_TRUE);
                    tos = st[--sp];
                    ip = taken ? target(w) : ip + 1;
                }
                case GEI_JUMP_IF_FALSE, GEI_JUMP_IF_TRUE -> {
                    boolean taken = Ops.isAtLeast(tos, arg(w)) == (op(w) == GEI_JUMP_IF_TRUE);
                    tos = st[--sp];
                    ip = taken ? target(w) : ip + 1;
                }
                case TOP_GEI_JUMP_IF_FALSE -> ip = Ops.isLess(tos, arg(w)) ? target(w) : ip + 1;
                case TOP_GEI_JUMP_IF_TRUE -> ip = Ops.isAtLeast(tos, arg(w)) ? target(w) : ip + 1;
                case LESS_JUMP_IF_FALSE, EQUAL_JUMP_IF_FALSE -> {
                    long l = st[sp - 1];
                    boolean holds = op(w) == LESS_JUMP_IF_FALSE ? Ops.isLess(l, tos) : l == tos;
                    sp -= 2;
                    tos = st[sp];
                    ip = holds ? ip + 1 : target(w);
                }
                case GREATER_JUMP_IF_FALSE, LESS_OR_EQUAL_JUMP_IF_FALSE -> {
                    long l = st[sp - 1];
                    boolean holds = op(w) == GREATER_JUMP_IF_FALSE ? Ops.isLess(tos, l) : !Ops.isLess(tos, l);
                    sp -= 2;
                    tos = st[sp];
                    ip = holds ? ip + 1 : target(w);
                }
                case GTI_JUMP_IF_FALSE -> {
                    boolean holds = Ops.isLess(arg(w), tos);
                    tos = st[--sp];
                    ip = holds ? ip + 1 : target(w);
                }
                case LESS_JUMP_IF_TRUE -> {
                    boolean holds = Ops.isLess(st[sp - 1], tos);
                    sp -= 2;
                    tos = st[sp];
                    ip = holds ? target(w) : ip + 1;
                }
                case LOAD_JUMP_IF_TRUE -> {
                    boolean taken = Ops.isTrue(mem[(int) tos & MASK]);
                    tos = st[--sp];
                    ip = taken ? target(w) : ip + 1;
                }
                case TOP_LOAD_JUMP_IF_TRUE -> ip = Ops.isTrue(mem[(int) tos & MASK]) ? target(w) : ip + 1;
                case ADDI_JUMP -> {
                    tos = Ops.add(tos, arg(w));
                    ip = target(w);
                }
                case STOREI_JUMP -> {
                    int a = arg(w);
                    mem[a] = tos;
                    tos = st[--sp];
                    ip = target(w);
                }
                case EQI_JUMP_IF_FALSE -> {
                    boolean holds = tos == arg(w);
                    tos = st[--sp];
                    ip = holds ? ip + 1 : target(w);
                }
                case LTI_JUMP_IF_TRUE -> {
                    boolean taken = Ops.isLess(tos, arg(w));
                    tos = st[--sp];
                    ip = taken ? target(w) : ip + 1;
                }
                case INC_KEEP -> {
                    int a = arg(w);
                    st[sp++] = tos;
                    tos = Ops.add(mem[a], target(w));
                    mem[a] = tos;
                    w = code[++ip];
                    continue;
                }
                // Two-word ops: the extension word after the op holds the bound (and the increment).
                case LOADADDI_TOP_GEI_JUMP_IF_FALSE -> {
                    long x = code[ip + 1];
                    tos = Ops.add(tos, mem[arg(w)]);
                    ip = Ops.isLess(tos, extLow(x)) ? target(w) : ip + 2;
                }
                case INC_GEI_JUMP_IF_FALSE -> {
                    long x = code[ip + 1];
                    int a = arg(w);
                    long v = Ops.add(mem[a], extLow(x));
                    mem[a] = v;
                    ip = Ops.isLess(v, extHigh(x)) ? target(w) : ip + 2;
                }
                case INC_JUMP -> {
                    int a = arg(w);
                    mem[a] = Ops.add(mem[a], extLow(code[ip + 1]));
                    ip = target(w);
                }
                case INC_LTI_JUMP_IF_TRUE -> {
                    long x = code[ip + 1];
                    int a = arg(w);
                    long v = Ops.add(mem[a], extLow(x));
                    mem[a] = v;
                    ip = Ops.isLess(v, extHigh(x)) ? target(w) : ip + 2;
                }
                case INC_TOP_GEI_JUMP_IF_TRUE -> {
                    long x = code[ip + 1];
                    int a = arg(w);
                    st[sp++] = tos;
                    tos = Ops.add(mem[a], extLow(x));
                    mem[a] = tos;
                    ip = Ops.isAtLeast(tos, extHigh(x)) ? target(w) : ip + 2;
                }
                default -> {
                    break inner;
                }
            }
            // Control arrived at the start of a run (ip): charge it, or hand over to the Stepper.
            w = code[ip];
            int r = runOf(w);
            if (left < r) {
                outOfFuel = true;
                break;
            }
            left -= r;
        }
        exit[IP] = ip;
        exit[SP] = sp;
        exit[TOP] = tos;
        exit[LEFT] = left;
        exit[WRITTEN] = written;
        return outOfFuel;
    }

    /**
     * {@link Ops#div}, with a divisor that is a power of two as a shift: a hardware 64-bit divide costs tens of
     * cycles, and compiled code divides by powers of two to shift (x / 2, x / 256, x / 2^32), by constants and by
     * variables alike. {@code d} is not zero.
     */
    private static long quotient(long x, long d) {
        return (d & (d - 1)) == 0 ? x >>> Long.numberOfTrailingZeros(d) : Ops.div(x, d);
    }

    /** The word's run length ({@link dev.piglet.code.WordCodeLayout#run}; this class's run is the engine's). */
    private static int runOf(long word) {
        return dev.piglet.code.WordCodeLayout.run(word);
    }

    /**
     * Writes the run's state back to the machine segment: the stack (the cached top in its place), the
     * result, and memory cells 0..written (then clears them, so the copy is zero for the next run).
     */
    private static void writeBack(MachineState machine, long[] st, int sp, long tos, long result, long[] mem,
            int written) {
        MemorySegment m = machine.segment();
        if (sp > 0) {
            st[sp] = tos;
            MemorySegment.copy(st, 1, m, ValueLayout.JAVA_LONG, MachineLayout.STACK, sp);
        }
        MachineLayout.WORD.set(m, MachineLayout.RESULT, result);
        MemorySegment.copy(mem, 0, m, ValueLayout.JAVA_LONG, MachineLayout.MEMORY, written + 1);
        java.util.Arrays.fill(mem, 0, written + 1, 0L);
    }
}
