package dev.piglet.vm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * The reference's output format, fast: each word as an unsigned decimal and a newline, formatted
 * into a byte buffer without allocating, written to the stream when the buffer fills or on
 * {@link #flush()}. Printing 654,300 numbers (sieve x100) must not dominate a run.
 */
public final class DecimalWriter implements Output {
    private static final int CAPACITY = 1 << 16;
    /** Longest line: 20 digits of 2^64-1 and the newline. */
    private static final int MAX_LINE = 21;

    private final OutputStream out;
    private final byte[] buffer = new byte[CAPACITY];
    private int used;

    public DecimalWriter(OutputStream out) {
        this.out = out;
    }

    @Override
    public void print(long word) {
        if (used > CAPACITY - MAX_LINE) {
            drain();
        }
        used = format(word, buffer, used);
        buffer[used++] = '\n';
    }

    /** Writes raw text (the CLI's "Result value: N" line) in order with printed words. */
    public void text(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (used == CAPACITY) {
                drain();
            }
            buffer[used++] = (byte) s.charAt(i);
        }
    }

    /** Formats {@code word} as an unsigned decimal into {@code dst} at {@code at}; returns the end. */
    public static int format(long word, byte[] dst, int at) {
        if (word >= 0 && word < 10) {
            dst[at] = (byte) ('0' + word);
            return at + 1;
        }
        int digits = unsignedDigits(word);
        int end = at + digits;
        int i = end;
        if (word < 0) {
            // Above 2^63: one unsigned division brings it into signed range.
            long q = Long.divideUnsigned(word, 10);
            dst[--i] = (byte) ('0' + (word - q * 10));
            word = q;
        }
        while (word >= 10) {
            long q = word / 10;
            dst[--i] = (byte) ('0' + (word - q * 10));
            word = q;
        }
        dst[--i] = (byte) ('0' + word);
        return end;
    }

    private static int unsignedDigits(long word) {
        if (word < 0) {
            return Long.compareUnsigned(word, -8446744073709551616L) >= 0 ? 20 : 19; // 10^19 unsigned
        }
        long p = 10;
        for (int d = 1; d < 19; d++) {
            if (word < p) {
                return d;
            }
            p *= 10;
        }
        return 19;
    }

    @Override
    public void flush() {
        drain();
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void drain() {
        if (used == 0) {
            return;
        }
        try {
            out.write(buffer, 0, used);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        used = 0;
    }
}
