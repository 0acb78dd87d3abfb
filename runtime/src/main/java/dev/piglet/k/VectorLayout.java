package dev.piglet.k;

import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * The one place that names the off-heap layout of K vectors (int and float vectors; general lists stay
 * Java arrays because they hold references).
 *
 * <pre>
 * vector of n items at byte offset base of its segment (8-byte aligned):
 *     int vector:   int64_t item[n];    // two's complement, wraps modulo 2^64
 *     float vector: double  item[n];    // IEEE 754 binary64
 *     char vector:  uint8_t item[n];    // one byte a char; the allocation is rounded up to 8 bytes
 * </pre>
 *
 * Vectors are bump-allocated from chunks of {@link #CHUNK_BYTES} (each chunk its own automatic arena,
 * so the garbage collector frees a chunk once no vector in it is reachable); a vector of more than
 * {@link #OWN_SEGMENT_BYTES} gets a segment of its own instead, so a big vector never pins a chunk and a
 * chunk never wastes more than that much at its end. See {@link VectorHeap} and docs/k.md.
 */
public final class VectorLayout {
    private VectorLayout() {}

    /** Bytes per item, int or float. */
    public static final long ITEM_BYTES = 8;

    /** log2 of {@link #ITEM_BYTES}: item i is at {@code base + (i << ITEM_SHIFT)}. */
    public static final int ITEM_SHIFT = 3;

    /** Size of a shared chunk: one native allocation and one cleaner for many small vectors. */
    public static final long CHUNK_BYTES = 256 * 1024;

    /** Chunks are cache-line aligned; vectors inside them are {@link #ITEM_BYTES} aligned. */
    public static final long CHUNK_ALIGNMENT = 64;

    /** Payloads larger than this (2048 items) get a segment and arena of their own instead of chunk space. */
    public static final long OWN_SEGMENT_BYTES = CHUNK_BYTES / 16;

    /**
     * New native memory (chunks and big vectors' segments) after which {@link VectorHeap} asks the JVM to
     * collect garbage, so dead vectors are freed (default 256 MiB; system property
     * {@code piglet.k.vectorGcBytes}, at least one chunk).
     */
    public static final long GC_BUDGET_BYTES = Math.max(CHUNK_BYTES,
            Long.getLong("piglet.k.vectorGcBytes", 256L * 1024 * 1024));

    /**
     * Idle chunks kept for reuse after their vectors died (zeroed by the cleaner, handed out again before
     * any new memory is asked for); beyond this the memory of dead chunks is given back. One and a half
     * collection budgets, so a session allocating steadily reuses every chunk a collection frees, with
     * room for the chunks the cleaner recycles late.
     */
    public static final long POOL_BYTES = GC_BUDGET_BYTES + GC_BUDGET_BYTES / 2;

    /** An int item at {@code (MemorySegment, long byteOffset)}. */
    static final VarHandle INT = ValueLayout.JAVA_LONG.varHandle().withInvokeExactBehavior();

    /** A float item at {@code (MemorySegment, long byteOffset)}. */
    static final VarHandle FLOAT = ValueLayout.JAVA_DOUBLE.varHandle().withInvokeExactBehavior();

    /** A char item (a byte) at {@code (MemorySegment, long byteOffset)}. */
    static final VarHandle CHAR = ValueLayout.JAVA_BYTE.varHandle().withInvokeExactBehavior();

    /** Byte offset of item i of a vector starting at {@code base}. */
    static long item(long base, int i) {
        return base + ((long) i << ITEM_SHIFT);
    }

    /** Payload bytes of an n-item vector. */
    static long bytes(int n) {
        return (long) n << ITEM_SHIFT;
    }
}
