package dev.piglet;

import dev.piglet.k.KSession;
import java.util.Objects;
import java.util.function.Consumer;

/** How a {@link K} session evaluates: context ring size, fuel, and where {@code 0N!x} prints. Immutable. */
public final class KOptions {
    private final int ringSlots;
    private final long fuel;
    private final Consumer<String> show;
    private final boolean compile;

    private KOptions(int ringSlots, long fuel, Consumer<String> show, boolean compile) {
        this.ringSlots = ringSlots;
        this.fuel = fuel;
        this.show = show;
        this.compile = compile;
    }

    /** The command line's defaults: room for over 100,000 nested calls, no fuel limit, {@code 0N!} to System.out, compiled tier on. */
    public static KOptions defaults() {
        return new KOptions(KSession.DEFAULT_RING, Long.MAX_VALUE, System.out::println, true);
    }

    /** Context ring capacity in slots (rounded up to a power of two); recursion past it is {@code stack error.} */
    public KOptions ring(int slots) {
        if (slots < 16) {
            throw new IllegalArgumentException("ring must have at least 16 slots: " + slots);
        }
        return new KOptions(slots, fuel, show, compile);
    }

    /** Evaluation steps allowed per {@link K#eval}; past it the evaluation fails. */
    public KOptions fuel(long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("fuel must be >= 0: " + steps);
        }
        return new KOptions(ringSlots, steps, show, compile);
    }

    /** Where {@code 0N!x} sends the text of {@code x}. */
    public KOptions onShow(Consumer<String> lines) {
        return new KOptions(ringSlots, fuel, Objects.requireNonNull(lines), compile);
    }

    /**
     * Whether hot int-only lambdas may be compiled to JVM bytecode (the default; see docs/k.md). Results
     * are identical either way; compiled code is used only when fuel is unlimited.
     */
    public KOptions compile(boolean on) {
        return new KOptions(ringSlots, fuel, show, on);
    }

    boolean compile() {
        return compile;
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
