package dev.piglet.cli;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.stream.AsyncOutput;
import dev.piglet.stream.Pipeline;
import dev.piglet.vm.DecimalReader;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code run a.pvm --pipe b.pvm [--pipe c.pvm]...}: a pipeline of VMs (see {@link Pipeline}).
 * The first program reads stdin, the last prints to stdout and, if every stage succeeded, its
 * {@code Result value:} line. Each stage that faulted gets one stderr line
 * {@code Runtime error: <message> at pc N (stage k: file)} (in stage order) and the exit code is 1.
 * Earlier stages' results are not printed. A fault stops the stages after the faulting one (they read the
 * words sent before it, then stop); a stage stopped because a neighbour ended is not reported as an error.
 */
final class PipeCommand {
    private PipeCommand() {}

    static int run(Args a, long ringBytes, Engine engine, long fuel, InputStream in, OutputStream out, PrintStream err) {
        List<String> files = new ArrayList<>();
        files.add(a.positionals.getFirst());
        files.addAll(a.values("--pipe"));
        List<BumpArena> arenas = new ArrayList<>();
        try {
            List<Pipeline.Stage> stages = new ArrayList<>();
            for (String file : files) {
                byte[] code = Io.readBytecode(file, in, err);
                BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT
                        + Program.footprint(code.length));
                arenas.add(arena);
                stages.add(new Pipeline.Stage(file, Io.load(file, code, arena), new MachineState(arena)));
            }
            DecimalWriter writer = new DecimalWriter(out);
            DecimalReader reader = new DecimalReader(in, "stdin");
            AsyncOutput async = a.has("--async-output") ? new AsyncOutput(writer) : null;
            long started = System.nanoTime();
            Pipeline.Outcome[] outcomes = Pipeline.run(engine, stages, reader, async != null ? async : writer, fuel, ringBytes);
            if (async != null) {
                async.finish();
            }
            writer.flush();
            long elapsed = System.nanoTime() - started;
            boolean failed = false;
            for (int k = 0; k < outcomes.length; k++) {
                Pipeline.Outcome o = outcomes[k];
                Pipeline.Stage s = stages.get(k);
                if (a.has("--stats")) {
                    err.printf("piglet: stage %d (%s): engine %s, %d instructions executed%s%n", k + 1, s.name(),
                            engine.name(), s.machine().steps(), o.stopped() ? ", stopped (a neighbouring stage ended)" : "");
                }
                if (o.error() instanceof UncheckedIOException io) {
                    throw io;
                }
                if (o.error() != null) {
                    throw new IllegalStateException("stage " + (k + 1) + " (" + s.name() + "): " + o.error(), o.error());
                }
                if (o.failed()) {
                    failed = true;
                    err.println("Runtime error: " + Status.message(o.status()) + " at pc " + s.machine().pc()
                            + (o.status() == Status.BAD_INPUT && k == 0 ? ": " + reader.error() : "")
                            + " (stage " + (k + 1) + ": " + s.name() + ")");
                }
            }
            if (a.has("--stats")) {
                err.printf("piglet: pipeline of %d stages, %.3f ms%n", outcomes.length, elapsed / 1e6);
            }
            if (failed) {
                return ExitCodes.FAILURE;
            }
            writer.text("Result value: " + Long.toUnsignedString(stages.getLast().machine().result()) + "\n");
            writer.flush();
            return ExitCodes.OK;
        } finally {
            arenas.forEach(BumpArena::close);
        }
    }
}
