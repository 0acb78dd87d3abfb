package dev.piglet.flink;

import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.java.tuple.Tuple3;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * A keyed stage over {@code (key, word, start)} records: every key has its own run of the program, as if it had
 * its own machine, while each parallel instance has just one machine. A key's run lives in keyed state
 * as a {@link dev.piglet.MachineSnapshot} (registers, stack and the non-zero memory cells only); the
 * machine loads it when a word of another key arrives, and writes the key it holds back to state
 * before it loads another, before each checkpoint barrier and at the end of the input. So a run of
 * words of one key costs no state traffic, and a checkpoint holds every key's machine exactly.
 *
 * <p>A key's run starts at its first record: a word, or a start marker ({@code start} true, no word)
 * that the stage before sends when it starts the key's run there. So each key's runs start together in
 * every stage, as the stages of {@code piglet run A --pipe B} do, even when no word of the key gets
 * through to a later stage. At the end of the input every key still waiting at READ takes READ's end jump
 * and runs to its end. PRINTed words go downstream under the same key.
 */
final class KeyedPigletOperator extends AbstractStreamOperator<Tuple3<Long, Long, Boolean>>
        implements OneInputStreamOperator<Tuple3<Long, Long, Boolean>, Tuple3<Long, Long, Boolean>>, BoundedOneInput {
    private static final long serialVersionUID = 1L;
    static final String STATE = "piglet-machine";

    private final Stage stage;
    private final int index;
    private transient StageRunner runner;
    private transient ValueState<byte[]> machines;
    /** The key whose run the machine holds, if {@link #holding}; {@link #dirty} if state lags behind it. */
    private transient long heldKey;
    private transient boolean holding;
    private transient boolean heldFinished;
    private transient boolean dirty;
    private transient StreamRecord<Tuple3<Long, Long, Boolean>> out;

    KeyedPigletOperator(Stage stage, int index) {
        this.stage = stage;
        this.index = index;
    }

    @Override
    public void open() throws Exception {
        super.open();
        machines = getRuntimeContext().getState(
                new ValueStateDescriptor<>(STATE, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        out = new StreamRecord<>(null);
        runner = new StageRunner(stage);
        runner.sink(w -> output.collect(out.replace(Tuple3.of(heldKey, w, false))));
    }

    @Override
    public void processElement(StreamRecord<Tuple3<Long, Long, Boolean>> element) throws Exception {
        Tuple3<Long, Long, Boolean> record = element.getValue();
        hold(record.f0);
        if (!heldFinished && !record.f2) {
            dirty = true;
            if (!runner.feed(record.f1)) {
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
            output.collect(out.replace(Tuple3.of(key, 0L, true)));
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
        output.collect(Piglets.OUTCOMES, new StreamRecord<>(new StageOutcome(stage.name(), index, heldKey, runner.outcome())));
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
