package dev.piglet.vm;

import static dev.piglet.code.FusedOps.*;
import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;
import static dev.piglet.vm.MachineLayout.MEMORY;
import static dev.piglet.vm.MachineLayout.RESULT;
import static dev.piglet.vm.MachineLayout.STACK;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.WordCode;
import dev.piglet.code.WordCodeLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;

/**
 * Pre-decoded dispatch: the verified program as one 64-bit word per instruction ({@link WordCode}),
 * read from an off-heap segment through a {@code static final} VarHandle, jump targets already word
 * indices. The verifier's proof replaces the per-instruction stack, jump and argument checks; fuel is
 * charged a run (straight-line stretch) at a time, and when a run does not fit the rest is stepped by
 * {@link Stepper}. Unverified programs run on the checking {@link SwitchEngine}.
 */
public final class WordEngine implements FusingEngine {
    private static final VarHandle M = MachineLayout.WORD;
    private static final VarHandle C = dev.piglet.code.WordCodeLayout.WORD;
    static final SwitchEngine CHECKED = new SwitchEngine();

    private final boolean fuse;

    public WordEngine() {
        this(true);
    }

    public WordEngine(boolean fuse) {
        this.fuse = fuse;
    }

    @Override
    public String name() {
        return "word";
    }

    @Override
    public Engine withFusion(boolean fuse) {
        return new WordEngine(fuse);
    }

    @Override
    public boolean fuses() {
        return fuse;
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        WordCode wc = WordCode.of(program, fuse);
        if (!wc.verified()) {
            return CHECKED.execute(program, machine, out, in, fuel);
        }
        final MemorySegment code = wc.words();
        final MemorySegment m = machine.segment();
        int ip = 0;
        int sp = 0;
        long result = 0;
        long steps = WordCodeLayout.run((long) C.get(code, 0L));
        if (fuel < steps) {
            return Stepper.resume(program, machine, out, in, fuel, 0, 0, 0, 0);
        }
        int status;
        loop:
        while (true) {
            final long w = (long) C.get(code, (long) ip << 3);
            switch (((int) w & 0xFF)) {
                case PUSHI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), (long) ((int) (w >>> 8) & 0xFFFF));
                    sp++;
                    ip++;
                    continue;
                }
                case LOADI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3))));
                    sp++;
                    ip++;
                    continue;
                }
                case LOADI_LOADI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3))));
                    M.set(m, (MachineLayout.STACK + ((long) (sp + 1) << 3)), (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 24) & 0x3FFFF)) & 0xFFFFL) << 3))));
                    sp += 2;
                    ip++;
                    continue;
                }
                case LOADI_ADDI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3))) + ((int) (w >>> 24) & 0x3FFFF));
                    sp++;
                    ip++;
                    continue;
                }
                case LOADADDI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) + (long) M.get(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3))));
                    ip++;
                    continue;
                }
                case STOREI -> {
                    sp--;
                    M.set(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))));
                    ip++;
                    continue;
                }
                case DUP_STOREI -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) (((int) (w >>> 8) & 0xFFFF)) & 0xFFFFL) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))));
                    ip++;
                    continue;
                }
                case LOAD -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.MEMORY + (((long) ((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)))) & 0xFFFFL) << 3))));
                    ip++;
                    continue;
                }
                case STORE -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) ((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 2) << 3)))) & 0xFFFFL) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))));
                    sp -= 2;
                    ip++;
                    continue;
                }
                case STORE_IMM -> {
                    sp--;
                    M.set(m, (MachineLayout.MEMORY + (((long) ((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3)))) & 0xFFFFL) << 3)), (long) ((int) (w >>> 8) & 0xFFFF));
                    ip++;
                    continue;
                }
                case INC_KEEP -> {
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + ((int) (w >>> 24) & 0x3FFFF);
                    M.set(m, a, v);
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), v);
                    sp++;
                    ip++;
                    continue;
                }
                case STORE_IMM_KEEP -> {
                    M.set(m, (MachineLayout.MEMORY + (((long) ((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)))) & 0xFFFFL) << 3)), (long) ((int) (w >>> 8) & 0xFFFF));
                    ip++;
                    continue;
                }
                case DUP -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))));
                    sp++;
                    ip++;
                    continue;
                }
                case DISCARD -> {
                    sp--;
                    ip++;
                    continue;
                }
                case ADD -> {
                    sp--;
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) + (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))));
                    ip++;
                    continue;
                }
                case SUB -> {
                    sp--;
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) - (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))));
                    ip++;
                    continue;
                }
                case MUL -> {
                    sp--;
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) * (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))));
                    ip++;
                    continue;
                }
                case EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
                    sp--;
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), Ops.binary(((int) w & 0xFF), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))), (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3)))));
                    ip++;
                    continue;
                }
                case DIV -> {
                    long r = (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)));
                    if (r == 0) {
                        status = Status.DIVISION_BY_ZERO;
                        steps -= WordCodeLayout.run(w);
                        break loop;
                    }
                    sp--;
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), Ops.div((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))), r));
                    ip++;
                    continue;
                }
                case ADDI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) + ((int) (w >>> 8) & 0xFFFF));
                    ip++;
                    continue;
                }
                case GREATER_OR_EQUALI -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), Ops.truth(Ops.isAtLeast((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))), ((int) (w >>> 8) & 0xFFFF))));
                    ip++;
                    continue;
                }
                case POP_RES -> {
                    sp--;
                    result = (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3)));
                    ip++;
                    continue;
                }
                case PRINT -> {
                    sp--;
                    out.print((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))));
                    ip++;
                    continue;
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
                case SUBI, MULI, DIVI -> {
                    long top = (long) M.get(m, Ops.slot(sp - 1));
                    int k = WordCodeLayout.arg(w);
                    int op = WordCodeLayout.op(w);
                    M.set(m, Ops.slot(sp - 1), op == SUBI ? Ops.sub(top, k) : op == MULI ? Ops.mul(top, k) : Ops.div(top, k));
                    ip++;
                    continue;
                }
                case STOREI_LOADI -> {
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)), (long) M.get(m, Ops.slot(sp - 1)));
                    M.set(m, Ops.slot(sp - 1), (long) M.get(m, Ops.cell(WordCodeLayout.target(w))));
                    ip++;
                    continue;
                }
                case DIVMULI -> {
                    int k = WordCodeLayout.arg(w);
                    M.set(m, Ops.slot(sp - 1), Ops.mul(Ops.div((long) M.get(m, Ops.slot(sp - 1)), k), k));
                    ip++;
                    continue;
                }
                case SUB_DIVMULI -> {
                    int k = WordCodeLayout.arg(w);
                    sp--;
                    long r = Ops.mul(Ops.div((long) M.get(m, Ops.slot(sp)), k), k);
                    M.set(m, Ops.slot(sp - 1), Ops.sub((long) M.get(m, Ops.slot(sp - 1)), r));
                    ip++;
                    continue;
                }
                case STOREI_JUMP -> {
                    sp--;
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)), (long) M.get(m, Ops.slot(sp)));
                    ip = WordCodeLayout.target(w);
                }
                case EQI_JUMP_IF_FALSE -> {
                    sp--;
                    ip = (long) M.get(m, Ops.slot(sp)) == WordCodeLayout.arg(w) ? ip + 1 : WordCodeLayout.target(w);
                }
                case SETI -> {
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)), (long) WordCodeLayout.target(w));
                    ip++;
                    continue;
                }
                case EQI -> {
                    M.set(m, Ops.slot(sp - 1), Ops.equal((long) M.get(m, Ops.slot(sp - 1)), WordCodeLayout.arg(w)));
                    ip++;
                    continue;
                }
                case MUL_ADD -> {
                    sp -= 2;
                    long r = Ops.mul((long) M.get(m, Ops.slot(sp)), (long) M.get(m, Ops.slot(sp + 1)));
                    M.set(m, Ops.slot(sp - 1), Ops.add((long) M.get(m, Ops.slot(sp - 1)), r));
                    ip++;
                    continue;
                }
                case PUSHI_LOADI -> {
                    M.set(m, Ops.slot(sp), (long) WordCodeLayout.arg(w));
                    M.set(m, Ops.slot(sp + 1), (long) M.get(m, Ops.cell(WordCodeLayout.target(w))));
                    sp += 2;
                    ip++;
                    continue;
                }
                case LOADI_MODI -> {
                    int k = WordCodeLayout.target(w);
                    long x = (long) M.get(m, Ops.cell(WordCodeLayout.arg(w)));
                    M.set(m, Ops.slot(sp), Ops.sub(x, Ops.mul(Ops.div(x, k), k)));
                    sp++;
                    ip++;
                    continue;
                }
                case DIVI_STOREI -> {
                    sp--;
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)), Ops.div((long) M.get(m, Ops.slot(sp)), WordCodeLayout.target(w)));
                    ip++;
                    continue;
                }
                case GREATER_JUMP_IF_FALSE -> {
                    sp -= 2;
                    ip = Ops.isLess((long) M.get(m, Ops.slot(sp + 1)), (long) M.get(m, Ops.slot(sp)))
                            ? ip + 1 : WordCodeLayout.target(w);
                }
                case LESS_OR_EQUAL_JUMP_IF_FALSE -> {
                    sp -= 2;
                    ip = Ops.isLess((long) M.get(m, Ops.slot(sp + 1)), (long) M.get(m, Ops.slot(sp)))
                            ? WordCodeLayout.target(w) : ip + 1;
                }
                case GTI_JUMP_IF_FALSE -> {
                    sp--;
                    ip = Ops.isLess(WordCodeLayout.arg(w), (long) M.get(m, Ops.slot(sp))) ? ip + 1 : WordCodeLayout.target(w);
                }
                case ADD_STOREI -> {
                    sp -= 2;
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)),
                            Ops.add((long) M.get(m, Ops.slot(sp)), (long) M.get(m, Ops.slot(sp + 1))));
                    ip++;
                    continue;
                }
                case LOADI_MULI -> {
                    M.set(m, Ops.slot(sp), Ops.mul((long) M.get(m, Ops.cell(WordCodeLayout.arg(w))), WordCodeLayout.target(w)));
                    sp++;
                    ip++;
                    continue;
                }
                case MOD_CELLS -> {
                    long d = (long) M.get(m, Ops.cell(WordCodeLayout.target(w)));
                    if (Ops.divisionFaults(d)) {
                        // The checking loop redoes the op's instructions and faults at the DIV.
                        steps -= WordCodeLayout.run(w);
                        M.set(m, RESULT, result);
                        return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, steps, result);
                    }
                    long x = (long) M.get(m, Ops.cell(WordCodeLayout.arg(w)));
                    M.set(m, Ops.slot(sp), Ops.sub(x, Ops.mul(Ops.div(x, d), d)));
                    sp++;
                    ip++;
                    continue;
                }
                case LOADI_DIVI_STOREI -> {
                    long x = (long) M.get(m, Ops.cell(extLow((long) C.get(code, (long) (ip + 1) << 3))));
                    M.set(m, Ops.cell(WordCodeLayout.arg(w)), Ops.div(x, WordCodeLayout.target(w)));
                    ip += 2;
                    continue;
                }
                case MUL_ADD_MUL_ADD -> {
                    sp -= 4;
                    long inner = Ops.add((long) M.get(m, Ops.slot(sp + 1)),
                            Ops.mul((long) M.get(m, Ops.slot(sp + 2)), (long) M.get(m, Ops.slot(sp + 3))));
                    M.set(m, Ops.slot(sp - 1), Ops.add((long) M.get(m, Ops.slot(sp - 1)),
                            Ops.mul((long) M.get(m, Ops.slot(sp)), inner)));
                    ip++;
                    continue;
                }
                case NOT_EQUAL -> {
                    sp--;
                    M.set(m, Ops.slot(sp - 1), Ops.notEqual((long) M.get(m, Ops.slot(sp - 1)), (long) M.get(m, Ops.slot(sp))));
                    ip++;
                    continue;
                }
                case MUL_CELLS -> {
                    M.set(m, Ops.slot(sp), Ops.mul((long) M.get(m, Ops.cell(WordCodeLayout.arg(w))),
                            (long) M.get(m, Ops.cell(WordCodeLayout.target(w)))));
                    sp++;
                    ip++;
                    continue;
                }
                case INC_JUMP -> {
                    long a = Ops.cell(WordCodeLayout.arg(w));
                    M.set(m, a, Ops.add((long) M.get(m, a), extLow((long) C.get(code, (long) (ip + 1) << 3))));
                    ip = WordCodeLayout.target(w);
                }
                case JUMP_IF_OUTSIDE -> {
                    if (Ops.isTrue((long) M.get(m, Ops.slot(sp - 1))) == (WordCodeLayout.arg(w) == 1)) {
                        status = Status.BAD_JUMP;
                        steps -= WordCodeLayout.run(w);
                        break loop;
                    }
                    sp--;
                    ip++;
                    continue;
                }
                case JUMP -> ip = ((int) (w >>> 24) & 0x3FFFF);
                case JUMP_IF_TRUE -> {
                    sp--;
                    ip = (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))) != 0 ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case JUMP_IF_FALSE -> {
                    sp--;
                    ip = (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))) == 0 ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case GEI_JUMP_IF_FALSE -> {
                    sp--;
                    ip = Ops.isLess((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))), ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case GEI_JUMP_IF_TRUE -> {
                    sp--;
                    ip = Ops.isAtLeast((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))), ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case TOP_GEI_JUMP_IF_FALSE ->
                    ip = Ops.isLess((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))), ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case TOP_GEI_JUMP_IF_TRUE ->
                    ip = Ops.isAtLeast((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))), ((int) (w >>> 8) & 0xFFFF)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case LOAD_JUMP_IF_TRUE -> {
                    sp--;
                    ip = (long) M.get(m, (MachineLayout.MEMORY + (((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))) & 0xFFFFL) << 3))) != 0 ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case TOP_LOAD_JUMP_IF_TRUE ->
                    ip = (long) M.get(m, (MachineLayout.MEMORY + (((long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) & 0xFFFFL) << 3))) != 0 ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                case ADDI_JUMP -> {
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3))) + ((int) (w >>> 8) & 0xFFFF));
                    ip = ((int) (w >>> 24) & 0x3FFFF);
                }
                // Two-word ops: the extension word after the op holds the bound (and the increment).
                case LOADADDI_TOP_GEI_JUMP_IF_FALSE -> {
                    long x = (long) C.get(code, (long) (ip + 1) << 3);
                    long top = (long) M.get(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)))
                            + (long) M.get(m, (MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3)));
                    M.set(m, (MachineLayout.STACK + ((long) (sp - 1) << 3)), top);
                    ip = Ops.isLess(top, extLow(x)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case INC_GEI_JUMP_IF_FALSE -> {
                    long x = (long) C.get(code, (long) (ip + 1) << 3);
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + extLow(x);
                    M.set(m, a, v);
                    ip = Ops.isLess(v, extHigh(x)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case LTI_JUMP_IF_TRUE -> {
                    sp--;
                    ip = Ops.isLess((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))), (int) (w >>> 8) & 0xFFFF)
                            ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case INC_LTI_JUMP_IF_TRUE -> {
                    long x = (long) C.get(code, (long) (ip + 1) << 3);
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + extLow(x);
                    M.set(m, a, v);
                    ip = Ops.isLess(v, extHigh(x)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case INC_TOP_GEI_JUMP_IF_TRUE -> {
                    long x = (long) C.get(code, (long) (ip + 1) << 3);
                    long a = MachineLayout.MEMORY + ((long) ((int) (w >>> 8) & 0xFFFF) << 3);
                    long v = (long) M.get(m, a) + extLow(x);
                    M.set(m, a, v);
                    M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), v);
                    sp++;
                    ip = Ops.isAtLeast(v, extHigh(x)) ? ((int) (w >>> 24) & 0x3FFFF) : ip + 2;
                }
                case LESS_JUMP_IF_FALSE -> {
                    sp -= 2;
                    ip = Ops.isLess((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))), (long) M.get(m, (MachineLayout.STACK + ((long) (sp + 1) << 3))))
                            ? ip + 1 : ((int) (w >>> 24) & 0x3FFFF);
                }
                case LESS_JUMP_IF_TRUE -> {
                    sp -= 2;
                    ip = Ops.isLess((long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))), (long) M.get(m, (MachineLayout.STACK + ((long) (sp + 1) << 3))))
                            ? ((int) (w >>> 24) & 0x3FFFF) : ip + 1;
                }
                case EQUAL_JUMP_IF_FALSE -> {
                    sp -= 2;
                    ip = (long) M.get(m, (MachineLayout.STACK + ((long) (sp) << 3))) == (long) M.get(m, (MachineLayout.STACK + ((long) (sp + 1) << 3))) ? ip + 1 : ((int) (w >>> 24) & 0x3FFFF);
                }
                case READ -> {
                    int got = in.next();
                    if (got == Input.WORD) {
                        M.set(m, (MachineLayout.STACK + ((long) (sp) << 3)), in.word());
                        sp++;
                        ip++;
                    } else if (got == Input.END) {
                        ip = ((int) (w >>> 24) & 0x3FFFF);
                    } else {
                        status = Status.BAD_INPUT;
                        steps -= WordCodeLayout.run(w);
                        break loop;
                    }
                }
                default -> throw new IllegalStateException("word code opcode " + ((int) w & 0xFF));
            }
            // A control transfer: charge the run that starts at the destination, or step it if the fuel is short.
            int r = WordCodeLayout.run((long) C.get(code, (long) ip << 3));
            if (fuel - steps < r) {
                M.set(m, RESULT, result);
                return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(ip), sp, steps, result);
            }
            steps += r;
        }
        M.set(m, RESULT, result);
        machine.finish(status, wc.pcOf(ip), sp, steps);
        return status;
    }

    static long slot(int index) {
        return STACK + ((long) index << 3);
    }

    static long cell(long address) {
        return MEMORY + ((address & MachineLayout.ADDRESS_MASK) << 3);
    }
}
