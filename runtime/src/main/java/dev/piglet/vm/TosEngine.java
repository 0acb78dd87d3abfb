package dev.piglet.vm;

import static dev.piglet.code.FusedOps.*;
import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;
import static dev.piglet.vm.WordEngine.cell;
import static dev.piglet.vm.WordEngine.slot;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.WordCode;
import dev.piglet.code.WordCodeLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The word engine with the top of the stack cached in a local (the reference's "register cache"): the
 * stack segment holds stack[0..sp-2], the local {@code tos} holds stack[sp-1]. Most instructions then
 * touch the segment once instead of two or three times.
 * The rest of the stack is kept in the machine's Java array ({@link MachineState#stackCopy}) during the run and written back to the machine segment
 * whenever the run stops: a big interpreter loop with dozens of segment accesses exceeds C2's inlining
 * budget (NodeCountInliningCutoff), so only memory accesses go through the VarHandle.
 */
public final class TosEngine implements FusingEngine {
    /**
     * Machine words without the per-access alignment check: the segment is allocated with
     * MachineLayout.ALIGNMENT and every cell offset is a multiple of 8, so the check never fails; dropping
     * it made the sieve ~7% faster (docs/performance.md).
     */
    private static final VarHandle M = MachineLayout.WORD_UNCHECKED_ALIGNMENT;
    /**
     * Code words from the word code's Java-array mirror ({@link WordCode#wordArray}): with the code read
     * from the segment, every dispatch paid the segment's class, bounds and session checks, which C2
     * cannot hoist out of an interpreter loop; the array read has one bounds check. Measured and explained in
     * docs/engines.md ("Why tos reads its code from a Java array"). Memory stays in the machine segment.
     */
    private static final VarHandle C = MethodHandles.arrayElementVarHandle(long[].class);

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
        final long[] code = wc.wordArray();
        final MemorySegment m = machine.segment();
        // The stack below the top lives in a Java array for the run (stack[k] is st[k + 1]; st[0] takes the
        // spill at depth 0), copied to the machine segment whenever the run stops, as the JIT keeps it in locals.
        // The machine's own array, reused run after run (no allocation), and never shared with a run that
        // a PRINT or READ starts on another machine.
        final long[] st = machine.stackCopy;
        int ip = 0;
        int sp = 0;
        long tos = 0;
        long result = 0;
        long steps = WordCodeLayout.run((long) C.get(code, 0));
        if (fuel < steps) {
            return Stepper.resume(program, machine, out, in, fuel, 0, 0, 0, 0);
        }
        int status;
        // The word being dispatched is carried round the loop: straight-line handlers load the next word,
        // jumps load their target's word once and use it both for the fuel charge and for the dispatch.
        long w = (long) C.get(code, 0);
        boolean outOfFuel = false;
        loop:
        while (true) {
            // The inner loop makes no calls (PRINT, READ and every stop leave it): with no call in the loop,
            // C2 can hoist the segments' base, size and session loads that guard each access out of it.
            inner:
            while (true) {
            switch (((int) w & 0xFF)) {
                case PUSHI -> {
                    st[sp - 1 + 1] = tos;
                    tos = ((int) (w >>> 8) & 0xFFFF);
                    sp++;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LOADI -> {
                    st[sp - 1 + 1] = tos;
                    tos = (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)));
                    sp++;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LOADI_LOADI -> {
                    st[sp - 1 + 1] = tos;
                    st[sp + 1] = (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)));
                    tos = (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 24) & 0x3FFFF)) & 0xFFFFL) << 3)));
                    sp += 2;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LOADI_ADDI -> {
                    st[sp - 1 + 1] = tos;
                    tos = (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)))
                            + ((int) (w >>> 24) & 0x3FFFF);
                    sp++;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LOADADDI -> {
                    tos += (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)));
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case STOREI -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)), tos);
                    sp--;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case DUP_STOREI -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)), tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LOAD -> {
                    tos = (long) M.get(m, (MachineLayout.MEMORY + (((long) (tos) & 0xFFFFL) << 3)));
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case STORE -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (st[sp - 2 + 1]) & 0xFFFFL) << 3)), tos);
                    sp -= 2;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case STORE_IMM -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (tos) & 0xFFFFL) << 3)), (long) ((int) (w >>> 8) & 0xFFFF));
                    sp--;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case STORE_IMM_KEEP -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (tos) & 0xFFFFL) << 3)), (long) ((int) (w >>> 8) & 0xFFFF));
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case DUP -> {
                    st[sp - 1 + 1] = tos;
                    sp++;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case DISCARD -> {
                    sp--;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case ADD -> {
                    sp--;
                    tos = Ops.add(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case SUB -> {
                    sp--;
                    tos = Ops.sub(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case MUL -> {
                    sp--;
                    tos = Ops.mul(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case EQUAL -> {
                    sp--;
                    tos = Ops.equal(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LESS -> {
                    sp--;
                    tos = Ops.less(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case LESS_OR_EQUAL -> {
                    sp--;
                    tos = Ops.lessOrEqual(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case GREATER -> {
                    sp--;
                    tos = Ops.greater(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case GREATER_OR_EQUAL -> {
                    sp--;
                    tos = Ops.greaterOrEqual(st[sp], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case DIV -> {
                    if (Ops.divisionFaults(tos)) {
                        break inner;
                    }
                    sp--;
                    tos = Ops.div(st[sp - 1 + 1], tos);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case ADDI -> {
                    tos += ((int) (w >>> 8) & 0xFFFF);
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case GREATER_OR_EQUALI -> {
                    tos = Ops.truth(Ops.isAtLeast(tos, ((int) (w >>> 8) & 0xFFFF)));
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case POP_RES -> {
                    result = tos;
                    sp--;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                case PRINT, DONE, FAULT, READ -> {
                    break inner;
                }
                case JUMP -> ip = ((int) (w >>> 24) & 0x3FFFF);
                case JUMP_IF_TRUE, JUMP_IF_FALSE -> {
                    boolean taken = (tos != 0) == (((int) w & 0xFF) == JUMP_IF_TRUE);
                    sp--;
                    tos = st[sp - 1 + 1];
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case GEI_JUMP_IF_FALSE, GEI_JUMP_IF_TRUE -> {
                    boolean taken = (Ops.isAtLeast(tos, ((int) (w >>> 8) & 0xFFFF))) == (((int) w & 0xFF) == GEI_JUMP_IF_TRUE);
                    sp--;
                    tos = st[sp - 1 + 1];
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case TOP_GEI_JUMP_IF_FALSE -> ip = Ops.isLess(tos, ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case TOP_GEI_JUMP_IF_TRUE -> ip = Ops.isAtLeast(tos, ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case LESS_JUMP_IF_FALSE, EQUAL_JUMP_IF_FALSE -> {
                    long l = st[sp - 2 + 1];
                    boolean holds = ((int) w & 0xFF) == LESS_JUMP_IF_FALSE ? Ops.isLess(l, tos) : l == tos;
                    sp -= 2;
                    tos = st[sp - 1 + 1];
                    ip = holds ? ip + 1 : ((int) (w >>> 24) & 0x3FFFF);
                }
                case LESS_JUMP_IF_TRUE -> {
                    long l = st[sp - 2 + 1];
                    boolean holds = Ops.isLess(l, tos);
                    sp -= 2;
                    tos = st[sp - 1 + 1];
                    ip = holds ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case LOAD_JUMP_IF_TRUE -> {
                    boolean taken = (long) M.get(m, (MachineLayout.MEMORY + ((tos & 0xFFFFL) << 3))) != 0;
                    sp--;
                    tos = st[sp - 1 + 1];
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case TOP_LOAD_JUMP_IF_TRUE ->
                    ip = (long) M.get(m, (MachineLayout.MEMORY + ((tos & 0xFFFFL) << 3))) != 0 ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case ADDI_JUMP -> {
                    tos += ((int) (w >>> 8) & 0xFFFF);
                    ip = ((int) (w >>> 24) & 0x3FFFF);
                }
                case INC_KEEP -> {
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    st[sp - 1 + 1] = tos;
                    tos = (long) M.get(m, a) + ((int) (w >>> 24) & 0x3FFFF);
                    M.set(m, a, tos);
                    sp++;
                    w = (long) C.get(code, ++ip);
                    continue;
                }
                // Two-word ops: the extension word after the op holds the bound (and the increment).
                case LOADADDI_TOP_GEI_JUMP_IF_FALSE -> {
                    long x = (long) C.get(code, (ip + 1));
                    tos += (long) M.get(m, (MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3)));
                    ip = Ops.isLess(tos, (int) x & 0xFFFF) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case STRIDE_FILL_LOOP -> {
                    long x = (long) C.get(code, ip + 1);
                    M.set(m, (MachineLayout.MEMORY + ((tos & 0xFFFFL) << 3)), (long) ((int) x & 0xFFFF));
                    tos += (long) M.get(m, (MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3)));
                    ip = Ops.isLess(tos, (int) (x >>> 32) & 0xFFFF) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case INC_GEI_JUMP_IF_FALSE, INC_GEI_JUMP_IF_TRUE -> {
                    long x = (long) C.get(code, (ip + 1));
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + ((int) x & 0xFFFF);
                    M.set(m, a, v);
                    boolean taken = (Ops.isAtLeast(v, (int) (x >>> 32) & 0xFFFF)) == (((int) w & 0xFF) == INC_GEI_JUMP_IF_TRUE);
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case LTI_JUMP_IF_TRUE -> {
                    boolean taken = Ops.isLess(tos, (int) (w >>> 8) & 0xFFFF);
                    sp--;
                    tos = st[sp - 1 + 1];
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case INC_LTI_JUMP_IF_TRUE -> {
                    long x = (long) C.get(code, ip + 1);
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + ((int) x & 0xFFFF);
                    M.set(m, a, v);
                    ip = Ops.isLess(v, (int) (x >>> 32) & 0xFFFF) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case INC_TOP_GEI_JUMP_IF_FALSE, INC_TOP_GEI_JUMP_IF_TRUE -> {
                    long x = (long) C.get(code, (ip + 1));
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    st[sp - 1 + 1] = tos;
                    tos = (long) M.get(m, a) + ((int) x & 0xFFFF);
                    M.set(m, a, tos);
                    sp++;
                    boolean taken = (Ops.isAtLeast(tos, (int) (x >>> 32) & 0xFFFF)) == (((int) w & 0xFF) == INC_TOP_GEI_JUMP_IF_TRUE);
                    ip = taken ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                default -> {
                    break inner;
                }
            }
            // Control arrived at the start of a run (ip): charge it, or hand over to the Stepper.
            w = (long) C.get(code, ip);
            int r = WordCodeLayout.run(w);
            if (fuel - steps < r) {
                outOfFuel = true;
                break inner;
            }
            steps += r;
            }
            // Out of the call-free loop: a call, a stop, or the end of the fuel.
            if (outOfFuel) {
                spill(m, st, sp, tos, result);
                return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, steps, result);
            }
            switch ((int) w & 0xFF) {
                case PRINT -> {
                    out.print(tos);
                    sp--;
                    tos = st[sp - 1 + 1];
                    w = (long) C.get(code, ++ip);
                    continue loop;
                }
                case READ -> {
                    int got = in.next();
                    if (got == Input.WORD) {
                        st[sp - 1 + 1] = tos;
                        tos = in.word();
                        sp++;
                        ip++;
                    } else if (got == Input.END) {
                        ip = ((int) (w >>> 24) & 0x3FFFF);
                    } else {
                        status = Status.BAD_INPUT;
                        steps -= WordCodeLayout.run(w);
                        break loop;
                    }
                    w = (long) C.get(code, ip);
                    int r = WordCodeLayout.run(w);
                    if (fuel - steps < r) {
                        spill(m, st, sp, tos, result);
                        return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, steps, result);
                    }
                    steps += r;
                    continue loop;
                }
                case DONE -> {
                    status = Status.SUCCESS;
                    break loop;
                }
                case FAULT -> {
                    status = ((int) (w >>> 8) & 0xFFFF);
                    steps -= WordCodeLayout.run(w);
                    break loop;
                }
                case DIV -> {
                    status = Status.DIVISION_BY_ZERO;
                    steps -= WordCodeLayout.run(w);
                    break loop;
                }
                default -> throw new IllegalStateException("word code opcode " + ((int) w & 0xFF));
            }
        }
        spill(m, st, sp, tos, result);
        machine.finish(status, wc.pcOf(ip), sp, steps);
        return status;
    }

    /** Puts the cached top back on the stack and clears the scratch word. */
    private static void spill(MemorySegment m, long[] st, int sp, long tos, long result) {
        if (sp > 0) {
            st[sp] = tos;
            MemorySegment.copy(st, 1, m, java.lang.foreign.ValueLayout.JAVA_LONG, MachineLayout.STACK, sp);
        }
        M.set(m, MachineLayout.RESULT, result);
    }
}
