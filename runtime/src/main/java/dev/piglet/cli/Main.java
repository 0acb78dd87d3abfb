package dev.piglet.cli;

import dev.piglet.code.AsmException;
import dev.piglet.code.BytecodeException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code piglet} command line: {@code java -jar runtime.jar COMMAND ...}.
 * Every failure ends as one line on stderr and a documented exit code ({@link ExitCodes}); a Java
 * stack trace would be a bug.
 */
public final class Main {
    /** Each command's help: its synopsis lines and options. {@code piglet COMMAND --help} prints one. */
    static final String RUN_HELP = """
              run FILE [--engine NAME] [--fuel N] [--stats] [--no-fuse] [--async-output] [--pipe FILE2]... [--ring-bytes N]
                                        run a program: FILE.pvm is assembled in memory, '-' is .pvm source on
                                        standard input, any other FILE is .bin bytecode
                --engine NAME           one of 'piglet engines' (default: tiered: interprets at once, jit for hot loops)
                --fuel N                stop with 'out of fuel' after N instructions (default: unbounded)
                --stats                 engine, code size, instructions executed and time on stderr
                --no-fuse               no instruction fusion in the engines that pre-decode
                --async-output          format and write PRINT output on a second thread
                --pipe FILE2            (repeatable) a pipeline: FILE's output is FILE2's READ input, each
                                        program on its own thread; the last one prints
                --ring-bytes N          with --pipe: each pipe's ring in bytes, a power of two (default 262144)
              run FILE.k [--k] [--ring SIZE] [--fuel N] [--no-compile]
                                        run a K script and print its last value; --k: FILE is K whatever its
                                        name ('-': the script on standard input)
                --ring SIZE             context ring slots, 16 .. 16777216 (default 524288): bounds recursion
                --fuel N                evaluation steps allowed for the whole script (default: unbounded)
                --no-compile            interpret only (no compiled tier for int lambdas)
            """;
    static final String K_HELP = """
              k [FILE.k] [--ring SIZE] [--fuel N] [--no-compile]
                                        the K REPL; loads FILE.k first. Lines starting with a backslash:
                                        \\\\ quits, \\l FILE loads a script, \\t expr and \\t:n expr time expr
            """;
    static final String RUNTIMES_HELP = """
              runtimes FILE N [--engine NAME]... [--no-fuse]
                                        run each engine (default all) N times, timings on stderr
            """;
    static final String ASM_HELP = """
              asm IN.pvm OUT.bin        assemble to raw bytecode ('-': standard input / output)
            """;
    static final String DIS_HELP = """
              dis FILE.bin [--all]      disassemble ('-': standard input); --all: past the first ABORT byte
            """;
    static final String ENGINES_HELP = """
              engines                   list the engines, one per line
            """;
    static final String USAGE = "usage: piglet COMMAND [ARGS]   (piglet COMMAND --help: that command's part)\n"
            + RUN_HELP + K_HELP + RUNTIMES_HELP + ASM_HELP + DIS_HELP + ENGINES_HELP + """
              -h, --help                this text
              -V, --version             the version
            options go before or after the arguments; '--' ends them (a file named '-x': -- -x)
            exit codes: 0 ok, 1 runtime fault or bad input, 2 usage error, 3 internal error,
                        141 standard output closed by its reader (e.g. | head)""";

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
                err.println("piglet: try 'piglet " + (helpTopic(args) != null ? args[0] + " " : "") + "--help'");
            }
            return e.exitCode();
        } catch (AsmException | BytecodeException e) {
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (UncheckedIOException e) {
            if (isBrokenPipe(e.getCause())) {
                return ExitCodes.BROKEN_PIPE; // the reader of stdout has gone (| head): stop quietly, as C tools do
            }
            err.println("piglet: cannot write standard output: " + Io.reason(e.getCause()));
            return ExitCodes.FAILURE;
        } catch (OutOfMemoryError e) {
            err.println("piglet: out of memory: " + e.getMessage());
            return ExitCodes.FAILURE;
        } catch (RuntimeException | StackOverflowError e) {
            err.println("piglet: internal error (please report): " + e);
            return ExitCodes.INTERNAL;
        }
    }

    /** True for the error a write to a pipe whose reader has gone gets (EPIPE). */
    static boolean isBrokenPipe(IOException e) {
        return e != null && "Broken pipe".equals(e.getMessage());
    }

    /** The help text of a command, or null if args[0] is no command. */
    private static String helpTopic(String[] args) {
        if (args.length == 0) {
            return null;
        }
        return switch (args[0]) {
            case "run" -> RUN_HELP;
            case "k" -> K_HELP;
            case "runtimes" -> RUNTIMES_HELP;
            case "asm" -> ASM_HELP;
            case "dis" -> DIS_HELP;
            case "engines" -> ENGINES_HELP;
            default -> null;
        };
    }

    private static int dispatch(String[] args, InputStream in, OutputStream out, PrintStream err) {
        if (args.length == 0) {
            throw CliException.usage("no command given");
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        String topic = helpTopic(args);
        if (topic != null && Args.wantsHelp(rest)) {
            PigletCommands.print(out, "usage: piglet " + topic.strip() + "\n");
            return ExitCodes.OK;
        }
        return switch (args[0]) {
            case "run" -> isKScript(rest) ? KCommands.run(rest, in, out, err) : PigletCommands.run(rest, in, out, err);
            case "k" -> KCommands.repl(rest, in, out, err);
            case "runtimes" -> PigletCommands.runtimes(rest, in, out, err);
            case "asm" -> PigletCommands.asm(rest, in, out, err);
            case "dis" -> PigletCommands.dis(rest, in, out, err);
            case "engines" -> PigletCommands.engines(rest, out);
            case "--help", "-h", "help" -> {
                PigletCommands.print(out, USAGE + "\n");
                yield ExitCodes.OK;
            }
            case "--version", "-V", "version" -> {
                PigletCommands.print(out, "piglet " + version() + "\n");
                yield ExitCodes.OK;
            }
            default -> throw CliException.usage("unknown command '" + args[0] + "'");
        };
    }

    /**
     * {@code run}'s FILE is a K script: named {@code *.k}, or {@code --k} given. Decided by FILE alone; an option
     * of the other kind is a usage error saying so.
     */
    private static boolean isKScript(List<String> rest) {
        Set<String> bytecode = union(PigletCommands.RUN_VALUED, PigletCommands.RUN_FLAGS);
        Set<String> k = union(KCommands.VALUED, KCommands.RUN_FLAGS);
        Args a = Args.parse("run", rest, union(PigletCommands.RUN_VALUED, KCommands.VALUED),
                union(PigletCommands.RUN_FLAGS, KCommands.RUN_FLAGS));
        boolean script = a.has("--k") || (!a.positionals.isEmpty() && a.positionals.getFirst().endsWith(".k"));
        for (String option : script ? bytecode : k) {
            if (a.has(option) && !(script ? k : bytecode).contains(option)) {
                throw CliException.usage("run: " + option + (script ? " is for bytecode programs, not K scripts"
                        : " is for K scripts (FILE.k, or --k)"));
            }
        }
        return script;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
