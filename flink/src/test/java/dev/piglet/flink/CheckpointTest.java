package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.LongStream;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A task fails in the middle of the stream, once, after a checkpoint; Flink restarts the job from that
 * checkpoint (the source resumes mid-stream, the machines come back from state) and the output equals
 * that of an unfailed run: nothing lost, nothing doubled. The output is read through Flink's collect
 * sink, which with checkpointing on hands out only results covered by a completed checkpoint, so what
 * these tests check is end-to-end exactly-once: machine state and emitted words both.
 */
class CheckpointTest {
    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    static final int WORDS = 6_000;
    static final int KEYS = 16;

    /** Slows the source down so that checkpoints happen mid-stream, and fails once after one has completed. */
    static final class FailOnce extends RichMapFunction<Long, Long> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicInteger OPENS = new AtomicInteger();
        /** The first word after the restart: above 1 if the source resumed from the checkpoint. */
        static final AtomicLong FIRST_AFTER_RESTART = new AtomicLong();
        private transient boolean first;

        static void reset() {
            FAILED.set(false);
            CHECKPOINTED.set(false);
            OPENS.set(0);
            FIRST_AFTER_RESTART.set(0);
        }

        @Override
        public void open(OpenContext context) {
            OPENS.incrementAndGet();
            first = true;
        }

        @Override
        public Long map(Long w) {
            if (first && FAILED.get()) {
                FIRST_AFTER_RESTART.set(w);
            }
            first = false;
            LockSupport.parkNanos(100_000);
            if (w >= WORDS / 2 && CHECKPOINTED.get() && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("failing once, on purpose, at word " + w);
            }
            return w;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }
    }

    @BeforeEach
    void reset() {
        FailOnce.reset();
    }

    static StreamExecutionEnvironment environment() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(50));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.enableCheckpointing(100);
        return env;
    }

    static List<Long> input() {
        return LongStream.rangeClosed(1, WORDS).boxed().toList();
    }

    void assertRecoveredFromACheckpoint() {
        assertTrue(FailOnce.FAILED.get(), "the task failed");
        assertEquals(2, FailOnce.OPENS.get(), "the job restarted once");
        assertTrue(FailOnce.FIRST_AFTER_RESTART.get() > 1, "the source resumed from a checkpoint, not from the start");
    }

    @Test
    void keyedMachinesSurviveAFailure() throws Exception {
        StreamExecutionEnvironment env = environment();
        env.setParallelism(2);
        DataStream<Tuple2<Long, Long>> pairs = env.fromSequence(1, WORDS).setParallelism(1)
                .map(new FailOnce()).setParallelism(1)
                .map(w -> Tuple2.of(w % KEYS, w), Piglets.PAIRS).setParallelism(1);
        List<Stage> stages = List.of(PipelineTest.RUNNING_SUM, Reference.example("pipe-filter.pvm"));
        Map<Long, List<Long>> byKey = new TreeMap<>();
        for (Tuple2<Long, Long> p : PipelineTest.collect(Piglets.pipeKeyed(pairs, stages).words())) {
            byKey.computeIfAbsent(p.f0, k -> new ArrayList<>()).add(p.f1);
        }
        assertRecoveredFromACheckpoint();
        assertEquals(KEYS, byKey.size());
        for (long key = 0; key < KEYS; key++) {
            long k = key;
            assertEquals(Reference.pipe(stages, input().stream().filter(w -> w % KEYS == k).toList()), byKey.get(key),
                    "key " + key);
        }
    }

    @Test
    void unkeyedMachinesSurviveAFailure() throws Exception {
        StreamExecutionEnvironment env = environment();
        env.setParallelism(1);
        DataStream<Long> words = env.fromSequence(1, WORDS).map(new FailOnce());
        // running sums (each depends on every word before it) that pass a filter
        List<Stage> stages = List.of(PipelineTest.RUNNING_SUM, Reference.example("pipe-filter.pvm"));
        List<Long> out = PipelineTest.collect(Piglets.pipe(words, stages).words());
        assertRecoveredFromACheckpoint();
        assertEquals(Reference.pipe(stages, input()), out);
    }
}
