package dev.piglet.flink;

import java.util.Iterator;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * An unkeyed stage: each parallel instance runs one machine over the words that reach it. Each word
 * feeds a READ, each PRINT emits a word, the end of the input is READ's end. The machine starts at the
 * first word (or at the end of an empty input); once its program ends, later words are dropped. Its
 * state (a {@link dev.piglet.MachineSnapshot}) is operator state, written at each checkpoint.
 */
final class PigletOperator extends AbstractStreamOperator<Long>
        implements OneInputStreamOperator<Long, Long>, BoundedOneInput {
    private static final long serialVersionUID = 1L;

    private final Stage stage;
    private final int index;
    private transient StageRunner runner;
    private transient ListState<byte[]> checkpointed;
    /** The saved state to load in open(), or null for a machine not started yet. */
    private transient byte[] restored;
    private transient boolean started;
    private transient boolean finished;
    private transient StreamRecord<Long> out;

    PigletOperator(Stage stage, int index) {
        this.stage = stage;
        this.index = index;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("piglet-machine", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        Iterator<byte[]> it = checkpointed.get().iterator();
        if (it.hasNext()) {
            restored = it.next();
            if (it.hasNext()) {
                throw new IllegalStateException(stage.name() + ": an unkeyed stage cannot be rescaled"
                        + " (its machines are not divisible); key the stream to change its parallelism");
            }
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        out = new StreamRecord<>(0L);
        runner = new StageRunner(stage);
        runner.sink(w -> output.collect(out.replace(w)));
        if (restored != null) {
            started = true;
            finished = StateCodec.finished(restored);
            if (!finished) {
                runner.load(StateCodec.decode(restored));
            }
            restored = null;
        }
    }

    @Override
    public void processElement(StreamRecord<Long> element) {
        if (!started) {
            start();
        }
        if (!finished && !runner.feed(element.getValue())) {
            ended();
        }
    }

    @Override
    public void endInput() {
        if (!started) {
            start();
        }
        if (!finished) {
            runner.end();
            ended();
        }
    }

    private void start() {
        started = true;
        runner.reset();
        if (!runner.start()) {
            ended();
        }
    }

    private void ended() {
        finished = true;
        output.collect(Piglets.OUTCOMES, new StreamRecord<>(new StageOutcome(stage.name(), index, 0, runner.outcome())));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        checkpointed.clear();
        if (started) {
            checkpointed.add(finished ? StateCodec.FINISHED_STATE : StateCodec.encode(runner.save()));
        }
    }

    @Override
    public void close() throws Exception {
        if (runner != null) {
            runner.close();
        }
        super.close();
    }
}
