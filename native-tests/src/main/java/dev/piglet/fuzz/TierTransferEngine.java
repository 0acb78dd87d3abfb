package dev.piglet.fuzz;

import dev.piglet.code.Program;
import dev.piglet.engines.TieredEngine;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.util.List;

/**
 * The tiered engine with its test hook: a program's first run moves from the interpreter to the JIT's code
 * in the running thread at exactly its {@code k}-th loop back-edge (later runs of the same loaded program
 * start on the compiled code). Named {@code tiered@k} so a disagreement says which transfer point it was.
 */
public final class TierTransferEngine implements Engine {
    private final String name;
    private final TieredEngine tiered;

    public TierTransferEngine(int backEdge) {
        this.name = "tiered@" + backEdge;
        this.tiered = new TieredEngine(backEdge, 1, false);
    }

    /** Transfers at the first, second, 7th and 200th back-edge: at once, inside the first trips, and later. */
    public static List<Engine> some() {
        return List.of(new TierTransferEngine(1), new TierTransferEngine(2), new TierTransferEngine(7),
                new TierTransferEngine(200));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        return tiered.execute(program, machine, out, in, fuel);
    }
}
