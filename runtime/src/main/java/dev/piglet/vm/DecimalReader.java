package dev.piglet.vm;

import java.io.IOException;
import java.io.InputStream;

/**
 * READ's input from a text stream: one unsigned 64-bit decimal per line (blanks around it and empty
 * lines are ignored). Parses bytes straight from its own buffer without allocating, and only reads
 * the stream when a READ asks, so programs without READ never touch it.
 */
public final class DecimalReader implements Input {
    private final InputStream in;
    private final String name;
    private final byte[] buffer = new byte[1 << 16];
    private int pos;
    private int limit;
    private boolean eof;
    private long line;
    private long word;
    private String error = "bad input";
    /** The current line's text, kept (up to 40 chars, reused) for the error message. */
    private final StringBuilder text = new StringBuilder(48);

    /** @param name names the stream in error messages ("stdin") */
    public DecimalReader(InputStream in, String name) {
        this.in = in;
        this.name = name;
    }

    @Override
    public int next() {
        while (true) {
            int c = peek();
            if (c < 0) {
                return END;
            }
            line++;
            skipBlanks();
            c = peek();
            if (c == '\n' || c == '\r' || c < 0) {
                skipLine();
                continue; // an empty line
            }
            return parseLine();
        }
    }

    private int parseLine() {
        text.setLength(0);
        boolean bad = false;
        long value = 0;
        boolean overflow = false;
        int digits = 0;
        while (true) {
            int c = peek();
            if (c >= '0' && c <= '9') {
                pos++;
                digits++;
                long d = c - '0';
                // value * 10 + d must stay below 2^64 (unsigned).
                if (Long.compareUnsigned(value, Long.divideUnsigned(-1L - d, 10)) > 0) {
                    overflow = true;
                }
                value = value * 10 + d;
                keep(c);
                continue;
            }
            if (c == ' ' || c == '\t') {
                skipBlanks();
                c = peek();
                if (c == '\n' || c == '\r' || c < 0) {
                    break;
                }
                keep(' ');
            }
            if (c == '\n' || c == '\r' || c < 0) {
                break;
            }
            bad = true;
            keep(c);
            pos++;
        }
        skipLine();
        if (bad || overflow || digits == 0) {
            error = name + ":" + line + ": '" + text + "' is not an unsigned 64-bit decimal (0.."
                    + Long.toUnsignedString(-1L) + ")";
            return BAD;
        }
        word = value;
        return WORD;
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
        while ((c = peek()) == ' ' || c == '\t') {
            pos++;
        }
    }

    private void skipLine() {
        int c;
        while ((c = peek()) >= 0) {
            pos++;
            if (c == '\n') {
                return;
            }
        }
    }

    /** The next byte without consuming it, or -1 at the end of the stream. */
    private int peek() {
        if (pos == limit) {
            if (eof) {
                return -1;
            }
            try {
                limit = in.read(buffer, 0, buffer.length);
            } catch (IOException e) {
                limit = -1;
            }
            pos = 0;
            if (limit <= 0) {
                limit = 0;
                eof = true;
                return -1;
            }
        }
        return buffer[pos] & 0xFF;
    }
}
