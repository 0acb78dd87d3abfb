package dev.piglet.fuzz;

import dev.piglet.vm.Input;

/** READ's input from an array of words; after the last one every READ sees the end of input. */
public final class ArrayInput implements Input {
    private final long[] words;
    private int next;
    private long word;

    public ArrayInput(long[] words) {
        this.words = words;
    }

    @Override
    public int next() {
        if (next == words.length) {
            return END;
        }
        word = words[next++];
        return WORD;
    }

    @Override
    public long word() {
        return word;
    }
}
