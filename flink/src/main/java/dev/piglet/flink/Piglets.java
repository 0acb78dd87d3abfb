package dev.piglet.flink;

import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * Piglet programs as Flink operators over streams of 64-bit words.
 *
 * <pre>{@code
 * StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
 * DataStream<Long> words = env.fromSequence(1, 1_000_000);
 * Piglets.Result<Long> r = Piglets.pipe(words, List.of(Stage.load(Path.of("filter.pvm")), Stage.load(Path.of("sum.pvm"))));
 * r.words().print();
 * r.outcomes().filter(o -> !o.ok).print();   // faults: a side output, never a failed job
 * env.execute();
 * }</pre>
 */
public final class Piglets {
    private Piglets() {}

    /** Every stage reports how each of its machines ended here (one record per machine, or per key). */
    public static final OutputTag<StageOutcome> OUTCOMES =
            new OutputTag<>("piglet-outcomes", TypeInformation.of(StageOutcome.class));

    /** The type of keyed stages' records: {@code (key, word)}. */
    public static final TypeInformation<Tuple2<Long, Long>> PAIRS = Types.TUPLE(Types.LONG, Types.LONG);

    /** Between keyed stages: {@code (key, word, start)}; a start marker starts the key's run downstream. */
    static final TypeInformation<Tuple3<Long, Long, Boolean>> MARKED = Types.TUPLE(Types.LONG, Types.LONG, Types.BOOLEAN);

    /** A pipeline's output words and the outcomes of all its stages' machines. */
    public record Result<T>(DataStream<T> words, DataStream<StageOutcome> outcomes) {}

    /**
     * One unkeyed stage: each parallel instance of it runs one machine over the words it receives.
     * Its side output {@link #OUTCOMES} says how each machine ended.
     */
    public static SingleOutputStreamOperator<Long> run(DataStream<Long> words, Stage stage) {
        return words.transform(stage.name(), Types.LONG, new PigletOperator(stage, 1));
    }

    /**
     * One keyed stage over {@code (key, word)} pairs keyed by {@code key}: one run of the program per
     * key, held in keyed state; the output pairs keep their key. The side output of the stage's operator
     * ({@link #OUTCOMES}) is {@code result.outcomes()}.
     */
    public static Result<Tuple2<Long, Long>> runKeyed(KeyedStream<Tuple2<Long, Long>, Long> pairs, Stage stage) {
        return pipeKeyed(pairs, List.of(stage));
    }

    /**
     * {@code run A --pipe B --pipe C} as a chain of unkeyed stages: each stage's PRINT output is the next
     * stage's READ input, within each parallel instance (the stages chain, so a word never leaves its
     * thread between stages).
     */
    public static Result<Long> pipe(DataStream<Long> words, List<Stage> stages) {
        DataStream<StageOutcome> outcomes = null;
        DataStream<Long> stream = words;
        for (int i = 0; i < stages.size(); i++) {
            SingleOutputStreamOperator<Long> op = stream.transform(stages.get(i).name(), Types.LONG,
                    new PigletOperator(stages.get(i), i + 1));
            outcomes = outcomes == null ? op.getSideOutput(OUTCOMES) : outcomes.union(op.getSideOutput(OUTCOMES));
            stream = op;
        }
        return new Result<>(stream, outcomes);
    }

    /**
     * The pipeline per key: for every key, the words of that key run through its own
     * {@code A --pipe B --pipe C}. The pairs are partitioned by key once; the stages keep the
     * partitioning (and chain), so a key's words stay in order.
     */
    public static Result<Tuple2<Long, Long>> pipeKeyed(DataStream<Tuple2<Long, Long>> pairs, List<Stage> stages) {
        DataStream<StageOutcome> outcomes = null;
        KeyedStream<Tuple3<Long, Long, Boolean>, Long> keyed = pairs.map(p -> Tuple3.of(p.f0, p.f1, false), MARKED)
                .setParallelism(pairs.getParallelism()).name("words") // chained to the pairs' source: order kept
                .keyBy(p -> p.f0, Types.LONG);
        DataStream<Tuple3<Long, Long, Boolean>> stream = keyed;
        for (int i = 0; i < stages.size(); i++) {
            Stage stage = stages.get(i);
            SingleOutputStreamOperator<Tuple3<Long, Long, Boolean>> op =
                    keyed.transform(stage.name(), MARKED, new KeyedPigletOperator(stage, i + 1));
            outcomes = outcomes == null ? op.getSideOutput(OUTCOMES) : outcomes.union(op.getSideOutput(OUTCOMES));
            stream = op;
            keyed = DataStreamUtils.reinterpretAsKeyedStream(op, p -> p.f0, Types.LONG);
        }
        DataStream<Tuple2<Long, Long>> words = stream.filter(p -> !p.f2).name("drop start markers")
                .map(p -> Tuple2.of(p.f0, p.f1), PAIRS).name("pairs");
        return new Result<>(words, outcomes);
    }
}
