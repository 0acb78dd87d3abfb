package dev.piglet.bench;

import dev.piglet.stream.Links;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns the JMH JSON of a capacity sweep ({@link StreamThroughputBenchmark}'s {@code capacityBytes},
 * or a benchmark with a {@code ringBytes} parameter) into an SVG line chart: throughput against
 * capacity, both axes logarithmic, one line per {@code impl} parameter (or per benchmark method without
 * one); each point is the median iteration, its bar spans the slowest to the fastest iteration. Then it
 * prints every point and, per line, the recommended capacity: the smallest within 5% of that line's best
 * median (for the {@code WordLink} line, the {@code --ring-bytes} value for {@code piglet run --pipe}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.piglet.bench.SweepPlot RESULT.json OUT.svg [TITLE [Y-LABEL]]}.
 * A file that is not a throughput sweep (another benchmark's JSON, an empty or a broken file) is refused
 * with one line on stderr and exit code 1, and no chart is written.
 */
public final class SweepPlot {
    private SweepPlot() {}

    /** One capacity: the median iteration, and the lowest and highest iteration (the error bar). */
    record Point(long capacity, double score, double low, double high) {}

    /** A line's recommended capacity: the smallest whose median is within 5% of the line's best. */
    record Recommendation(String series, Point chosen, Point best) {}

    static final double WITHIN = 0.95;

    /** The y axis's label (4th argument). */
    private static String yLabel = "words per second across two threads";

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: SweepPlot RESULT.json OUT.svg [TITLE [Y-LABEL]]");
            System.exit(2);
        }
        Map<String, List<Point>> series;
        try {
            series = series(JmhResults.read(Path.of(args[0])));
        } catch (IllegalArgumentException e) {
            System.err.println("SweepPlot: " + e.getMessage());
            System.exit(1);
            return;
        }
        String title = args.length > 2 ? args[2] : "Word stream throughput vs ring capacity";
        yLabel = args.length > 3 ? args[3] : yLabel;
        Files.writeString(Path.of(args[1]), svg(series, title));
        series.forEach((k, v) -> v.forEach(p -> System.out.printf(Locale.ROOT,
                "%-14s %10d B  median %8.2f M/s  (%.2f .. %.2f)%n",
                k, p.capacity(), p.score() / 1e6, p.low() / 1e6, p.high() / 1e6)));
        for (Recommendation r : recommend(series)) {
            System.out.println(recommendationLine(r));
        }
    }

    /** The sweep's lines, each sorted by capacity; IllegalArgumentException if the results are no sweep. */
    static Map<String, List<Point>> series(List<JmhResults.Result> results) {
        Map<String, List<Point>> series = new TreeMap<>();
        for (JmhResults.Result r : results) {
            String capacity = r.params().getOrDefault("capacityBytes", r.params().get("ringBytes"));
            if (capacity == null) {
                continue;
            }
            if (!r.mode().equals("thrpt")) {
                throw new IllegalArgumentException(r.benchmark() + " was measured in mode " + r.mode()
                        + "; a sweep is charted from throughput (JMH mode thrpt)");
            }
            double[] v = r.iterations().clone();
            Arrays.sort(v);
            if (v[0] <= 0) {
                throw new IllegalArgumentException(r.benchmark() + " " + r.params() + ": an iteration scored "
                        + v[0] + "; throughput must be positive for a log scale");
            }
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            long bytes;
            try {
                bytes = Long.parseLong(capacity);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(r.benchmark() + ": capacity '" + capacity + "' is not a number of bytes");
            }
            String name = r.params().getOrDefault("impl", r.method());
            series.computeIfAbsent(name, k -> new ArrayList<>()).add(new Point(bytes, median, v[0], v[v.length - 1]));
        }
        if (series.isEmpty()) {
            throw new IllegalArgumentException("no result has a capacityBytes or ringBytes parameter: not a "
                    + "capacity sweep (benchmarks: " + results.stream().map(JmhResults.Result::method).distinct().toList() + ")");
        }
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            e.getValue().sort((a, b) -> Long.compare(a.capacity(), b.capacity()));
            if (e.getValue().stream().mapToLong(Point::capacity).distinct().count() < 2) {
                throw new IllegalArgumentException(e.getKey() + " has one capacity only: a sweep needs two or more");
            }
        }
        return series;
    }

    static List<Recommendation> recommend(Map<String, List<Point>> series) {
        List<Recommendation> out = new ArrayList<>();
        series.forEach((name, points) -> {
            Point best = points.stream().max((a, b) -> Double.compare(a.score(), b.score())).orElseThrow();
            Point chosen = points.stream().filter(p -> p.score() >= WITHIN * best.score()).findFirst().orElseThrow();
            out.add(new Recommendation(name, chosen, best));
        });
        return out;
    }

    static String recommendationLine(Recommendation r) {
        String line = String.format(Locale.ROOT, "recommended for %s: %d bytes (%s): the smallest capacity within 5%% "
                        + "of its best median (%.2f M/s at %s)", r.series(), r.chosen().capacity(),
                bytes(r.chosen().capacity()), r.best().score() / 1e6, bytes(r.best().capacity()));
        if (r.series().equals("WordLink")) { // the link --pipe uses; its rings start at one batch
            line += String.format(Locale.ROOT, "%n  piglet run A.pvm --pipe B.pvm --ring-bytes %d",
                    Math.max(r.chosen().capacity(), Links.MIN_RING_BYTES));
        }
        return line;
    }

    static String svg(Map<String, List<Point>> series, String title) {
        int w = 760, h = 460, left = 90, right = 170, top = 50, bottom = 60;
        double minC = Double.MAX_VALUE, maxC = 0, minS = Double.MAX_VALUE, maxS = 0;
        for (List<Point> l : series.values()) {
            for (Point p : l) {
                minC = Math.min(minC, p.capacity());
                maxC = Math.max(maxC, p.capacity());
                minS = Math.min(minS, Math.max(1, p.low()));
                maxS = Math.max(maxS, p.high());
            }
        }
        double lx0 = Math.log10(minC), lx1 = Math.log10(maxC) + 1e-9;
        double ly0 = Math.floor(Math.log10(minS)), ly1 = Math.ceil(Math.log10(maxS));
        if (ly1 - ly0 < 1) {
            ly1 = ly0 + 1;
        }
        final double fx0 = lx0, fx1 = lx1, fy0 = ly0, fy1 = ly1;
        java.util.function.DoubleUnaryOperator x = c -> left + (Math.log10(c) - fx0) / (fx1 - fx0) * (w - left - right);
        java.util.function.DoubleUnaryOperator y = s -> top + (fy1 - Math.log10(s)) / (fy1 - fy0) * (h - top - bottom);
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n", w, h));
        b.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", w, h));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"25\" font-size=\"15\">%s</text>%n", left, escape(title)));
        // y grid: decades and 2x, 5x
        for (double d = ly0; d <= ly1 + 1e-9; d++) {
            for (int m : new int[] {1, 2, 5}) {
                double v = m * Math.pow(10, d);
                if (Math.log10(v) > ly1 + 1e-9) {
                    break;
                }
                double yy = y.applyAsDouble(v);
                b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                        left, yy, w - right, yy, m == 1 ? "#bbb" : "#eee"));
                b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                        left - 6, yy + 4, rate(v)));
            }
        }
        // x ticks: every capacity in the data
        for (List<Point> l : series.values()) {
            for (Point p : l) {
                double xx = x.applyAsDouble(p.capacity());
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>%n",
                        xx, top, xx, h - bottom));
                b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                        xx, h - bottom + 16, bytes(p.capacity())));
            }
            break;
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">ring capacity (log scale)</text>%n",
                (left + w - right) / 2, h - 18));
        b.append(String.format(Locale.ROOT, "<text transform=\"translate(18,%d) rotate(-90)\" text-anchor=\"middle\">"
                + "%s (log scale)</text>%n", (top + h - bottom) / 2, escape(yLabel)));
        String[] colours = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"};
        int i = 0;
        for (Map.Entry<String, List<Point>> e : series.entrySet()) {
            String c = colours[i % colours.length];
            StringBuilder path = new StringBuilder();
            for (Point p : e.getValue()) {
                double xx = x.applyAsDouble(p.capacity()), yy = y.applyAsDouble(p.score());
                path.append(path.isEmpty() ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", xx, yy));
                double e0 = y.applyAsDouble(Math.max(1, p.low())), e1 = y.applyAsDouble(p.high());
                b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                        xx, e0, xx, e1, c));
                b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\"/>%n", xx, yy, c));
            }
            b.append(String.format(Locale.ROOT, "<path d=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"/>%n", path, c));
            int ly = top + 10 + 20 * i;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"/>%n",
                    w - right + 12, ly, w - right + 32, ly, c));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>%n", w - right + 38, ly + 4, escape(e.getKey())));
            i++;
        }
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>%n",
                left, top, w - left - right, h - top - bottom));
        b.append("</svg>\n");
        return b.toString();
    }

    static String rate(double v) {
        if (v >= 1e9) {
            return trim(v / 1e9) + " G";
        }
        if (v >= 1e6) {
            return trim(v / 1e6) + " M";
        }
        if (v >= 1e3) {
            return trim(v / 1e3) + " k";
        }
        return trim(v);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    static String bytes(long b) {
        if (b >= 1 << 20) {
            return (b >> 20) + " MiB";
        }
        if (b >= 1 << 10) {
            return (b >> 10) + " KiB";
        }
        return b + " B";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
