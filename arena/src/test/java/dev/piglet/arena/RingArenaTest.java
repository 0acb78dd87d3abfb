package dev.piglet.arena;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RingArenaTest {

    /** A record the model believes is live, and the byte pattern written into it. */
    private record Rec(long pos, long bytes, byte tag) {
    }

    /**
     * The model: a deque of live records, oldest first, plus the next position. Its rule is the ring's
     * contract said simply: a record is placed at the head, or at the next lap if it would cross the end;
     * it fits if, from the oldest live record (or from itself when none is live), it spans at most the
     * capacity. The segment's bytes are checked independently: every live record keeps its pattern.
     */
    private static final class Model {
        final long cap;
        final ArrayDeque<Rec> live = new ArrayDeque<>();
        long head;
        long highWater;

        Model(long cap) {
            this.cap = cap;
        }

        /** Expected position, or -1 if the ring must refuse. */
        long place(long size) {
            long bytes = (size + 7) / 8 * 8;
            long start = head;
            if (bytes == 0) {
                return head;
            }
            if (start % cap + bytes > cap) {
                start = (start / cap + 1) * cap;
            }
            long oldest = live.isEmpty() ? start : live.peekFirst().pos();
            return start + bytes - oldest <= cap ? start : -1;
        }

        long used() {
            return live.isEmpty() ? 0 : head - live.peekFirst().pos();
        }
    }

    private static void fill(MemorySegment s, long offset, long bytes, byte tag) {
        s.asSlice(offset, bytes).fill(tag);
    }

    private static void checkLive(RingArena ring, Model m) {
        for (Rec r : m.live) {
            long off = ring.offsetOf(r.pos());
            for (long i = 0; i < r.bytes(); i++) {
                assertEquals(r.tag(), ring.segment().get(ValueLayout.JAVA_BYTE, off + i),
                        "record at position " + r.pos() + " overwritten at byte " + i);
            }
        }
        assertEquals(m.used(), ring.used(), "used");
        assertEquals(m.head, ring.head(), "head");
        if (!m.live.isEmpty()) {
            assertEquals(m.live.peekFirst().pos(), ring.lowWaterMark(), "low-water mark");
        }
        assertTrue(ring.used() <= ring.capacity());
        assertEquals(m.highWater, ring.highWaterMark(), "high-water mark");
    }

    @Test
    void randomAllocateReleaseSequencesMatchTheModel() {
        Random rnd = new Random(42);
        for (long cap : new long[] {8, 16, 64, 256, 4096}) {
            for (int run = 0; run < 40; run++) {
                try (RingArena ring = RingArena.ofCapacity(cap)) {
                    Model m = new Model(cap);
                    byte tag = 1;
                    for (int step = 0; step < 400; step++) {
                        int op = rnd.nextInt(10);
                        if (op < 5) {
                            long size = switch (rnd.nextInt(6)) {
                                case 0 -> 0;
                                case 1 -> cap;
                                case 2 -> rnd.nextInt((int) cap + 1);
                                default -> rnd.nextInt((int) Math.min(cap, 40) + 1);
                            };
                            long expected = m.place(size);
                            if (expected < 0) {
                                long before = ring.head();
                                assertThrows(RingFullException.class, () -> ring.allocate(size));
                                assertEquals(before, ring.head());
                            } else {
                                long pos = ring.allocate(size);
                                assertEquals(expected, pos, "position of a " + size + "-byte record");
                                assertEquals(0, pos % 8);
                                long bytes = (size + 7) / 8 * 8;
                                assertTrue(ring.offsetOf(pos) + bytes <= cap, "record crosses the end");
                                if (bytes > 0) {            // a zero-size record is never live
                                    m.live.addLast(new Rec(pos, bytes, tag));
                                    m.head = pos + bytes;
                                }
                                m.highWater = Math.max(m.highWater, m.used());
                                fill(ring.segment(), ring.offsetOf(pos), bytes, tag);
                                tag = (byte) (tag == 127 ? 1 : tag + 1);
                            }
                        } else if (op < 7) {
                            // LIFO: drop the newest k records (k = 0 means release to the current head)
                            int k = m.live.isEmpty() ? 0 : rnd.nextInt(m.live.size() + 1);
                            long to = m.head;
                            for (int i = 0; i < k; i++) {
                                to = m.live.removeLast().pos();
                            }
                            ring.releaseTo(to);
                            m.head = to;
                        } else {
                            // FIFO: drop the oldest k records
                            int k = m.live.isEmpty() ? 0 : rnd.nextInt(m.live.size() + 1);
                            for (int i = 0; i < k; i++) {
                                m.live.removeFirst();
                            }
                            ring.releaseBefore(m.live.isEmpty() ? m.head : m.live.peekFirst().pos());
                        }
                        checkLive(ring, m);
                    }
                }
            }
        }
    }

    @Test
    void emptyRingReleasedLifoHasHeadAtItsLowWaterMark() {
        try (RingArena ring = RingArena.ofCapacity(64)) {
            long a = ring.allocate(40);
            long mark = ring.head();
            long b = ring.allocate(16);         // 40 + 16 = 56 fits: no padding
            assertEquals(40, b);
            ring.releaseTo(mark);
            ring.releaseTo(a);
            assertEquals(0, ring.used());
            assertEquals(0, ring.head());
        }
    }

    @Test
    void wrapAroundAtEveryOffsetForEverySize() {
        long cap = 128;
        for (long offset = 0; offset < cap; offset += 8) {
            for (long size = 0; size <= cap; size++) {
                try (RingArena ring = RingArena.ofCapacity(cap)) {
                    // move the head to `offset` with one live 8-byte record just behind it when possible
                    long keep = -1;
                    if (offset > 0) {
                        ring.allocate(offset - 8);
                        ring.releaseBefore(ring.head());
                        keep = ring.allocate(8);
                    }
                    assertEquals(offset, ring.head());
                    ring.segment().set(ValueLayout.JAVA_LONG, ring.offsetOf(Math.max(keep, 0)), 0x5A5A5A5AL);
                    long bytes = (size + 7) / 8 * 8;
                    boolean pads = offset + bytes > cap;
                    long start = pads ? cap : offset;
                    boolean fits = keep < 0 ? bytes <= cap : start + bytes - keep <= cap;
                    if (fits) {
                        long pos = ring.allocate(size);
                        assertEquals(start, pos, "offset " + offset + " size " + size);
                        assertTrue(ring.offsetOf(pos) + bytes <= cap);
                        ring.segment().asSlice(ring.offsetOf(pos), bytes).fill((byte) -1);
                        if (keep >= 0) {
                            assertEquals(0x5A5A5A5AL, ring.segment().get(ValueLayout.JAVA_LONG, ring.offsetOf(keep)));
                        }
                    } else {
                        final long s = size;
                        assertThrows(RingFullException.class, () -> ring.allocate(s));
                        assertEquals(offset, ring.head());
                    }
                }
            }
        }
    }

    @Test
    void fullRingRefusesUntilTheOldestIsReleased() {
        try (RingArena ring = RingArena.ofCapacity(64)) {
            long[] pos = new long[8];
            for (int i = 0; i < 8; i++) {
                pos[i] = ring.allocate(8);
                ring.segment().set(ValueLayout.JAVA_LONG, ring.offsetOf(pos[i]), i);
            }
            assertEquals(64, ring.used());
            RingFullException e = assertThrows(RingFullException.class, () -> ring.allocate(1));
            assertTrue(e.getMessage().contains("ring full: 1 bytes wanted, 64 of 64 in use"), e.getMessage());
            assertInstanceOf(ArenaFullException.class, e);
            assertEquals(64, ring.allocate(0));  // a zero-size record occupies nothing, so it always fits
            assertEquals(64, ring.used());
            ring.releaseBefore(pos[1]);
            long next = ring.allocate(8);
            assertEquals(64, next);
            assertEquals(0, ring.offsetOf(next));
            for (int i = 1; i < 8; i++) {
                assertEquals(i, ring.segment().get(ValueLayout.JAVA_LONG, ring.offsetOf(pos[i])));
            }
            assertEquals(64, ring.highWaterMark());
        }
    }

    @Test
    void zeroAndMaximumSizeRecords() {
        try (RingArena ring = RingArena.ofCapacity(256)) {
            long z = ring.allocate(0);
            assertEquals(0, z);
            assertEquals(0, ring.used());
            long max = ring.allocate(256);
            assertEquals(0, max);
            assertEquals(256, ring.used());
            assertEquals(256, ring.allocate(0));
            assertThrows(RingFullException.class, () -> ring.allocate(8));
            assertThrows(RingFullException.class, () -> ring.allocate(257));
            ring.releaseBefore(ring.head());
            ring.allocate(24);
            ring.releaseBefore(ring.head());
            long again = ring.allocate(256);          // empty ring at offset 24: pads to the next lap
            assertEquals(512, again);
            assertEquals(256, ring.used());
            assertThrows(RingFullException.class, () -> ring.allocate(512));
        }
    }

    @Test
    void lifoFramesReuseTheSameBytes() {
        try (RingArena ring = RingArena.ofCapacity(1024)) {
            long base = ring.allocate(16);
            for (int i = 0; i < 10_000; i++) {
                long mark = ring.head();
                long f1 = ring.allocate(40);
                long f2 = ring.allocate(24);
                assertEquals(16, ring.offsetOf(f1));
                assertEquals(56, ring.offsetOf(f2));
                ring.releaseTo(f2);
                ring.releaseTo(mark);
            }
            assertEquals(16, ring.used());
            assertEquals(80, ring.highWaterMark());
            assertEquals(base, ring.lowWaterMark());
        }
    }

    @Test
    void fifoStreamLapsManyTimes() {
        try (RingArena ring = RingArena.ofCapacity(128)) {
            ArrayDeque<long[]> q = new ArrayDeque<>();
            long value = 0;
            for (int i = 0; i < 10_000; i++) {
                while (true) {
                    try {
                        long p = ring.allocate(24);
                        ring.segment().set(ValueLayout.JAVA_LONG, ring.offsetOf(p), value);
                        q.add(new long[] {p, value++});
                        break;
                    } catch (RingFullException full) {
                        long[] oldest = q.poll();
                        assertEquals(oldest[1], ring.segment().get(ValueLayout.JAVA_LONG, ring.offsetOf(oldest[0])));
                        ring.releaseBefore(q.isEmpty() ? ring.head() : q.peek()[0]);
                    }
                }
            }
            assertTrue(ring.head() > 100 * 128);
        }
    }

    @Test
    void badArguments() {
        assertThrows(IllegalArgumentException.class, () -> RingArena.ofCapacity(100));
        assertThrows(IllegalArgumentException.class, () -> RingArena.ofCapacity(4));
        try (RingArena ring = RingArena.ofCapacity(64)) {
            assertThrows(IllegalArgumentException.class, () -> ring.allocate(-1));
            ring.allocate(8);
            assertThrows(IllegalArgumentException.class, () -> ring.releaseTo(16));
            assertThrows(IllegalArgumentException.class, () -> ring.releaseTo(3));
            assertThrows(IllegalArgumentException.class, () -> ring.releaseBefore(16));
        }
        try (BumpArena bump = BumpArena.ofCapacity(4096)) {
            RingArena over = RingArena.over(bump.allocate(512, 64));
            assertEquals(512, over.capacity());
            assertEquals(0, over.allocate(8));
            over.close(); // does not free the bump arena's memory
            bump.region().set(ValueLayout.JAVA_LONG, 0, 1L);
            assertThrows(IllegalArgumentException.class, () -> RingArena.over(bump.allocate(24, 8)));
        }
    }
}
