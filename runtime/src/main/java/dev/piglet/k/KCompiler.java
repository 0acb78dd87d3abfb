package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;
import static java.lang.constant.ConstantDescs.*;

import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compiled tier for K lambdas: a lambda whose body uses only its arguments, int literals,
 * {@code + - * = < > ~} on ints, {@code m!y}, monadic {@code -}, {@code $[...]}, statements, and calls
 * of globals holding lambdas of the same kind, becomes a static method over {@code long}s in a hidden
 * class, together with every lambda it can reach (one class per group, so mutual recursion is plain
 * {@code invokestatic}). The interpreter stays the spec; equivalence rests on:
 * <ul>
 * <li>the caller enters only when every argument is an int atom, so every value inside is a
 *     {@code long}, and int {@code + - *} in the interpreter are plain wrapping {@code long} ops (the
 *     int null {@code 0N} is just {@code Long.MIN_VALUE});</li>
 * <li>each call re-checks that the global still holds the lambda compiled in ({@link KBail#STALE});</li>
 * <li>anything the interpreter would do differently (an error such as {@code 0!y}, {@code 0N!y}'s
 *     print, Java stack deeper than {@link KBail#MAX_DEPTH}) throws {@link KBail}: the code has no side
 *     effects, so the interpreter re-runs the call from its start;</li>
 * <li>a self call in tail position is a loop, so tail recursion runs in constant space.</li>
 * </ul>
 */
final class KCompiler {
    private static final int MAX_VALENCE = 3, MAX_GROUP = 64, MAX_CELLS = 4096, MAX_HEIGHT = 64;
    private static final ClassDesc CD_BAIL = ClassDesc.of(KBail.class.getName());
    private static final ClassDesc CD_CHECKS = ClassDesc.of(CompiledChecks.class.getName());
    private static final ClassDesc CD_COMPILED = ClassDesc.of(KCompiled.class.getName());
    private static final ClassDesc CD_OBJS = CD_Object.arrayType();
    private static final MethodTypeDesc MT_CALL =
            MethodTypeDesc.of(CD_long, CD_int, CD_OBJS, CD_int, CD_long, CD_long, CD_long);
    private static final MethodTypeDesc MT_CHECK = MethodTypeDesc.of(CD_void, CD_OBJS, CD_int, CD_Object, CD_int);
    private static final MethodTypeDesc MT_SAME = MethodTypeDesc.of(CD_void, CD_OBJS, CD_int, CD_Object);
    private static final MethodTypeDesc MT_MOD = MethodTypeDesc.of(CD_long, CD_long, CD_long);
    private static final String TARGETS = "T";

    private final Code code;
    private final Object[] globals;
    /** The group: each member lambda and its method number. */
    private final Map<Lambda, Integer> ids = new IdentityHashMap<>();
    private final List<Lambda> members = new ArrayList<>();
    private int cellsSeen, height;
    private ClassDesc self;

    private KCompiler(Code code, Object[] globals) {
        this.code = code;
        this.globals = globals;
    }

    /** A compiled group whose member 0 is lam, or null if lam (or a lambda it calls) is outside the subset. */
    static KCompiled compile(Code code, Object[] globals, Lambda lam) {
        KCompiler k = new KCompiler(code, globals);
        if (!k.admit(lam)) return null;
        for (int i = 0; i < k.members.size(); i++) {
            Lambda m = k.members.get(i);
            if (!k.eligible(m.info.body, m.info.valence, 1)) return null;
        }
        lam.info.jitLevelCost = levelCost(k.height);
        return k.define();
    }

    /**
     * A bound on the context-ring slots, and on the continuation records, one K call level of a group
     * with bodies at most {@code height} tall takes in the interpreter: its frame (at most 3 slots),
     * the argument slots of calls pending in its body (at most 3 per level of the body), one
     * continuation record per pending cell and its return record, doubled for ring wrap padding.
     * Compiled code runs only as deep as the interpreter surely could (see {@code Interp.jitCall}),
     * so it never returns a value where the interpreter would say {@code stack error.}.
     */
    static int levelCost(int height) {
        return 8 * height + 16;
    }

    private boolean admit(Lambda lam) {
        if (ids.containsKey(lam)) return true;
        LambdaInfo info = lam.info;
        if (info.valence < 1 || info.valence > MAX_VALENCE || info.heapFrame || members.size() >= MAX_GROUP) return false;
        ids.put(lam, members.size());
        members.add(lam);
        return true;
    }

    /** Whether cell c is in the subset (and its callees join the group). */
    private boolean eligible(int c, int valence, int level) {
        if (c <= 0 || level > MAX_HEIGHT || ++cellsSeen > MAX_CELLS) return false;
        height = Math.max(height, level);
        int k = code.kind(c);
        switch (k) {
            case INT:
                return true;
            case LOCAL:
                return code.a(c) >= 0 && code.a(c) < valence; // a parameter: always set
            case MONAD:
                return code.op(c) == '-' && eligible((int) code.a(c), valence, level + 1);
            case DYAD: {
                int op = code.op(c);
                if ("+-*=<>~!".indexOf(op) < 0) return false;
                return eligible((int) code.a(c), valence, level + 1) && eligible((int) code.b(c), valence, level + 1);
            }
            case COND:
            case SEQ: {
                int n = (int) code.b(c);
                if (n == 0) return false;
                for (int i = 0; i < n; i++) if (!eligible(code.item(c, i), valence, level + 1)) return false;
                return true;
            }
            case APPLY: {
                int fc = (int) code.a(c);
                if (fc <= 0 || code.kind(fc) != GLOBAL) return false;
                int sym = (int) code.a(fc);
                Object f = sym < globals.length ? globals[sym] : null;
                int n = (int) code.b(c);
                if (!(f instanceof Lambda callee) || callee.info.valence != n) return false;
                for (int i = 0; i < n; i++) if (!eligible(code.item(c, i), valence, level + 1)) return false;
                return admit(callee);
            }
            default:
                return false;
        }
    }

    // ---------------------------------------------------------------------------------- codegen

    private static final java.util.concurrent.atomic.AtomicInteger CLASS_SEQ = new java.util.concurrent.atomic.AtomicInteger();

    private KCompiled define() {
        self = ClassDesc.of("dev.piglet.k.KJit" + CLASS_SEQ.incrementAndGet());
        byte[] bytes = ClassFile.of().build(self, cb -> {
            cb.withFlags(ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withSuperclass(CD_COMPILED);
            // one static final field per member (not an array): C2 folds a static final into a
            // constant, so a call's "the global still holds this lambda" check is one compare
            for (int i = 0; i < members.size(); i++) {
                cb.withField(TARGETS + i, CD_Object, ClassFile.ACC_STATIC | ClassFile.ACC_FINAL | ClassFile.ACC_PRIVATE);
            }
            cb.withMethodBody(CLASS_INIT_NAME, MTD_void, ClassFile.ACC_STATIC, b -> {
                b.invokestatic(CD_MethodHandles, "lookup", MethodTypeDesc.of(CD_MethodHandles_Lookup));
                b.ldc(DEFAULT_NAME);
                b.ldc(CD_OBJS);
                b.invokestatic(CD_MethodHandles, "classData",
                        MethodTypeDesc.of(CD_Object, CD_MethodHandles_Lookup, CD_String, CD_Class));
                b.checkcast(CD_OBJS);
                b.astore(0);
                for (int i = 0; i < members.size(); i++) {
                    b.aload(0);
                    b.ldc(i);
                    b.aaload();
                    b.putstatic(self, TARGETS + i, CD_Object);
                }
                b.return_();
            });
            cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC, b -> {
                b.aload(0);
                b.invokespecial(CD_COMPILED, INIT_NAME, MTD_void);
                b.return_();
            });
            cb.withMethodBody("call", MT_CALL, 0, this::entry); // package access, as KCompiled declares it
            for (int i = 0; i < members.size(); i++) {
                final int id = i;
                cb.withMethodBody("m" + i, methodType(members.get(i).info.valence), ClassFile.ACC_STATIC,
                        b -> method(b, id));
            }
        });
        try {
            MethodHandles.Lookup lookup =
                    MethodHandles.lookup().defineHiddenClassWithClassData(bytes, members.toArray(), true);
            return (KCompiled) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define compiled K code: " + e, e);
        }
    }

    private static MethodTypeDesc methodType(int valence) {
        ClassDesc[] p = new ClassDesc[2 + valence];
        p[0] = CD_OBJS;
        p[1] = CD_int;
        for (int i = 0; i < valence; i++) p[2 + i] = CD_long;
        return MethodTypeDesc.of(CD_long, p);
    }

    /** call(id, globals, depth, a, b, c): a switch over the members. Slots: this 0, id 1, globals 2, depth 3, a 4, b 6, c 8. */
    private void entry(CodeBuilder b) {
        int n = members.size();
        Label[] labels = new Label[n];
        List<java.lang.classfile.instruction.SwitchCase> cases = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            labels[i] = b.newLabel();
            cases.add(java.lang.classfile.instruction.SwitchCase.of(i, labels[i]));
        }
        Label dflt = b.newLabel();
        b.iload(1);
        b.tableswitch(0, n - 1, dflt, cases);
        for (int i = 0; i < n; i++) {
            b.labelBinding(labels[i]);
            b.aload(2);
            b.iload(3);
            int v = members.get(i).info.valence;
            for (int k = 0; k < v; k++) b.lload(4 + 2 * k);
            b.invokestatic(self, "m" + i, methodType(v));
            b.lreturn();
        }
        b.labelBinding(dflt);
        b.getstatic(CD_BAIL, "RERUN", CD_BAIL);
        b.athrow();
    }

    // slots of a member method: globals 0, depth 1, parameter k at 2 + 2k
    private int id;
    private Label start;

    private void method(CodeBuilder b, int id) {
        this.id = id;
        start = b.newLabel();
        b.labelBinding(start);
        tail(b, members.get(id).info.body);
    }

    /** Emits cell c in tail position: the code returns (or loops, for a self call). */
    private void tail(CodeBuilder b, int c) {
        switch (code.kind(c)) {
            case COND -> {
                int n = (int) code.b(c);
                for (int i = 0; i < n - 1; i += 2) {
                    Label next = b.newLabel();
                    value(b, code.item(c, i));
                    b.lconst_0();
                    b.lcmp();
                    b.ifeq(next);
                    tail(b, code.item(c, i + 1));
                    b.labelBinding(next);
                }
                tail(b, code.item(c, n - 1));
            }
            case SEQ -> {
                int n = (int) code.b(c);
                for (int i = 0; i < n - 1; i++) {
                    value(b, code.item(c, i));
                    b.pop2();
                }
                tail(b, code.item(c, n - 1));
            }
            case APPLY -> {
                int fc = (int) code.a(c);
                int sym = (int) code.a(fc);
                Lambda callee = (Lambda) globals[sym];
                int target = ids.get(callee);
                if (target != id) {
                    value(b, c);
                    b.lreturn();
                    return;
                }
                // a self tail call: check the global, evaluate the arguments, store them, loop
                b.aload(0);
                b.ldc(sym);
                loadTarget(b, target);
                b.invokestatic(CD_CHECKS, "same", MT_SAME);
                int n = (int) code.b(c);
                for (int i = 0; i < n; i++) value(b, code.item(c, i));
                for (int i = n - 1; i >= 0; i--) b.lstore(2 + 2 * i);
                b.goto_(start);
            }
            default -> {
                value(b, c);
                b.lreturn();
            }
        }
    }

    private void loadTarget(CodeBuilder b, int target) {
        b.getstatic(self, TARGETS + target, CD_Object);
    }

    /** Emits cell c, leaving its long value on the stack. */
    private void value(CodeBuilder b, int c) {
        switch (code.kind(c)) {
            case INT -> b.ldc(code.a(c));
            case LOCAL -> b.lload(2 + 2 * (int) code.a(c));
            case MONAD -> { // only '-': 0 - x, as Prims does
                b.lconst_0();
                value(b, (int) code.a(c));
                b.lsub();
            }
            case DYAD -> {
                int op = code.op(c);
                value(b, (int) code.a(c));
                value(b, (int) code.b(c));
                switch (op) {
                    case '+' -> b.ladd();
                    case '-' -> b.lsub();
                    case '*' -> b.lmul();
                    case '!' -> b.invokestatic(CD_CHECKS, "mod", MT_MOD);
                    default -> { // = ~ < >: 1 or 0
                        Label yes = b.newLabel(), end = b.newLabel();
                        b.lcmp();
                        if (op == '<') b.iflt(yes);
                        else if (op == '>') b.ifgt(yes);
                        else b.ifeq(yes);
                        b.lconst_0();
                        b.goto_(end);
                        b.labelBinding(yes);
                        b.lconst_1();
                        b.labelBinding(end);
                    }
                }
            }
            case COND -> {
                int n = (int) code.b(c);
                Label end = b.newLabel();
                for (int i = 0; i < n - 1; i += 2) {
                    Label next = b.newLabel();
                    value(b, code.item(c, i));
                    b.lconst_0();
                    b.lcmp();
                    b.ifeq(next);
                    value(b, code.item(c, i + 1));
                    b.goto_(end);
                    b.labelBinding(next);
                }
                value(b, code.item(c, n - 1));
                b.labelBinding(end);
            }
            case SEQ -> {
                int n = (int) code.b(c);
                for (int i = 0; i < n - 1; i++) {
                    value(b, code.item(c, i));
                    b.pop2();
                }
                value(b, code.item(c, n - 1));
            }
            case APPLY -> {
                int fc = (int) code.a(c);
                int sym = (int) code.a(fc);
                int target = ids.get((Lambda) globals[sym]);
                b.aload(0);
                b.ldc(sym);
                loadTarget(b, target);
                b.iload(1);
                b.invokestatic(CD_CHECKS, "check", MT_CHECK);
                b.aload(0);
                b.iload(1);
                b.iconst_1();
                b.iadd();
                int n = (int) code.b(c);
                for (int i = 0; i < n; i++) value(b, code.item(c, i));
                b.invokestatic(self, "m" + target, methodType(members.get(target).info.valence));
            }
            default -> throw new IllegalStateException("not compilable: " + code.kind(c));
        }
    }
}
