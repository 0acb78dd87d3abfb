package dev.piglet.stream;

import dev.piglet.arena.WordSink;
import dev.piglet.vm.Output;

/** PRINT into a word stream: each PRINTed word goes into the ring as it is, unformatted. */
public final class StreamOutput implements Output {
    private final WordSink sink;

    public StreamOutput(WordSink sink) {
        this.sink = sink;
    }

    @Override
    public void print(long word) {
        sink.put(word);
    }

    @Override
    public void flush() {
        sink.flush();
    }
}
