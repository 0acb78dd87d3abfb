package dev.piglet.arena;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class BumpArenaTest {
    @Test
    void carvesAlignedDisjointRecords() {
        try (BumpArena a = BumpArena.ofCapacity(1024)) {
            MemorySegment x = a.allocate(3, 1);
            MemorySegment y = a.allocate(16, 8);
            assertEquals(3, x.byteSize());
            assertEquals(0, y.address() % 8);
            assertTrue(y.address() >= x.address() + 3);
            assertEquals(24, a.used());
            y.set(ValueLayout.JAVA_LONG, 8, -1L);
            assertEquals(-1L, y.get(ValueLayout.JAVA_LONG, 8));
        }
    }

    @Test
    void fullArenaFailsWithoutMovingTheCursor() {
        try (BumpArena a = BumpArena.ofCapacity(64)) {
            a.allocate(60, 1);
            ArenaFullException e = assertThrows(ArenaFullException.class, () -> a.allocate(8, 8));
            assertTrue(e.getMessage().contains("8 bytes wanted"), e.getMessage());
            assertEquals(60, a.used());
            a.allocate(4, 1);
            assertEquals(64, a.used());
        }
    }

    @Test
    void resetReusesTheRegion() {
        try (BumpArena a = BumpArena.ofCapacity(128)) {
            long first = a.allocateOffset(100, 8);
            a.reset();
            assertEquals(first, a.allocateOffset(100, 8));
        }
    }

    @Test
    void rejectsBadArguments() {
        try (BumpArena a = BumpArena.ofCapacity(128)) {
            assertThrows(IllegalArgumentException.class, () -> a.allocate(8, 3));
            assertThrows(IllegalArgumentException.class, () -> a.allocate(-1, 8));
        }
        assertThrows(IllegalArgumentException.class, () -> BumpArena.ofCapacity(0));
    }

    @Test
    void closedArenaIsInaccessible() {
        BumpArena a = BumpArena.ofCapacity(64);
        MemorySegment s = a.allocate(8, 8);
        a.close();
        assertThrows(IllegalStateException.class, () -> s.get(ValueLayout.JAVA_LONG, 0));
    }
}
