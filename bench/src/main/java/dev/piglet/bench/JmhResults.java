package dev.piglet.bench;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the JSON JMH writes with {@code -rf json}: an array of results, one per benchmark method and
 * parameter combination. Anything else is refused with an {@link IllegalArgumentException} that says
 * what is wrong, so a chart is never drawn from the wrong file.
 */
public final class JmhResults {
    private JmhResults() {}

    /**
     * One result: the benchmark's full name, its mode ({@code thrpt}, {@code avgt}, ...), its
     * {@code @Param} values, the primary metric's score and unit, and every measured iteration of
     * every fork.
     */
    public record Result(String benchmark, String mode, Map<String, String> params, double score, String unit,
                         double[] iterations) {
        /** The benchmark method's name: the last part of {@link #benchmark()}. */
        public String method() {
            return benchmark.substring(benchmark.lastIndexOf('.') + 1);
        }
    }

    /** The results in {@code file}; IllegalArgumentException naming the file if it is not JMH JSON. */
    public static List<Result> read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static List<Result> parse(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON (" + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ")");
        }
        if (root == null || !root.isArray()) {
            throw new IllegalArgumentException("not a JMH result file: expected a JSON array of results (JMH's -rf json)");
        }
        if (root.isEmpty()) {
            throw new IllegalArgumentException("no results (an empty array)");
        }
        List<Result> results = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            results.add(result(root.get(i), i));
        }
        return Collections.unmodifiableList(results);
    }

    private static Result result(JsonNode r, int index) {
        String where = "result " + (index + 1);
        String benchmark = text(r, "benchmark", where);
        where = where + " (" + benchmark + ")";
        String mode = text(r, "mode", where);
        Map<String, String> params = new LinkedHashMap<>();
        JsonNode p = r.get("params");
        if (p != null) {
            if (!p.isObject()) {
                throw new IllegalArgumentException(where + ": \"params\" is not an object");
            }
            p.properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        }
        JsonNode metric = r.get("primaryMetric");
        if (metric == null || !metric.isObject()) {
            throw new IllegalArgumentException(where + ": no \"primaryMetric\" object");
        }
        JsonNode score = metric.get("score");
        if (score == null || !score.isNumber()) {
            throw new IllegalArgumentException(where + ": the primary metric has no numeric \"score\"");
        }
        String unit = text(metric, "scoreUnit", where);
        List<Double> iterations = new ArrayList<>();
        JsonNode raw = metric.get("rawData");
        if (raw != null) {
            for (JsonNode fork : raw) {
                for (JsonNode v : fork) {
                    if (!v.isNumber()) {
                        throw new IllegalArgumentException(where + ": a \"rawData\" entry is not a number: " + v);
                    }
                    iterations.add(v.asDouble());
                }
            }
        }
        if (iterations.isEmpty()) {
            iterations.add(score.asDouble());
        }
        return new Result(benchmark, mode, Collections.unmodifiableMap(params), score.asDouble(), unit,
                iterations.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(where + ": no \"" + field + "\" text");
        }
        return v.asText();
    }
}
