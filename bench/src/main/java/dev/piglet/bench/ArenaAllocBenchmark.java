package dev.piglet.bench;

import dev.piglet.arena.BumpArena;
import dev.piglet.arena.RingArena;
import dev.piglet.arena.RingLayout;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Allocate + release of one record (ns/record), in the ring (LIFO frames, FIFO stream records that lap
 * the ring and pad at its end) and in the bump arena (allocate, reset when full). Each record gets one
 * word written so the memory is really touched. Run with {@code -prof gc}: ~0 B/op is the claim.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class ArenaAllocBenchmark {
    /** Record size in bytes (40 does not divide the ring, so FIFO records pad at the end of each lap). */
    @Param({"40"})
    public int recordBytes;

    private RingArena ring;
    private BumpArena bump;
    private long counter;

    @Setup
    public void setup() {
        ring = RingArena.ofCapacity(64 * 1024);
        bump = BumpArena.ofCapacity(64 * 1024);
    }

    @TearDown
    public void tearDown() {
        ring.close();
        bump.close();
    }

    @Benchmark
    public long ringLifoFrame() {
        long mark = ring.head();
        long p = ring.allocate(recordBytes);
        RingLayout.LONG.set(ring.segment(), ring.offsetOf(p), ++counter);
        ring.releaseTo(mark);
        return p;
    }

    @Benchmark
    public long ringFifoRecord() {
        long p = ring.allocate(recordBytes);
        RingLayout.LONG.set(ring.segment(), ring.offsetOf(p), ++counter);
        ring.releaseBefore(p);      // the previous record is consumed: the ring laps continuously
        return p;
    }

    @Benchmark
    public long bumpAllocateReset() {
        if (bump.used() > bump.capacity() - 64) {
            bump.reset();
        }
        long off = bump.allocateOffset(recordBytes, 8);
        RingLayout.LONG.set(bump.region(), off, ++counter);
        return off;
    }
}
