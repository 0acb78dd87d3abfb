package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The int form of a lambda: its body's cells translated once into linear register code, for the
 * interpreter's int-form loop ({@link IntFormPath#runF}). The one place that names this layout.
 *
 * <p>Which lambdas have one: a ring-frame lambda of 1 to 255 parameters and no other locals whose body
 * the direct path runs and is built only from its parameters, int literals, the int primitives
 * ({@code + - * < > = & |}), {@code $[...]} and calls of a global or {@code o} with every argument given,
 * with at most {@link #MAX_FRAME} registers. Its parameters are then always int atoms (a call is given
 * the form only when its arguments are); a value that is not an int can only come back from a call.
 *
 * <p><b>Machine.</b> An accumulator ({@code acc}) and a window of 64-bit registers per activation
 * ({@code r[i]} is {@code regs[fp + i]}): registers 0..valence-1 are the parameters, the rest
 * temporaries. A call's arguments are computed into consecutive temporaries, argument 0 last, in acc;
 * they become the callee's parameters in place (its window starts there), and the three registers
 * below them hold the call's linkage: {@code fp-3} the ring mark to release to on return, {@code fp-2}
 * the ring position of the callee's frame, {@code fp-1} the return pc (bits 32..63), the caller's
 * stack budget ({@code depth}, bits 20..31) and the caller's fp (bits 0..19); -1 in the loop's first
 * activation.
 *
 * <p><b>Instruction word</b> (64 bits): bits 0..7 opcode, 8..15 steps (the interpreter steps this
 * instruction accounts for, counted before it runs: the cell path's steps at the same points), 16..23
 * {@code x} (a dyad's op char, or a call's argument count), 24..31 {@code a} (a register), 32..63
 * {@code b} (signed: a register, a value, a symbol, a cell or a pc). {@code +} marks further words.
 * <pre>
 *   ACC_R a            acc = r[a]                 ACC_I b       acc = b
 *   ACC_K +v           acc = v (a literal that does not fit 32 bits)
 *   D_RR x a b         acc = r[a] x r[b]          D_RI x a b    acc = r[a] x b     D_IR x a b  acc = b x r[a]
 *   DA_R x a +cell     acc = r[a] x acc           DA_I x b +cell  acc = b x acc
 *   AD_R x a +cell     acc = acc x r[a] (the right operand was kept in a temporary)
 *   ST a               r[a] = acc
 *   J b                go to b
 *   JF +pc|cell        go to pc if acc is false
 *   JF_RR/RI/IR x a b +pc       go to pc if r[a] x r[b] (r[a] x b, b x r[a]) is 0
 *   RETIF_RR/RI/IR x a b +s     if r[a] x r[b] (...) is not 0: return the value of s (a simple word:
 *                               ACC_R, ACC_I or D_xx, with its own steps); else go on
 *   RES x a b          reserve x ring slots for the call whose arguments start at r[a] (b its cell)
 *   CALL_OP|flags x a b +cell|id|height +callee [+args]
 *                      call global b (or o: SELF_CALL) on the x arguments at r[a]; the value in acc.
 *                      TAIL_CALL: the value is this activation's; RESERVES: the call reserves its ring
 *                      slots itself (its arguments are simple, so nothing can come between); ARG_WORDS:
 *                      the x arguments are the simple words after the callee word. The callee word is
 *                      the call's inline cache: the callee's entry pc, registers and height
 *                      ({@link #callee}), valid while the global holds the lambda in {@link #callees}.
 *   RETURN             return acc          RET_R, RET_I, D_xx_RET, DA_x_RET: the instruction, then RETURN
 * </pre>
 * A temporary that holds a value that is not an int holds {@link IntPath#NOT_INT} and the value in the
 * loop's object registers; acc's is in {@link IntPath#ov}. Such values take the interpreter's rules.
 *
 * <p><b>Memory.</b> The words live in a Java {@code long[]}, not off-heap like the cells: the loop reads
 * one per instruction, and inside a loop with calls in it C2 cannot hoist a memory segment's checks
 * (its class, bounds, base and the arena's liveness are re-read at every access), while an array read is
 * one bounds check. Measured on {@code fac 5} interpreted: 141 ns reading a segment, 98 ns reading the
 * array, the same build otherwise.
 */
final class IntForm {
    static final int ACC_R = 0, ACC_I = 1, ACC_K = 2, D_RR = 3, D_RI = 4, D_IR = 5, DA_R = 6, DA_I = 7,
            AD_R = 8, ST = 9, J = 10, JF = 11, JF_RR = 12, JF_RI = 13, JF_IR = 14, RES = 15,
            CALL_OP = 16, // to 31: CALL_OP plus the flags below
            RETURN = 32, RET_R = 33, RET_I = 34, D_RR_RET = 35, D_RI_RET = 36, D_IR_RET = 37, DA_R_RET = 38,
            DA_I_RET = 39, NOP = 40, RETIF_RR = 41, RETIF_RI = 42, RETIF_IR = 43;
    /** CALL flags: the callee is o; in tail position; the call reserves its ring slots; the arguments follow the callee word. */
    static final int SELF_CALL = 1, TAIL_CALL = 2, RESERVES = 4, ARG_WORDS = 8;
    /** The most arguments a call computes itself from simple words (see ARG_WORDS). */
    static final int MAX_ARG_WORDS = 4;
    /** Registers (parameters, temporaries and call linkage) one activation may use. */
    static final int MAX_FRAME = 250;
    /** Registers below a call's arguments that hold its linkage. */
    static final int LINK = 3;

    /** The code of every lambda translated so far (empty until the first: most sessions never call one). */
    long[] words = new long[0];
    /**
     * The call instructions' inline caches: at a call's pc, the lambda its global held when the call's
     * third word was filled in with that lambda's entry, frame and height (see {@link #callee}).
     */
    Object[] callees = new Object[0];
    private int size = 1; // word 0 unused: an entry pc is never 0
    /** The lambdas translated, by id (an id is in the code of their calls, for the rare paths). */
    LambdaInfo[] infos = new LambdaInfo[8];
    private int ids;

    /** Words of code held. */
    int size() { return size - 1; }

    static int op(long w) { return (int) w & 0xFF; }
    static int steps(long w) { return (int) (w >>> 8) & 0xFF; }
    static int x(long w) { return (int) (w >>> 16) & 0xFF; }
    static int a(long w) { return (int) (w >>> 24) & 0xFF; }
    static int b(long w) { return (int) (w >>> 32); }
    static int lo(long w) { return (int) w; }
    static int hi(long w) { return (int) (w >>> 32); }
    /** A call's second word: the running lambda's id and height. */
    static int id(long w2) { return (int) (w2 >>> 32) & 0xFFFFFF; }
    static int selfHeight(long w2) { return (int) (w2 >>> 56); }

    /** A call's third word: the callee's entry pc, registers and height (never 0: an entry pc is not). */
    static long callee(int entry, int frame, int height) {
        return (entry & 0xFFFFFFFFL) | ((long) frame << 32) | ((long) height << 48);
    }
    static int entry(long w3) { return (int) w3; }
    static int frame(long w3) { return (int) (w3 >>> 32) & 0xFFFF; }
    static int height(long w3) { return (int) (w3 >>> 48); }

    /**
     * Fills in the inline cache of the call at pc with lam (an int-form lambda): later calls that find
     * the same lambda in the global take its entry from the instruction. Returns the third word.
     */
    long cache(int pc, Lambda lam) {
        LambdaInfo info = lam.info;
        long w3 = callee(info.formEntry, info.formFrame, info.height);
        words[pc + 2] = w3;
        callees[pc] = lam;
        return w3;
    }

    // ------------------------------------------------------------------------- translation

    private long[] buf = new long[64];
    private int n; // words in buf
    private int base; // the pc of buf[0]
    private int pending; // steps not yet given to an instruction
    private int top, maxTop; // temporaries in use / most at once (registers from valence on)
    private int valence, id, height;
    private final List<Integer> selfCalls = new ArrayList<>(), globalCalls = new ArrayList<>();
    /** A global call's inline cache before its first call: no value of a global is this object. */
    private static final Object NO_CALLEE = new Object();
    private int lastOp = -1, lastAt; // the last instruction emitted, for fusing a RETURN into it
    private boolean fits;

    /**
     * Translates lam's body; returns its entry pc, or 0 if the lambda has no int form. Sets
     * {@link LambdaInfo#formFrame} and {@link LambdaInfo#formId}. The caller has checked that the direct
     * path runs it in a ring frame.
     */
    int translate(Code code, LambdaInfo info) {
        if (info.heapFrame || info.valence < 1 || info.valence > 255 || info.slots != info.valence) return 0;
        valence = info.valence;
        height = info.height;
        selfCalls.clear();
        globalCalls.clear();
        lastOp = -1;
        n = 0;
        base = size;
        pending = 0;
        top = maxTop = valence;
        fits = true;
        id = ids;
        word(code, info.body, true);
        if (!fits || maxTop > MAX_FRAME) return 0;
        long callee = callee(base, maxTop + LINK, height);
        for (int i : selfCalls) buf[i + 2] = callee;
        if (words.length < base + n) {
            int size = Math.max(words.length * 2, Math.max(base + n, 256));
            words = Arrays.copyOf(words, size);
            callees = Arrays.copyOf(callees, size);
        }
        System.arraycopy(buf, 0, words, base, n);
        for (int i : globalCalls) callees[base + i] = NO_CALLEE;
        size += n;
        if (ids == infos.length) infos = Arrays.copyOf(infos, ids * 2);
        infos[ids++] = info;
        info.formFrame = maxTop + LINK;
        info.formId = id;
        return base;
    }

    /** Cell c evaluated as the cell path's evaluator would a word: one step, then its value in acc (returned if tail). */
    private void word(Code code, int c, boolean tail) {
        pending++;
        inner(code, c, tail);
    }

    /** An operand that the cell path evaluates without a step when it is simple (a leaf or a dyad over leaves). */
    private void operand(Code code, int c, boolean tail) {
        if (c > 0 && simple(code.headOf(c))) inner(code, c, tail);
        else word(code, c, tail);
    }

    private void inner(Code code, int c, boolean tail) {
        if (c <= 0) {
            fits = false;
            return;
        }
        switch (code.kind(c)) {
            case LOCAL, INT -> {
                long l = leaf(code, c);
                if (l == NONE) return;
                loadLeaf(code, c, l);
                if (tail) ret();
            }
            case DYAD -> {
                int op = code.op(c);
                if (!EvalState.intPrim(op)) {
                    fits = false;
                    return;
                }
                int lc = (int) code.a(c), rc = (int) code.b(c);
                if (simple(code.headOf(c))) { // both leaves
                    simpleDyad(code, op, lc, rc);
                    if (tail) ret();
                    return;
                }
                // the right operand first, then the left
                if (rc > 0 && code.kind(rc) == APPLY) {
                    pending++; // the call cell's own step
                    call(code, rc, false);
                } else {
                    word(code, rc, false);
                }
                int lk = lc > 0 ? code.kind(lc) : 0;
                long l = lk == LOCAL || lk == INT ? leaf(code, lc) : NONE;
                if (l != NONE && (isReg(l) || isImm(l))) {
                    emit2(isReg(l) ? DA_R : DA_I, op, isReg(l) ? (int) (l >> 2) : 0, isReg(l) ? 0 : (int) (l >> 2), c);
                } else {
                    if (!fits) return;
                    int t = temp();
                    emit(ST, 0, t, 0);
                    operand(code, lc, false);
                    top--;
                    emit2(AD_R, op, t, 0, c);
                }
                if (tail) ret();
            }
            case COND -> {
                int count = (int) code.b(c);
                if (count < 1 || count > 0xFFFF) {
                    fits = false;
                    return;
                }
                List<Integer> ends = new ArrayList<>();
                int i = 0;
                for (; i < count - 1; i += 2) {
                    int cc = code.item(c, i);
                    if (tail && returnIf(code, cc, code.item(c, i + 1))) continue;
                    int jf = condition(code, cc, c);
                    word(code, code.item(c, i + 1), tail);
                    if (!tail) ends.add(emit(J, 0, 0, 0));
                    if (jf >= 0) patchLo(jf + 1, base + n);
                    pending = 0; // a new path: its steps start here
                }
                word(code, code.item(c, count - 1), tail);
                for (int e : ends) patchB(e, base + n);
            }
            case APPLY -> call(code, c, tail);
            default -> fits = false;
        }
    }

    /**
     * In tail position, clause {@code $[cc;br;...]} with a simple int condition and a simple value as
     * one instruction, RETIF: return br's value if cc holds, else go on with the next instruction (the
     * rest of the cond). False if the clause is not of that shape (nothing emitted).
     */
    private boolean returnIf(Code code, int cc, int br) {
        if (cc <= 0 || br <= 0 || code.kind(cc) != DYAD || !simple(code.headOf(cc)) || !EvalState.intPrim(code.op(cc))) return false;
        long v = simpleWord(code, br, 1); // the branch's own step, counted only when it is taken
        if (v == 0) return false;
        int lc = (int) code.a(cc), rc = (int) code.b(cc);
        int lk = code.kind(lc), rk = code.kind(rc);
        if ((lk != LOCAL && lk != INT) || (rk != LOCAL && rk != INT)) return false;
        long l = leaf(code, lc), r = leaf(code, rc);
        if (!fits) return false;
        int op = code.op(cc);
        if (isReg(l) && isReg(r)) emit2(RETIF_RR, op, (int) (l >> 2), (int) (r >> 2), v);
        else if (isReg(l) && isImm(r)) emit2(RETIF_RI, op, (int) (l >> 2), (int) (r >> 2), v);
        else if (isImm(l) && isReg(r)) emit2(RETIF_IR, op, (int) (r >> 2), (int) (l >> 2), v);
        else return false;
        lastOp = -1; // what follows is the other path
        return true;
    }

    /**
     * A simple cell (a parameter, a 32-bit int literal, or an int dyad over those) as one instruction
     * word leaving its value in acc (ACC_R, ACC_I, D_RR, D_RI, D_IR: see {@link IntFormPath#simple})
     * carrying {@code steps}; 0 if it is not one.
     */
    private long simpleWord(Code code, int c, int steps) {
        int k = code.kind(c);
        if (k == LOCAL || k == INT) {
            long l = leafOrNone(code, c);
            if (isReg(l)) return word(ACC_R, steps, 0, (int) (l >> 2), 0);
            if (isImm(l)) return word(ACC_I, steps, 0, 0, (int) (l >> 2));
            return 0;
        }
        if (k != DYAD || !simple(code.headOf(c)) || !EvalState.intPrim(code.op(c))) return 0;
        int lc = (int) code.a(c), rc = (int) code.b(c);
        long l = leafOrNone(code, lc), r = leafOrNone(code, rc);
        int op = code.op(c);
        if (isReg(l) && isReg(r)) return word(D_RR, steps, op, (int) (l >> 2), (int) (r >> 2));
        if (isReg(l) && isImm(r)) return word(D_RI, steps, op, (int) (l >> 2), (int) (r >> 2));
        if (isImm(l) && isReg(r)) return word(D_IR, steps, op, (int) (r >> 2), (int) (l >> 2));
        return 0;
    }

    /** {@link #leaf} without clearing fits: NONE (which is neither a register nor an immediate) if c is not a leaf of the form. */
    private long leafOrNone(Code code, int c) {
        if (c <= 0) return NONE;
        int k = code.kind(c);
        if (k == LOCAL) {
            long slot = code.a(c);
            return slot >= 0 && slot < valence ? slot << 2 : NONE;
        }
        if (k == INT) {
            long v = code.a(c);
            return v == (int) v ? (v << 2) | 1 : NONE;
        }
        return NONE;
    }

    private static long word(int op, int steps, int x, int a, int b) {
        return op | ((long) steps << 8) | ((long) (x & 0xFF) << 16) | ((long) (a & 0xFF) << 24) | ((long) b << 32);
    }

    /** Emits the test of clause condition cc of cond cell c: jumps when false; returns the jump's index in buf (its target to patch). */
    private int condition(Code code, int cc, int c) {
        if (cc > 0 && code.kind(cc) == DYAD && simple(code.headOf(cc)) && EvalState.intPrim(code.op(cc))) {
            int op = code.op(cc);
            long l = leaf(code, (int) code.a(cc)), r = leaf(code, (int) code.b(cc));
            if (!fits) return -1;
            if (isReg(l) && isReg(r)) return emit2(JF_RR, op, (int) (l >> 2), (int) (r >> 2), 0);
            if (isReg(l) && isImm(r)) return emit2(JF_RI, op, (int) (l >> 2), (int) (r >> 2), 0);
            if (isImm(l) && isReg(r)) return emit2(JF_IR, op, (int) (r >> 2), (int) (l >> 2), 0);
        }
        int cell = c;
        if (cc > 0 && simple(code.headOf(cc))) {
            inner(code, cc, false); // no step for a simple condition
        } else {
            word(code, cc, false);
        }
        return emit2(JF, 0, 0, 0, (long) cell << 32);
    }

    /** A call cell c: its ring slots reserved, its arguments right to left into temporaries (argument 0 in acc), the call. */
    private void call(Code code, int c, boolean tail) {
        int count = (int) code.b(c), fc = (int) code.a(c);
        if (count < 1 || count > 255 || fc <= 0) {
            fits = false;
            return;
        }
        int fk = code.kind(fc);
        if (fk != GLOBAL && fk != SELF) {
            fits = false;
            return;
        }
        int t = top + LINK;
        top = t + count;
        maxTop = Math.max(maxTop, top);
        // arguments that are all simple cannot call, fail or count steps: the call itself reserves the ring slots
        boolean simpleArgs = true;
        for (int i = 0; i < count; i++) {
            int ac = code.item(c, i);
            if (ac <= 0 || !simple(code.headOf(ac))) simpleArgs = false;
        }
        if (!simpleArgs) emit(RES, count, t, c);
        // up to MAX_ARG_WORDS arguments that are simple words: computed by the call itself, from the words after it
        long[] args = simpleArgs && count <= MAX_ARG_WORDS ? new long[count] : null;
        for (int i = 0; args != null && i < count; i++) {
            args[i] = simpleWord(code, code.item(c, i), 0);
            if (args[i] == 0) args = null;
        }
        for (int i = count - 1; i >= 0 && args == null; i--) {
            int ac = code.item(c, i);
            if (ac <= 0) { // an elided argument: a projection
                fits = false;
                return;
            }
            operand(code, ac, false);
            if (i > 0) emit(ST, 0, t + i, 0);
        }
        long cellId = (c & 0xFFFFFFFFL) | ((long) id << 32) | ((long) height << 56);
        int op = CALL_OP | (fk == SELF ? SELF_CALL : 0) | (tail ? TAIL_CALL : 0) | (simpleArgs ? RESERVES : 0) | (args != null ? ARG_WORDS : 0);
        int at = emit2(op, count, t, fk == GLOBAL ? (int) code.a(fc) : 0, cellId);
        buf[n++] = 0; // the callee's entry, frame and height: filled on the first call (for o: below)
        if (args != null) {
            if (n + count + 3 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2 + count);
            for (long a : args) buf[n++] = a;
        }
        if (fk == SELF) selfCalls.add(at);
        else globalCalls.add(at);
        top = t - LINK;
    }

    private int temp() {
        int t = top++;
        maxTop = Math.max(maxTop, top);
        return t;
    }

    private static final long NONE = -1;

    /**
     * A LOCAL (a parameter) or INT leaf: a register {@code r << 2}, an immediate {@code v << 2 | 1}, a
     * wide literal {@code index << 2 | 2} (the constant's index); NONE, and fits cleared, otherwise.
     */
    private long leaf(Code code, int c) {
        if (c <= 0) {
            fits = false;
            return NONE;
        }
        int k = code.kind(c);
        if (k == LOCAL) {
            long slot = code.a(c);
            if (slot >= 0 && slot < valence) return slot << 2;
        } else if (k == INT) {
            long v = code.a(c);
            if (v == (int) v) return (v << 2) | 1;
            return (code.b(c) << 2) | 2;
        }
        fits = false;
        return NONE;
    }

    private static boolean isReg(long l) { return (l & 3) == 0; }
    private static boolean isImm(long l) { return (l & 3) == 1; }

    private void loadLeaf(Code code, int c, long l) {
        if (isReg(l)) emit(ACC_R, 0, (int) (l >> 2), 0);
        else if (isImm(l)) emit(ACC_I, 0, 0, (int) (l >> 2));
        else emit2(ACC_K, 0, 0, 0, (Long) code.constants()[(int) (l >> 2)]);
    }

    /** l op r over two leaves into acc. */
    private void simpleDyad(Code code, int op, int lc, int rc) {
        long l = leaf(code, lc), r = leaf(code, rc);
        if (!fits) return;
        if (isReg(l) && isReg(r)) emit(D_RR, op, (int) (l >> 2), (int) (r >> 2));
        else if (isReg(l) && isImm(r)) emit(D_RI, op, (int) (l >> 2), (int) (r >> 2));
        else if (isImm(l) && isReg(r)) emit(D_IR, op, (int) (r >> 2), (int) (l >> 2));
        else {
            loadLeaf(code, rc, r);
            if (!isReg(l) && !isImm(l)) {
                int t = temp();
                emit(ST, 0, t, 0);
                loadLeaf(code, lc, l);
                top--;
                emit2(AD_R, op, t, 0, lc); // never fails: two ints
            } else {
                emit2(isReg(l) ? DA_R : DA_I, op, isReg(l) ? (int) (l >> 2) : 0, isReg(l) ? 0 : (int) (l >> 2), lc);
            }
        }
    }

    /** RETURN, fused with the instruction before it when that is one of the common ones. */
    private void ret() {
        if (!fits) return;
        int last = lastOp, i = lastAt;
        int fused = switch (last) {
            case ACC_R -> RET_R;
            case ACC_I -> RET_I;
            case D_RR -> D_RR_RET;
            case D_RI -> D_RI_RET;
            case D_IR -> D_IR_RET;
            case DA_R -> DA_R_RET;
            case DA_I -> DA_I_RET;
            default -> -1;
        };
        if (fused >= 0 && pending == 0) {
            buf[i] = (buf[i] & ~0xFFL) | fused;
            lastOp = -1;
            return;
        }
        emit(RETURN, 0, 0, 0);
    }

    private int emit(int op, int x, int a, int b) {
        if (n + 3 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        while (pending > 255) { // more steps than a word holds: the rest on NOPs before it
            buf[n++] = NOP | (255L << 8);
            pending -= 255;
            if (n + 3 > buf.length) buf = Arrays.copyOf(buf, buf.length * 2);
        }
        if ((a & ~0xFF) != 0 || (x & ~0xFF) != 0) fits = false;
        lastOp = op;
        lastAt = n;
        buf[n] = op | ((long) pending << 8) | ((long) (x & 0xFF) << 16) | ((long) (a & 0xFF) << 24) | ((long) b << 32);
        pending = 0;
        return n++;
    }

    private int emit2(int op, int x, int a, int b, long second) {
        int at = emit(op, x, a, b);
        buf[n++] = second;
        return at;
    }

    private void patchLo(int i, int pc) {
        lastOp = -1; // a jump target: what comes next must not fuse into what came before
        buf[i] = (buf[i] & 0xFFFFFFFF00000000L) | (pc & 0xFFFFFFFFL);
    }

    private void patchB(int i, int pc) {
        lastOp = -1;
        buf[i] = (buf[i] & 0xFFFFFFFFL) | ((long) pc << 32);
    }

}
