package dev.piglet.stream;

import dev.piglet.arena.WordSource;
import dev.piglet.vm.Input;

/**
 * READ from a word stream (another VM's PRINTs): waits for the next word; the producer's end of stream
 * is READ's end of input. Words are already binary, so input from a stream is never malformed.
 */
public final class StreamInput implements Input {
    private final WordSource source;
    private long word;

    public StreamInput(WordSource source) {
        this.source = source;
    }

    @Override
    public int next() {
        if (!source.hasNext()) {
            return END;
        }
        word = source.next();
        return WORD;
    }

    @Override
    public long word() {
        return word;
    }
}
