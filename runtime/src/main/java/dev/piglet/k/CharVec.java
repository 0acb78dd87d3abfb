package dev.piglet.k;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** A char vector (a string, {@code "abc"}): one byte per char off-heap, see {@link VectorLayout}. */
public final class CharVec extends Vec {
    CharVec(MemorySegment mem, long base, int n) {
        super(mem, base, n);
    }

    /** A new vector of n NUL chars (verbs fill it, then it is never written again). */
    static CharVec of(int n) {
        return VectorHeap.VALUES.chars(n);
    }

    /** The string's bytes (chars above 255 are kept as their UTF-8 bytes). */
    static CharVec of(String s, VectorHeap heap) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        CharVec v = heap.chars(b.length);
        MemorySegment.copy(b, 0, v.mem, ValueLayout.JAVA_BYTE, v.base, b.length);
        return v;
    }

    static CharVec of(String s) {
        return of(s, VectorHeap.VALUES);
    }

    /** Char i (0..255). */
    public char get(int i) {
        Objects.checkIndex(i, n);
        return (char) ((byte) VectorLayout.CHAR.get(mem, base + i) & 0xFF);
    }

    void set(int i, char c) {
        Objects.checkIndex(i, n);
        VectorLayout.CHAR.set(mem, base + i, (byte) c);
    }

    /** The chars as a Java string (bytes read as UTF-8). */
    @Override
    public String toString() {
        byte[] b = new byte[n];
        MemorySegment.copy(mem, ValueLayout.JAVA_BYTE, base, b, 0, n);
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    long bytes() {
        return n;
    }

    @Override
    Object box(int i) {
        return get(i);
    }
}
