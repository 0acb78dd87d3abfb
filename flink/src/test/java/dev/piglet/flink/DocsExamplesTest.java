package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Java examples of docs/flink.md are the code below, run here: every {@code <!-- flink-example: NAME -->}
 * block there must equal this file's {@code tag::NAME[]} region.
 */
class DocsExamplesTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final Path SOURCE = Path.of("src/test/java/dev/piglet/flink/DocsExamplesTest.java");
    static final Path DOC = Reference.EXAMPLES.resolve("../docs/flink.md");

    @Test
    void theExamplesRun() throws Exception {
        String dir = Reference.EXAMPLES.toString();
        // tag::flink-pipe[]
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        env.enableCheckpointing(1_000);
        List<Stage> stages = List.of(Stage.load(Path.of(dir, "pipe-filter.pvm")),
                Stage.load(Path.of(dir, "pipe-sum.pvm")).withFuel(1_000));

        Piglets.Result<Long> r = Piglets.pipe(env.fromSequence(1, 60_000), stages);
        r.outcomes().filter(o -> !o.ok).print();             // faults: a side output, never a failed job
        List<Long> sum = r.words().executeAndCollect(10);    // [600030000]
        // end::flink-pipe[]
        assertEquals(List.of(600030000L), sum);

        // tag::flink-keyed[]
        env.setParallelism(2);
        DataStream<Tuple2<Long, Long>> pairs = env.fromSequence(1, 60_000).setParallelism(1)
                .map(w -> Tuple2.of(w % 4, w), Piglets.PAIRS).setParallelism(1);    // (key, word), in order
        List<Tuple2<Long, Long>> sums = Piglets.pipeKeyed(pairs, stages).words().executeAndCollect(10);
        // one (key, sum) per key: the sum of the multiples of 3 among that key's words
        // end::flink-keyed[]
        List<Tuple2<Long, Long>> expected = new ArrayList<>();
        for (long k = 0; k < 4; k++) {
            long key = k;
            expected.add(Tuple2.of(key, LongStream.rangeClosed(1, 60_000).filter(w -> w % 4 == key && w % 3 == 0).sum()));
        }
        assertEquals(expected, sums.stream().sorted((a, b) -> Long.compare(a.f0, b.f0)).toList());
    }

    @Test
    void theManualShowsTheseExamples() throws Exception {
        String source = Files.readString(SOURCE);
        Matcher m = Pattern.compile("<!-- flink-example: ([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL)
                .matcher(Files.readString(DOC));
        int checked = 0;
        while (m.find()) {
            assertEquals(region(source, m.group(1)), m.group(2), "docs/flink.md example " + m.group(1));
            checked++;
        }
        assertEquals(2, checked);
    }

    /** The lines between the tag markers, de-indented by the first line's indent. */
    static String region(String source, String tag) {
        int start = source.indexOf("// tag::" + tag + "[]");
        int end = source.indexOf("// end::" + tag + "[]");
        assertTrue(start >= 0 && end > start, "no region " + tag);
        String body = source.substring(source.indexOf('\n', start) + 1, source.lastIndexOf('\n', end) + 1);
        String[] lines = body.split("\n", -1);
        int indent = lines[0].length() - lines[0].stripLeading().length();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            out.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
        }
        return out.toString();
    }
}
