package dev.piglet.flink;

import dev.piglet.Inputs;
import dev.piglet.Machine;
import dev.piglet.MachineOptions;
import dev.piglet.Piglet;
import dev.piglet.code.Program;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The expected output: the stages run one after another on one machine, as {@code run A --pipe B} does. */
final class Reference {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    static Stage example(String name) {
        return Stage.load(EXAMPLES.resolve(name));
    }

    static List<Long> pipe(List<Stage> stages, List<Long> input) {
        List<Long> words = input;
        for (Stage s : stages) {
            Program p = s.program();
            List<Long> out = new ArrayList<>();
            try (Machine m = Piglet.machine(MachineOptions.defaults().onPrint(out::add))) {
                m.run(p, Inputs.of(words.stream().mapToLong(Long::longValue).toArray()));
            }
            words = out;
        }
        return words;
    }
}
