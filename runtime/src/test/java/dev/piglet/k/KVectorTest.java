package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Int and float vectors as off-heap words: representation, memory ownership, sizes, mixed arithmetic. */
class KVectorTest {
    private static String eval(KSession k, String src) {
        return KSession.format(k.eval(src));
    }

    @Test
    void vectorsAreWordsOffHeap() {
        KSession k = new KSession();
        for (String src : new String[] {"!10", "1 2 3", "2*!5", ",7", "1 2,3", "|!4", "x:!3;x+x", "&2 1", "<3 1 2"}) {
            Object v = k.eval(src);
            IntVec iv = assertInstanceOf(IntVec.class, v, src);
            MemorySegment s = iv.segment();
            assertTrue(s.isNative(), src);
            assertTrue(s.isReadOnly(), src);
            assertEquals(8L * iv.count(), s.byteSize(), src);
            for (int i = 0; i < iv.count(); i++) assertEquals(iv.get(i), s.getAtIndex(ValueLayout.JAVA_LONG, i), src);
        }
        for (String src : new String[] {"1.5 2 3", "(!4)%2", ",2.5", "1 2,3.5", "|0.5 1.5"}) {
            FloatVec fv = assertInstanceOf(FloatVec.class, k.eval(src), src);
            MemorySegment s = fv.segment();
            assertTrue(s.isNative(), src);
            for (int i = 0; i < fv.count(); i++) {
                assertEquals(Double.doubleToRawLongBits(fv.get(i)),
                        Double.doubleToRawLongBits(s.getAtIndex(ValueLayout.JAVA_DOUBLE, i)), src);
            }
        }
        // general lists stay Java arrays of references
        assertInstanceOf(Object[].class, k.eval("(1;2 3)"));
        assertInstanceOf(Object[].class, k.eval("!0"));
    }

    @Test
    void emptyAndSingleItemVectors() {
        KSession k = new KSession();
        assertEquals("()", eval(k, "!0"));
        assertEquals("()", eval(k, "2_1 2"));
        assertEquals("()", eval(k, "2_1.5 2"));
        assertEquals("0", eval(k, "#2_1 2"));
        assertEquals("0", eval(k, "#&0 0"));
        IntVec e = assertInstanceOf(IntVec.class, k.eval("2_1 2"));
        assertEquals(0, e.count());
        assertEquals(0, e.segment().byteSize());
        assertEquals("1 2", eval(k, "(2_1 2),1 2"));
        assertEquals(",7", eval(k, ",7"));
        assertEquals(",2.5", eval(k, ",2.5"));
        assertEquals(",3", eval(k, "1_2 3"));
        assertEquals("7", eval(k, "*,7"));
        assertEquals("0N", eval(k, "(2_1 2)[0]"));
        assertEquals("0N", eval(k, "1 2 3[5]"));
        assertEquals("0N", eval(k, "1.5 2[-1]"));
        assertThrows(IndexOutOfBoundsException.class, () -> e.get(0));
    }

    @Test
    void lengthLimitIsTheWsfullError() {
        KSession k = new KSession();
        assertEquals("wsfull.", assertThrows(KError.class, () -> k.eval("!33554433")).getMessage());
        assertEquals("wsfull.", assertThrows(KError.class, () -> k.eval("&33554433")).getMessage());
        assertEquals("wsfull.", assertThrows(KError.class, () -> k.eval("&1 33554432")).getMessage());
        // a total that would overflow 64 bits is still just too long
        assertEquals("wsfull.", assertThrows(KError.class,
                () -> k.eval("&9223372036854775807 9223372036854775807")).getMessage());
        assertEquals("positive int expected.", assertThrows(KError.class, () -> k.eval("&1 -2")).getMessage());
        assertEquals("positive int expected.", assertThrows(KError.class, () -> k.eval("&33554433 -1")).getMessage());
        assertEquals("6", eval(k, "+/!4")); // the session is still usable
    }

    @Test
    void bigVectorsGetTheirOwnSegment() {
        KSession k = new KSession();
        long own = VectorHeap.VALUES.ownSegments();
        IntVec big = assertInstanceOf(IntVec.class, k.eval("b:!100000"));
        assertTrue(VectorHeap.VALUES.ownSegments() > own);
        assertEquals(800_000, big.mem.byteSize()); // exactly its own words, not a chunk
        assertEquals("4999950000", eval(k, "+/b"));
        assertEquals("99999 99998", eval(k, "2#|b"));
        assertEquals("200000", eval(k, "#b,b"));
        assertEquals("99999 0", eval(k, "(b,b)[99999 100000]"));
        assertEquals("1.5 1.5", eval(k, "2#5000#1.5"));
        assertEquals("49999.5", eval(k, "*|b%2"));
        assertEquals("100000", eval(k, "#&100000#1"));
        assertEquals("99997 99998", eval(k, "2#99997_b"));
        // the largest vector a verb may build (2^25 items, 256 MiB) works
        assertEquals("33554431", eval(k, "*|!33554432"));
    }

    @Test
    void vectorsAcrossChunkBoundariesKeepTheirItems() {
        KSession k = new KSession();
        long chunks = VectorHeap.VALUES.chunks();
        List<IntVec> kept = new ArrayList<>();
        for (int n = 1; n <= 2100; n += 7) {
            IntVec v = assertInstanceOf(IntVec.class, k.eval("3*!" + n));
            kept.add(v);
        }
        assertTrue(VectorHeap.VALUES.chunks() - chunks >= 10, "the loop should fill several chunks");
        for (IntVec v : kept) {
            for (int i = 0; i < v.count(); i++) assertEquals(3L * i, v.get(i));
        }
    }

    @Test
    void mixedIntAndFloatArithmetic() {
        KSession k = new KSession();
        assertEquals("2.5 3.5 4.5", eval(k, "1 2 3+1.5"));
        assertEquals("0 0.5 1 1.5", eval(k, "(!4)%2"));
        assertEquals("1 2 3.5", eval(k, "1 2,3.5"));
        assertEquals("1.5 4 4.5", eval(k, "1.5 2 3*1 2 1.5"));
        assertEquals("1 0 1", eval(k, "1 2 3>0.5 2.5 2"));
        assertEquals("-1 -2.5", eval(k, "0-1 2.5"));
        assertEquals("1 2", eval(k, "_1.5 2.7"));
        assertEquals("0 1 0", eval(k, "~1 0 2.5"));
        assertEquals("1 1.4142 1.7321", eval(k, "%1 2 3"));
        assertEquals("2 0 1", eval(k, "3!2 3 4"));
        assertEquals("1 0.5 1", eval(k, "2!1 2.5 3"));
        assertEquals("0N 9223372036854775807", eval(k, "(9223372036854775807 -9223372036854775808)+1 -1"));
        assertEquals("1", eval(k, "(1 2 3)~1 2 3"));
        assertEquals("1", eval(k, "(1 2 3)~1 2 3.0"));
        assertEquals("0", eval(k, "(1 2 3)~1 2"));
        assertEquals("length error.", assertThrows(KError.class, () -> k.eval("1 2+1 2 3")).getMessage());
        assertEquals("(1 2\n 3 4)", eval(k, "2 2#1 2 3 4"));
        assertEquals("(,1\n 2 3)", eval(k, "0 1_1 2 3"));
    }

    @Test
    void aReplLoopDoesNotLeakChunks() throws InterruptedException {
        KSession k = new KSession();
        IntVec keep = assertInstanceOf(IntVec.class, k.eval("keep:!1000"));
        WeakReference<MemorySegment> keptChunk = new WeakReference<>(keep.mem);
        keep = null;
        int program = k.compile("a::!1000", 1);
        long chunks = VectorHeap.VALUES.chunks(), freshBefore = VectorHeap.VALUES.freshChunks();
        List<WeakReference<MemorySegment>> seen = new ArrayList<>();
        MemorySegment last = null;
        for (int i = 0; i < 100_000; i++) { // 800 MB of vector words in all
            MemorySegment mem = ((IntVec) k.execute(program)).mem;
            if (mem != last) seen.add(new WeakReference<>(mem));
            last = mem;
        }
        last = null;
        assertTrue(VectorHeap.VALUES.chunks() - chunks >= 3000, "100,000 vectors of 8000 bytes fill 3000+ chunks");
        assertTrue(seen.size() >= 3000);
        // every chunk but the one holding the global a (and the one being filled) becomes garbage
        assertTrue(awaitGc(() -> seen.stream().filter(r -> r.get() != null).count() <= 2),
                "chunks still reachable: " + seen.stream().filter(r -> r.get() != null).count());
        // and their memory was reused: most chunk uses took a pooled chunk, not fresh memory
        long uses = VectorHeap.VALUES.chunks() - chunks, fresh = VectorHeap.VALUES.freshChunks() - freshBefore;
        assertTrue(fresh < uses / 2, fresh + " fresh chunks for " + uses + " chunk uses");
        // a live vector keeps its chunk (and its words) alive
        assertNotNull(keptChunk.get());
        assertEquals("499500", eval(k, "+/keep"));
        assertEquals("499500", eval(k, "+/a"));
    }

    @Test
    void nativeMemoryStaysBoundedWithoutHelp() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
        awaitGc(() -> false, 300); // settle what earlier tests left
        long before = direct.getMemoryUsed();
        long gcs = VectorHeap.VALUES.forcedGcs();
        KSession k = new KSession();
        int program = k.compile("a::(!20000),!1000", 1); // own segments (160 KB) and chunk vectors
        long most = 0;
        for (int i = 0; i < 9_000; i++) { // 1.5 GB of vector words in all, no System.gc() from here
            k.execute(program);
            most = Math.max(most, direct.getMemoryUsed() - before);
        }
        // the heap itself asks for a collection every GC_BUDGET_BYTES, so dead vectors never pile up
        assertTrue(VectorHeap.VALUES.forcedGcs() - gcs >= 3);
        long limit = 2 * VectorLayout.GC_BUDGET_BYTES + VectorLayout.POOL_BYTES; // garbage, and idle chunks
        assertTrue(most <= limit, "native memory in use grew by " + most + " bytes");
        long bound = before + VectorLayout.POOL_BYTES + 32L * 1024 * 1024;
        assertTrue(awaitGc(() -> direct.getMemoryUsed() <= bound, 20_000),
                "direct memory in use: " + direct.getMemoryUsed() + " bytes, was " + before);
        assertEquals("200489500", eval(k, "+/a"));
    }

    @Test
    void recycledChunksAreZeroAndDoNotAliasLiveVectors() throws InterruptedException {
        assertTrue(VectorHeap.RECYCLE, "tests run with native access, so chunks are recycled");
        KSession k = new KSession();
        int garbage = k.compile("a::!1000", 1);
        for (int i = 0; i < 40_000; i++) k.execute(garbage); // over one collection budget: chunks get recycled
        awaitGc(() -> VectorHeap.pooledChunks() > 100);
        assertTrue(VectorHeap.pooledChunks() > 100, "no chunk was recycled");
        // new vectors from recycled chunks start at zero (&n relies on it) ...
        int zeros = k.compile("+/&1000", 1);
        for (int i = 0; i < 5_000; i++) assertEquals(0L, k.execute(zeros));
        // ... and vectors kept alive through all of it keep their items
        List<IntVec> kept = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            kept.add((IntVec) k.eval("7+!1000"));
            for (int j = 0; j < 20; j++) k.execute(garbage);
        }
        for (IntVec v : kept) {
            assertEquals(7, v.get(0));
            assertEquals(1006, v.get(999));
            assertEquals(507, v.get(500));
        }
    }

    @Test
    void sessionsOnTwoThreadsShareTheHeapSafely() throws InterruptedException {
        Throwable[] failure = new Throwable[2];
        Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            int id = t;
            threads[t] = new Thread(() -> {
                try {
                    KSession k = new KSession();
                    List<IntVec> kept = new ArrayList<>();
                    for (int i = 0; i < 3000; i++) {
                        int n = 1 + (i * 37 + id * 11) % 700;
                        kept.add((IntVec) k.eval((id + 1) + "+!" + n));
                    }
                    for (IntVec v : kept) for (int i = 0; i < v.count(); i++) assertEquals(id + 1 + i, v.get(i));
                } catch (Throwable e) {
                    failure[id] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) t.join();
        assertNull(failure[0]);
        assertNull(failure[1]);
    }

    @Test
    void literalsAreKeptApartFromTemporaries() {
        KSession k = new KSession();
        IntVec lit = assertInstanceOf(IntVec.class, k.eval("1 2 3"));
        IntVec tmp = assertInstanceOf(IntVec.class, k.eval("1+1 2 3"));
        assertFalse(lit.mem == tmp.mem, "a literal shares a chunk with temporaries");
        assertSame(k.eval("x:4 5"), k.eval("x"));
    }

    /** Runs the collector until the condition holds or the time (ms, default 20 s) runs out. */
    private static boolean awaitGc(BooleanSupplier condition) throws InterruptedException {
        return awaitGc(condition, 20_000);
    }

    private static boolean awaitGc(BooleanSupplier condition, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        do {
            System.gc();
            if (condition.getAsBoolean()) return true;
            Thread.sleep(20); // cleaners free native memory on their own thread
        } while (System.nanoTime() < deadline);
        return condition.getAsBoolean();
    }
}
