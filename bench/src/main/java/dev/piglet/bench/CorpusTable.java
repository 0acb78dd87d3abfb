package dev.piglet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Formats the measurements bench/corpus.sh collected (one TSV line each) as the Markdown tables of
 * docs/performance.md. Input lines, all times in ms per run:
 * <pre>
 * steady  PROGRAM ENGINE MS RUNS      Piglet engine in a warm JVM (CorpusSteady)
 * ref     PROGRAM ENGINE MS           one engine of the C reference (its runtimes command)
 * gcc     PROGRAM print|noprint MS    pvm2c.py's C translation, gcc -O2 (PRINT=1 to /dev/null, or folded)
 * process PROGRAM MODE MS             one whole `java -jar runtime.jar run` process, JVM start included
 * </pre>
 * Repeated lines of a cell are reduced to their median. Usage: {@code CorpusTable results.tsv [chart.svg]}: with
 * a second argument it also draws the steady-state table as a bar chart ({@link Chart}), the peers beside
 * the engines.
 */
public final class CorpusTable {
    private CorpusTable() {}

    private final Map<String, Map<String, List<Double>>> cells = new LinkedHashMap<>();
    private final Set<String> programs = new LinkedHashSet<>();

    public static void main(String[] args) throws IOException {
        CorpusTable t = new CorpusTable();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] f = line.split("\t");
            if (f.length >= 4 && List.of("steady", "ref", "gcc", "process").contains(f[0])) {
                t.add(f[0] + ":" + f[2], f[1], Double.parseDouble(f[3]));
            }
        }
        System.out.print(t.render());
        if (args.length > 1) {
            Files.writeString(Path.of(args[1]), Chart.svg(t.scores(), 0,
                    "Corpus: ms per run, warm JVM, beside the C reference's fastest engine and gcc -O2 (log scale; lower is better)"));
        }
    }

    /** The steady-state cells and the peers' as chart bars: per program the C reference's best, gcc, each engine. */
    List<Chart.Score> scores() {
        List<Chart.Score> scores = new ArrayList<>();
        for (String program : programs) {
            Object[] ref = refBest(program);
            if (ref != null) {
                scores.add(new Chart.Score("C reference", program, (Double) ref[0]));
            }
            Double gcc = get("gcc:print", program);
            if (gcc != null && gcc > 0) {
                scores.add(new Chart.Score("gcc -O2", program, gcc));
            }
            for (String c : columns("steady")) {
                Double ms = get(c, program);
                if (ms != null && ms > 0) {
                    scores.add(new Chart.Score(c.substring("steady:".length()), program, ms));
                }
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no steady-state or peer measurements to draw");
        }
        return scores;
    }

    private void add(String column, String program, double ms) {
        programs.add(program);
        cells.computeIfAbsent(column, k -> new LinkedHashMap<>()).computeIfAbsent(program, k -> new ArrayList<>())
                .add(ms);
    }

    private Double get(String column, String program) {
        List<Double> v = cells.getOrDefault(column, Map.of()).get(program);
        if (v == null || v.isEmpty()) {
            return null;
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return s.size() % 2 == 1 ? s.get(s.size() / 2) : (s.get(s.size() / 2 - 1) + s.get(s.size() / 2)) / 2;
    }

    private List<String> columns(String kind) {
        return cells.keySet().stream().filter(c -> c.startsWith(kind + ":")).toList();
    }

    /** The C reference's fastest engine on {@code program}: {ms, engine}, or null. */
    private Object[] refBest(String program) {
        Object[] best = null;
        for (String c : columns("ref")) {
            Double ms = get(c, program);
            if (ms != null && ms > 0 && (best == null || ms < (Double) best[0])) {
                best = new Object[] {ms, c.substring(4)};
            }
        }
        return best;
    }

    String render() {
        StringBuilder b = new StringBuilder();
        List<String> steady = columns("steady");
        boolean haveRef = !columns("ref").isEmpty();
        boolean haveGcc = cells.containsKey("gcc:print");
        // Table 1: ms per run.
        b.append("| program |");
        if (haveRef) {
            b.append(" C ref best |");
        }
        if (haveGcc) {
            b.append(" gcc -O2 | gcc, no print |");
        }
        for (String c : steady) {
            b.append(' ').append(c.substring(7)).append(" |");
        }
        b.append('\n').append("|---|").append(haveRef ? "---:|" : "").append(haveGcc ? "---:|---:|" : "")
                .append("---:|".repeat(steady.size())).append('\n');
        for (String p : programs) {
            b.append("| ").append(p).append(" |");
            if (haveRef) {
                Object[] best = refBest(p);
                b.append(' ').append(best == null ? "–" : ms((Double) best[0])).append(" |");
            }
            if (haveGcc) {
                b.append(' ').append(ms(get("gcc:print", p))).append(" | ").append(ms(get("gcc:noprint", p))).append(" |");
            }
            for (String c : steady) {
                b.append(' ').append(ms(get(c, p))).append(" |");
            }
            b.append('\n');
        }
        // Table 2: ratios of each engine to the peers (x < 1: faster than the peer).
        if (haveRef || haveGcc) {
            b.append("\nRatios (engine ms / peer ms; below 1 is faster than the peer):\n\n| program |");
            for (String c : steady) {
                String e = c.substring(7);
                if (haveRef) {
                    b.append(' ').append(e).append(" / ref |");
                }
                if (haveGcc) {
                    b.append(' ').append(e).append(" / gcc |");
                }
            }
            int per = (haveRef ? 1 : 0) + (haveGcc ? 1 : 0);
            b.append("\n|---|").append("---:|".repeat(per * steady.size())).append('\n');
            Map<String, List<Double>> logs = new LinkedHashMap<>();
            for (String p : programs) {
                b.append("| ").append(p).append(" |");
                Object[] best = refBest(p);
                for (String c : steady) {
                    Double v = get(c, p);
                    if (haveRef) {
                        b.append(' ').append(ratio(v, best == null ? null : (Double) best[0], logs, c + "/ref")).append(" |");
                    }
                    if (haveGcc) {
                        b.append(' ').append(ratio(v, get("gcc:print", p), logs, c + "/gcc")).append(" |");
                    }
                }
                b.append('\n');
            }
            b.append("| **geometric mean** |");
            for (String c : steady) {
                for (String peer : haveRef && haveGcc ? List.of("/ref", "/gcc") : haveRef ? List.of("/ref") : List.of("/gcc")) {
                    List<Double> l = logs.getOrDefault(c + peer, List.of());
                    b.append(l.isEmpty() ? " – |" : String.format(Locale.ROOT, " **%.2f** |",
                            Math.exp(l.stream().mapToDouble(Double::doubleValue).average().orElse(0))));
                }
            }
            b.append('\n');
        }
        // Table 3: whole processes.
        List<String> process = columns("process");
        if (!process.isEmpty()) {
            b.append("\nWhole process (JVM start included), ms, median of the repeats:\n\n| program |");
            for (String c : process) {
                b.append(' ').append(c.substring(8)).append(" |");
            }
            if (haveRef) {
                b.append(" C ref best, one run |");
                for (String c : process) {
                    b.append(' ').append(c.substring(8)).append(" / ref |");
                }
            }
            b.append("\n|---|").append("---:|".repeat(process.size() * (haveRef ? 2 : 1) + (haveRef ? 1 : 0))).append('\n');
            for (String p : programs) {
                b.append("| ").append(p).append(" |");
                for (String c : process) {
                    b.append(' ').append(ms(get(c, p))).append(" |");
                }
                if (haveRef) {
                    Object[] best = refBest(p);
                    Double r = best == null ? null : (Double) best[0];
                    b.append(' ').append(ms(r)).append(" |");
                    for (String c : process) {
                        b.append(' ').append(ratio(get(c, p), r, new LinkedHashMap<>(), "")).append(" |");
                    }
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static String ratio(Double v, Double peer, Map<String, List<Double>> logs, String key) {
        if (v == null || peer == null || peer <= 0) {
            return "–";
        }
        double r = v / peer;
        logs.computeIfAbsent(key, k -> new ArrayList<>()).add(Math.log(r));
        return String.format(Locale.ROOT, r < 10 ? "%.2f" : "%.0f", r);
    }

    static String ms(Double v) {
        if (v == null) {
            return "–";
        }
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 1 ? "%.1f" : v >= 0.01 ? "%.3f" : "%.4f", v);
    }
}
