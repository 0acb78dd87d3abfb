package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which region method each instruction of a program too big for one JVM method goes to. Control passing
 * between regions costs a round trip through the machine segment and the dispatcher, so the plan keeps
 * every loop that fits the budget whole, and for a loop that does not, moves its largest conditional blocks
 * (the bodies of ifs and elses, which a C compiler's output uses for rare cases such as a chain of tests)
 * out to regions of their own until the rest of the loop fits: the iterations that skip those blocks then
 * never leave their method. Only when that is not enough is a loop split at its inner loops' boundaries.
 * Straight-line code between loops is packed into regions in order.
 *
 * <p>Sizes are counted in instructions; the caller picks the budget from its bytecode budget and checks the
 * generated methods. Regions need not be contiguous ranges of pcs.
 */
final class RegionPlan {
    /** A range of instruction indices, both ends included. */
    private record Span(int first, int last) {
        int size() {
            return last - first + 1;
        }

        boolean contains(Span o) {
            return first <= o.first && o.last <= last;
        }

        boolean overlaps(Span o) {
            return first <= o.last && o.first <= last;
        }
    }

    private final int[] pcs;
    private final int budget;
    /** Loops by instruction index, laminar (nested or disjoint), sorted by first then by size, largest first. */
    private final List<Span> loops = new ArrayList<>();
    /** Conditional blocks: the instructions a forward jump skips. */
    private final List<Span> blocks = new ArrayList<>();
    private final int[] regionOfIndex;
    private int regions;
    private int open = -1;
    private int openSize;

    private RegionPlan(Program program, Verification v, int budget) {
        this.budget = Math.max(1, budget);
        int length = program.length();
        int[] index = new int[length + 1];
        Arrays.fill(index, -1);
        List<Integer> starts = new ArrayList<>();
        for (int pc = 0; pc <= length; pc++) {
            if (v.isStart(pc)) {
                index[pc] = starts.size();
                starts.add(pc);
            }
        }
        this.pcs = starts.stream().mapToInt(Integer::intValue).toArray();
        this.regionOfIndex = new int[pcs.length];
        Arrays.fill(regionOfIndex, -1);
        List<Span> raw = new ArrayList<>();
        for (int i = 0; i < pcs.length; i++) {
            int pc = pcs[i];
            int op = program.byteAt(pc);
            if (pc == length || !isDefined(op) || !isJump(op) || pc > length - 3) {
                continue;
            }
            int target = program.argumentAt(pc);
            if (target > length || index[target] < 0) {
                continue;
            }
            if (target <= pc) {
                raw.add(new Span(index[target], i));
            } else if (index[target] > i + 1) {
                blocks.add(new Span(i + 1, index[target] - 1));
            }
        }
        loops.addAll(laminar(raw));
        // A block may hold whole loops or lie inside one, but never hold a loop's back-edge without its header
        // (the body skipped by a loop's exit test): moving that out would move the loop out in pieces.
        blocks.removeIf(b -> loops.stream().anyMatch(l -> l.overlaps(b) && !b.contains(l)
                && !(l.contains(b) && b.last < l.last)));
    }

    /**
     * Assigns regions to a program's reachable instructions with at most {@code budget} instructions in each
     * (except a single instruction, which always fits). Returns, per pc, its region (-1 where no reachable
     * instruction starts); the number of regions is one more than the largest.
     */
    static int[] plan(Program program, Verification v, int budget) {
        RegionPlan plan = new RegionPlan(program, v, budget);
        plan.form(new Span(0, plan.pcs.length - 1));
        plan.close();
        int[] regionOf = new int[program.length() + 1];
        Arrays.fill(regionOf, -1);
        for (int i = 0; i < plan.pcs.length; i++) {
            regionOf[plan.pcs[i]] = plan.regionOfIndex[i];
        }
        return regionOf;
    }

    /**
     * What {@code regionOf} (a plan for this program) costs in crossings between regions inside loop nests: for
     * each loop whose header is in another region than the header of the loop right around it, control crosses
     * on every iteration of that outer loop that enters the inner one, a round trip through the machine segment
     * and the dispatcher; a loop whose back-edge is in another region than its header crosses on each of its own
     * iterations, and one whose body has blocks in other regions whenever they run. A loop nested d deep counts 8^d (as if each level iterated eight times): a split deep
     * in a nest costs more than several near its top. 0 when no nest is split.
     */
    static double nestSplitCost(Program program, Verification v, int[] regionOf) {
        RegionPlan p = new RegionPlan(program, v, 1);
        double cost = 0;
        for (Span inner : p.loops) {
            Span parent = null;
            int depth = 0;
            for (Span outer : p.loops) {
                if (!outer.equals(inner) && outer.contains(inner)) {
                    depth++;
                    if (parent == null || parent.contains(outer)) {
                        parent = outer;
                    }
                }
            }
            if (parent != null && regionOf[p.pcs[inner.first]] != regionOf[p.pcs[parent.first]]) {
                cost += Math.pow(8, depth);
            }
            if (regionOf[p.pcs[inner.last]] != regionOf[p.pcs[inner.first]]) {
                cost += Math.pow(8, depth + 1); // the loop itself is cut: a crossing on each of its iterations
            }
            // Code of the loop's own body (not of a loop inside it) moved to other regions: crossings whenever
            // it runs, counted as if on half the iterations.
            java.util.Set<Integer> away = new java.util.HashSet<>();
            for (int i = inner.first; i <= inner.last; i++) {
                final int index = i;
                boolean own = p.loops.stream().noneMatch(l -> !l.equals(inner) && inner.contains(l) && l.first <= index
                        && index <= l.last);
                if (own && regionOf[p.pcs[i]] != regionOf[p.pcs[inner.first]]) {
                    away.add(regionOf[p.pcs[i]]);
                }
            }
            for (Span l : p.loops) {
                if (!l.equals(inner) && inner.contains(l)) {
                    away.remove(regionOf[p.pcs[l.first]]); // a region holding an inner loop counts as its split
                }
            }
            cost += away.size() * Math.pow(8, depth + 1) / 2;
        }
        return cost;
    }

    /** Merges loops that overlap without nesting (unstructured code) into one: the result nests or is disjoint. */
    private static List<Span> laminar(List<Span> raw) {
        List<Span> spans = new ArrayList<>(raw);
        boolean merged = true;
        while (merged) {
            merged = false;
            outer:
            for (int a = 0; a < spans.size(); a++) {
                for (int b = a + 1; b < spans.size(); b++) {
                    Span x = spans.get(a);
                    Span y = spans.get(b);
                    if (x.equals(y) || x.overlaps(y) && !x.contains(y) && !y.contains(x)) {
                        spans.set(a, new Span(Math.min(x.first, y.first), Math.max(x.last, y.last)));
                        spans.remove(b);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        spans.sort(Comparator.comparingInt(Span::first).thenComparing(Comparator.comparingInt(Span::size).reversed()));
        return spans;
    }

    private void form(Span range) {
        if (range.size() <= budget) {
            close();
            add(range);
            close();
            return;
        }
        walk(range);
    }

    /** Packs the range's instructions and whole top-level loops into regions in order; big loops on their own. */
    private void walk(Span range) {
        int i = range.first;
        while (i <= range.last) {
            Span loop = loopAt(i, range);
            if (loop == null) {
                if (openSize + 1 > budget) {
                    close();
                }
                add(new Span(i, i));
                i++;
            } else if (loop.size() <= budget) {
                if (openSize + loop.size() > budget) {
                    close();
                }
                add(loop);
                i = loop.last + 1;
            } else {
                close();
                bigLoop(loop);
                i = loop.last + 1;
            }
        }
        close();
    }

    /** The largest loop that starts at index {@code i} and lies inside {@code range}, not the range itself. */
    private Span loopAt(int i, Span range) {
        for (Span l : loops) {
            if (l.first == i && range.contains(l) && !l.equals(range)) {
                return l;
            }
        }
        return null;
    }

    private void bigLoop(Span loop) {
        // Blocks without loops first (a chain of rare cases), largest first; then blocks that hold loops, whose
        // iterations are likely the hot part but at least stay together.
        List<Span> candidates = new ArrayList<>();
        for (Span b : blocks) {
            if (b.first > loop.first && b.last < loop.last) {
                candidates.add(b);
            }
        }
        candidates.sort(Comparator.comparing((Span b) -> loops.stream().anyMatch(b::contains))
                .thenComparing(Comparator.comparingInt(Span::size).reversed()));
        List<Span> chosen = new ArrayList<>();
        int rest = loop.size();
        for (Span b : candidates) {
            if (rest <= budget) {
                break;
            }
            if (chosen.stream().noneMatch(c -> c.overlaps(b))) {
                chosen.add(b);
                rest -= b.size();
            }
        }
        if (rest > budget) {
            walk(loop);
            return;
        }
        close();
        for (int i = loop.first; i <= loop.last; i++) {
            final int index = i;
            if (chosen.stream().noneMatch(c -> c.first <= index && index <= c.last)) {
                add(new Span(i, i));
            }
        }
        close();
        chosen.sort(Comparator.comparingInt(Span::first));
        for (Span b : chosen) {
            form(b);
        }
    }

    private void add(Span span) {
        if (open < 0) {
            open = regions++;
            openSize = 0;
        }
        for (int i = span.first; i <= span.last; i++) {
            regionOfIndex[i] = open;
        }
        openSize += span.size();
    }

    private void close() {
        open = -1;
        openSize = 0;
    }
}
