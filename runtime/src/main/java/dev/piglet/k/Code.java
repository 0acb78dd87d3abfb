package dev.piglet.k;

import static dev.piglet.k.CellLayout.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A session's K code segment: syntax cells (see {@link CellLayout}) appended by the parser and read in
 * place by the interpreter, plus the side tables cells index into (symbols, constants, lambdas).
 * The segment grows by doubling; cells are addressed by number, so growth never invalidates them.
 *
 * <p>Memory: the segment is native memory of this code's own shared arena, freed at once by
 * {@link #close} (and the previous segment is freed when it grows). A line whose evaluation is over
 * and that defined no lambda is forgotten ({@link #rollback} to the {@link #mark} taken before it was
 * parsed): its cells and constants are reused by the next line, so a session's code holds only the
 * lines that define lambdas (whose bodies any later line may call), plus one symbol per distinct name.
 */
public final class Code implements AutoCloseable {
    private Arena arena;
    private MemorySegment seg;
    private int cells = 1; // cell 0 = none
    private final Map<String, Integer> symbolIds = new HashMap<>();
    final List<String> symbols = new ArrayList<>();
    /** Constants (boxed int literals, vector literals): the interpreter reads this array itself. */
    private Object[] constants = new Object[64];
    private int constantCount;
    final List<LambdaInfo> lambdas = new ArrayList<>();
    /** The int forms of lambdas translated so far (see {@link IntForm}). */
    final IntForm forms = new IntForm();

    public Code() {
        arena = Arena.ofShared();
        seg = arena.allocate(CELL_BYTES * 256L, 8); // 8 KiB: doubles as lines with lambdas are kept
    }

    /** The current segment; re-read after parsing (it may have grown). */
    public MemorySegment segment() { return seg; }

    public int cellCount() { return cells; }

    private int reserve(int n) {
        long need = cell(cells + n);
        if (need > seg.byteSize()) {
            long size = seg.byteSize();
            while (size < need) size *= 2;
            Arena next = Arena.ofShared();
            MemorySegment bigger = next.allocate(size, 8);
            bigger.copyFrom(seg);
            Arena old = arena;
            arena = next;
            seg = bigger;
            old.close(); // nothing runs while the parser appends: no reader holds the old segment
        }
        int at = cells;
        cells += n;
        return at;
    }

    int add(int kind, int op, int line, int col, long a, long b, long c) {
        if (kind == DYAD) c = (descriptorOf((int) a) & 0xFFFFFFFFL) | ((long) descriptorOf((int) b) << 32);
        else if (kind == MONAD) c = descriptorOf((int) a) & 0xFFFFFFFFL;
        int n = reserve(1);
        long o = cell(n);
        boolean simple = isLeafKind(kind)
                || (kind == DYAD && isLeafKind(kind((int) a)) && isLeafKind(kind((int) b)))
                || (kind == MONAD && isLeafKind(kind((int) a)));
        WORD.set(seg, o + HEAD, head(kind, op, line, col) | (simple ? SIMPLE : 0));
        WORD.set(seg, o + A, a);
        WORD.set(seg, o + B, b);
        WORD.set(seg, o + C, c);
        return n;
    }

    /** A cell with {@code items.length} packed operand cell numbers after it (b = count). */
    int addList(int kind, int op, int line, int col, long a, int[] items) {
        int extra = (items.length + 3) / 4;
        int n = reserve(1 + extra);
        long o = cell(n);
        WORD.set(seg, o + HEAD, head(kind, op, line, col));
        WORD.set(seg, o + A, a);
        WORD.set(seg, o + B, (long) items.length);
        WORD.set(seg, o + C, kind == APPLY ? descriptorOf((int) a) & 0xFFFFFFFFL : 0L);
        for (int i = 0; i < extra * 4; i++) {
            WORD.set(seg, o + CELL_BYTES + 8L * i, i < items.length ? (long) items[i] : 0L);
        }
        return n;
    }

    /** The operand descriptor of cell n (see {@link CellLayout#descriptor}); 0 for none. */
    private int descriptorOf(int n) {
        if (n <= 0) return 0;
        int k = kind(n);
        if (k == INT && CellLayout.isImmediate(a(n))) return CellLayout.immediate(a(n)); // the value itself
        // INT: the boxed constant's index (b), so the interpreter returns the shared box
        return CellLayout.descriptor(k, k == INT ? b(n) : a(n));
    }

    public long headOf(int n) { return (long) WORD.get(seg, cell(n) + HEAD); }
    public int kind(int n) { return CellLayout.kind(headOf(n)); }
    public int op(int n) { return CellLayout.op(headOf(n)); }
    public int line(int n) { return CellLayout.line(headOf(n)); }
    public int col(int n) { return CellLayout.col(headOf(n)); }
    public long a(int n) { return (long) WORD.get(seg, cell(n) + A); }
    public long b(int n) { return (long) WORD.get(seg, cell(n) + B); }
    public long c(int n) { return (long) WORD.get(seg, cell(n) + C); }
    /** The i-th packed operand of list cell n. */
    public int item(int n, int i) { return (int) (long) WORD.get(seg, cell(n) + CELL_BYTES + 8L * i); }

    int symbol(String name) {
        Integer id = symbolIds.get(name);
        if (id == null) {
            id = symbols.size();
            symbols.add(name);
            symbolIds.put(name, id);
        }
        return id;
    }

    String symbolName(int id) { return symbols.get(id); }

    int constant(Object v) {
        if (constantCount == constants.length) constants = Arrays.copyOf(constants, constantCount * 2);
        constants[constantCount] = v;
        return constantCount++;
    }

    /** The constant table (indexed by constant number; it may be replaced by a bigger one as lines are parsed). */
    Object[] constants() { return constants; }

    /** Where the code ends now (cells and constants), for {@link #rollback}. */
    long mark() {
        return ((long) cells << 32) | constantCount;
    }

    /** Lambdas defined so far (a line that defines one is kept: see the class comment). */
    int lambdaCount() { return lambdas.size(); }

    /**
     * Forgets everything appended since {@code mark}: the cells are reused by the next line and the
     * constants let go. Only for code no value can reach any more: a parsed line that failed, or one that
     * was evaluated and defined no lambda (no lambda value can refer to its cells).
     */
    void rollback(long mark, int lambdaCount) {
        int markCells = (int) (mark >>> 32), markConstants = (int) mark;
        Arrays.fill(constants, markConstants, constantCount, null);
        constantCount = markConstants;
        cells = markCells;
        while (lambdas.size() > lambdaCount) lambdas.removeLast();
    }

    /** Native bytes this code holds (its segment). */
    public long nativeBytes() { return seg.byteSize(); }

    /** Frees the segment at once; the code must not be used afterwards. */
    @Override
    public void close() {
        if (arena.scope().isAlive()) arena.close();
    }

    int lambda(LambdaInfo info) {
        lambdas.add(info);
        return lambdas.size() - 1;
    }
}
