package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.piglet.K;
import dev.piglet.KOptions;
import dev.piglet.Piglet;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A session's memory follows its live values and the lambdas it defined, not the number of
 * evaluations; closing a session frees its native memory at once (docs/k.md, "Resources").
 */
class KResourcesTest {
    private static final BufferPoolMXBean DIRECT = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
            .stream().filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();

    @Test
    void aMillionEvaluationsLeaveTheCodeAsItWas() {
        try (KSession k = new KSession()) {
            k.eval("f:{x+1}");
            assertEquals(2L, k.eval("1+1"));
            int cells = k.codeCells();
            long bytes = k.nativeBytes();
            for (int i = 1; i <= 1_000_000; i++) {
                Object v = k.eval("1+1");
                if (i % 100_000 == 0) { // every line's cells are reused by the next: nothing accumulates
                    assertEquals(2L, v);
                    assertEquals(cells, k.codeCells(), "code cells after " + i + " evaluations");
                    assertEquals(bytes, k.nativeBytes(), "native bytes after " + i + " evaluations");
                }
            }
            assertEquals(4L, k.eval("f 3"), "a lambda defined before survives");
        }
    }

    @Test
    void linesThatDefineLambdasAreKeptOthersAreReused() {
        try (KSession k = new KSession()) {
            int start = k.codeCells();
            k.eval("g:{x*2}");
            int withG = k.codeCells();
            assertTrue(withG > start);
            for (int i = 0; i < 1000; i++) {
                // different shapes on the same cell numbers: the trampoline (a list), the direct path,
                // the compiled tier's direct entry, an error, a parse error
                assertEquals("1 2 3", KSession.format(k.eval("1 2 3")));
                assertEquals(2L, k.eval("$[1;2;3]"));
                assertEquals(2L * i, k.eval("g " + i));
                assertThrows(KError.class, () -> k.eval("undefined+1"));
                assertThrows(KError.class, () -> k.eval("1+("));
                assertEquals(withG, k.codeCells());
            }
            k.eval("h:{g x}");
            assertEquals(14L, k.eval("h 7"));
            assertTrue(k.codeCells() > withG);
            Object closure = k.eval("(mk:{n:x;{n+1}})[41]"); // a line whose lambda values escape is kept
            int kept = k.codeCells();
            k.eval("c:mk 1");
            assertEquals(2L, k.eval("c[]"));
            assertEquals(kept, k.codeCells());
            assertTrue(closure instanceof Lambda);
        }
    }

    @Test
    void closeFreesNativeMemoryAtOnce() {
        long before = DIRECT.getMemoryUsed();
        for (int i = 0; i < 2000; i++) {
            KSession k = new KSession(1 << 16, Long.MAX_VALUE, s -> {});
            assertEquals(3000L, k.eval("f:{$[x=0;0;1+f x-1]};f 3000")); // its continuation records grow
            assertTrue(k.nativeBytes() >= (128 << 10), "the code and the continuation records are native");
            k.close();
            assertEquals(0, k.nativeBytes());
            // the arena's own accounting: what this session took is back before the next one opens
            long held = DIRECT.getMemoryUsed() - before;
            assertTrue(held < (8 << 20), "direct memory still held after " + (i + 1) + " sessions: " + held);
        }
        KSession closed = new KSession();
        closed.close();
        closed.close();
        assertThrows(IllegalStateException.class, () -> closed.eval("1"));
    }

    @Test
    void aSessionDroppedWithoutCloseIsFreedByTheCollector() throws InterruptedException {
        long before = DIRECT.getMemoryUsed();
        for (int i = 0; i < 100; i++) {
            KSession k = new KSession(1 << 16, Long.MAX_VALUE, s -> {}); // never closed
            assertEquals(10_000L, k.eval("f:{$[x=0;0;1+f x-1]};f 10000")); // deep: its records grow to 1 MiB
            assertTrue(k.nativeBytes() > (1 << 20));
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (DIRECT.getMemoryUsed() - before >= (8 << 20) && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
        }
        long held = DIRECT.getMemoryUsed() - before;
        assertTrue(held < (8 << 20), "direct memory held by dropped sessions: " + held);
    }

    @Test
    void continuationRecordsGrowWithTheDepthReachedAndNoFurther() {
        try (KSession k = new KSession(1 << 16, Long.MAX_VALUE, s -> {})) {
            long start = k.nativeBytes();
            assertTrue(start <= (16 << 10), "a fresh session holds little native memory: " + start);
            k.eval("f:{$[x=0;0;1+f x-1]}");
            assertEquals(20_000L, k.eval("f 20000")); // past the direct path: continuation records, grown as needed
            long grown = k.nativeBytes();
            assertTrue(grown > start);
            assertEquals(20_000L, k.eval("f 20000"));
            assertEquals(grown, k.nativeBytes(), "the same depth again takes nothing more");
            assertEquals("stack error.", assertThrows(KError.class, () -> k.eval("f 100000")).getMessage());
            assertEquals(5L, k.eval("f 5"), "the session goes on after reaching its capacity");
        }
    }

    @Test
    void theHostApiClosesItsSessions() {
        long before = DIRECT.getMemoryUsed();
        for (int i = 0; i < 200; i++) {
            try (K k = Piglet.k(KOptions.defaults())) { // the default ring (up to 16 MiB of continuation records)
                assertEquals(10_000L, k.eval("f:{$[x=0;0;1+f x-1]};f 10000").asLong()); // 1 MiB of records
            }
            long held = DIRECT.getMemoryUsed() - before;
            assertTrue(held < (8 << 20), "direct memory still held after " + (i + 1) + " sessions: " + held);
        }
        K k = Piglet.k(KOptions.defaults());
        k.close();
        assertThrows(IllegalStateException.class, () -> k.eval("1"));
    }

    @Test
    void refuelingOnlyWhenAskedBoundsManyEvaluationsTogether() {
        try (KSession k = new KSession(KSession.DEFAULT_RING, 1000, s -> {})) {
            k.setRefuelEachEvaluation(false);
            int program = k.compile("1+1", 1);
            KError e = assertThrows(KError.class, () -> {
                for (long i = 0; i < 1_000_000_000L; i++) k.execute(program);
            });
            assertEquals("out of fuel.", e.getMessage());
            assertEquals(1001, k.steps());
            k.refuel();
            assertEquals(2L, k.execute(program));
        }
    }
}
