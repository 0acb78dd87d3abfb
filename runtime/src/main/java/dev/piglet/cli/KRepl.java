package dev.piglet.cli;

import dev.piglet.k.KError;
import dev.piglet.k.KSession;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.jline.reader.Candidate;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The K REPL on a terminal (JLine): line editing, history kept in {@code ~/.piglet_history} (or
 * {@code $PIGLET_HISTORY}), Tab completes defined names and the backslash commands. Ctrl-C at the prompt
 * clears the line; during an evaluation it stops the evaluation ({@code interrupted.}) and the session goes
 * on; Ctrl-D on an empty line or {@code \\} quits. A value longer than the terminal is cut to its width and
 * height, marked with {@code ..} (as q does).
 */
final class KRepl {
    private KRepl() {}

    static final String PROMPT = "  ";
    static final String CUT = "..";

    /** Whether standard input and output are both a terminal (the JDK's own check). */
    static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    static int run(KSession k, String script, String src, PrintStream out) {
        Logger.getLogger("org.jline").setLevel(Level.SEVERE); // e.g. an unwritable history file is not worth a warning
        try (Terminal terminal = TerminalBuilder.builder().system(true).encoding(StandardCharsets.UTF_8).build()) {
            LineReader reader = LineReaderBuilder.builder()
                    .terminal(terminal)
                    .appName("piglet")
                    .variable(LineReader.HISTORY_FILE, historyFile())
                    .variable(LineReader.HISTORY_SIZE, 1000)
                    .completer((r, line, candidates) -> {
                        for (String name : k.names()) {
                            candidates.add(new Candidate(name));
                        }
                        if (line.wordIndex() == 0) {
                            for (String c : new String[] {"\\\\", "\\l", "\\t"}) {
                                candidates.add(new Candidate(c));
                            }
                        }
                    })
                    .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true) // '!' is a K verb, not history
                    .build();
            // `out` is the session's own stdout stream (0N! writes there too), flushed after every evaluation
            if (script != null) {
                evaluate(terminal, k, () -> {
                    KCommands.loadQuietly(k, script, src, out, out);
                    return null;
                }, out, 0);
            }
            int lineNo = 0;
            while (true) {
                String line;
                try {
                    line = reader.readLine(PROMPT);
                } catch (UserInterruptException e) {
                    continue; // Ctrl-C at the prompt: a fresh line
                } catch (EndOfFileException e) {
                    break; // Ctrl-D
                }
                lineNo++;
                if (line.strip().equals("\\\\")) {
                    break;
                }
                int n = lineNo;
                k.refuel(); // each line gets the whole --fuel
                evaluate(terminal, k, () -> Script.line(k, line, n, out), out, n);
            }
            out.flush();
            return ExitCodes.OK;
        } catch (IOException e) {
            throw CliException.input("cannot use the terminal: " + Io.reason(e));
        }
    }

    private interface Evaluation {
        Object run();
    }

    /** Runs one evaluation with Ctrl-C routed to {@link KSession#interrupt}; prints its value or its error. */
    private static void evaluate(Terminal terminal, KSession k, Evaluation e, PrintStream out, int lineNo) {
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> k.interrupt());
        try {
            Object v = e.run();
            if (v != null) {
                out.println(fit(KSession.format(v), terminal.getWidth(), terminal.getHeight()));
            }
        } catch (KError x) {
            if (x.getMessage().equals("interrupted.")) {
                out.println(); // after the terminal's ^C
            }
            out.println(Script.printable(x.getMessage()));
        } catch (Script.Failure | CliException x) {
            out.println(Script.printable(x.getMessage()));
        } catch (StackOverflowError x) {
            out.println("stack error.");
        } catch (OutOfMemoryError x) {
            out.println("wsfull.");
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            out.flush();
        }
    }

    private static Path historyFile() {
        String env = System.getenv("PIGLET_HISTORY");
        if (env != null && !env.isEmpty()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".piglet_history");
    }

    /**
     * {@code text} cut to fit a terminal of {@code width} columns and {@code height} rows: a longer line ends in
     * {@code ..} at the right edge, and if there are more lines than rows (less one for the prompt) the last
     * row shown is {@code ..}. A size of 0 (unknown) does not cut.
     */
    static String fit(String text, int width, int height) {
        String[] lines = text.split("\n", -1);
        int rows = lines.length;
        boolean cutRows = height > 2 && rows > height - 1;
        if (cutRows) {
            rows = height - 2;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < rows; i++) {
            String line = lines[i];
            if (width > CUT.length() && line.codePointCount(0, line.length()) > width) {
                line = line.substring(0, line.offsetByCodePoints(0, width - CUT.length())) + CUT;
            }
            if (i > 0) {
                b.append('\n');
            }
            b.append(line);
        }
        if (cutRows) {
            b.append('\n').append(CUT);
        }
        return b.toString();
    }
}
