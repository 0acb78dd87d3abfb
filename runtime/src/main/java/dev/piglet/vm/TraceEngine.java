package dev.piglet.vm;

import static dev.piglet.code.FusedOps.*;
import static dev.piglet.code.Opcodes.*;
import static dev.piglet.code.WordCodeLayout.*;
import static dev.piglet.vm.WordEngine.cell;
import static dev.piglet.vm.WordEngine.slot;

import dev.piglet.code.FusedOps;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.WordCode;
import dev.piglet.code.WordCodeLayout;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * The articles' traces: a straight-line run of word code, starting at an entry word, is compiled the
 * first time it is entered into an array of pre-decoded handler objects (one per instruction, its
 * immediate and target captured), unconditional jumps followed inline; traces are cached per entry.
 * A trace ends at a conditional jump, READ, DONE or a fault, and names the next entry. Fuel is
 * charged a trace at a time. Every handler is a different class, so the call in the loop is
 * megamorphic: the price of this design on the JVM.
 */
public final class TraceEngine implements FusingEngine {
    private static final VarHandle M = MachineLayout.WORD;
    /** Longest trace, in handlers, so a long unrolled program does not build one huge array. */
    private static final int MAX_TRACE = 256;
    private static final Map<WordCode, Trace[]> CACHE = new WeakHashMap<>();

    private final boolean fuse;

    public TraceEngine() {
        this(true);
    }

    public TraceEngine(boolean fuse) {
        this.fuse = fuse;
    }

    @Override
    public String name() {
        return "trace";
    }

    @Override
    public Engine withFusion(boolean fuse) {
        return new TraceEngine(fuse);
    }

    @Override
    public boolean fuses() {
        return fuse;
    }

    /** One pre-decoded instruction: returns the new sp, or {@code ~sp} to stop the run. */
    @FunctionalInterface
    interface Handler {
        int exec(State s, int sp);
    }

    /** The state handlers share besides sp; one per run. */
    static final class State {
        MemorySegment m;
        Output out;
        Input in;
        long result;
        /** The entry word of the next trace. */
        int next;
        int status;
        /** 1 when the stopping instruction counts as executed (DONE), else 0. */
        int counted;

        State set(MemorySegment m, Output out, Input in) {
            this.m = m;
            this.out = out;
            this.in = in;
            this.result = 0;
            this.next = 0;
            this.status = 0;
            this.counted = 0;
            return this;
        }
    }

    /** A compiled trace: handlers, the instructions executed before each, their pcs, the total weight. */
    record Trace(Handler[] handlers, int[] before, int[] pcs, int weight) {}

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        WordCode wc = WordCode.of(program, fuse);
        if (!wc.verified()) {
            return WordEngine.CHECKED.execute(program, machine, out, in, fuel);
        }
        Trace[] traces;
        synchronized (CACHE) {
            traces = CACHE.computeIfAbsent(wc, k -> new Trace[k.count()]);
        }
        // One handler state per machine, reused run after run (no allocation in steady state), and never
        // shared with a run that a PRINT or READ starts on another machine.
        if (machine.traceState == null) {
            machine.traceState = new State();
        }
        State s = machine.traceState.set(machine.segment(), out, in);
        int entry = 0;
        int sp = 0;
        long steps = 0;
        while (true) {
            Trace t = traces[entry];
            if (t == null) {
                t = build(wc, entry);
                traces[entry] = t;
            }
            if (fuel - steps < t.weight) {
                M.set(s.m, MachineLayout.RESULT, s.result);
                return Stepper.resume(program, machine, out, in, fuel, wc.pcOf(entry), sp, steps, s.result);
            }
            steps += t.weight;
            Handler[] hs = t.handlers;
            for (int k = 0; k < hs.length; k++) {
                int r = hs[k].exec(s, sp);
                if (r < 0) {
                    sp = ~r;
                    steps = steps - t.weight + t.before[k] + s.counted;
                    if (s.status == HAND_OVER) {
                        // A fused op's division by zero: the checking loop redoes its instructions and faults.
                        M.set(s.m, MachineLayout.RESULT, s.result);
                        return Stepper.resume(program, machine, out, in, fuel, t.pcs[k], sp, steps, s.result);
                    }
                    M.set(s.m, MachineLayout.RESULT, s.result);
                    machine.finish(s.status, t.pcs[k], sp, steps);
                    return s.status;
                }
                sp = r;
            }
            entry = s.next;
        }
    }

    private static int weight(WordCode wc, int i) {
        long w = wc.word(i);
        int run = WordCodeLayout.run(w);
        return isControl(op(w)) ? run : run - WordCodeLayout.run(wc.word(i + span(op(w))));
    }

    static Trace build(WordCode wc, int entry) {
        List<Handler> handlers = new ArrayList<>();
        List<Integer> before = new ArrayList<>();
        List<Integer> pcs = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        int weight = 0;
        int i = entry;
        while (true) {
            // A long trace is cut at a word where the Stepper can take over (not inside a fused assignment).
            if (!seen.add(i) || handlers.size() >= MAX_TRACE && wc.isResumable(i)) {
                final int again = i;
                handlers.add((s, sp) -> {
                    s.next = again;
                    return sp;
                });
                before.add(weight);
                pcs.add(wc.pcOf(i));
                break;
            }
            long w = wc.word(i);
            int op = op(w);
            if (op == JUMP) {
                weight += 1;
                i = target(w);
                continue;
            }
            handlers.add(handler(wc, w, i));
            before.add(weight);
            pcs.add(wc.pcOf(i));
            weight += weight(wc, i);
            if (isControl(op)) {
                break;
            }
            i += span(op);
        }
        return new Trace(handlers.toArray(Handler[]::new), before.stream().mapToInt(Integer::intValue).toArray(),
                pcs.stream().mapToInt(Integer::intValue).toArray(), weight);
    }

    /** Not a status: the run goes on in the checking loop from the stopping word (see {@link FusedOps#divides}). */
    private static final int HAND_OVER = -1;

    /** Stops the trace before the current word, to hand the run over to the checking loop there. */
    private static int handOver(State s, int sp) {
        s.status = HAND_OVER;
        s.counted = 0;
        return ~sp;
    }

    private static Handler stop(int status, int counted) {
        return (s, sp) -> {
            s.status = status;
            s.counted = counted;
            return ~sp;
        };
    }

    private static Handler handler(WordCode wc, long w, int i) {
        final int arg = arg(w);
        final int target = target(w);
        final int op = op(w);
        final int next = i + span(op);
        // The extension word's immediates of a two-word op (unused otherwise).
        final long ext = span(op) == 2 ? wc.word(i + 1) : 0;
        final int low = extLow(ext);
        final int high = extHigh(ext);
        return switch (op) {
            case PUSHI -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) arg);
                return sp + 1;
            };
            case LOADI -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) M.get(s.m, cell(arg)));
                return sp + 1;
            };
            case LOADI_LOADI -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) M.get(s.m, cell(arg)));
                M.set(s.m, slot(sp + 1), (long) M.get(s.m, cell(target)));
                return sp + 2;
            };
            case LOADI_ADDI -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) M.get(s.m, cell(arg)) + target);
                return sp + 1;
            };
            case LOADADDI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), (long) M.get(s.m, slot(sp - 1)) + (long) M.get(s.m, cell(arg)));
                return sp;
            };
            case STOREI -> (s, sp) -> {
                M.set(s.m, cell(arg), (long) M.get(s.m, slot(sp - 1)));
                return sp - 1;
            };
            case DUP_STOREI -> (s, sp) -> {
                M.set(s.m, cell(arg), (long) M.get(s.m, slot(sp - 1)));
                return sp;
            };
            case LOAD -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), (long) M.get(s.m, cell((long) M.get(s.m, slot(sp - 1)))));
                return sp;
            };
            case STORE -> (s, sp) -> {
                M.set(s.m, cell((long) M.get(s.m, slot(sp - 2))), (long) M.get(s.m, slot(sp - 1)));
                return sp - 2;
            };
            case STORE_IMM -> (s, sp) -> {
                M.set(s.m, cell((long) M.get(s.m, slot(sp - 1))), (long) arg);
                return sp - 1;
            };
            case STORE_IMM_KEEP -> (s, sp) -> {
                M.set(s.m, cell((long) M.get(s.m, slot(sp - 1))), (long) arg);
                return sp;
            };
            case DUP -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) M.get(s.m, slot(sp - 1)));
                return sp + 1;
            };
            case DISCARD -> (s, sp) -> sp - 1;
            case ADD -> (s, sp) -> {
                M.set(s.m, slot(sp - 2), (long) M.get(s.m, slot(sp - 2)) + (long) M.get(s.m, slot(sp - 1)));
                return sp - 1;
            };
            case SUB -> (s, sp) -> {
                M.set(s.m, slot(sp - 2), (long) M.get(s.m, slot(sp - 2)) - (long) M.get(s.m, slot(sp - 1)));
                return sp - 1;
            };
            case MUL -> (s, sp) -> {
                M.set(s.m, slot(sp - 2), (long) M.get(s.m, slot(sp - 2)) * (long) M.get(s.m, slot(sp - 1)));
                return sp - 1;
            };
            case EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> (s, sp) -> {
                M.set(s.m, slot(sp - 2), Ops.binary(op, (long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1))));
                return sp - 1;
            };
            case DIV -> (s, sp) -> {
                long r = (long) M.get(s.m, slot(sp - 1));
                if (r == 0) {
                    s.status = Status.DIVISION_BY_ZERO;
                    s.counted = 0;
                    return ~sp;
                }
                M.set(s.m, slot(sp - 2), Ops.div((long) M.get(s.m, slot(sp - 2)), r));
                return sp - 1;
            };
            case SUBI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.sub((long) M.get(s.m, slot(sp - 1)), arg));
                return sp;
            };
            case MULI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.mul((long) M.get(s.m, slot(sp - 1)), arg));
                return sp;
            };
            case DIVI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.div((long) M.get(s.m, slot(sp - 1)), arg));
                return sp;
            };
            case STOREI_LOADI -> (s, sp) -> {
                M.set(s.m, cell(arg), (long) M.get(s.m, slot(sp - 1)));
                M.set(s.m, slot(sp - 1), (long) M.get(s.m, cell(target)));
                return sp;
            };
            case DIVMULI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.mul(Ops.div((long) M.get(s.m, slot(sp - 1)), arg), arg));
                return sp;
            };
            case SUB_DIVMULI -> (s, sp) -> {
                long r = Ops.mul(Ops.div((long) M.get(s.m, slot(sp - 1)), arg), arg);
                M.set(s.m, slot(sp - 2), Ops.sub((long) M.get(s.m, slot(sp - 2)), r));
                return sp - 1;
            };
            case EQI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.equal((long) M.get(s.m, slot(sp - 1)), arg));
                return sp;
            };
            case MUL_ADD -> (s, sp) -> {
                long r = Ops.mul((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1)));
                M.set(s.m, slot(sp - 3), Ops.add((long) M.get(s.m, slot(sp - 3)), r));
                return sp - 2;
            };
            case PUSHI_LOADI -> (s, sp) -> {
                M.set(s.m, slot(sp), (long) arg);
                M.set(s.m, slot(sp + 1), (long) M.get(s.m, cell(target)));
                return sp + 2;
            };
            case LOADI_MODI -> (s, sp) -> {
                long x = (long) M.get(s.m, cell(arg));
                M.set(s.m, slot(sp), Ops.sub(x, Ops.mul(Ops.div(x, target), target)));
                return sp + 1;
            };
            case DIVI_STOREI -> (s, sp) -> {
                M.set(s.m, cell(arg), Ops.div((long) M.get(s.m, slot(sp - 1)), target));
                return sp - 1;
            };
            case GREATER_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 1)), (long) M.get(s.m, slot(sp - 2))) ? next : target;
                return sp - 2;
            };
            case LESS_OR_EQUAL_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 1)), (long) M.get(s.m, slot(sp - 2))) ? target : next;
                return sp - 2;
            };
            case GTI_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess(arg, (long) M.get(s.m, slot(sp - 1))) ? next : target;
                return sp - 1;
            };
            case ADD_STOREI -> (s, sp) -> {
                M.set(s.m, cell(arg), Ops.add((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1))));
                return sp - 2;
            };
            case LOADI_MULI -> (s, sp) -> {
                M.set(s.m, slot(sp), Ops.mul((long) M.get(s.m, cell(arg)), target));
                return sp + 1;
            };
            case MOD_CELLS -> (s, sp) -> {
                long d = (long) M.get(s.m, cell(target));
                if (Ops.divisionFaults(d)) {
                    return handOver(s, sp);
                }
                long x = (long) M.get(s.m, cell(arg));
                M.set(s.m, slot(sp), Ops.sub(x, Ops.mul(Ops.div(x, d), d)));
                return sp + 1;
            };
            case LOADI_DIVI_STOREI -> (s, sp) -> {
                M.set(s.m, cell(arg), Ops.div((long) M.get(s.m, cell(low)), target));
                return sp;
            };
            case MUL_ADD_MUL_ADD -> (s, sp) -> {
                long inner = Ops.add((long) M.get(s.m, slot(sp - 3)),
                        Ops.mul((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1))));
                long x = (long) M.get(s.m, slot(sp - 4));
                M.set(s.m, slot(sp - 5), Ops.add((long) M.get(s.m, slot(sp - 5)), Ops.mul(x, inner)));
                return sp - 4;
            };
            case NOT_EQUAL -> (s, sp) -> {
                M.set(s.m, slot(sp - 2), Ops.notEqual((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1))));
                return sp - 1;
            };
            case MUL_CELLS -> (s, sp) -> {
                M.set(s.m, slot(sp), Ops.mul((long) M.get(s.m, cell(arg)), (long) M.get(s.m, cell(target))));
                return sp + 1;
            };
            case INC_JUMP -> (s, sp) -> {
                M.set(s.m, cell(arg), Ops.add((long) M.get(s.m, cell(arg)), low));
                s.next = target;
                return sp;
            };
            case STOREI_JUMP -> (s, sp) -> {
                M.set(s.m, cell(arg), (long) M.get(s.m, slot(sp - 1)));
                s.next = target;
                return sp - 1;
            };
            case EQI_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = (long) M.get(s.m, slot(sp - 1)) == arg ? next : target;
                return sp - 1;
            };
            case SETI -> (s, sp) -> {
                M.set(s.m, cell(arg), (long) target);
                return sp;
            };
            case JUMP_IF_OUTSIDE -> {
                final boolean onTrue = arg == 1;
                yield (s, sp) -> {
                    if (Ops.isTrue((long) M.get(s.m, slot(sp - 1))) == onTrue) {
                        s.status = Status.BAD_JUMP;
                        s.counted = 0;
                        return ~sp;
                    }
                    return sp - 1;
                };
            }
            case ADDI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), (long) M.get(s.m, slot(sp - 1)) + arg);
                return sp;
            };
            case GREATER_OR_EQUALI -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), Ops.truth(Ops.isAtLeast((long) M.get(s.m, slot(sp - 1)), arg)));
                return sp;
            };
            case POP_RES -> (s, sp) -> {
                s.result = (long) M.get(s.m, slot(sp - 1));
                return sp - 1;
            };
            case PRINT -> (s, sp) -> {
                s.out.print((long) M.get(s.m, slot(sp - 1)));
                return sp - 1;
            };
            case DONE -> stop(Status.SUCCESS, 1);
            case FAULT -> stop(arg, 0);
            case JUMP_IF_TRUE -> (s, sp) -> {
                s.next = (long) M.get(s.m, slot(sp - 1)) != 0 ? target : next;
                return sp - 1;
            };
            case JUMP_IF_FALSE -> (s, sp) -> {
                s.next = (long) M.get(s.m, slot(sp - 1)) == 0 ? target : next;
                return sp - 1;
            };
            case GEI_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 1)), arg) ? target : next;
                return sp - 1;
            };
            case GEI_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = Ops.isAtLeast((long) M.get(s.m, slot(sp - 1)), arg) ? target : next;
                return sp - 1;
            };
            case TOP_GEI_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 1)), arg) ? target : next;
                return sp;
            };
            case TOP_GEI_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = Ops.isAtLeast((long) M.get(s.m, slot(sp - 1)), arg) ? target : next;
                return sp;
            };
            case LESS_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1)))
                        ? next : target;
                return sp - 2;
            };
            case LESS_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 2)), (long) M.get(s.m, slot(sp - 1)))
                        ? target : next;
                return sp - 2;
            };
            case EQUAL_JUMP_IF_FALSE -> (s, sp) -> {
                s.next = (long) M.get(s.m, slot(sp - 2)) == (long) M.get(s.m, slot(sp - 1)) ? next : target;
                return sp - 2;
            };
            case LOAD_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = (long) M.get(s.m, cell((long) M.get(s.m, slot(sp - 1)))) != 0 ? target : next;
                return sp - 1;
            };
            case TOP_LOAD_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = (long) M.get(s.m, cell((long) M.get(s.m, slot(sp - 1)))) != 0 ? target : next;
                return sp;
            };
            case ADDI_JUMP -> (s, sp) -> {
                M.set(s.m, slot(sp - 1), (long) M.get(s.m, slot(sp - 1)) + arg);
                s.next = target;
                return sp;
            };
            case INC_KEEP -> (s, sp) -> {
                long v = (long) M.get(s.m, cell(arg)) + target;
                M.set(s.m, cell(arg), v);
                M.set(s.m, slot(sp), v);
                return sp + 1;
            };
            case LOADADDI_TOP_GEI_JUMP_IF_FALSE -> (s, sp) -> {
                long top = (long) M.get(s.m, slot(sp - 1)) + (long) M.get(s.m, cell(arg));
                M.set(s.m, slot(sp - 1), top);
                s.next = Ops.isLess(top, low) ? target : next;
                return sp;
            };
            case INC_GEI_JUMP_IF_FALSE -> (s, sp) -> {
                long v = (long) M.get(s.m, cell(arg)) + low;
                M.set(s.m, cell(arg), v);
                s.next = Ops.isLess(v, high) ? target : next;
                return sp;
            };
            case LTI_JUMP_IF_TRUE -> (s, sp) -> {
                s.next = Ops.isLess((long) M.get(s.m, slot(sp - 1)), arg) ? target : next;
                return sp - 1;
            };
            case INC_LTI_JUMP_IF_TRUE -> (s, sp) -> {
                long v = (long) M.get(s.m, cell(arg)) + low;
                M.set(s.m, cell(arg), v);
                s.next = Ops.isLess(v, high) ? target : next;
                return sp;
            };
            case INC_TOP_GEI_JUMP_IF_TRUE -> (s, sp) -> {
                long v = (long) M.get(s.m, cell(arg)) + low;
                M.set(s.m, cell(arg), v);
                M.set(s.m, slot(sp), v);
                s.next = Ops.isAtLeast(v, high) ? target : next;
                return sp + 1;
            };
            case READ -> (s, sp) -> {
                int got = s.in.next();
                if (got == Input.WORD) {
                    M.set(s.m, slot(sp), s.in.word());
                    s.next = next;
                    return sp + 1;
                }
                if (got == Input.END) {
                    s.next = target;
                    return sp;
                }
                s.status = Status.BAD_INPUT;
                s.counted = 0;
                return ~sp;
            };
            default -> throw new IllegalStateException("word code opcode " + op);
        };
    }
}
