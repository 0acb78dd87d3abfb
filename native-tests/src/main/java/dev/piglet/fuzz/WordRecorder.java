package dev.piglet.fuzz;

import dev.piglet.vm.Output;
import java.util.Arrays;

/** An {@link Output} that keeps every PRINTed word, for comparing engines. Reused: {@link #clear()}. */
public final class WordRecorder implements Output {
    private long[] words = new long[64];
    private int size;

    @Override
    public void print(long word) {
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        words[size++] = word;
    }

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public long word(int index) {
        return words[index];
    }

    public long[] toArray() {
        return Arrays.copyOf(words, size);
    }
}
