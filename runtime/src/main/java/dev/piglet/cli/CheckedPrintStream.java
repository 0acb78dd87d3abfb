package dev.piglet.cli;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * A UTF-8 {@link PrintStream} that does not swallow write errors: the first failed write (a reader that
 * closed the pipe, a full disk) throws {@link UncheckedIOException} from the print or flush that made it,
 * which ends the command the way the bytecode commands end ({@link Main}: quietly for a closed pipe,
 * else {@code piglet: cannot write standard output: <the OS reason>}, exit 1). A plain PrintStream only sets a flag, so a program printing in a loop would
 * run to its end with nobody reading.
 */
final class CheckedPrintStream extends PrintStream {
    private final Recorder recorder;

    CheckedPrintStream(OutputStream out) {
        this(new Recorder(out));
    }

    private CheckedPrintStream(Recorder recorder) {
        super(recorder, false, StandardCharsets.UTF_8);
        this.recorder = recorder;
    }

    @Override
    public void print(String s) {
        super.print(s);
        check();
    }

    @Override
    public void println(String s) {
        super.println(s);
        check();
    }

    @Override
    public void println(Object o) {
        super.println(o);
        check();
    }

    @Override
    public void println(long v) {
        super.println(v);
        check();
    }

    @Override
    public void flush() {
        super.flush();
        check();
    }

    private void check() {
        IOException e = recorder.failure;
        if (e != null) {
            throw new UncheckedIOException(e);
        }
    }

    /** Passes bytes through and keeps the first write error for {@link #check}. */
    private static final class Recorder extends FilterOutputStream {
        IOException failure;

        Recorder(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw keep(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw keep(e);
            }
        }

        private IOException keep(IOException e) {
            if (failure == null) {
                failure = e;
            }
            return e;
        }
    }
}
