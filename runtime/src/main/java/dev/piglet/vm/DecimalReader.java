package dev.piglet.vm;

import java.io.IOException;
import java.io.InputStream;

/**
 * READ's input from a text stream: one unsigned 64-bit decimal per line. Lines end at LF (a CR right
 * before the LF, or right before the end of the stream, belongs to the line ending; any other CR is an
 * ordinary, bad, character). Blanks (space, tab) around the number are ignored and blank lines skipped.
 * Parses bytes straight from its own buffer without allocating on the success path, and only reads the
 * stream when a READ asks, so programs without READ never touch it.
 */
public final class DecimalReader implements Input {
    private static final int EOF = -1;

    private final InputStream in;
    private final String name;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    private long word;
    private String error = "bad input";
    /** Why the stream could not be read (it then counts as bad input, not as its end), or null. */
    private IOException failure;
    /** The current line's text, kept (up to 40 chars, reused) for the error message. */
    private final StringBuilder text = new StringBuilder(48);

    /** @param name names the stream in error messages ("stdin") */
    public DecimalReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int next() {
        while (peek(0) != EOF) {
            line++;
            skipBlanks();
            if (atLineEnd()) {
                endLine(); // a blank line
                continue;
            }
            int result = parseLine();
            return failure != null ? readError() : result;
        }
        return failure != null ? readError() : END;
    }

    private int readError() {
        error = name + ": cannot read: " + failure.getMessage();
        return BAD;
    }

    private int parseLine() {
        text.setLength(0);
        boolean bad = false;
        boolean overflow = false;
        long value = 0;
        int digits = 0;
        while (!atLineEnd()) {
            int c = peek(0);
            pos++;
            if (c >= '0' && c <= '9' && !bad) {
                long d = c - '0';
                // value * 10 + d must stay below 2^64 (unsigned).
                if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    overflow = true;
                }
                value = value * 10 + d;
                digits++;
                keep(c);
            } else if (c == ' ' || c == '\t') {
                skipBlanks();
                if (!atLineEnd()) {
                    bad = true; // something after the number
                    keep(' ');
                }
            } else {
                bad = true;
                keep(c);
            }
        }
        endLine();
        if (bad || overflow || digits == 0) {
            error = name + ":" + line + ": '" + text + "' is not an unsigned 64-bit decimal (0.."
                    + Long.toUnsignedString(-1L) + ")";
            return BAD;
        }
        word = value;
        return WORD;
    }

    /** True at LF, at the end of the stream, or at a CR that is followed by either. */
    private boolean atLineEnd() {
        int c = peek(0);
        if (c == '\n' || c == EOF) {
            return true;
        }
        if (c == '\r') {
            int after = peek(1);
            return after == '\n' || after == EOF;
        }
        return false;
    }

    /** Consumes the line ending {@link #atLineEnd()} found. */
    private void endLine() {
        if (peek(0) == '\r') {
            pos++;
        }
        if (peek(0) == '\n') {
            pos++;
        }
    }

    private void keep(int c) {
        if (text.length() < 40) {
            text.append(c >= 0x20 && c < 0x7F ? (char) c : '?');
        } else if (text.length() == 40) {
            text.append("...");
        }
    }

    @Override
    public long word() {
        return word;
    }

    @Override
    public String error() {
        return error;
    }

    private void skipBlanks() {
        int c;
        while ((c = peek(0)) == ' ' || c == '\t') {
            pos++;
        }
    }

    /** The byte {@code ahead} (0 or 1) places on without consuming it, or {@link #EOF}. */
    private int peek(int ahead) {
        if (pos + ahead >= limit && !fill(ahead + 1)) {
            return EOF;
        }
        return buffer[pos + ahead] & 0xFF;
    }

    /** Makes at least {@code wanted} unread bytes available, keeping the unread ones; false at the end. */
    private boolean fill(int wanted) {
        if (pos > 0) {
            System.arraycopy(buffer, pos, buffer, 0, limit - pos);
            limit -= pos;
            pos = 0;
        }
        while (limit < wanted && !eof) {
            int n;
            try {
                n = in.read(buffer, limit, buffer.length - limit);
            } catch (IOException e) {
                failure = e;
                n = -1;
            }
            if (n < 0) {
                eof = true;
            } else {
                limit += n;
            }
        }
        return limit >= wanted;
    }
}
