package dev.piglet.engines;

import dev.piglet.jit.JitEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MaskedEngine;
import dev.piglet.vm.SwitchEngine;
import dev.piglet.vm.TosEngine;
import dev.piglet.vm.TraceEngine;
import dev.piglet.vm.WordEngine;
import java.util.List;
import java.util.Optional;

/**
 * The engines {@code --engine NAME} can select, in the order {@code engines} lists them. The registry
 * sits above the interpreters ({@code vm}) and the compiler ({@code jit}), which do not know each other
 * through it.
 */
public final class Engines {
    private Engines() {}

    private static final List<Engine> ALL = List.of(new TieredEngine(), new SwitchEngine(), new MaskedEngine(),
            new WordEngine(), new TosEngine(), new TraceEngine(), new JitEngine());

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
