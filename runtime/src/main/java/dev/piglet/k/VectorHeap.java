package dev.piglet.k;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Where K vectors live: off-heap words bump-allocated from shared chunks (see {@link VectorLayout}).
 *
 * <p>Ownership: each chunk is a segment of its own {@link Arena#ofAuto() automatic arena}, and a vector
 * keeps a reference to its chunk's segment, so a chunk is freed by the garbage collector once no vector
 * in it (and not this heap, which only holds the chunk it is filling) is reachable. No vector is ever
 * freed by hand, values can outlive any evaluation (globals, REPL results, closures, a host's
 * {@code KValue}), and a REPL loop such as {@code a::!1000} does not leak: the old chunks become
 * garbage. There is one cleaner per chunk, not per vector. Native memory taken this way counts against
 * the JVM's direct-memory limit ({@code -XX:MaxDirectMemorySize}, by default the heap size), and reaching
 * that limit makes the JVM collect garbage before it fails, so off-heap vectors cannot outgrow it unseen.
 *
 * <p>Thread-safe and lock-free on the fast path: sessions on different threads share a heap, and an
 * allocation is one atomic add on the current chunk's cursor; only starting a new chunk synchronizes.
 * Long-lived values are kept apart from temporaries ({@link #LITERALS} for vector literals, which a
 * session's code keeps forever) so they do not pin chunks of short-lived results.
 */
final class VectorHeap {
    /** Results of verbs: almost all short-lived. */
    static final VectorHeap VALUES = new VectorHeap();

    /** Vector literals, kept by a session's code table for the life of the session. */
    static final VectorHeap LITERALS = new VectorHeap();

    private static final MemorySegment EMPTY = MemorySegment.NULL;

    /** A chunk being filled: its segment and the next free byte (may overshoot the end once full). */
    private static final class Chunk {
        final MemorySegment mem;
        @SuppressWarnings("unused") // updated through TOP
        volatile long top;

        Chunk(MemorySegment mem) {
            this.mem = mem;
        }
    }

    private static final VarHandle TOP;

    static {
        try {
            TOP = MethodHandles.lookup().findVarHandle(Chunk.class, "top", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Chunk current = newChunk();
    private long chunks; // guarded by this
    private long ownSegments; // approximate (not synchronized): a statistic for tests and docs

    /** A new int vector of n zero items. */
    IntVec ints(int n) {
        long bytes = VectorLayout.bytes(n);
        if (n == 0) return new IntVec(EMPTY, 0, 0);
        if (bytes > VectorLayout.OWN_SEGMENT_BYTES) return new IntVec(own(bytes), 0, n);
        while (true) {
            Chunk c = current;
            long at = (long) TOP.getAndAdd(c, bytes);
            if (at <= VectorLayout.CHUNK_BYTES - bytes) return new IntVec(c.mem, at, n);
            refill(c);
        }
    }

    /** A new float vector of n zero items. */
    FloatVec floats(int n) {
        long bytes = VectorLayout.bytes(n);
        if (n == 0) return new FloatVec(EMPTY, 0, 0);
        if (bytes > VectorLayout.OWN_SEGMENT_BYTES) return new FloatVec(own(bytes), 0, n);
        while (true) {
            Chunk c = current;
            long at = (long) TOP.getAndAdd(c, bytes);
            if (at <= VectorLayout.CHUNK_BYTES - bytes) return new FloatVec(c.mem, at, n);
            refill(c);
        }
    }

    /** Chunks started so far (the first one included). */
    synchronized long chunks() {
        return chunks;
    }

    /** Vectors so big they got a segment of their own. */
    long ownSegments() {
        return ownSegments;
    }

    private MemorySegment own(long bytes) {
        ownSegments++;
        return Arena.ofAuto().allocate(bytes, VectorLayout.ITEM_BYTES);
    }

    /** Replaces the full chunk c unless another thread already did. */
    private synchronized void refill(Chunk c) {
        if (current == c) current = newChunk();
    }

    private Chunk newChunk() {
        synchronized (this) {
            chunks++;
        }
        return new Chunk(Arena.ofAuto().allocate(VectorLayout.CHUNK_BYTES, VectorLayout.CHUNK_ALIGNMENT));
    }
}
