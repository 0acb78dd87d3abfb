package dev.piglet.flink;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A keyed stage over {@code (key, word)} pairs: every key has its own run of the program, as if it had
 * its own machine, while each parallel instance has just one machine. A key's run lives in keyed state
 * as a {@link dev.piglet.MachineState} (registers, stack and the non-zero memory cells only); the
 * machine loads it when a word of another key arrives, and writes the key it holds back to state
 * before it loads another, before each checkpoint barrier and at the end of the input. So a run of
 * words of one key costs no state traffic, and a checkpoint holds every key's machine exactly.
 *
 * <p>A key's run starts at its first word; at the end of the input every key still waiting at READ
 * takes READ's end jump and runs to its end. Its PRINTed words go downstream under the same key.
 */
final class KeyedPigletOperator extends AbstractStreamOperator<Tuple2<Long, Long>>
        implements OneInputStreamOperator<Tuple2<Long, Long>, Tuple2<Long, Long>>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    static final String STATE = "piglet-machine";

    private final Stage stage;
    private transient StageRunner runner;
    private transient ValueState<byte[]> machines;
    /** The key whose run the machine holds, if {@link #holding}; {@link #dirty} if state lags behind it. */
    private transient long heldKey;
    private transient boolean holding;
    private transient boolean heldFinished;
    private transient boolean dirty;
    private transient StreamRecord<Tuple2<Long, Long>> out;

    KeyedPigletOperator(Stage stage) {
        this.stage = stage;
    }

    @Override
    public void open() throws Exception {
        super.open();
        machines = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        out = new StreamRecord<>(null);
        runner = new StageRunner(stage);
        runner.sink(w -> output.collect(out.replace(Tuple2.of(heldKey, w))));
    }

    @Override
    public void processElement(StreamRecord<Tuple2<Long, Long>> element) throws Exception {
        Tuple2<Long, Long> pair = element.getValue();
        hold(pair.f0);
        if (!heldFinished) {
            dirty = true;
            if (!runner.feed(pair.f1)) {
                ended();
            }
        }
    }

    /** Makes the machine hold {@code key}'s run (Flink has already made it the current key). */
    private void hold(long key) throws Exception {
        if (holding && heldKey == key) {
            return;
        }
        flush();
        heldKey = key;
        holding = true;
        byte[] saved = machines.value();
        if (saved == null) {
            runner.reset();
            heldFinished = false;
            dirty = true;
            if (!runner.start()) {
                ended();
            }
        } else {
            heldFinished = StateCodec.finished(saved);
            if (!heldFinished) {
                runner.load(StateCodec.decode(saved));
            }
            dirty = false;
        }
    }

    private void ended() {
        heldFinished = true;
        output.collect(Piglets.OUTCOMES, new StreamRecord<>(new StageOutcome(stage.name(), heldKey, runner.outcome())));
    }

    /** Writes the held key's run to its keyed state if it changed since it was loaded. */
    private void flush() throws Exception {
        if (!holding || !dirty) {
            return;
        }
        Object current = getCurrentKey();
        setCurrentKey(heldKey);
        machines.update(heldFinished ? StateCodec.FINISHED_STATE : StateCodec.encode(runner.save()));
        if (current != null) {
            setCurrentKey(current);
        }
        dirty = false;
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void endInput() throws Exception {
        flush();
        holding = false;
        List<Long> keys;
        try (var stream = getKeyedStateBackend().<VoidNamespace>getKeys(STATE, VoidNamespace.INSTANCE)) {
            keys = stream.map(k -> (Long) k).sorted().toList();
        }
        for (long key : keys) {
            setCurrentKey(key);
            hold(key);
            if (!heldFinished) {
                dirty = true;
                runner.end();
                ended();
            }
        }
        flush();
    }

    @Override
    public void close() throws Exception {
        if (runner != null) {
            runner.close();
        }
        super.close();
    }
}
