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
 * that limit makes the JVM collect garbage before it fails. But the JVM collects when its heap fills, and
 * vectors put almost nothing on the heap (a 32-byte handle for 8 KB of words), so the heap alone would
 * let garbage vectors pile up to that limit (gigabytes) before anything is freed; so this heap asks for a
 * collection ({@code System.gc()}) itself after every {@link VectorLayout#GC_BUDGET_BYTES} of new
 * chunks and big segments, which bounds the native memory held by dead vectors to about that much.
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

    private volatile Chunk current;
    private long chunks; // the rest is guarded by this
    private long ownSegments;
    private long sinceGc;
    private long forcedGcs;

    VectorHeap() {
        current = new Chunk(Arena.ofAuto().allocate(VectorLayout.CHUNK_BYTES, VectorLayout.CHUNK_ALIGNMENT));
        chunks = 1;
    }

    /** A new int vector of n zero items. */
    IntVec ints(int n) {
        long bytes = VectorLayout.bytes(n);
        if (n == 0) return new IntVec(EMPTY, 0, 0);
        if (bytes <= VectorLayout.OWN_SEGMENT_BYTES) {
            Chunk c = current;
            long at = (long) TOP.getAndAdd(c, bytes);
            if (at <= VectorLayout.CHUNK_BYTES - bytes) return new IntVec(c.mem, at, n);
        }
        return new IntVec(slow(bytes), 0, n);
    }

    /** A new float vector of n zero items. */
    FloatVec floats(int n) {
        long bytes = VectorLayout.bytes(n);
        if (n == 0) return new FloatVec(EMPTY, 0, 0);
        if (bytes <= VectorLayout.OWN_SEGMENT_BYTES) {
            Chunk c = current;
            long at = (long) TOP.getAndAdd(c, bytes);
            if (at <= VectorLayout.CHUNK_BYTES - bytes) return new FloatVec(c.mem, at, n);
        }
        return new FloatVec(slow(bytes), 0, n);
    }

    /**
     * The slow path: a segment whose first {@code bytes} are the new vector's, either its own segment
     * (a big vector) or a fresh chunk that becomes the current one with those bytes taken. Every
     * {@link VectorLayout#GC_BUDGET_BYTES} of new native memory it asks for a collection, see the class
     * comment.
     */
    private synchronized MemorySegment slow(long bytes) {
        boolean own = bytes > VectorLayout.OWN_SEGMENT_BYTES;
        sinceGc += own ? bytes : VectorLayout.CHUNK_BYTES;
        if (sinceGc > VectorLayout.GC_BUDGET_BYTES) {
            sinceGc = 0;
            forcedGcs++;
            System.gc();
        }
        if (own) {
            ownSegments++;
            return Arena.ofAuto().allocate(bytes, VectorLayout.ITEM_BYTES);
        }
        Chunk c = new Chunk(Arena.ofAuto().allocate(VectorLayout.CHUNK_BYTES, VectorLayout.CHUNK_ALIGNMENT));
        c.top = bytes; // taken before the chunk is published
        current = c;
        chunks++;
        return c.mem;
    }

    /** Chunks started so far (the first one included). */
    synchronized long chunks() {
        return chunks;
    }

    /** Vectors so big they got a segment of their own. */
    synchronized long ownSegments() {
        return ownSegments;
    }

    /** Collections this heap asked for. */
    synchronized long forcedGcs() {
        return forcedGcs;
    }
}
