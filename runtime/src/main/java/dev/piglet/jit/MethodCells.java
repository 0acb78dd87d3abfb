package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Where one generated method keeps each known memory cell ({@link CellAnalysis}) and when its copy reaches the
 * segment. The segment must be current wherever something else can look at memory: at a sync
 * ({@link CellAnalysis#syncs}: an access at an address not known here, a PRINT or READ whose host callback may
 * look at the machine) and when the method exits.
 *
 * <ul>
 *   <li>A method without syncs keeps every cell it uses in a local, reads it at entry and writes the stored
 *       ones back at every exit ({@link #writtenBack}): nothing else can touch memory while it runs.
 *   <li>A method with syncs writes stores through to the segment, except inside its <em>sync-free loops</em>
 *       ({@link #loopOf}: the outermost loops with no sync in them). There a store goes to the copy only; the
 *       generated code writes the loop's stored cells back on every edge out of the loop and on every exit from
 *       inside it, and reads them on every edge into it. A compiled C program's hot loops rarely PRINT, so they
 *       run on registers even when the code around them does not.
 *   <li>In such a method, a cell no sync-free loop uses is not copied at all ({@link #inLocal} false): it is
 *       read and written in the segment. Its copy would only be live across the loops, taking registers C2 then
 *       finds by spilling the loops' own values.
 * </ul>
 */
final class MethodCells {
    private final boolean[] inLocal;
    private final boolean[] writtenBack;
    private final int[] loopOf;
    private final List<boolean[]> loopStored = new ArrayList<>();
    private final boolean[] loopWritten;

    /** The cells of the method holding the instructions of {@code region} (all of them when {@code regionOf} is null). */
    MethodCells(Program program, Verification v, CellAnalysis cells, int[] regionOf, int region) {
        int length = program.length();
        int count = cells.count();
        inLocal = new boolean[count];
        writtenBack = new boolean[count];
        loopOf = new int[length + 1];
        Arrays.fill(loopOf, -1);
        loopWritten = new boolean[count];
        boolean[] inMethod = new boolean[length + 1];
        boolean syncs = false;
        for (int pc = 0; pc <= length; pc++) {
            inMethod[pc] = v.isStart(pc) && (regionOf == null || regionOf[pc] == region) && !FuelRuns.isStop(program, pc);
            if (inMethod[pc]) {
                int op = program.byteAt(pc);
                syncs |= cells.syncs(pc);
                if (cells.cellAt(pc) >= 0) {
                    int i = cells.indexOf(cells.cellAt(pc));
                    inLocal[i] = true;
                    writtenBack[i] |= op == STORE || op == STOREI;
                }
            }
        }
        if (!syncs) {
            return;
        }
        Arrays.fill(writtenBack, false);
        boolean[] usedInLoops = findSyncFreeLoops(program, cells, inMethod);
        if (!loopStored.isEmpty()) {
            for (int i = 0; i < count; i++) {
                inLocal[i] &= usedInLoops[i];
            }
        }
    }

    /** Fills {@link #loopOf} with the outermost sync-free loops, largest first; returns the cells they use. */
    private boolean[] findSyncFreeLoops(Program program, CellAnalysis cells, boolean[] inMethod) {
        List<int[]> spans = new ArrayList<>();
        for (int pc = 0; pc < inMethod.length; pc++) {
            if (inMethod[pc] && isJump(program.byteAt(pc)) && program.argumentAt(pc) <= pc) {
                spans.add(new int[] {program.argumentAt(pc), pc});
            }
        }
        spans.sort((a, b) -> Integer.compare(b[1] - b[0], a[1] - a[0]));
        boolean[] used = new boolean[cells.count()];
        for (int[] span : spans) {
            boolean free = true;
            for (int pc = span[0]; pc <= span[1] && free; pc++) {
                free = loopOf[pc] < 0 && !(inMethod[pc] && cells.syncs(pc));
            }
            if (!free) {
                continue;
            }
            int loop = loopStored.size();
            boolean[] stored = new boolean[cells.count()];
            for (int pc = span[0]; pc <= span[1]; pc++) {
                loopOf[pc] = loop;
                if (inMethod[pc] && cells.cellAt(pc) >= 0) {
                    int i = cells.indexOf(cells.cellAt(pc));
                    used[i] = true;
                    int op = program.byteAt(pc);
                    if (op == STORE || op == STOREI) {
                        stored[i] = true;
                        loopWritten[i] = true;
                    }
                }
            }
            loopStored.add(stored);
        }
        return used;
    }

    /** True when cell {@code i} has a local copy in this method (else it is read and written in the segment). */
    boolean inLocal(int i) {
        return inLocal[i];
    }

    /** True when this method (one without syncs) stores cell {@code i} in its copy only, writing it back at exits. */
    boolean writtenBack(int i) {
        return writtenBack[i];
    }

    /** The sync-free loop {@code pc} lies in, or -1. */
    int loopOf(int pc) {
        return pc < loopOf.length ? loopOf[pc] : -1;
    }

    int loops() {
        return loopStored.size();
    }

    /** True when sync-free loop {@code loop} stores cell {@code i} (in its copy only). */
    boolean loopStores(int loop, int i) {
        return loopStored.get(loop)[i];
    }

    /** True when some sync-free loop stores cell {@code i}: its copy is read at every entry of the method. */
    boolean loopWritten(int i) {
        return loopWritten[i];
    }

    /** True when a store of cell {@code i} at {@code pc} also goes to the segment at once. */
    boolean storesThrough(int i, int pc) {
        int loop = loopOf(pc);
        return !writtenBack[i] && !(loop >= 0 && loopStored.get(loop)[i]);
    }
}
