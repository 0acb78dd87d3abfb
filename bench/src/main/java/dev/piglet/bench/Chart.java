package dev.piglet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JMH JSON of {@link DispatchBenchmark} into an SVG bar chart for docs/performance.md: one
 * group per program, one bar per engine, milliseconds per run on a log scale, with an optional
 * reference line (the native C sieve, ms per run).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.piglet.bench.Chart result.json chart.svg [nativeMsPerRun]}
 */
public final class Chart {
    private Chart() {}

    record Score(String engine, String program, double ms) {}

    /** Every DispatchBenchmark result (params engine and program) of a JMH JSON file. */
    static List<Score> scores(List<JmhResults.Result> results) {
        List<Score> scores = new ArrayList<>();
        for (JmhResults.Result r : results) {
            String engine = r.params().get("engine");
            String program = r.params().get("program");
            if (engine != null && program != null) {
                scores.add(new Score(engine, program, r.score()));
            }
        }
        if (scores.isEmpty()) {
            throw new IllegalArgumentException("no result has engine and program parameters: not DispatchBenchmark's");
        }
        return scores;
    }

    static String svg(List<Score> scores, double nativeMs) {
        return svg(scores, nativeMs, "Piglet engines: ms per program run (JMH avgt, log scale; lower is better)");
    }

    static String svg(List<Score> scores, double nativeMs, String title) {
        Map<String, Map<String, Double>> byProgram = new LinkedHashMap<>();
        List<String> engines = new ArrayList<>();
        for (Score s : scores) {
            byProgram.computeIfAbsent(s.program, k -> new LinkedHashMap<>()).put(s.engine, s.ms);
            if (!engines.contains(s.engine)) {
                engines.add(s.engine);
            }
        }
        double min = scores.stream().mapToDouble(Score::ms).min().orElse(0.1);
        double max = scores.stream().mapToDouble(Score::ms).max().orElse(1);
        if (nativeMs > 0) {
            min = Math.min(min, nativeMs);
        }
        double lo = Math.floor(Math.log10(min));
        double hi = Math.ceil(Math.log10(max));
        int left = 170;
        int width = 560;
        int bar = 14;
        int groupGap = 16;
        int height = 60 + byProgram.size() * (engines.size() * bar + groupGap) + 40;
        String[] colors = {"#8c564b", "#e377c2", "#7f7f7f", "#1f77b4", "#17becf", "#ff7f0e", "#2ca02c", "#d62728"};
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" font-family=\"sans-serif\" font-size=\"11\">%n",
                left + width + 140, height));
        out.append("<text x=\"10\" y=\"20\" font-size=\"14\">").append(title).append("</text>\n");
        int y0 = 40;
        for (int d = (int) lo; d <= (int) hi; d++) {
            double x = left + width * (d - lo) / (hi - lo);
            out.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>%n", x, y0,
                    x, height - 30));
            out.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s ms</text>%n", x,
                    height - 15, d >= 0 ? String.valueOf((long) Math.pow(10, d)) : String.valueOf(Math.pow(10, d))));
        }
        int y = y0;
        for (Map.Entry<String, Map<String, Double>> g : byProgram.entrySet()) {
            out.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n",
                    y + bar * engines.size() / 2 + 4, g.getKey()));
            for (int e = 0; e < engines.size(); e++) {
                Double ms = g.getValue().get(engines.get(e));
                if (ms != null) {
                    double w = width * (Math.log10(ms) - lo) / (hi - lo);
                    out.append(String.format(Locale.ROOT,
                            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" fill=\"%s\"/>"
                                    + "<text x=\"%.1f\" y=\"%d\">%s %.3g</text>%n",
                            left, y, Math.max(w, 1), bar - 2, colors[e % colors.length], left + Math.max(w, 1) + 4,
                            y + bar - 4, engines.get(e), ms));
                }
                y += bar;
            }
            y += groupGap;
        }
        if (nativeMs > 0) {
            double x = left + width * (Math.log10(nativeMs) - lo) / (hi - lo);
            out.append(String.format(Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"black\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\">native C sieve %.3g ms</text>%n",
                    x, y0, x, height - 30, x + 3, y0 + 8, nativeMs));
        }
        out.append("</svg>\n");
        return out.toString();
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Chart result.json chart.svg [nativeMsPerRun]");
            System.exit(2);
        }
        List<Score> scores;
        try {
            scores = scores(JmhResults.read(Path.of(args[0])));
        } catch (IllegalArgumentException e) {
            System.err.println("Chart: " + e.getMessage());
            System.exit(1);
            return;
        }
        double nativeMs = args.length > 2 ? Double.parseDouble(args[2]) : 0;
        Files.writeString(Path.of(args[1]), svg(scores, nativeMs));
        for (Score s : scores) {
            System.out.printf(Locale.ROOT, "%-18s %-12s %10.3f ms%s%n", s.program, s.engine, s.ms,
                    nativeMs > 0 && s.program.startsWith("sieve") ? String.format(Locale.ROOT, "  %.2fx native", s.ms / nativeMs)
                            : "");
        }
    }
}
