package dev.piglet.k;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Where K vectors live: off-heap words bump-allocated from shared chunks (see {@link VectorLayout}).
 *
 * <p>Ownership: vectors see a chunk through a segment of its own {@link Arena#ofAuto() automatic arena}
 * (one per use of the chunk), and a vector keeps a reference to that segment, so the garbage collector
 * finds the chunk unused once no vector in it (and no slice a host got from it, and not this heap, which
 * only holds the chunk it is filling) is reachable. No vector is ever freed by hand, values can outlive
 * any evaluation (globals, REPL results, closures, a host's {@code KValue}), and a REPL loop such as
 * {@code a::!1000} does not leak: the old chunks become garbage. There is one cleaner per chunk use,
 * not per vector. The cleaner zeroes the chunk's memory and puts it in a pool of idle chunks (at most
 * {@link VectorLayout#POOL_BYTES}; beyond that the memory is simply let go), so a busy session reuses
 * warm memory instead of asking the allocator and the kernel for fresh pages every 32 vectors; a view
 * with its own arena, rather than the chunk's segment itself, is what lets the JDK's own liveness
 * tracking (which keeps a segment's arena reachable during every access) say when the memory may be
 * reused. Native memory taken this way counts against
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
    private static final MemorySegment EMPTY = MemorySegment.NULL;

    /** Idle chunks, zeroed (guarded by itself); each keeps its own arena, and so its memory, alive. */
    private static final ArrayDeque<MemorySegment> POOL = new ArrayDeque<>();
    private static final int POOL_CHUNKS = (int) (VectorLayout.POOL_BYTES / VectorLayout.CHUNK_BYTES);
    private static final long RECYCLE_WAIT_NANOS = 10_000_000;

    /**
     * Whether dead chunks are recycled. Seeing a chunk through a view with its own arena takes
     * {@link MemorySegment#reinterpret(long, Arena, Consumer)}, a restricted method: without native access
     * for this module (the CLI jar's manifest grants it; embedders pass
     * {@code --enable-native-access=ALL-UNNAMED}) the JDK would print a warning, so then every chunk is
     * fresh memory of its own automatic arena instead (slower to allocate, same lifetime rules).
     */
    static final boolean RECYCLE = VectorHeap.class.getModule().isNativeAccessEnabled();

    // after POOL: making a heap takes its first chunk

    /** Results of verbs: almost all short-lived. */
    static final VectorHeap VALUES = new VectorHeap();

    /** Vector literals, kept by a session's code table for the life of the session. */
    static final VectorHeap LITERALS = new VectorHeap();

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
    private long freshChunks;

    VectorHeap() {
        current = new Chunk(chunk());
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

    /** A new char vector of n NUL chars (its bytes rounded up to whole words, so vectors stay aligned). */
    CharVec chars(int n) {
        long bytes = (n + 7L) & ~7L;
        if (n == 0) return new CharVec(EMPTY, 0, 0);
        if (bytes <= VectorLayout.OWN_SEGMENT_BYTES) {
            Chunk c = current;
            long at = (long) TOP.getAndAdd(c, bytes);
            if (at <= VectorLayout.CHUNK_BYTES - bytes) return new CharVec(c.mem, at, n);
        }
        return new CharVec(slow(bytes), 0, n);
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
     * (a big vector) or a new chunk (pooled or fresh) that becomes the current one with those bytes
     * taken. After every {@link VectorLayout#GC_BUDGET_BYTES} of chunks handed out and big segments it
     * asks for a collection, see the class comment.
     */
    private synchronized MemorySegment slow(long bytes) {
        boolean own = bytes > VectorLayout.OWN_SEGMENT_BYTES;
        sinceGc += own ? bytes : VectorLayout.CHUNK_BYTES;
        if (sinceGc > VectorLayout.GC_BUDGET_BYTES) {
            sinceGc = 0;
            forcedGcs++;
            System.gc();
            // the cleaner thread now recycles the dead chunks: wait a little for them rather than
            // take fresh memory (fresh chunks cost page faults: ~100x a pooled one)
            long until = System.nanoTime() + RECYCLE_WAIT_NANOS;
            while (RECYCLE && pooledChunks() < POOL_CHUNKS / 2 && System.nanoTime() < until) {
                LockSupport.parkNanos(100_000);
            }
        }
        if (own) {
            ownSegments++;
            return Arena.ofAuto().allocate(bytes, VectorLayout.ITEM_BYTES);
        }
        Chunk c = new Chunk(chunk());
        c.top = bytes; // taken before the chunk is published
        current = c;
        return c.mem;
    }

    /**
     * A zeroed chunk, idle or fresh, seen through a new segment with an automatic arena of its own, whose
     * cleanup (run once no vector or slice of that segment is reachable) zeroes the memory and pools it.
     */
    private MemorySegment chunk() {
        chunks++;
        if (!RECYCLE) {
            freshChunks++;
            return Arena.ofAuto().allocate(VectorLayout.CHUNK_BYTES, VectorLayout.CHUNK_ALIGNMENT);
        }
        MemorySegment raw;
        synchronized (POOL) {
            raw = POOL.poll();
        }
        if (raw == null) {
            raw = Arena.ofAuto().allocate(VectorLayout.CHUNK_BYTES, VectorLayout.CHUNK_ALIGNMENT);
            freshChunks++;
        }
        return raw.reinterpret(VectorLayout.CHUNK_BYTES, Arena.ofAuto(), new Recycle(raw));
    }

    /** The cleanup of a chunk's view: the memory is free again (the argument is the view's address). */
    private record Recycle(MemorySegment raw) implements Consumer<MemorySegment> {
        @Override
        public void accept(MemorySegment unused) {
            synchronized (POOL) {
                if (POOL.size() >= POOL_CHUNKS) return; // let it go: its own arena frees it
            }
            raw.fill((byte) 0); // outside the lock: 256 KiB
            synchronized (POOL) {
                if (POOL.size() < POOL_CHUNKS) POOL.push(raw);
            }
        }
    }

    /** Chunks not taken from the pool but allocated anew. */
    synchronized long freshChunks() {
        return freshChunks;
    }

    /** Idle chunks in the pool. */
    static int pooledChunks() {
        synchronized (POOL) {
            return POOL.size();
        }
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
