package dev.piglet.testing;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.MachineLayout;
import java.util.ArrayList;
import java.util.List;

/** Runs programs on an engine and captures everything an engine must agree on. */
public final class Runs {
    private Runs() {}

    /** Everything observable about a run. */
    public record Result(List<Long> output, int status, long pc, long sp, long result, long steps,
                         List<Long> stack, long memoryChecksum) {}

    public static Result run(Engine engine, String source) {
        return run(engine, Assembler.assemble("test.pvm", source).code(), Engine.UNLIMITED, Input.EMPTY);
    }

    public static Result run(Engine engine, byte[] code, long fuel, Input in) {
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + 64 + Program.footprint(code.length))) {
            Program program = Program.load("test", code, arena);
            MachineState machine = new MachineState(arena);
            List<Long> out = new ArrayList<>();
            int status = engine.run(program, machine, out::add, in, fuel);
            List<Long> stack = new ArrayList<>();
            for (int i = 0; i < machine.sp(); i++) {
                stack.add(machine.stack(i));
            }
            return new Result(out, status, machine.pc(), machine.sp(), machine.result(), machine.steps(),
                    stack, machine.memoryChecksum());
        }
    }

    /** An input of fixed words. */
    public static Input words(long... words) {
        return dev.piglet.Inputs.of(words);
    }
}
