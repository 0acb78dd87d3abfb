package dev.piglet.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Lines of UTF-8 text from a stream (the REPL's standard input when it is not a terminal), each at most
 * {@code limit} bytes, so {@code k < /dev/zero} is an error naming the limit rather than an out-of-memory.
 * A read error is an error, not the end of the input.
 */
final class LineInput {
    private final InputStream in;
    private final int limit;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int end;
    private boolean eof;
    private long lineNumber;
    private byte[] line = new byte[256];

    LineInput(InputStream in, int limit) {
        this.in = in;
        this.limit = limit;
    }

    /** The number of the line {@link #next} returned last (1-based). */
    long lineNumber() {
        return lineNumber;
    }

    /**
     * The next line without its LF (and a CR before it), or null at the end of the input.
     *
     * @throws CliException if a line is longer than the limit, the stream cannot be read, or a line is not UTF-8
     *     (the session goes on after that one)
     */
    String next() {
        int n = 0;
        boolean any = false;
        while (true) {
            if (pos == end && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            byte b = buffer[pos++];
            if (b == '\n') {
                break;
            }
            if (n == limit) {
                throw Io.cannotRead("-", "line " + (lineNumber + 1) + " is longer than the limit of " + limit + " bytes");
            }
            if (n == line.length) {
                line = Arrays.copyOf(line, (int) Math.min(limit, 2L * line.length));
            }
            line[n++] = b;
        }
        lineNumber++;
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        return Io.decodeUtf8("-", Arrays.copyOf(line, n), lineNumber);
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int r = in.read(buffer, 0, buffer.length);
            if (r < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            end = r;
            return true;
        } catch (IOException e) {
            throw Io.cannotRead("-", Io.reason(e));
        }
    }
}
