package dev.piglet.bench;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SweepPlot reads JMH's JSON with a JSON parser, recommends a capacity, and refuses anything but a sweep. */
class SweepPlotTest {
    /** One JMH result as JMH writes it (abridged to the fields a reader may look at, plus noise). */
    static String result(String benchmark, String mode, String params, String rawData) {
        return """
                {
                    "jmhVersion" : "1.37",
                    "benchmark" : "%s",
                    "mode" : "%s",
                    "threads" : 2,
                    "forks" : 1,
                    "jvmArgs" : [ "-Dx=\\"quoted [brackets]\\"" ],
                    "params" : { %s },
                    "primaryMetric" : {
                        "score" : 1.0,
                        "scoreError" : 0.1,
                        "scoreUnit" : "ops/s",
                        "rawData" : [ %s ]
                    },
                    "secondaryMetrics" : { }
                }""".formatted(benchmark, mode, params, rawData);
    }

    static String sweep() {
        String b = "dev.piglet.bench.StreamThroughputBenchmark.transfer";
        return "[" + String.join(",",
                result(b, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"4096\"", "[ 50.0E6, 40.0E6, 60.0E6 ]"),
                result(b, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"262144\"", "[ 96.0E6, 97.0E6 ], [ 98.0E6 ]"),
                result(b, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"65536\"", "[ 80.0E6, 90.0E6, 85.0E6 ]"),
                result(b, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"1048576\"", "[ 100.0E6, 99.0E6, 101.0E6 ]"),
                result(b, "thrpt", "\"impl\" : \"WordStream\", \"capacityBytes\" : \"4096\"", "[ 10.0E6 ]"),
                result(b, "thrpt", "\"impl\" : \"WordStream\", \"capacityBytes\" : \"65536\"", "[ 20.0E6 ]")) + "]";
    }

    @Test
    void aSweepBecomesSortedPointsWithMediansAndRanges() {
        Map<String, List<SweepPlot.Point>> series = SweepPlot.series(JmhResults.parse(sweep()));
        assertEquals(List.of("WordLink", "WordStream"), List.copyOf(series.keySet()));
        assertEquals(List.of(
                new SweepPlot.Point(4096, 50e6, 40e6, 60e6),
                new SweepPlot.Point(65536, 85e6, 80e6, 90e6),
                new SweepPlot.Point(262144, 97e6, 96e6, 98e6),   // every fork's iterations count
                new SweepPlot.Point(1048576, 100e6, 99e6, 101e6)), series.get("WordLink"));
        String svg = SweepPlot.svg(series, "t");
        assertTrue(svg.startsWith("<svg") && svg.contains("256 KiB") && svg.contains("WordStream"), svg);
    }

    @Test
    void theRecommendationIsTheSmallestCapacityWithinFivePercentOfTheBest() {
        List<SweepPlot.Recommendation> r = SweepPlot.recommend(SweepPlot.series(JmhResults.parse(sweep())));
        assertEquals(262144, r.get(0).chosen().capacity());   // 97 >= 0.95 * 100; 85 is not
        assertEquals(1048576, r.get(0).best().capacity());
        assertEquals(65536, r.get(1).chosen().capacity());
        String line = SweepPlot.recommendationLine(r.get(0));
        assertTrue(line.startsWith("recommended for WordLink: 262144 bytes (256 KiB)"), line);
        assertTrue(line.endsWith("piglet run A.pvm --pipe B.pvm --ring-bytes 262144"), line);
    }

    /** A DispatchBenchmark JMH result file kept as a test resource. */
    static Path dispatchResults() throws Exception {
        return Path.of(SweepPlotTest.class.getResource("/dispatch-jmh.json").toURI());
    }

    static String refusal(String json) {
        return assertThrows(IllegalArgumentException.class, () -> SweepPlot.series(JmhResults.parse(json))).getMessage();
    }

    @Test
    void anotherBenchmarksJsonIsRefused() throws Exception {
        // a DispatchBenchmark result file (a test resource): average time, no capacity parameter
        String dispatch = Files.readString(dispatchResults());
        assertEquals("no result has a capacityBytes or ringBytes parameter: not a capacity sweep (benchmarks: [run])",
                refusal(dispatch));
        assertEquals("dev.piglet.bench.X.y was measured in mode avgt; a sweep is charted from throughput (JMH mode thrpt)",
                refusal("[" + result("dev.piglet.bench.X.y", "avgt", "\"ringBytes\" : \"64\"", "[1.0]") + "]"));
    }

    @Test
    void brokenOrEmptyFilesAreRefused() {
        assertEquals("no results (an empty array)", refusal("[]"));
        assertEquals("not a JMH result file: expected a JSON array of results (JMH's -rf json)", refusal("{\"a\": 1}"));
        assertTrue(refusal("[{\"benchmark\": ").startsWith("not JSON ("), refusal("[{\"benchmark\": "));
        assertEquals("result 1: no \"benchmark\" text", refusal("[{}]"));
        assertEquals("result 1 (a.B.c): no \"primaryMetric\" object",
                refusal("[{\"benchmark\": \"a.B.c\", \"mode\": \"thrpt\"}]"));
        String one = "dev.piglet.bench.StreamThroughputBenchmark.transfer";
        assertEquals("WordLink has one capacity only: a sweep needs two or more",
                refusal("[" + result(one, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"4096\"", "[1.0]") + "]"));
        assertTrue(refusal("[" + result(one, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"4096\"", "[0.0]") + ","
                + result(one, "thrpt", "\"impl\" : \"WordLink\", \"capacityBytes\" : \"8192\"", "[1.0]") + "]")
                .endsWith("an iteration scored 0.0; throughput must be positive for a log scale"));
    }

    @Test
    void theFileNameIsInTheMessage(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("sweep.json"), "");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JmhResults.read(empty));
        assertTrue(e.getMessage().startsWith(empty + ": "), e.getMessage());
    }

    @Test
    void theDispatchChartReadsTheCommittedResults() throws Exception {
        List<Chart.Score> scores = Chart.scores(JmhResults.read(dispatchResults()));
        assertFalse(scores.isEmpty());
        assertTrue(scores.stream().anyMatch(s -> s.engine().equals("jit") && s.program().equals("sieve") && s.ms() > 0));
    }
}
