package dev.piglet.cli;

import dev.piglet.arena.BumpArena;
import dev.piglet.code.Assembler;
import dev.piglet.code.Disassembler;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.engines.Engines;
import dev.piglet.engines.TieredEngine;
import dev.piglet.jit.JitEngine;
import dev.piglet.stream.AsyncOutput;
import dev.piglet.stream.Links;
import dev.piglet.vm.DecimalReader;
import dev.piglet.vm.DecimalWriter;
import dev.piglet.vm.Engine;
import dev.piglet.vm.FusingEngine;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** The Piglet bytecode commands: run, asm, dis, engines. */
final class PigletCommands {
    private PigletCommands() {}

    static final Set<String> RUN_VALUED = Set.of("--engine", "--fuel", "--pipe", "--ring-bytes");
    static final Set<String> RUN_FLAGS = Set.of("--stats", "--async-output", "--no-fuse");

    static int run(List<String> raw, InputStream in, OutputStream out, PrintStream err) {
        Args a = Args.parse("run", raw, RUN_VALUED, RUN_FLAGS);
        a.expectPositionals("run", 1, "piglet run FILE [--pipe FILE2]... [--engine NAME] [--fuel N] [--stats]"
                + " [--async-output] [--no-fuse]");
        String file = a.positionals.getFirst();
        String named = a.value("--engine", null);
        long fuel = a.longValue("run", "--fuel", Engine.UNLIMITED);
        long ringBytes = a.longValue("run", "--ring-bytes", Links.RING_BYTES);
        if (a.has("--ring-bytes") && !a.has("--pipe")) {
            throw CliException.usage("run: --ring-bytes sizes the rings between --pipe stages; there is no --pipe");
        }
        if (Long.bitCount(ringBytes) != 1 || ringBytes < Links.MIN_RING_BYTES || ringBytes > Links.MAX_RING_BYTES) {
            throw CliException.usage("run: --ring-bytes wants a power of two from " + Links.MIN_RING_BYTES + " to "
                    + Links.MAX_RING_BYTES + ", got " + ringBytes);
        }
        if (a.has("--pipe")) {
            return PipeCommand.run(a, ringBytes, engine("run", named != null ? named : Engines.defaultEngine().name(),
                    a.has("--no-fuse")), fuel, in, out, err);
        }
        // No engine named: tiered execution, built directly so that a one-shot run does not initialise the
        // registry (which builds every engine).
        Engine engine = named == null ? new TieredEngine() : engine("run", named, a.has("--no-fuse"));
        byte[] code = Io.readBytecode(file, in, err);
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT
                + Program.footprint(code.length))) {
            Program program = Io.load(file, code, arena);
            MachineState machine = new MachineState(arena);
            DecimalWriter writer = new DecimalWriter(out);
            DecimalReader reader = new DecimalReader(in, "stdin");
            long started = System.nanoTime();
            AsyncOutput async = a.has("--async-output") ? new AsyncOutput(writer) : null;
            int status;
            try {
                status = engine.run(program, machine, async != null ? async : writer, reader, fuel);
            } finally {
                if (async != null) {
                    async.finish(); // every word written before the result or the error; rethrows an I/O error
                }
            }
            if (a.has("--stats")) {
                err.printf("piglet: engine %s, %d bytes of code, %d instructions executed, %.3f ms%n",
                        engine.name(), program.length(), machine.steps(), (System.nanoTime() - started) / 1e6);
                if (engine instanceof JitEngine) {
                    err.println("piglet: jit: " + JitEngine.plan(program).description());
                }
                if (engine instanceof TieredEngine) {
                    err.println("piglet: " + TieredEngine.lastRun());
                }
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

    /** The engine named {@code name}, unfused when asked (engines without fusion ignore it). */
    private static Engine engine(String command, String name, boolean noFuse) {
        Engine engine = Engines.byName(name).orElseThrow(() -> CliException.usage(
                command + ": unknown engine '" + name + "' (engines: " + Engines.names() + ")"));
        return noFuse && engine instanceof FusingEngine f ? f.withFusion(false) : engine;
    }

    /**
     * {@code runtimes FILE N [--engine NAME]... [--no-fuse]}: runs each selected engine (default all) N times,
     * program output to stdout, {@code PROFILE: <engine> finished took <ms>ms} per engine on stderr, as the
     * reference does.
     */
    static int runtimes(List<String> raw, InputStream in, OutputStream out, PrintStream err) {
        Args a = Args.parse("runtimes", raw, Set.of("--engine"), Set.of("--no-fuse"));
        String usage = "piglet runtimes FILE N [--engine NAME]... [--no-fuse]";
        a.expectPositionals("runtimes", 2, usage);
        String file = a.positionals.get(0);
        long times;
        try {
            times = Long.parseLong(a.positionals.get(1));
            if (times < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw CliException.usage("runtimes: N must be a positive integer, got '" + a.positionals.get(1) + "'");
        }
        List<Engine> engines = new java.util.ArrayList<>();
        for (String name : a.values("--engine").isEmpty() ? Engines.all().stream().map(Engine::name).toList()
                : a.values("--engine")) {
            engines.add(engine("runtimes", name, a.has("--no-fuse")));
        }
        byte[] code = Io.readBytecode(file, in, err);
        try (BumpArena arena = BumpArena.ofCapacity(MachineLayout.SIZE + MachineLayout.ALIGNMENT
                + Program.footprint(code.length))) {
            Program program = Io.load(file, code, arena);
            MachineState machine = new MachineState(arena);
            DecimalWriter writer = new DecimalWriter(out);
            DecimalReader reader = new DecimalReader(in, "stdin");
            for (Engine engine : engines) {
                long started = System.nanoTime();
                for (long i = 0; i < times; i++) {
                    int status = engine.run(program, machine, writer, reader, Engine.UNLIMITED);
                    if (status != Status.SUCCESS) {
                        writer.flush();
                        err.println("Runtime error: " + Status.message(status) + " at pc " + machine.pc()
                                + (status == Status.BAD_INPUT ? ": " + reader.error() : ""));
                        return ExitCodes.FAILURE;
                    }
                }
                writer.flush();
                err.println("PROFILE: " + engine.name() + " finished took " + (System.nanoTime() - started) / 1_000_000
                        + "ms");
            }
            return ExitCodes.OK;
        }
    }

    static int asm(List<String> raw, InputStream stdin, OutputStream out, PrintStream err) {
        Args a = Args.parse("asm", raw, Set.of(), Set.of());
        a.expectPositionals("asm", 2, "piglet asm IN.pvm OUT.bin");
        String in = a.positionals.get(0);
        String outFile = a.positionals.get(1);
        Assembler.Assembly assembly = Assembler.assemble(in, Io.readSource(in, stdin));
        assembly.warnings().forEach(err::println);
        Io.writeBytes(outFile, assembly.code(), out);
        return ExitCodes.OK;
    }

    static int dis(List<String> raw, InputStream in, OutputStream out, PrintStream err) {
        Args a = Args.parse("dis", raw, Set.of(), Set.of("--all"));
        a.expectPositionals("dis", 1, "piglet dis FILE.bin [--all]");
        String file = a.positionals.getFirst();
        // '-' is bytecode here (dis's FILE is a .bin); a .pvm name is assembled first
        byte[] code = file.equals("-") ? Io.readBin(file, in) : Io.readBytecode(file, in, err);
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
