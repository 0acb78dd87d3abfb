package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.Piglet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Stages and pipelines on a MiniCluster give what the same programs give on one machine. */
class PipelineTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final List<Stage> GEN_FILTER_SUM = List.of(Reference.example("pipe-gen.pvm"),
            Reference.example("pipe-filter.pvm"), Reference.example("pipe-sum.pvm"));

    /** Prints the running sum of its input after each word: every output depends on all earlier words. */
    static final Stage RUNNING_SUM = Stage.of(Piglet.assemble("running-sum",
            "loop:\nREAD end\nLOADADDI 0\nDUP\nSTOREI 0\nPRINT\nJUMP loop\nend:\nLOADI 0\nPOP_RES\nDONE\n"));

    static <T> List<T> collect(DataStream<T> stream) throws Exception {
        List<T> all = new ArrayList<>();
        try (CloseableIterator<T> it = stream.executeAndCollect()) {
            it.forEachRemaining(all::add);
        }
        return all;
    }

    @Test
    void aPipelineAtParallelismOneIsTheSingleMachinePipe() throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataStream<Long> none = env.fromData(0L).filter(w -> false);
        Piglets.Result<Long> r = Piglets.pipe(none, GEN_FILTER_SUM);
        List<Long> words = collect(r.words());
        assertEquals(Reference.pipe(GEN_FILTER_SUM, List.of()), words);
        assertEquals(List.of(600030000L), words);
    }

    @Test
    void aKeyedPipelineRunsEachKeysOwnPipe() throws Exception {
        List<Long> input = LongStream.rangeClosed(1, 3000).boxed().toList();
        List<Stage> stages = List.of(Reference.example("pipe-filter.pvm"), RUNNING_SUM);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        DataStream<Tuple2<Long, Long>> pairs = env.fromData(input, Types.LONG)
                .map(w -> Tuple2.of(w % 7, w), Piglets.PAIRS).setParallelism(1); // one source: words in order
        List<Tuple2<Long, Long>> out = collect(Piglets.pipeKeyed(pairs, stages).words());
        Map<Long, List<Long>> byKey = new TreeMap<>();
        for (Tuple2<Long, Long> p : out) {
            byKey.computeIfAbsent(p.f0, k -> new ArrayList<>()).add(p.f1);
        }
        assertEquals(7, byKey.size());
        for (long key = 0; key < 7; key++) {
            long k = key;
            List<Long> expected = Reference.pipe(stages, input.stream().filter(w -> w % 7 == k).toList());
            assertEquals(expected, byKey.get(key), "key " + key); // order kept per key
        }
    }
}
