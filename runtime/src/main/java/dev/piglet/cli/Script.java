package dev.piglet.cli;

import dev.piglet.k.KError;
import dev.piglet.k.KSession;
import java.io.PrintStream;

/**
 * K source run the way scripts and the REPL share: lines are gathered into chunks and evaluated together
 * (so a definition may span lines); a line starting with a backslash is a command between chunks:
 * {@code \\} ends the script, {@code \l FILE} loads another script, {@code \t expr} / {@code \t:n expr} prints
 * the milliseconds expr takes (once / n times).
 */
final class Script {
    private Script() {}

    /** Nested {@code \l} loads deeper than this are an error (a script that loads itself). */
    private static final int MAX_LOAD_DEPTH = 64;

    /** The value of a script's last expression (null if it had none) and the line that expression ends on. */
    record Result(Object last, int lastLine) {}

    /** An error already worded with its file and line (in a script {@code \l} loaded). */
    static final class Failure extends RuntimeException {
        Failure(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs a whole script; returns its last value. A K error in it is thrown with its line. */
    static Result load(KSession k, String name, String src, PrintStream out) {
        return load(k, name, src, out, 0);
    }

    private static Result load(KSession k, String name, String src, PrintStream out, int depth) {
        String[] lines = src.split("\n", -1);
        StringBuilder chunk = new StringBuilder();
        int chunkLine = 1;
        int chunkEnd = 0;
        Object last = null;
        int lastLine = 0;
        for (int i = 0; i <= lines.length; i++) {
            String line = i < lines.length ? lines[i] : null;
            boolean command = line != null && line.startsWith("\\");
            if (line == null || command) {
                if (!chunk.isEmpty()) {
                    Object v = k.eval(chunk.toString(), chunkLine);
                    if (v != null) {
                        last = v;
                        lastLine = chunkEnd;
                    }
                    chunk.setLength(0);
                }
                if (line == null || line.strip().equals("\\\\")) {
                    break;
                }
                command(k, line, i + 1, out, depth); // a command's output is not the script's value
                chunkLine = i + 2;
            } else {
                if (chunk.isEmpty()) {
                    chunkLine = i + 1;
                }
                chunk.append(line).append('\n');
                if (!line.isBlank()) {
                    chunkEnd = i + 1;
                }
            }
        }
        return new Result(last, lastLine);
    }

    /** One REPL line: a command, or an expression whose value is returned (null: nothing to print). */
    static Object line(KSession k, String line, int lineNo, PrintStream out) {
        if (line.startsWith("\\")) {
            command(k, line, lineNo, out, 0);
            return null;
        }
        return k.eval(line, lineNo);
    }

    private static void command(KSession k, String line, int lineNo, PrintStream out, int depth) {
        String s = line.strip();
        if (s.startsWith("\\l ") || s.equals("\\l")) {
            String file = s.substring(2).strip();
            if (file.isEmpty() || file.equals("-")) {
                throw new KError("\\l wants a file name.", lineNo, 3);
            }
            if (depth >= MAX_LOAD_DEPTH) {
                throw new KError("\\l nested more than " + MAX_LOAD_DEPTH + " deep.", lineNo, 1);
            }
            String src;
            try {
                src = Io.readText(file, null);
            } catch (CliException e) {
                throw new KError(e.getMessage() + ".", lineNo, 1);
            }
            try {
                load(k, file, src, out, depth + 1);
            } catch (KError e) {
                throw new Failure(located(file, e));
            }
        } else if (s.startsWith("\\t")) {
            time(k, s, lineNo, out);
        } else {
            throw new KError("unknown command '" + s + "' (\\\\ quits, \\l FILE loads, \\t expr times).", lineNo, 1);
        }
    }

    /** {@code \t:n expr} or {@code \t expr}: runs expr n times, prints the total milliseconds. */
    private static void time(KSession k, String s, int lineNo, PrintStream out) {
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
            for (long i = 0; i < n; i++) {
                k.execute(program);
            }
        }
        out.println((System.nanoTime() - t0) / 1_000_000);
    }

    /** {@code NAME:LINE: message} ({@code NAME:LINE:COL:} for a parse error), control characters made visible. */
    static String located(String name, KError e) {
        String m = e.getMessage();
        return name + ":" + e.line() + (m.startsWith("parse error") ? ":" + e.column() : "") + ": " + printable(m);
    }

    /** Control characters (ESC from an arrow key, say) as {@code \xHH}, so a message never drives the terminal. */
    static String printable(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
            if (control && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (control) {
                    b.append(String.format("\\x%02X", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }
}
