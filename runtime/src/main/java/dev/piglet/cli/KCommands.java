package dev.piglet.cli;

import dev.piglet.k.KError;
import dev.piglet.k.KSession;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * The K commands: {@code run FILE.k} (a script: prints the last value) and {@code k} (the REPL).
 * Both accept {@code --ring SIZE} (context ring slots), {@code --fuel N} (steps for the whole script, or
 * for each REPL line, {@code \t} repetitions included) and
 * {@code --no-compile} (interpret only: no compiled tier for int lambdas).
 * Lines starting with a backslash are commands: {@code \\} quits, {@code \t:n expr} prints the
 * milliseconds n runs of expr take, {@code \t expr} one run.
 */
final class KCommands {
    private KCommands() {}

    private static final Set<String> VALUED = Set.of("--ring", "--fuel");
    private static final Set<String> FLAGS = Set.of("--no-compile");

    private static KSession session(Args a, String command, PrintStream out) {
        long ring = a.longValue(command, "--ring", KSession.DEFAULT_RING);
        if (ring < 16 || ring > (1 << 28)) {
            throw CliException.usage(command + ": --ring wants 16 .. 268435456 slots, got " + ring);
        }
        long fuel = a.longValue(command, "--fuel", Long.MAX_VALUE);
        KSession k = new KSession((int) ring, fuel == 0 ? Long.MAX_VALUE : fuel, out::println);
        k.setCompile(!a.has("--no-compile"));
        k.setRefuelEachEvaluation(false); // --fuel bounds the whole run (a REPL line), \t repetitions included
        return k;
    }

    static int run(List<String> raw, InputStream in, OutputStream rawOut, PrintStream err) {
        Args a = Args.parse("run", raw, VALUED, FLAGS);
        a.expectPositionals("run", 1, "piglet run FILE.k [--ring SIZE] [--fuel N] [--no-compile]");
        String file = a.positionals.getFirst();
        String src;
        try {
            src = Files.readString(Path.of(file), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw CliException.input("cannot read '" + file + "': no such file");
        } catch (IOException | java.io.UncheckedIOException e) {
            throw CliException.input("cannot read '" + file + "': " + e.getMessage());
        }
        PrintStream out = new CheckedPrintStream(rawOut); // a write error ends the command
        KSession k = session(a, "run", out);
        String[] lines = src.split("\n", -1);
        StringBuilder chunk = new StringBuilder();
        int chunkLine = 1;
        Object last = null;
        boolean lastWasValue = false;
        try {
            for (int i = 0; i <= lines.length; i++) {
                String line = i < lines.length ? lines[i] : null;
                boolean command = line != null && line.startsWith("\\");
                if (line == null || command) {
                    if (!chunk.isEmpty()) {
                        Object v = k.eval(chunk.toString(), chunkLine);
                        if (v != null) {
                            last = v;
                            lastWasValue = true;
                        }
                        chunk.setLength(0);
                    }
                    if (line == null) break;
                    if (line.strip().equals("\\\\")) break;
                    timeCommand(k, line, i + 1, out);
                    lastWasValue = false;
                    chunkLine = i + 2;
                } else {
                    chunk.append(line).append('\n');
                }
            }
            if (lastWasValue) {
                try {
                    out.println(KSession.format(last));
                } catch (StackOverflowError e) { // a value nested deeper than the printer can walk
                    throw new KError("stack error.", lines.length, 0);
                }
            }
            out.flush();
            return ExitCodes.OK;
        } catch (KError e) {
            out.flush();
            err.println(file + ":" + e.line() + (e.getMessage().startsWith("parse error") ? ":" + e.column() : "")
                    + ": " + e.getMessage());
            return ExitCodes.FAILURE;
        }
    }

    /** {@code \t:n expr} or {@code \t expr}: runs expr n times, prints the total milliseconds. */
    private static void timeCommand(KSession k, String line, int lineNo, PrintStream out) {
        String s = line.strip();
        if (!s.startsWith("\\t")) throw new KError("unknown command '" + s + "'.", lineNo, 1);
        long n = 1;
        String expr;
        if (s.startsWith("\\t:")) {
            int sp = s.indexOf(' ');
            String count = sp < 0 ? s.substring(3) : s.substring(3, sp);
            try {
                n = Long.parseLong(count);
            } catch (NumberFormatException e) {
                throw new KError("\\t:n wants a count, got '" + count + "'.", lineNo, 4);
            }
            expr = sp < 0 ? "" : s.substring(sp + 1);
        } else {
            expr = s.substring(2);
        }
        int program = k.compile(expr, lineNo);
        long t0 = System.nanoTime();
        if (program >= 0) {
            for (long i = 0; i < n; i++) k.execute(program);
        }
        long ms = (System.nanoTime() - t0) / 1_000_000;
        out.println(ms);
    }

    static int repl(List<String> raw, InputStream in, OutputStream rawOut, PrintStream err) {
        Args a = Args.parse("k", raw, VALUED, FLAGS);
        a.expectPositionals("k", 0, "piglet k [--ring SIZE] [--fuel N] [--no-compile]");
        PrintStream out = new CheckedPrintStream(rawOut); // a write error ends the command
        KSession k = session(a, "k", out);
        boolean interactive = System.console() != null && in == System.in;
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNo = 0;
        try {
            while (true) {
                if (interactive) {
                    out.print("  ");
                    out.flush();
                }
                String line = reader.readLine();
                if (line == null) break;
                lineNo++;
                if (line.strip().equals("\\\\")) break;
                k.refuel(); // each REPL line gets the whole --fuel
                try {
                    if (line.startsWith("\\")) {
                        timeCommand(k, line, lineNo, out);
                    } else {
                        Object v = k.eval(line, lineNo);
                        if (v != null) out.println(KSession.format(v));
                    }
                } catch (KError e) {
                    out.println(e.getMessage());
                } catch (StackOverflowError e) {
                    out.println("stack error.");
                } catch (OutOfMemoryError e) { // e.g. printing a huge value: report it, keep the session
                    out.println("wsfull.");
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.flush();
        return ExitCodes.OK;
    }
}
