package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.piglet.code.Status;
import dev.piglet.vm.Engine;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Every engine (both C engines, every Java engine in the registry) on generated programs, compared on
 * everything observable. {@code -Dpiglet.fuzz.programs=N} sets how many (default 100,000 in CI),
 * {@code -Dpiglet.fuzz.seed=S} the master seed, {@code -Dpiglet.fuzz.case=SEED} re-runs one failing case.
 */
class DifferentialFuzzTest {
    @Test
    void generatedProgramsBehaveIdenticallyOnEveryEngine() {
        long programs = Long.getLong("piglet.fuzz.programs", 100_000);
        long master = Long.getLong("piglet.fuzz.seed", 20261121);
        String single = System.getProperty("piglet.fuzz.case");
        Map<String, Integer> kinds = new TreeMap<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        long steps = 0;
        long bytes = 0;
        try (Differential diff = new Differential()) {
            long count = single != null && !single.isBlank() ? 1 : programs;
            long started = System.nanoTime();
            long tenth = Math.max(1, count / 10);
            for (long i = 0; i < count; i++) {
                if (i > 0 && i % tenth == 0) { // a long run shows it is moving (about 100 s by default)
                    System.out.printf("differential: %d of %d programs, %.0f s%n", i, count, (System.nanoTime() - started) / 1e9);
                }
                long seed = count == 1 && single != null ? Long.parseLong(single.trim())
                        : ProgramGenerator.caseSeed(master, i);
                ProgramGenerator.Case c = ProgramGenerator.generate(seed);
                String d = diff.check(c);
                if (d != null) {
                    ProgramGenerator.Case small = Shrinker.shrink(c, x -> diff.check(x) != null);
                    String why = diff.check(small);
                    fail(Differential.report(c, small, why == null ? d : why));
                }
                kinds.merge(c.kind(), 1, Integer::sum);
                outcomes.merge(Status.name(diff.referenceStatus()), 1, Integer::sum);
                steps += diff.referenceSteps();
                bytes += c.code().length;
            }
            System.out.printf("differential: %d programs (master seed %d), %d bytes, %d steps per engine, engines %s%n",
                    count, master, bytes, steps, diff.engines().stream().map(Engine::name).toList());
            System.out.println("  kinds: " + kinds);
            System.out.println("  outcomes: " + outcomes);
            if (count >= 10_000) {
                // The generator must keep reaching every outcome, or the test silently loses its teeth.
                for (String s : new String[] {"success", "division_by_zero", "unknown_opcode", "end_of_stream",
                        "stack_overflow", "stack_underflow", "bad_jump_target", "out_of_fuel"}) {
                    assertTrue(outcomes.getOrDefault(s, 0) > 0, "no generated program ended with " + s + ": " + outcomes);
                }
            }
        }
    }
}
