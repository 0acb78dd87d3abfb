package dev.piglet.cli;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.BinFile;
import dev.piglet.code.Disassembler;
import dev.piglet.code.Program;
import dev.piglet.stream.AsyncOutput;
import dev.piglet.vm.DecimalReader;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Engines;
import dev.piglet.vm.Machine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** The Piglet bytecode commands: run, asm, dis, engines. */
final class PigletCommands {
    private PigletCommands() {}

    static int run(List<String> raw, InputStream in, OutputStream out, PrintStream err) {
        Args a = Args.parse("run", raw, Set.of("--engine", "--fuel", "--pipe"), Set.of("--stats", "--async-output"));
        a.expectPositionals("run", 1,
                "piglet run FILE [--pipe FILE2]... [--engine NAME] [--fuel N] [--stats] [--async-output]");
        String file = a.positionals.getFirst();
        String engineName = a.value("--engine", Engines.defaultEngine().name());
        Engine engine = Engines.byName(engineName).orElseThrow(() -> CliException.usage(
                "run: unknown engine '" + engineName + "' (engines: " + Engines.names() + ")"));
        long fuel = a.longValue("run", "--fuel", Engine.UNLIMITED);
        if (a.has("--pipe")) {
            return PipeCommand.run(a, engine, fuel, in, out, err);
        }

        byte[] code = Io.readBytecode(file, err);
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT
                + Program.footprint(code.length))) {
            Program program = Io.load(file, code, arena);
            Machine machine = new Machine(arena);
            DecimalWriter writer = new DecimalWriter(out);
            DecimalReader reader = new DecimalReader(in, "stdin");
            long started = System.nanoTime();
            AsyncOutput async = a.has("--async-output") ? new AsyncOutput(writer) : null;
            int status = engine.run(program, machine, async != null ? async : writer, reader, fuel);
            if (async != null) {
                async.finish();     // every word formatted and written before the result or the error
            }
            if (a.has("--stats")) {
                err.printf("piglet: engine %s, %d bytes of code, %d instructions executed, %.3f ms%n",
                        engine.name(), program.length(), machine.steps(), (System.nanoTime() - started) / 1e6);
            }
            if (status != Status.SUCCESS) {
                writer.flush();
                err.println("Runtime error: " + Status.message(status) + " at pc " + machine.pc()
                        + (status == Status.BAD_INPUT ? ": " + reader.error() : ""));
                return ExitCodes.FAILURE;
            }
            writer.text("Result value: " + Long.toUnsignedString(machine.result()) + "\n");
            writer.flush();
            return ExitCodes.OK;
        }
    }

    static int asm(List<String> raw, PrintStream err) {
        Args a = Args.parse("asm", raw, Set.of(), Set.of());
        a.expectPositionals("asm", 2, "piglet asm IN.pvm OUT.bin");
        String in = a.positionals.get(0);
        String outFile = a.positionals.get(1);
        Assembler.Assembly assembly = Assembler.assemble(in, Io.readSource(in));
        assembly.warnings().forEach(err::println);
        try {
            BinFile.write(Path.of(outFile), assembly.code());
        } catch (IOException e) {
            throw CliException.input(outFile + ": cannot write: " + e.getMessage());
        }
        return ExitCodes.OK;
    }

    static int dis(List<String> raw, OutputStream out, PrintStream err) {
        Args a = Args.parse("dis", raw, Set.of(), Set.of("--all"));
        a.expectPositionals("dis", 1, "piglet dis FILE.bin [--all]");
        byte[] code = Io.readBytecode(a.positionals.getFirst(), err);
        StringBuilder text = new StringBuilder();
        for (String line : Disassembler.disassemble(code, a.has("--all"))) {
            text.append(line).append('\n');
        }
        print(out, text.toString());
        return ExitCodes.OK;
    }

    static int engines(List<String> raw, OutputStream out) {
        Args a = Args.parse("engines", raw, Set.of(), Set.of());
        a.expectPositionals("engines", 0, "piglet engines");
        StringBuilder text = new StringBuilder();
        for (Engine e : Engines.all()) {
            text.append(e.name()).append('\n');
        }
        print(out, text.toString());
        return ExitCodes.OK;
    }

    static void print(OutputStream out, String text) {
        try {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
