package dev.piglet.cli;

import dev.piglet.code.AsmException;
import dev.piglet.code.BytecodeException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The {@code piglet} command line: {@code java -jar runtime.jar COMMAND ...}.
 * Every failure ends as one line on stderr and a documented exit code ({@link ExitCodes}); a Java
 * stack trace would be a bug.
 */
public final class Main {
    static final String USAGE = """
            usage: piglet COMMAND [ARGS]
              run FILE [--engine NAME] [--fuel N] [--stats] [--no-fuse]
                                                    run a .pvm (assembled in memory) or .bin program
                  [--async-output]                  format and write PRINT output on a second thread
                  [--pipe FILE2]...                 a pipeline: FILE's output is FILE2's READ input, each
                                                    program on its own thread; the last one prints
                  [--ring-bytes N]                  each pipe's ring, bytes (a power of two; 262144)
              run FILE.k [--ring SIZE] [--fuel N]   run a K script, print its last value
              k [--ring SIZE] [--fuel N]            the K REPL (reads stdin; \\\\ quits)
              runtimes FILE N [--engine NAME]... [--no-fuse]
                                                    run each engine (default all) N times, timings on stderr
              asm IN.pvm OUT.bin                    assemble to raw bytecode
              dis FILE.bin [--all]                  disassemble (--all: past the first ABORT byte)
              engines                               list the engines, one per line
              --help                                this text
              --version                             the version
            exit codes: 0 ok, 1 runtime fault or bad input, 2 usage error, 3 internal error""";

    private Main() {}

    public static void main(String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        int code = run(args, System.in, stdout, System.err);
        System.err.flush();
        System.exit(code);
    }

    /** Runs one command; returns its exit code. {@code out} gets program output, {@code err} messages. */
    public static int run(String[] args, InputStream in, OutputStream out, PrintStream err) {
        try {
            return dispatch(args, in, out, err);
        } catch (CliException e) {
            err.println("piglet: " + e.getMessage());
            if (e.exitCode() == ExitCodes.USAGE) {
                err.println("piglet: try 'piglet --help'");
            }
            return e.exitCode();
        } catch (AsmException | BytecodeException e) {
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (UncheckedIOException e) {
            err.println("piglet: I/O error: " + e.getCause().getMessage());
            return ExitCodes.FAILURE;
        } catch (OutOfMemoryError e) {
            err.println("piglet: out of memory: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("piglet: internal error (please report): " + e);
            return ExitCodes.INTERNAL;
        }
    }

    private static int dispatch(String[] args, InputStream in, OutputStream out, PrintStream err) {
        if (args.length == 0) {
            throw CliException.usage("no command given");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        return switch (args[0]) {
            case "run" -> rest.stream().anyMatch(s -> s.endsWith(".k"))
                    ? KCommands.run(rest, in, out, err)
                    : PigletCommands.run(rest, in, out, err);
            case "k" -> KCommands.repl(rest, in, out, err);
            case "runtimes" -> PigletCommands.runtimes(rest, in, out, err);
            case "asm" -> PigletCommands.asm(rest, err);
            case "dis" -> PigletCommands.dis(rest, out, err);
            case "engines" -> PigletCommands.engines(rest, out);
            case "--help", "-h", "help" -> {
                PigletCommands.print(out, USAGE + "\n");
                yield ExitCodes.OK;
            }
            case "--version", "version" -> {
                PigletCommands.print(out, "piglet " + version() + "\n");
                yield ExitCodes.OK;
            }
            default -> throw CliException.usage("unknown command '" + args[0] + "'");
        };
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
