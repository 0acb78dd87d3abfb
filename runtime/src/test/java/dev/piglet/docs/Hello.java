package dev.piglet.docs;

// The first example of docs/embedding.md: a whole host, as a user writes it (DocsTest checks the copy,
// EmbeddingExamplesTest runs it).
// tag::hello[]
import dev.piglet.Machine;
import dev.piglet.MachineOptions;
import dev.piglet.Piglet;
import dev.piglet.code.Program;

public class Hello {
    public static void main(String[] args) {
        Program program = Piglet.assemble("PUSHI 6\nPUSHI 7\nMUL\nPRINT\nDONE");
        try (Machine machine = Piglet.machine(MachineOptions.defaults())) {
            machine.run(program); // prints 42
        }
    }
}
// end::hello[]
