package dev.piglet.vm;

import java.util.List;
import java.util.Optional;

/** The engines {@code --engine NAME} can select, in the order {@code engines} lists them. */
public final class Engines {
    private Engines() {}

    private static final List<Engine> ALL = List.of(new SwitchEngine(), new MaskedEngine(), new WordEngine(), new TosEngine(), new TraceEngine(), new dev.piglet.jit.JitEngine());

    /** Every engine; the first is the default. */
    public static List<Engine> all() {
        return ALL;
    }

    /** The engine {@code run} uses when none is named. */
    public static Engine defaultEngine() {
        return ALL.getFirst();
    }

    public static Optional<Engine> byName(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    /** The names, comma-separated, for messages. */
    public static String names() {
        return String.join(", ", ALL.stream().map(Engine::name).toList());
    }
}
