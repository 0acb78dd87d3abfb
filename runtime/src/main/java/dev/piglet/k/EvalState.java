package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.MemorySegment;
import java.util.function.Consumer;

/**
 * The interpreter's machine state and the rules every evaluation path shares: the registers, the
 * cell readers, fuel, and the value of a simple cell (a leaf, or a primitive over leaves), of a
 * primitive dyad and of applying a non-lambda. The evaluation paths are layered on it, each in its
 * own class: {@link Trampoline} (continuation records, any depth), {@link DirectPath} (a recursive
 * evaluator on the Java stack within a budget), {@link IntPath} (the direct path through an unboxed
 * int register), {@link IntFormPath} (a loop over a lambda's translated {@link IntForm}) and
 * {@link Interp} (entry, the compiled tier). They are one object, so a register is
 * a field read, not a call; each class only adds methods.
 *
 * <p>A leaf is always evaluated in an explicit frame ({@code frame[base + slot]} for locals, {@code self}
 * for {@code o} and upvalues): the trampoline and the direct path pass their registers, the int path
 * its parameters, so the rule is written once.
 */
abstract class EvalState {
    /**
     * The direct path's Java stack budget, in syntax levels: each level is at most three small Java
     * frames, so the direct path never takes more than a few tens of KiB of the thread's stack,
     * whatever the K recursion depth (past the budget calls go through the trampoline).
     */
    static final int DIRECT_BUDGET = 256;
    /** Bodies taller than this never take the direct path. */
    static final int DIRECT_HEIGHT = 32;
    /** Returned by the direct path for a call in tail position: see {@link #tailF}. */
    static final Object TAIL = new Object();

    final Code code;
    final ContextRing ring;
    final ContinuationStack cs;
    /** The context ring's slots: every ring frame's array. */
    final Object[] rs;
    Object[] globals = new Object[64];
    final Consumer<Object> show;
    /**
     * Steps left before {@code out of fuel.} is the budget minus steps; see {@link #outOfFuel}. Volatile so
     * that {@link #interrupt} (another thread: Ctrl-C in the REPL) is seen at the next step check: it sets
     * fuel to -1.
     */
    volatile long fuel = Long.MAX_VALUE;
    /** Set by {@link #interrupt}: the step check that stops the evaluation reports {@code interrupted.}. */
    volatile boolean interrupted;
    long steps;
    final Object[] scratch = new Object[16];
    /** The code's constant table (vector literals, boxed int literals), shared with {@link Code}. */
    Object[] consts = new Object[0];

    /** Whether the compiled tier may be used (a session switch; it is also off while fuel is limited). */
    boolean jitOn = true;
    /**
     * Whether calls are interpreted now: set when compiled code bails out, so the interpreter's re-run
     * of that call (and everything it calls, e.g. {@code f 100000} past the compiled depth) stays
     * interpreted instead of bailing again at every level; the direct path's activations and nested
     * trampolines restore it when they return, so a script's later statements compile again (on the
     * top-level trampoline it holds for the rest of the run).
     */
    boolean jitOff;

    // registers
    /**
     * The code segment (bounded; re-read at each run, since parsing may have grown it). Every cell read
     * is bounds-checked against it, so a bad cell number throws instead of reading stray memory; hot
     * methods copy it into a local so the JIT can hoist the checks.
     */
    MemorySegment seg;
    /** The cell being evaluated, for error positions. */
    int at;
    /** The current frame (ring slots or a heap frame's), its base, the running lambda and its heap frame. */
    Object[] env;
    int base;
    Lambda self;
    HeapFrame heap;
    /** Summed syntax heights of the direct-path activations on the Java stack (at most {@link #DIRECT_BUDGET}). */
    int depth;
    /** A pending tail call on the direct path ({@link #TAIL} was returned): the callee; its arguments are at tailT. */
    Lambda tailF;
    long tailT;

    EvalState(Code code, int ringSlots, int continuations, Consumer<Object> show) {
        this.code = code;
        this.ring = new ContextRing(ringSlots);
        this.cs = new ContinuationStack(continuations);
        this.rs = ring.slots;
        this.show = show;
    }

    final KError outOfFuel() {
        return new KError(interrupted ? "interrupted." : "out of fuel.");
    }

    /**
     * Asks the running evaluation to stop (any thread): the interpreter stops at its next step check, compiled
     * code at its next call or loop iteration (it bails out to the interpreter, see {@link KBail#interrupts}).
     * {@link #resume} undoes it before the next evaluation.
     */
    final void interrupt() {
        if (!interrupted) {
            interrupted = true;
            KBail.interrupts.incrementAndGet();
        }
        fuel = -1;
    }

    /** Clears an {@link #interrupt}; {@code fuel} is the allowance to restore. */
    final void resume(long fuel) {
        if (interrupted) {
            interrupted = false;
            KBail.interrupts.decrementAndGet();
        }
        // a volatile store is a full fence (tens of cycles): every evaluation calls this twice, and
        // fuel is almost always what it was, so it is only written when it changes
        if (this.fuel != fuel) this.fuel = fuel;
    }

    /**
     * The compiled tier: runs lam's compiled code on the n arguments in ring slots at t if it has some
     * and they are ints; returns the boxed result, or null for "interpret this call".
     */
    abstract Object jitCall(Lambda lam, long t, int n);

    // ----------------------------------------------------------------------------- cell readers

    static long headOf(MemorySegment s, int cell) {
        return (long) READ.get(s, cell(cell) + HEAD);
    }

    static int item(MemorySegment s, int cell, int i) {
        return (int) (long) READ.get(s, cell(cell) + CELL_BYTES + 8L * i);
    }

    static long word(MemorySegment s, int cell, long field) {
        return (long) READ.get(s, cell(cell) + field);
    }

    final long headOf(int cell) {
        return (long) READ.get(seg, cell(cell) + HEAD);
    }

    final int item(int cell, int i) {
        return (int) (long) READ.get(seg, cell(cell) + CELL_BYTES + 8L * i);
    }

    final long word(int cell, long field) {
        return (long) READ.get(seg, cell(cell) + field);
    }

    // ---------------------------------------------------------------------------- int primitives

    /** Whether dyad op on two int atoms gives an int atom by {@link #intDyad} (no allocation, no error). */
    static boolean intPrim(int op) {
        return op == '+' || op == '-' || op == '*' || op == '<' || op == '>' || op == '=' || op == '&' || op == '|';
    }

    /** An {@link #intPrim} dyad on two ints: the one rule, {@link Prims#longPrim}. */
    static long intDyad(int op, long l, long r) {
        return Prims.longPrim((char) op, l, r);
    }

    // ---------------------------------------------------------------------------- simple cells

    /** Is a simple cell true? Int comparisons answer without boxing their 0/1. */
    final boolean simpleTruth(int c, long h, Object[] frame, int base, Lambda self) {
        final MemorySegment s = seg;
        if (kind(h) == DYAD) {
            char op = (char) op(h);
            if (op == '=' || op == '<' || op == '>') {
                long d = word(s, c, C);
                Object r = operand(s, (int) (d >>> 32), c, B, frame, base, self);
                Object l = operand(s, (int) d, c, A, frame, base, self);
                if (l instanceof Long a && r instanceof Long b) return intDyad(op, a, b) != 0;
                return Num.truthy(dyad(op, l, r));
            }
        }
        return Num.truthy(simpleValue(c, h, frame, base, self));
    }

    /** A simple cell (see {@link CellLayout#SIMPLE}): a leaf, or a primitive monad/dyad over leaves. */
    final Object simpleValue(int c, long h, Object[] frame, int base, Lambda self) {
        final MemorySegment s = seg;
        int k = kind(h);
        if (k == DYAD) {
            long d = word(s, c, C);
            Object r = operand(s, (int) (d >>> 32), c, B, frame, base, self);
            Object l = operand(s, (int) d, c, A, frame, base, self);
            return dyad((char) op(h), l, r);
        }
        if (k == MONAD) {
            return Prims.monad((char) op(h), operand(s, (int) word(s, c, C), c, A, frame, base, self));
        }
        return leaf(c, h, frame, base, self);
    }

    /**
     * The value of the leaf operand at {@code field} of cell c, from its descriptor d when it has one
     * (see {@link CellLayout#descriptor}): one word read instead of three.
     */
    final Object operand(MemorySegment s, int d, int c, long field, Object[] frame, int base, Lambda self) {
        switch (descKind(d)) {
            case LOCAL: {
                Object v = frame[base + descOperand(d)];
                if (v != null) return v;
                break; // not assigned yet: the leaf resolves the name globally
            }
            case INT:
                return consts[descOperand(d)];
            case IMM: // a small int literal: the Long cache's box
                return Long.valueOf(immValue(d));
            case GLOBAL:
                return globalByName(descOperand(d));
            default:
                break;
        }
        int oc = (int) word(s, c, field);
        return leaf(oc, headOf(s, oc), frame, base, self);
    }

    /** The value of leaf cell c (head h) in frame at base, with self the running lambda. */
    final Object leaf(int c, long h, Object[] frame, int base, Lambda self) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case LOCAL: {
                Object v = frame[base + (int) word(s, c, A)];
                if (v != null) return v;
                return globalByName((int) word(s, c, C));
            }
            case INT: // the boxed literal, so evaluating it never allocates or calls Long.valueOf
                return consts[(int) word(s, c, B)];
            case GLOBAL:
                return globalByName((int) word(s, c, A));
            default:
                return rareLeaf(c, h, self);
        }
    }

    /** A leaf other than LOCAL, INT or GLOBAL; {@code self} is the running lambda (for {@code o} and upvalues). */
    private Object rareLeaf(int c, long h, Lambda self) {
        final MemorySegment s = seg;
        switch (kind(h)) {
            case FLT:
                return Double.longBitsToDouble(word(s, c, A));
            case CONST:
                return consts[(int) word(s, c, A)];
            case UPVAL: {
                int depth = (int) word(s, c, A);
                HeapFrame f = self == null ? null : self.parent;
                for (int d = 1; d < depth && f != null; d++) f = f.fn.parent;
                Object v = f == null ? null : f.slots[(int) word(s, c, B)];
                if (v != null) return v;
                return globalByName((int) word(s, c, C));
            }
            case SELF:
                if (self == null) return globalByName(code.symbol("o"));
                return self;
            case VERB:
                return Verb.of((char) op(h), word(s, c, A) != 0);
            default:
                throw new IllegalStateException("not a simple cell: " + kind(h));
        }
    }

    final Object globalByName(int sym) {
        Object v = sym < globals.length ? globals[sym] : null;
        if (v == null) v = Builtin.named(code.symbolName(sym)); // sin, cos, ... unless the program defined the name
        if (v == null) throw KError.notDefined(code.symbolName(sym));
        return v;
    }

    /** A primitive dyad; ints inline; {@code 0N!x} shows x and returns it. */
    final Object dyad(char op, Object x, Object y) {
        if (x instanceof Long a && y instanceof Long b && intPrim(op)) return intDyad(op, a, b);
        if (op == '!' && x instanceof Long l && l == Num.NULL_INT) {
            show.accept(y);
            return y;
        }
        if (op == Prims.WRITE) {
            if (!(x instanceof Sym s && s.name.isEmpty())) throw KError.domain(); // files are not supported
            show.accept(Text.of(y));
            return y;
        }
        if ((op == '#' || op == '_') && Num.isFunction(x)) { // f#y keeps the items where f of the item is true, f_y drops them
            Object list = y instanceof Dict d ? d.vals : y;
            if (Num.isAtom(list)) throw KError.domain();
            int n = Num.count(list);
            Object[] flags = new Object[n];
            for (int i = 0; i < n; i++) flags[i] = callValue(x, new Object[] {Num.at(list, i)});
            Object keep = n == 0 ? IntVec.of(0) : Num.norm(flags);
            if (op == '_') keep = Prims.not(keep);
            Object at = Prims.where(keep);
            if (y instanceof Dict d) return new Dict(Prims.index(d.keys, at), Prims.index(d.vals, at));
            return Prims.index(y, at);
        }
        return Prims.dyad(op, x, y);
    }

    /** Calls a K function from inside a primitive (a nested run of the trampoline). */
    abstract Object callValue(Object f, Object[] args);

    /** Applying something that needs no K code: a verb, or indexing a list. */
    final Object applyDirect(Object f, int n, Object x, Object y) {
        if (f instanceof Verb v) {
            if (n == 1) return Prims.monad(v.op, x);
            if (n == 2) {
                if (v.monadic) throw KError.valence();
                return dyad(v.op, x, y);
            }
            throw KError.valence();
        }
        if (f instanceof Dict && n == 1) return Prims.index(f, x);
        if (f instanceof Builtin b) {
            if (n != b.valence) throw KError.valence();
            return b.apply(x, y);
        }
        if (Num.isAtom(f)) {
            if (Num.isFunction(f)) throw KError.valence();
            if (n > 0) throw Prims.expected("function or list", f); // 1[2]
            throw KError.domain();
        }
        if (n == 0) return f;
        return Prims.index(f, x);
    }

}
