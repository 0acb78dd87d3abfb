package dev.piglet.fuzz;

import dev.piglet.vm.Engine;
import dev.piglet.vm.Status;
import java.util.Map;
import java.util.TreeMap;

/**
 * A long differential campaign outside JUnit: generated programs on every engine until the count is
 * reached or a disagreement is found (shrunk and printed with its seed; exit code 1).
 *
 * <pre>
 * java --enable-native-access=ALL-UNNAMED -Dpiglet.native.lib=native-tests/target/native/libpiglet_ref.so \
 *      -cp CLASSPATH dev.piglet.fuzz.FuzzCampaign [programs [master-seed [first-index]]]
 * </pre>
 */
public final class FuzzCampaign {
    private FuzzCampaign() {}

    public static void main(String[] args) {
        long programs = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        long master = args.length > 1 ? Long.parseLong(args[1]) : System.nanoTime();
        long first = args.length > 2 ? Long.parseLong(args[2]) : 0;
        Map<String, Long> outcomes = new TreeMap<>();
        long steps = 0;
        long t0 = System.nanoTime();
        try (Differential diff = new Differential()) {
            System.out.println("campaign: " + programs + " programs, master seed " + master + ", engines "
                    + diff.engines().stream().map(Engine::name).toList());
            for (long i = first; i < first + programs; i++) {
                ProgramGenerator.Case c = ProgramGenerator.generate(ProgramGenerator.caseSeed(master, i));
                String d = diff.check(c);
                if (d != null) {
                    ProgramGenerator.Case small = Shrinker.shrink(c, x -> diff.check(x) != null);
                    String why = diff.check(small);
                    System.out.println("case index " + i + ":\n" + Differential.report(c, small, why == null ? d : why));
                    System.exit(1);
                }
                outcomes.merge(Status.name(diff.referenceStatus()), 1L, Long::sum);
                steps += diff.referenceSteps();
                if ((i - first + 1) % 100_000 == 0) {
                    System.out.printf("  %,d programs, %,d steps per engine, %.0f s%n", i - first + 1, steps,
                            (System.nanoTime() - t0) / 1e9);
                }
            }
        }
        System.out.printf("campaign done: %,d programs, %,d steps per engine, %.0f s, no disagreement%n  outcomes: %s%n",
                programs, steps, (System.nanoTime() - t0) / 1e9, outcomes);
    }
}
