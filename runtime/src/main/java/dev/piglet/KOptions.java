package dev.piglet;

import dev.piglet.k.KSession;
import java.util.Objects;
import java.util.function.Consumer;

/** How a {@link K} session evaluates: context ring size, fuel, and where {@code 0N!x} prints. Immutable. */
public final class KOptions {
    private final int ringSlots;
    private final long fuel;
    private final Consumer<String> show;

    private KOptions(int ringSlots, long fuel, Consumer<String> show) {
        this.ringSlots = ringSlots;
        this.fuel = fuel;
        this.show = show;
    }

    /** The command line's defaults: room for over 100,000 nested calls, no fuel limit, {@code 0N!} to System.out. */
    public static KOptions defaults() {
        return new KOptions(KSession.DEFAULT_RING, Long.MAX_VALUE, System.out::println);
    }

    /** Context ring capacity in slots (rounded up to a power of two); recursion past it is {@code stack error.} */
    public KOptions ring(int slots) {
        if (slots < 16) {
            throw new IllegalArgumentException("ring must have at least 16 slots: " + slots);
        }
        return new KOptions(slots, fuel, show);
    }

    /** Evaluation steps allowed per {@link K#eval}; past it the evaluation fails. */
    public KOptions fuel(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("fuel must be >= 0: " + steps);
        }
        return new KOptions(ringSlots, steps, show);
    }

    /** Where {@code 0N!x} sends the text of {@code x}. */
    public KOptions onShow(Consumer<String> lines) {
        return new KOptions(ringSlots, fuel, Objects.requireNonNull(lines));
    }

    int ringSlots() {
        return ringSlots;
    }

    long fuel() {
        return fuel;
    }

    Consumer<String> show() {
        return show;
    }
}
