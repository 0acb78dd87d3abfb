package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;
import static java.lang.constant.ConstantDescs.*;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.code.Verification;
import dev.piglet.vm.ConstantDivisor;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.Output;
import java.lang.classfile.Attributes;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.constant.ClassDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Translates a verified program into one JVM method with the ClassFile API. Because the verifier
 * proved the stack depth at every pc, operand stack slot k is the JVM local {@code 11 + 2k} (a long):
 * no stack pointer, no bounds checks, and C2 keeps the slots in registers. Memory stays in the machine
 * segment (read and written through the {@code static final} {@link MachineLayout#WORD}), PRINT calls
 * the same {@link Output}, READ the same {@link Input}.
 *
 * <p>Fuel is charged per run (up to the next control transfer) on each control-flow edge, and compared only at
 * backward jumps and entries ({@link FuelRuns}); when the fuel left is short, the code writes its stack back and
 * returns {@link Compiled#RESUME} so the caller steps the rest exactly. Every exit (fault, DONE, fuel) writes the
 * live stack slots back to the segment.
 */
final class JitCompiler {
    /** C2 never compiles a method with more bytecode bytes than this (HugeMethodLimit). */
    static final int HUGE_METHOD_LIMIT = 8000;
    /**
     * Largest method this tier hands to HotSpot. Bigger methods mean fewer crossings between regions, but C1
     * refuses a method whose inlined segment accesses need too many virtual registers ("out of virtual registers
     * in LIR generator", from about 2,000 bytes of this code on), which leaves it interpreted until C2 compiles
     * it, and C2's own code gets worse with size. Measured on the corpus with budgets from 1,900 to 7,500 bytes
     * (docs/performance.md), 3,000 was the best overall.
     */
    static final int INLINING_BUDGET = 3000;
    /**
     * The budget for a program whose plan under {@link #INLINING_BUDGET} would put an inner loop in another method
     * than the loop around it (see {@link RegionPlan#nestSplitCost}): crossing regions on every outer iteration costs
     * more than C1 giving up on a big method (C2 still compiles it) and the worse code C2 makes for it. Just under
     * C2's {@link #HUGE_METHOD_LIMIT}.
     */
    static final int NEST_BUDGET = 7900;
    /**
     * The name of the method holding a one-method program's code, and the prefix of the region methods'
     * names ({@code code0}, {@code code1}, ...): runtime/compiler-directives.json names them so, to leave them to
     * C2 (docs/performance.md, "HotSpot options").
     */
    static final String CODE_METHOD = "code";

    private static final ClassDesc CD_SEGMENT = ClassDesc.of(MemorySegment.class.getName());
    private static final ClassDesc CD_OUTPUT = ClassDesc.of(Output.class.getName());
    private static final ClassDesc CD_INPUT = ClassDesc.of(Input.class.getName());
    private static final ClassDesc CD_COMPILED = ClassDesc.of(Compiled.class.getName());
    private static final ClassDesc CD_LAYOUT = ClassDesc.of(MachineLayout.class.getName());
    private static final ClassDesc CD_VARHANDLE = ClassDesc.of(VarHandle.class.getName());
    private static final ClassDesc CD_SUPPORT = ClassDesc.of(JitSupport.class.getName());
    private static final ClassDesc CD_COMPILED_PROGRAM = ClassDesc.of("dev.piglet.jit.CompiledProgram");
    private static final ClassDesc CD_LONG = ClassDesc.of(Long.class.getName());
    private static final MethodTypeDesc MT_RUN = MethodTypeDesc.of(CD_int, CD_SEGMENT, CD_OUTPUT, CD_INPUT, CD_long);
    /** The method holding the program (or the dispatcher): {@code run}'s arguments and whether to resume. */
    private static final MethodTypeDesc MT_BODY = MethodTypeDesc.of(CD_int, CD_SEGMENT, CD_OUTPUT, CD_INPUT, CD_long,
            CD_boolean);
    private static final MethodTypeDesc MT_GET = MethodTypeDesc.of(CD_long, CD_SEGMENT, CD_long);
    private static final MethodTypeDesc MT_SET = MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_long, CD_long);
    private static final MethodTypeDesc MT_EXIT = MethodTypeDesc.of(CD_void, CD_SEGMENT, CD_int, CD_int, CD_long, CD_long);
    private static final MethodTypeDesc MT_JJ_J = MethodTypeDesc.of(CD_long, CD_long, CD_long);

    // Locals: this, m, out, in, fuel (2), resuming (the body's flag; unused in region methods), fuel left (2:
    // fuel minus the steps charged so far), result (2), tmp, the machine segment (see view()), then the stack slots, the four exit locals (see exit())
    // and the copies of the known memory cells (see cellLocal()).
    private static final int M = 1;
    private static final int OUT = 2;
    private static final int IN = 3;
    private static final int FUEL = 4;
    private static final int RESUMING = 6;
    private static final int LEFT = 7;
    private static final int RESULT = 9;
    private static final int TMP = 11;
    private static final int SEG = 12;
    private static final int SLOT0 = 13;

    /**
     * Returned by a region method when control leaves the region for region r: {@code NEXT - r} (the machine's
     * pc names the instruction).
     */
    static final int NEXT = -2;

    /**
     * The outcome of compiling: the class bytes, the size of the largest method holding program code (the one
     * {@code run}, or the largest region method), the number of region methods (0 when the whole program is
     * the one {@code run} method) and the size of the dispatching {@code run} of a split program.
     */
    record Output2(byte[] bytes, int methodSize, int regions, int dispatcherSize, double nestSplitCost) {}

    private final Program program;
    private final Verification v;
    private final int length;
    private final int[] rem;
    /** Per pc of the method being generated: what a check there needs ({@link FuelRuns#checkBounds}). */
    private int[] need;
    private final Map<Integer, Label> starts = new HashMap<>();
    private final Map<Long, Label> chargeStubs = new HashMap<>();
    private final Map<Integer, Label> fuelStubs = new HashMap<>();
    private final List<Consumer<CodeBuilder>> stubs = new ArrayList<>();
    private final Map<Integer, Label> crossStubs = new HashMap<>();
    private final Map<Integer, Label> spillEntries = new HashMap<>();
    // An exit's status, pc, depth and uncounted steps on their way into the spill chain: the locals right
    // after the program's deepest stack slot.
    private final int exitStatus;
    private final int exitPc;
    private final int exitDepth;
    private final int exitUncounted;
    /** The sync-free loop ({@link MethodCells#loopOf}) an exit leaves from, or -1: the spill chain writes its cells back. */
    private final int exitLoop;
    /** Known-address memory cells, kept in locals from {@link #cellLocal} on (see {@link CellAnalysis}). */
    private final CellAnalysis cells;
    /** Stack slots known to hold 0 or 1 (see {@link TruthSlots}). */
    private final TruthSlots truths;
    /** Where the method being generated keeps each known cell. */
    private MethodCells mc;
    private int maxExitDepth;
    /** The region of the method being generated (0 in one-method mode). */
    private int region;
    /** Per pc, the region method it is compiled into (split programs; null in one-method mode). */
    private int[] regionOf;

    private JitCompiler(Program program, Verification v) {
        this.program = program;
        this.v = v;
        this.length = program.length();
        this.rem = FuelRuns.runLengths(program, v);
        this.exitStatus = slot(v.maxDepth());
        this.exitPc = exitStatus + 1;
        this.exitDepth = exitStatus + 2;
        this.exitUncounted = exitStatus + 3;
        this.exitLoop = exitStatus + 4;
        this.cells = CellAnalysis.of(program, v);
        this.truths = TruthSlots.of(program, v);
    }

    private boolean isStop(int pc) {
        return FuelRuns.isStop(program, pc);
    }

    static Output2 generate(Program program, Verification v) {
        return new JitCompiler(program, v).build();
    }

    /**
     * Compiles the program as region methods of at most {@code budget} instructions each ({@link RegionPlan}
     * says which instruction goes where), plus a {@code run} method that dispatches between them. Inside a
     * region jumps are gotos and stack slots are locals; a transfer to another region writes the live slots,
     * pc, steps and result to the machine segment and returns {@link #NEXT}; the region entered reads them
     * back. Used for programs too big for one method.
     */
    static Output2 generateSplit(Program program, Verification v, int budget) {
        return new JitCompiler(program, v).buildSplit(budget);
    }

    static Compiled define(byte[] bytes) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup().defineHiddenClass(bytes, true);
            return (Compiled) lookup.findConstructor(lookup.lookupClass(), MethodType.methodType(void.class)).invoke();
        } catch (Throwable e) {
            throw new IllegalStateException("cannot define compiled program: " + e, e);
        }
    }

    private Output2 build() {
        region = 0;
        byte[] bytes = ClassFile.of().build(CD_COMPILED_PROGRAM, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(CD_COMPILED);
            cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                    c -> c.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_());
            entryPoints(cb, CODE_METHOD);
            cb.withMethodBody(CODE_METHOD, MT_BODY, ClassFile.ACC_PRIVATE, this::body);
        });
        int size = 0;
        for (MethodModel mm : ClassFile.of().parse(bytes).methods()) {
            if (mm.methodName().equalsString(CODE_METHOD)) {
                size = mm.findAttribute(Attributes.code()).orElseThrow().codeLength();
            }
        }
        return new Output2(bytes, size, 0, 0, 0);
    }

    private Output2 buildSplit(int budget) {
        regionOf = RegionPlan.plan(program, v, budget);
        int n = 0;
        for (int r : regionOf) {
            n = Math.max(n, r + 1);
        }
        // Entries of each region: pc 0, every jump target (from elsewhere, or where a tiered run enters), and
        // every pc that control falls through to from another region.
        TreeSet<Integer> entryPcs = new TreeSet<>();
        entryPcs.add(0);
        for (int pc = 0; pc <= length; pc++) {
            if (!v.isStart(pc) || isStop(pc)) {
                continue;
            }
            int op = program.byteAt(pc);
            if (isJump(op) && program.argumentAt(pc) <= length) {
                entryPcs.add(program.argumentAt(pc));
            }
            int next = pc + size(op);
            if (fallsThrough(pc) && next <= length && regionOf[next] != regionOf[pc]) {
                entryPcs.add(next);
            }
        }
        List<List<Integer>> entries = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            entries.add(new ArrayList<>());
        }
        for (int e : entryPcs) {
            entries.get(regionOf[e]).add(e);
        }
        final int count = n;
        byte[] bytes = ClassFile.of().build(CD_COMPILED_PROGRAM, cb -> {
            cb.withFlags(ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL | ClassFile.ACC_SYNTHETIC);
            cb.withInterfaceSymbols(CD_COMPILED);
            cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC,
                    c -> c.aload(0).invokespecial(CD_Object, INIT_NAME, MTD_void).return_());
            entryPoints(cb, "dispatch");
            cb.withMethodBody("dispatch", MT_BODY, ClassFile.ACC_PRIVATE, c -> dispatcher(c, count, entryPcs));
            for (int r = 0; r < count; r++) {
                final int region = r;
                cb.withMethodBody(CODE_METHOD + r, MT_RUN, ClassFile.ACC_PRIVATE, c -> regionBody(c, region, entries.get(region)));
            }
        });
        int size = 0;
        int dispatcher = 0;
        for (MethodModel mm : ClassFile.of().parse(bytes).methods()) {
            int length = mm.findAttribute(Attributes.code()).map(a -> a.codeLength()).orElse(0);
            if (mm.methodName().equalsString("dispatch")) {
                dispatcher = length;
            } else if (mm.methodName().stringValue().startsWith(CODE_METHOD)) {
                size = Math.max(size, length);
            }
        }
        return new Output2(bytes, size, n, dispatcher, RegionPlan.nestSplitCost(program, v, regionOf));
    }

    /**
     * The public {@link Compiled#run} and {@link Compiled#enter}: each calls {@code target} (the program's
     * body, or a split program's dispatcher) with its resuming flag.
     */
    private static void entryPoints(java.lang.classfile.ClassBuilder cb, String target) {
        for (String name : List.of("run", "enter")) {
            cb.withMethodBody(name, MT_RUN, ClassFile.ACC_PUBLIC, c -> c.aload(0).aload(M).aload(OUT).aload(IN)
                    .lload(FUEL).loadConstant(name.equals("enter") ? 1 : 0)
                    .invokevirtual(CD_COMPILED_PROGRAM, target, MT_BODY).ireturn());
        }
    }

    /**
     * The dispatcher of a split program: charge the first run (or, resuming, take the machine's pc as it is),
     * then call region after region until one stops.
     */
    private void dispatcher(CodeBuilder c, int regions, SortedSet<Integer> entryPcs) {
        view(c);
        // One call site per region.
        List<Label> calls = new ArrayList<>();
        for (int r = 0; r < regions; r++) {
            calls.add(c.newLabel());
        }
        Label resume = c.newLabel();
        Label check = c.newLabel();
        Label bad = c.newLabel();
        c.iload(RESUMING).ifne(resume);
        Label enough = c.newLabel();
        c.lload(FUEL).loadConstant((long) rem[0]).lcmp().ifge(enough);
        c.aload(M).iconst_0().iconst_0().lconst_0().lconst_0().invokestatic(CD_SUPPORT, "exit", MT_EXIT);
        c.loadConstant(Compiled.RESUME).ireturn();
        c.labelBinding(enough);
        c.aload(M).iconst_0().iconst_0().loadConstant((long) rem[0]).lconst_0().invokestatic(CD_SUPPORT, "exit", MT_EXIT);
        c.goto_(calls.get(0));
        // Resuming (tiered execution): the region that owns the machine's pc, once.
        c.labelBinding(resume);
        memGet(c, MachineLayout.PC);
        c.l2i();
        List<SwitchCase> cases = new ArrayList<>();
        for (int e : entryPcs) {
            cases.add(SwitchCase.of(e, calls.get(regionOf[e])));
        }
        c.lookupswitch(bad, cases);
        for (int r = 0; r < calls.size(); r++) {
            c.labelBinding(calls.get(r));
            c.aload(0).aload(M).aload(OUT).aload(IN).lload(FUEL)
                    .invokevirtual(CD_COMPILED_PROGRAM, CODE_METHOD + r, MT_RUN).goto_(check);
        }
        // NEXT - r: on to region r; anything above NEXT is the run's status.
        c.labelBinding(check);
        Label done = c.newLabel();
        c.istore(TMP).iload(TMP).loadConstant(NEXT).if_icmpgt(done);
        List<SwitchCase> next = new ArrayList<>();
        for (int r = 0; r < calls.size(); r++) {
            next.add(SwitchCase.of(r, calls.get(r)));
        }
        c.loadConstant(NEXT).iload(TMP).isub().tableswitch(0, calls.size() - 1, bad, next);
        c.labelBinding(done);
        c.iload(TMP).ireturn();
        c.labelBinding(bad);
        throwIllegalState(c);
    }

    /**
     * Forgets the labels and stubs of the method generated before. The ClassFile API may also run a method's
     * builder twice (e.g. to widen branches in a big method), so every body starts with this.
     */
    private void startMethod() {
        starts.clear();
        chargeStubs.clear();
        fuelStubs.clear();
        crossStubs.clear();
        spillEntries.clear();
        maxExitDepth = 0;
        stubs.clear();
    }

    /** An unreachable default of a switch on an entry pc (the dispatcher and regions agree on the entries). */
    private static void throwIllegalState(CodeBuilder c) {
        ClassDesc ise = ClassDesc.of(IllegalStateException.class.getName());
        c.new_(ise).dup().invokespecial(ise, INIT_NAME, MTD_void).athrow();
    }

    /** One region's method: enter at the pc the machine names, with its live slots read back from the segment. */
    private void regionBody(CodeBuilder c, int r, List<Integer> entries) {
        startMethod();
        region = r;
        need = FuelRuns.checkBounds(program, v, regionOf, r);
        useCells();
        view(c);
        enterAtMachinePc(c, entries);
        int prev = -1;
        for (int pc = 0; pc <= length; pc++) {
            if (v.isStart(pc) && regionOf[pc] == r) {
                enteringByFallthrough(c, prev, pc);
                prev = pc;
                c.labelBinding(start(c, pc));
                if (!fusedIntoPrevious(pc)) {
                    instruction(c, pc, v.depthAt(pc));
                }
                int next = isStop(pc) ? pc : pc + size(program.byteAt(pc));
                if (fallsThrough(pc) && (next > length || regionOf[next] != r)) {
                    flushLeaving(c, pc, next);
                    c.goto_(start(c, next));
                }
            }
        }
        for (int i = 0; i < stubs.size(); i++) {
            stubs.get(i).accept(c);
        }
        spillChain(c);
    }

    /**
     * Reads steps, the result register and the live stack slots back from the machine segment and goes to the
     * instruction at the machine's pc, one of {@code entries}, whose run has been charged already. An entry is
     * a check ({@link FuelRuns}): when the fuel left does not cover the paths from there to the next check, the
     * run goes back, uncharged, to be stepped.
     */
    private void enterAtMachinePc(CodeBuilder c, List<Integer> entries) {
        c.lload(FUEL);
        memGet(c, MachineLayout.STEPS);
        c.lsub().lstore(LEFT);
        memGet(c, MachineLayout.RESULT);
        c.lstore(RESULT);
        // Read back as many slots as the deepest entry has (slots above an entry's depth are unused there):
        // one straight sequence, however many entries, instead of a copy per entry.
        int deepest = 0;
        for (int e : entries) {
            deepest = Math.max(deepest, v.depthAt(e));
        }
        for (int k = 0; k < deepest; k++) {
            memGet(c, MachineLayout.stackSlot(k));
            c.lstore(slot(k));
        }
        loadCellsAt(c, entries);
        memGet(c, MachineLayout.PC);
        c.l2i();
        Label bad = c.newLabel();
        List<SwitchCase> cases = new ArrayList<>();
        for (int e : entries) {
            Label entry = c.newLabel();
            cases.add(SwitchCase.of(e, entry));
            stubs.add(b -> {
                b.labelBinding(entry);
                b.lload(LEFT).loadConstant((long) need[e] - rem[e]).lcmp().iflt(faultStub(b, Compiled.RESUME, e,
                        v.depthAt(e), rem[e]));
                b.goto_(start(b, e));
            });
        }
        c.lookupswitch(bad, cases);
        c.labelBinding(bad);
        throwIllegalState(c);
    }

    /** True for a JUMP_IF compiled with the comparison before it ({@link #fusesWithNext}). */
    private boolean fusedIntoPrevious(int pc) {
        for (int before : new int[] {pc - 1, pc - 3}) {
            if (before >= 0 && v.isStart(before) && !isStop(before) && before + size(program.byteAt(before)) == pc) {
                int op = program.byteAt(before);
                return (op >= EQUAL && op <= GREATER_OR_EQUAL || op == GREATER_OR_EQUALI) && fusesWithNext(before);
            }
        }
        return false;
    }

    /** True when control can continue to the next instruction in sequence after the one at {@code pc}. */
    private boolean fallsThrough(int pc) {
        if (isStop(pc)) {
            return false;
        }
        int op = program.byteAt(pc);
        return op != JUMP && op != DONE;
    }

    private static int slot(int k) {
        return SLOT0 + 2 * k;
    }

    /** The local holding known cell {@code i}'s copy: after the stack slots and the four exit locals. */
    private int cellLocal(int i) {
        return exitLoop + 1 + 2 * i;
    }

    /** Decides where the method being generated keeps each known cell ({@link MethodCells}). */
    private void useCells() {
        mc = new MethodCells(program, v, cells, regionOf, region);
    }

    /** Pushes known cell {@code i}'s value: its copy, or the segment's word for a cell kept there. */
    private void pushCell(CodeBuilder c, int i) {
        if (mc.inLocal(i)) {
            c.lload(cellLocal(i));
        } else {
            memGet(c, MachineLayout.memoryCell(cells.cell(i)));
        }
    }

    /** On an edge from {@code from} to {@code to}: leaving a sync-free loop writes its stored cells back. */
    private void flushLeaving(CodeBuilder c, int from, int to) {
        int loop = mc.loopOf(from);
        if (loop >= 0 && (to > length || mc.loopOf(to) != loop)) {
            writeLoopCells(c, loop);
        }
    }

    private void writeLoopCells(CodeBuilder c, int loop) {
        for (int i = 0; i < cells.count(); i++) {
            if (mc.loopStores(loop, i)) {
                memSet(c, MachineLayout.memoryCell(cells.cell(i)), cellLocal(i));
            }
        }
    }

    /**
     * On an edge from {@code from} to {@code to}: entering a sync-free loop reads the copies of its stored cells
     * (outside the loop they may be stale: only live copies are read back after a sync).
     */
    private void loadEntering(CodeBuilder c, int from, int to) {
        int loop = mc.loopOf(to);
        if (loop >= 0 && mc.loopOf(from) != loop) {
            for (int i = 0; i < cells.count(); i++) {
                if (mc.loopStores(loop, i)) {
                    memGet(c, MachineLayout.memoryCell(cells.cell(i)));
                    c.lstore(cellLocal(i));
                }
            }
        }
    }

    /** Before the instruction at {@code pc}, emitted after {@code prev}: the fallthrough edge's loop entry. */
    private void enteringByFallthrough(CodeBuilder c, int prev, int pc) {
        if (prev >= 0 && !isStop(prev) && prev + size(program.byteAt(prev)) == pc && fallsThrough(prev)) {
            loadEntering(c, prev, pc);
        }
    }

    /** At an exit: writes the copies of the cells this method keeps only in locals to the segment. */
    private void writeBack(CodeBuilder c) {
        for (int i = 0; i < cells.count(); i++) {
            if (mc.writtenBack(i)) {
                memSet(c, MachineLayout.memoryCell(cells.cell(i)), cellLocal(i));
            }
        }
    }

    /** After a sync at {@code pc} (something else may have written memory): reads back the copies it may read next. */
    private void reloadCellsAfter(CodeBuilder c, int pc) {
        for (int i = 0; i < cells.count(); i++) {
            if (mc.inLocal(i) && cells.liveOut(pc, i)) {
                memGet(c, MachineLayout.memoryCell(cells.cell(i)));
                c.lstore(cellLocal(i));
            }
        }
    }

    /** Reads this method's stored cells and those live at any of {@code entries} from the segment (the copies start there). */
    private void loadCellsAt(CodeBuilder c, List<Integer> entries) {
        for (int i = 0; i < cells.count(); i++) {
            if (!mc.inLocal(i)) {
                continue;
            }
            for (int e : entries) {
                if (mc.writtenBack(i) || mc.loopWritten(i) || cells.liveIn(e, i)) {
                    memGet(c, MachineLayout.memoryCell(cells.cell(i)));
                    c.lstore(cellLocal(i));
                    break;
                }
            }
        }
    }

    /**
     * Writes the value in stack slot {@code k} to known cell {@code i}'s copy, and through to the segment unless
     * the cell is written back.
     */
    private void storeCell(CodeBuilder c, int i, int k, int pc) {
        if (mc.storesThrough(i, pc)) {
            memSet(c, MachineLayout.memoryCell(cells.cell(i)), slot(k));
        }
        if (mc.inLocal(i)) {
            c.lload(slot(k)).lstore(cellLocal(i));
        }
    }

    /** The label of the instruction at {@code pc}, or, outside the region, of a stub that leaves for it. */
    private Label start(CodeBuilder c, int pc) {
        if (regionOf != null && regionOf[pc] != region) {
            return crossStubs.computeIfAbsent(pc, t -> {
                Label l = c.newLabel();
                stubs.add(b -> {
                    b.labelBinding(l);
                    exit(b, NEXT - regionOf[t], t, v.depthAt(t), 0);
                });
                return l;
            });
        }
        return starts.computeIfAbsent(pc, k -> c.newLabel());
    }

    private void body(CodeBuilder c) {
        startMethod();
        need = FuelRuns.checkBounds(program, v, null, 0);
        useCells();
        view(c);
        Label resume = c.newLabel();
        c.iload(RESUMING).ifne(resume);
        c.lload(FUEL).lstore(LEFT).lconst_0().lstore(RESULT);
        loadCellsAt(c, List.of(0));
        charge(c, 0, true);
        List<Integer> entries = new ArrayList<>();
        int prev = -1;
        for (int pc = 0; pc <= length; pc++) {
            if (v.isStart(pc)) {
                enteringByFallthrough(c, prev, pc);
                prev = pc;
                c.labelBinding(start(c, pc));
                if (!fusedIntoPrevious(pc)) {
                    instruction(c, pc, v.depthAt(pc));
                }
                if (pc == 0 || v.isJumpTarget(pc)) {
                    entries.add(pc);
                }
            }
        }
        c.labelBinding(resume);
        enterAtMachinePc(c, entries);
        // Stubs may create more stubs (a charge stub needs a fuel stub), so drain by index.
        for (int i = 0; i < stubs.size(); i++) {
            stubs.get(i).accept(c);
        }
        spillChain(c);
    }

    /**
     * Charges the run starting at {@code pc}; a {@code check} first leaves to step it when the fuel left does not
     * cover every path to the next check ({@link FuelRuns}).
     */
    private void charge(CodeBuilder c, int pc, boolean check) {
        if (check) {
            c.lload(LEFT).loadConstant((long) need[pc]).lcmp().iflt(fuelStub(c, pc));
        }
        c.lload(LEFT).loadConstant((long) rem[pc]).lsub().lstore(LEFT);
    }

    /** The destination of the jump at {@code from}: a stub that charges the target's run, then goes there. */
    private Label chargeStub(CodeBuilder c, int from, int target) {
        boolean check = FuelRuns.isBackward(program, from);
        long key = (long) (mc.loopOf(from) + 1) << 33 | (check ? 1L << 32 : 0) | target;
        return chargeStubs.computeIfAbsent(key, k -> {
            Label l = c.newLabel();
            stubs.add(b -> {
                b.labelBinding(l);
                flushLeaving(b, from, target);
                loadEntering(b, from, target);
                charge(b, target, check);
                b.goto_(start(b, target));
            });
            return l;
        });
    }

    private Label fuelStub(CodeBuilder c, int pc) {
        return fuelStubs.computeIfAbsent(pc, p -> {
            Label l = c.newLabel();
            stubs.add(b -> {
                b.labelBinding(l);
                exit(b, Compiled.RESUME, p, v.depthAt(p), 0);
            });
            return l;
        });
    }

    /** An out-of-line exit with a status at {@code pc}; {@code uncounted} is subtracted from steps. */
    private Label faultStub(CodeBuilder c, int status, int pc, int depth, int uncounted) {
        Label l = c.newLabel();
        stubs.add(b -> {
            b.labelBinding(l);
            exit(b, status, pc, depth, uncounted);
        });
        return l;
    }

    /**
     * Leaves the method with a status at {@code pc}, the {@code depth} live slots written back to the segment;
     * {@code uncounted} is subtracted from steps. Every exit shares one spill chain per method (see
     * {@link #spillChain}): an exit stores its four numbers and jumps into the chain at its depth, so a fault
     * exit costs a few bytes whatever the depth, and deep-stack programs still fit in a method.
     */
    private void exit(CodeBuilder c, int status, int pc, int depth, int uncounted) {
        c.loadConstant(mc.loopOf(pc)).istore(exitLoop);
        c.loadConstant(status).istore(exitStatus).loadConstant(pc).istore(exitPc).loadConstant(depth)
                .istore(exitDepth).loadConstant(uncounted).istore(exitUncounted);
        maxExitDepth = Math.max(maxExitDepth, depth);
        c.goto_(spillEntry(c, depth));
    }

    private Label spillEntry(CodeBuilder c, int depth) {
        return spillEntries.computeIfAbsent(depth, d -> c.newLabel());
    }

    /**
     * The spill chain, emitted once at the end of a method: entry {@code d} writes slot {@code d-1} and falls
     * into entry {@code d-1}, down to the common tail that records pc, sp, steps and result and returns.
     */
    private void spillChain(CodeBuilder c) {
        if (spillEntries.isEmpty()) {
            return;
        }
        for (int d = maxExitDepth; d >= 1; d--) {
            c.labelBinding(spillEntry(c, d));
            memSet(c, MachineLayout.stackSlot(d - 1), slot(d - 1));
        }
        c.labelBinding(spillEntry(c, 0));
        writeBack(c);
        if (mc.loops() > 0) {
            Label none = c.newLabel();
            List<SwitchCase> cases = new ArrayList<>();
            List<Label> flushes = new ArrayList<>();
            for (int loop = 0; loop < mc.loops(); loop++) {
                flushes.add(c.newLabel());
                cases.add(SwitchCase.of(loop, flushes.get(loop)));
            }
            c.iload(exitLoop).lookupswitch(none, cases);
            for (int loop = 0; loop < mc.loops(); loop++) {
                c.labelBinding(flushes.get(loop));
                writeLoopCells(c, loop);
                c.goto_(none);
            }
            c.labelBinding(none);
        }
        c.aload(M).iload(exitPc).iload(exitDepth).lload(FUEL).lload(LEFT).lsub().iload(exitUncounted).i2l().lsub()
                .lload(RESULT).invokestatic(CD_SUPPORT, "exit", MT_EXIT);
        c.iload(exitStatus).ireturn();
    }

    /**
     * Stores the machine segment in {@link #SEG}, the local every in-line access reads it from. (A view of it
     * with a constant size in the global scope made C2 fold the bounds checks away, but it was not always
     * scalar-replaced: 80 bytes per run, which the zero-allocation rule does not allow.) Accesses use the
     * handle without the alignment check: every offset is a multiple of 8 and the segment is 64-byte aligned.
     */
    private static void view(CodeBuilder c) {
        c.aload(M).astore(SEG);
    }

    /** Writes the long in JVM local {@code local} to the segment at the constant {@code offset}. */
    private static void memSet(CodeBuilder c, long offset, int local) {
        c.getstatic(CD_LAYOUT, "WORD_UNCHECKED_ALIGNMENT", CD_VARHANDLE).aload(SEG).loadConstant(offset).lload(local)
                .invokevirtual(CD_VARHANDLE, "set", MT_SET);
    }

    private static void memGet(CodeBuilder c, long offset) {
        c.getstatic(CD_LAYOUT, "WORD_UNCHECKED_ALIGNMENT", CD_VARHANDLE).aload(SEG).loadConstant(offset).invokevirtual(CD_VARHANDLE, "get",
                MT_GET);
    }

    /** Pushes the byte offset of memory[word & 0xFFFF] for the word in stack slot k. */
    private static void cellOf(CodeBuilder c, int k) {
        c.lload(slot(k)).loadConstant((long) MachineLayout.ADDRESS_MASK).land().loadConstant(3).lshl()
                .loadConstant(MachineLayout.MEMORY).ladd();
    }

    /**
     * The constant k when the instruction at {@code pc} can only be reached from a {@code PUSHI k} right before
     * it (pc is not a jump target), else -1.
     */
    private int constantBefore(int pc) {
        int before = pc - size(PUSHI);
        if (before < 0 || !v.isStart(before) || v.isJumpTarget(pc) || program.byteAt(before) != PUSHI) {
            return -1;
        }
        return program.argumentAt(before);
    }

    /**
     * True when the comparison at {@code pc} is followed by a JUMP_IF_TRUE or JUMP_IF_FALSE that only it
     * reaches (not a jump target, in the same method, its target inside the code): the pair compiles to one
     * compare-and-branch and the 0 or 1 between them is never made. Fuel is charged per run up to the jump,
     * so no run can stop between the two.
     */
    boolean fusesWithNext(int pc) {
        int op = program.byteAt(pc);
        int next = pc + size(op);
        if (next >= length || v.isJumpTarget(next) || regionOf != null && regionOf[next] != regionOf[pc]) {
            return false;
        }
        int jump = program.byteAt(next);
        return (jump == JUMP_IF_TRUE || jump == JUMP_IF_FALSE) && next + 3 <= length
                && program.argumentAt(next) <= length;
    }

    /**
     * With the two operands of comparison {@code op} on the JVM stack, branches to where the JUMP_IF at
     * {@code jumpPc} goes when it is taken, and otherwise charges the run after it. {@code d} is the stack
     * depth at the jump. Signed JVM comparisons of the words with their top bits flipped are the unsigned
     * ones ({@link Long#compareUnsigned}, which C2 compiles to one compare).
     */
    private void compareAndJump(CodeBuilder c, int op, int jumpPc, int d) {
        boolean jumpIfTrue = program.byteAt(jumpPc) == JUMP_IF_TRUE;
        int target = program.argumentAt(jumpPc);
        compare(c, op);
        Label taken = chargeStub(c, jumpPc, target);
        switch (op) {
            case EQUAL -> { if (jumpIfTrue) c.ifeq(taken); else c.ifne(taken); }
            case LESS -> { if (jumpIfTrue) c.iflt(taken); else c.ifge(taken); }
            case LESS_OR_EQUAL -> { if (jumpIfTrue) c.ifle(taken); else c.ifgt(taken); }
            case GREATER -> { if (jumpIfTrue) c.ifgt(taken); else c.ifle(taken); }
            case GREATER_OR_EQUAL -> { if (jumpIfTrue) c.ifge(taken); else c.iflt(taken); }
            default -> throw new IllegalStateException("not a comparison: " + op);
        }
        charge(c, jumpPc + 3, false);
        flushLeaving(c, jumpPc, jumpPc + 3);
    }

    /** Compares the two words on the JVM stack as {@code op} does: an int below, at or above zero. */
    private static void compare(CodeBuilder c, int op) {
        if (op == EQUAL) {
            c.lcmp();
        } else {
            c.invokestatic(CD_LONG, "compareUnsigned", MethodTypeDesc.of(CD_int, CD_long, CD_long));
        }
    }

    /** Replaces the two words on the JVM stack by comparison {@code op}'s result: 1 when it holds, else 0. */
    private static void truthOf(CodeBuilder c, int op) {
        compare(c, op);
        Label holds = c.newLabel();
        Label done = c.newLabel();
        switch (op) {
            case EQUAL -> c.ifeq(holds);
            case LESS -> c.iflt(holds);
            case LESS_OR_EQUAL -> c.ifle(holds);
            case GREATER -> c.ifgt(holds);
            default -> c.ifge(holds);
        }
        c.lconst_0().goto_(done);
        c.labelBinding(holds);
        c.lconst_1();
        c.labelBinding(done);
    }

    /**
     * Replaces stack slot {@code d - 2} by its quotient by {@code k} ({@link ConstantDivisor#divide}, the same
     * steps in bytecode; C2 compiles {@link Math#unsignedMultiplyHigh} to one multiply). Slot {@code d - 1}, the
     * divisor's, is free for the long form's product.
     */
    private static void divideByConstant(CodeBuilder c, ConstantDivisor k, int d) {
        int x = slot(d - 2);
        int t = slot(d - 1);
        MethodTypeDesc mulHigh = MethodTypeDesc.of(CD_long, CD_long, CD_long);
        ClassDesc math = ClassDesc.of(Math.class.getName());
        switch (k.kind()) {
            case SHIFT -> c.lload(x).loadConstant(k.shift()).lushr();
            case MULTIPLY -> c.lload(x).loadConstant(k.multiplier()).invokestatic(math, "unsignedMultiplyHigh", mulHigh)
                    .loadConstant(k.shift()).lushr();
            case MULTIPLY_ADD -> {
                c.lload(x).loadConstant(k.multiplier()).invokestatic(math, "unsignedMultiplyHigh", mulHigh).lstore(t);
                c.lload(t).lload(x).lload(t).lsub().iconst_1().lushr().ladd().loadConstant(k.shift() - 1).lushr();
            }
        }
        c.lstore(x);
    }

    private void instruction(CodeBuilder c, int pc, int d) {
        if (isStop(pc)) {
            int op = program.byteAt(pc);
            int status = pc != length && op != ABORT && !isDefined(op) ? Status.UNKNOWN_OPCODE : Status.END_OF_STREAM;
            exit(c, status, pc, d, 1);
            return;
        }
        int op = program.byteAt(pc);
        int arg = hasArgument(op) ? program.argumentAt(pc) : 0;
        int next = pc + size(op);
        int known = cells.cellAt(pc) < 0 ? -1 : cells.indexOf(cells.cellAt(pc));
        switch (op) {
            case PUSHI -> c.loadConstant((long) arg).lstore(slot(d));
            case LOADI -> {
                pushCell(c, known);
                c.lstore(slot(d));
            }
            case LOADADDI -> {
                c.lload(slot(d - 1));
                pushCell(c, known);
                c.ladd().lstore(slot(d - 1));
            }
            case STOREI -> storeCell(c, known, d - 1, pc);
            case LOAD -> {
                if (known >= 0) {
                    pushCell(c, known);
                    c.lstore(slot(d - 1));
                    break;
                }
                c.getstatic(CD_LAYOUT, "WORD_UNCHECKED_ALIGNMENT", CD_VARHANDLE).aload(SEG);
                cellOf(c, d - 1);
                c.invokevirtual(CD_VARHANDLE, "get", MT_GET).lstore(slot(d - 1));
            }
            case STORE -> {
                if (known >= 0) {
                    storeCell(c, known, d - 1, pc);
                    break;
                }
                c.getstatic(CD_LAYOUT, "WORD_UNCHECKED_ALIGNMENT", CD_VARHANDLE).aload(SEG);
                cellOf(c, d - 2);
                c.lload(slot(d - 1)).invokevirtual(CD_VARHANDLE, "set", MT_SET);
                reloadCellsAfter(c, pc);
            }
            case DUP -> c.lload(slot(d - 1)).lstore(slot(d));
            case DISCARD -> { }
            case ADD -> c.lload(slot(d - 2)).lload(slot(d - 1)).ladd().lstore(slot(d - 2));
            case SUB -> c.lload(slot(d - 2)).lload(slot(d - 1)).lsub().lstore(slot(d - 2));
            case MUL -> {
                c.lload(slot(d - 2)).lload(slot(d - 1));
                if (truths.isTruth(pc, d - 2) && truths.isTruth(pc, d - 1)) {
                    c.land(); // a product of truth values is their conjunction
                } else {
                    c.lmul();
                }
                c.lstore(slot(d - 2));
            }
            case DIV -> {
                int divisor = constantBefore(pc);
                if (divisor > 0) {
                    // PUSHI k; DIV with k > 0: no fault; a shift or a multiply by k's reciprocal, as gcc does
                    // (a hardware divide costs tens of cycles).
                    divideByConstant(c, ConstantDivisor.of(divisor), d);
                    break;
                }
                c.lload(slot(d - 1)).lconst_0().lcmp().ifeq(faultStub(c, Status.DIVISION_BY_ZERO, pc, d, rem[pc]));
                c.lload(slot(d - 2)).lload(slot(d - 1)).invokestatic(CD_LONG, "divideUnsigned", MT_JJ_J).lstore(slot(d - 2));
            }
            case EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL -> {
                if (op == EQUAL && constantBefore(pc) == 0 && truths.isTruth(pc, d - 2) && !fusesWithNext(pc)) {
                    c.lload(slot(d - 2)).lconst_1().lxor().lstore(slot(d - 2)); // a truth value == 0: its negation
                    break;
                }
                c.lload(slot(d - 2)).lload(slot(d - 1));
                if (fusesWithNext(pc)) {
                    compareAndJump(c, op, pc + 1, d - 1);
                } else {
                    truthOf(c, op);
                    c.lstore(slot(d - 2));
                }
            }
            case ADDI -> c.lload(slot(d - 1)).loadConstant((long) arg).ladd().lstore(slot(d - 1));
            case GREATER_OR_EQUALI -> {
                c.lload(slot(d - 1)).loadConstant((long) arg);
                if (fusesWithNext(pc)) {
                    compareAndJump(c, GREATER_OR_EQUAL, pc + 3, d);
                } else {
                    truthOf(c, GREATER_OR_EQUAL);
                    c.lstore(slot(d - 1));
                }
            }
            case POP_RES -> c.lload(slot(d - 1)).lstore(RESULT);
            case PRINT -> {
                c.aload(OUT).lload(slot(d - 1)).invokeinterface(CD_OUTPUT, "print", MethodTypeDesc.of(CD_void, CD_long));
                reloadCellsAfter(c, pc);
            }
            case DONE -> exit(c, Status.SUCCESS, pc, d, 0);
            case JUMP -> c.goto_(chargeStub(c, pc, arg));
            case JUMP_IF_TRUE, JUMP_IF_FALSE -> {
                c.lload(slot(d - 1)).lconst_0().lcmp();
                if (arg > length) { // outside the code: taken, it faults where it stands
                    Label fault = faultStub(c, Status.BAD_JUMP, pc, d, rem[pc]);
                    if (op == JUMP_IF_TRUE) {
                        c.ifne(fault);
                    } else {
                        c.ifeq(fault);
                    }
                } else if (op == JUMP_IF_TRUE) {
                    c.ifne(chargeStub(c, pc, arg));
                } else {
                    c.ifeq(chargeStub(c, pc, arg));
                }
                charge(c, next, false);
                flushLeaving(c, pc, next);
            }
            case READ -> {
                c.aload(IN).invokeinterface(CD_INPUT, "next", MethodTypeDesc.of(CD_int)).istore(TMP);
                reloadCellsAfter(c, pc);
                c.iload(TMP).iconst_1().if_icmpeq(chargeStub(c, pc, arg));
                c.iload(TMP).ifne(faultStub(c, Status.BAD_INPUT, pc, d, 1));
                c.aload(IN).invokeinterface(CD_INPUT, "word", MethodTypeDesc.of(CD_long)).lstore(slot(d));
                charge(c, next, false);
            }
            default -> throw new IllegalStateException("opcode " + op);
        }
    }
}
