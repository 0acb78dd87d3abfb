package dev.piglet.cli;

import dev.piglet.k.KError;
import dev.piglet.k.KSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * The K commands: {@code run FILE.k} (a script: prints the last value) and {@code k [FILE.k]} (the REPL;
 * {@link KRepl} on a terminal). Both accept {@code --ring SIZE} (context ring slots), {@code --fuel N} (steps
 * for a whole script, or for each REPL line, {@code \t} repetitions included) and {@code --no-compile} (interpret only: no compiled tier for int lambdas).
 * Lines starting with a backslash are commands: {@code \\} quits, {@code \l FILE} loads a script,
 * {@code \t:n expr} prints the milliseconds n runs of expr take, {@code \t expr} one run.
 */
final class KCommands {
    private KCommands() {}

    static final Set<String> VALUED = Set.of("--ring", "--fuel");
    static final Set<String> FLAGS = Set.of("--no-compile");
    /** {@code run}'s flags for a K script: {@code --k} makes FILE a script whatever its name. */
    static final Set<String> RUN_FLAGS = Set.of("--no-compile", "--k");
    /** The largest {@code --ring}: 2^24 slots take about 200 MB of heap and 512 MB off-heap. */
    static final int MAX_RING = 1 << 24;

    static KSession session(Args a, String command, PrintStream out) {
        long ring = a.longValue(command, "--ring", KSession.DEFAULT_RING);
        if (ring < 16 || ring > MAX_RING) {
            throw CliException.usage(command + ": --ring wants 16 .. " + MAX_RING + " slots, got " + ring);
        }
        long fuel = a.longValue(command, "--fuel", Long.MAX_VALUE);
        KSession k;
        try {
            k = new KSession((int) ring, fuel == 0 ? Long.MAX_VALUE : fuel, out::println);
        } catch (OutOfMemoryError e) {
            throw CliException.input(command + ": not enough memory for --ring " + ring
                    + " (about " + (ring * 44 >> 20) + " MB); give a smaller --ring or more memory (java -Xmx)");
        }
        k.setCompile(!a.has("--no-compile"));
        k.setRefuelEachEvaluation(false); // --fuel bounds a whole script or REPL line, \t repetitions included
        return k;
    }

    static int run(List<String> raw, InputStream in, OutputStream rawOut, PrintStream err) {
        Args a = Args.parse("run", raw, VALUED, RUN_FLAGS);
        a.expectPositionals("run", 1, "piglet run FILE.k [--k] [--ring SIZE] [--fuel N] [--no-compile]");
        String file = a.positionals.getFirst();
        String src = Io.readText(file, in);
        PrintStream out = new CheckedPrintStream(rawOut); // a write error ends the command
        KSession k = session(a, "run", out);
        try {
            Script.Result r = Script.load(k, file, src, out);
            if (r.last() != null) {
                try {
                    out.println(KSession.format(r.last()));
                } catch (StackOverflowError e) { // a value nested deeper than the printer can walk
                    throw new KError("stack error.", r.lastLine(), 0);
                } catch (OutOfMemoryError e) {
                    throw new KError("wsfull.", r.lastLine(), 0);
                }
            }
            out.flush();
            return ExitCodes.OK;
        } catch (Script.Failure e) {
            out.flush();
            err.println(e.getMessage());
            return ExitCodes.FAILURE;
        } catch (KError e) {
            out.flush();
            err.println(Script.located(scriptName(file), e));
            return ExitCodes.FAILURE;
        }
    }

    static String scriptName(String file) {
        return file.equals("-") ? "stdin" : file;
    }

    /**
     * {@code k [FILE.k]}: loads FILE.k (printing only what it shows with {@code 0N!}), then reads lines. On a
     * terminal that is {@link KRepl}; otherwise (a pipe, a file) each line's value goes to stdout, each error to
     * stderr as {@code stdin:LINE: message}, and the exit code is 1 if any line failed.
     */
    static int repl(List<String> raw, InputStream in, OutputStream rawOut, PrintStream err) {
        Args a = Args.parse("k", raw, VALUED, FLAGS);
        if (a.positionals.size() > 1) {
            a.expectPositionals("k", 1, "piglet k [FILE.k] [--ring SIZE] [--fuel N] [--no-compile]");
        }
        String script = a.positionals.isEmpty() ? null : a.positionals.getFirst();
        if ("-".equals(script)) {
            throw CliException.usage("k: '-' cannot be the script: standard input is the REPL's input");
        }
        String src = script == null ? null : Io.readText(script, in);
        PrintStream out = new CheckedPrintStream(rawOut); // a write error ends the command
        KSession k = session(a, "k", out);
        if (in == System.in && KRepl.isTerminal()) {
            return KRepl.run(k, script, src, out);
        }
        boolean failed = false;
        if (script != null) {
            failed = !loadQuietly(k, script, src, out, err);
        }
        LineInput lines = new LineInput(in, Io.MAX_SOURCE_BYTES);
        String line;
        while ((line = lines.next()) != null) {
            long lineNo = lines.lineNumber();
            if (line.strip().equals("\\\\")) {
                break;
            }
            k.refuel(); // each REPL line gets the whole --fuel
            try {
                Object v = Script.line(k, line, (int) lineNo, out);
                if (v != null) {
                    out.println(KSession.format(v));
                }
            } catch (KError e) {
                out.flush();
                err.println(Script.located("stdin", e));
                failed = true;
            } catch (Script.Failure e) {
                out.flush();
                err.println(e.getMessage());
                failed = true;
            } catch (CliException e) {
                out.flush();
                err.println("piglet: " + e.getMessage());
                failed = true;
            } catch (StackOverflowError e) {
                out.flush();
                err.println("stdin:" + lineNo + ": stack error.");
                failed = true;
            } catch (OutOfMemoryError e) { // e.g. printing a huge value: report it, keep the session
                out.flush();
                err.println("stdin:" + lineNo + ": wsfull.");
                failed = true;
            }
            out.flush();
        }
        out.flush();
        return failed ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /** Loads a script into the session; on an error prints it to {@code err} and returns false. */
    static boolean loadQuietly(KSession k, String file, String src, PrintStream out, PrintStream err) {
        try {
            Script.load(k, file, src, out);
            out.flush();
            return true;
        } catch (KError e) {
            out.flush();
            err.println(Script.located(file, e));
        } catch (Script.Failure e) {
            out.flush();
            err.println(e.getMessage());
        }
        return false;
    }
}
