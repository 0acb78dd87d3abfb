package dev.piglet;

import dev.piglet.vm.Input;
import java.util.PrimitiveIterator;
import java.util.function.LongSupplier;

/** Ready-made READ sources for {@link MachineOptions#input(Input)}. */
public final class Inputs {
    private Inputs() {}

    /** No input: every READ takes its end-of-input jump. */
    public static Input none() {
        return Input.EMPTY;
    }

    /** These words, in order, then the end. The array is read, not copied: one run at a time. */
    public static Input of(long... words) {
        return new Input() {
            private int at = -1;

            @Override
            public int next() {
                if (at + 1 < words.length) {
                    at++;
                    return WORD;
                }
                return END;
            }

            @Override
            public long word() {
                return words[at];
            }
        };
    }

    /** The iterator's words, then the end. */
    public static Input from(PrimitiveIterator.OfLong words) {
        return new Input() {
            private long word;

            @Override
            public int next() {
                if (!words.hasNext()) {
                    return END;
                }
                word = words.nextLong();
                return WORD;
            }

            @Override
            public long word() {
                return word;
            }
        };
    }

    /** An endless input: every READ pushes the supplier's next word. */
    public static Input endless(LongSupplier words) {
        return new Input() {
            private long word;

            @Override
            public int next() {
                word = words.getAsLong();
                return WORD;
            }

            @Override
            public long word() {
                return word;
            }
        };
    }
}
