package dev.piglet.bench;

import dev.piglet.k.KSession;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The K interpreter's call costs (ns per top-level evaluation, as {@code \t:n} measures them): {@code fac 5}
 * with {@code fac:{$[x=1;1;x*fac[x-1]]}} (5 nested contexts: divide by 5 for ns per context), a plain call
 * ({@code inc 3} with {@code inc:{x+1}}) and a closure-creating call ({@code (mk 3)[]} with
 * {@code mk:{n:x;{n+1}}}: a promoted frame and a lambda value per call). {@link #fac5RingSweep} repeats
 * {@code fac 5} over context rings from 4 KiB to 64 MiB of slots (4 bytes a slot with compressed
 * references; the continuation store gets as many 32-byte records), for the arena-size sweep: the
 * working set of {@code fac 5} is a few slots whatever the ring, so the figure should stay flat.
 * {@link #fac5Interpreted} and {@link #plainCallInterpreted} run the first two with the compiled tier
 * off ({@code --no-compile}), measuring the interpreter alone; {@link #fib15Interpreted} and
 * {@link #ack23Interpreted} other recursive int code on it.
 * Each evaluation's result is returned, so nothing is optimised away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KFacBenchmark {
    private KSession k;
    private int fac5;
    private int plainCall;
    private int closureCall;
    /** The same programs with the compiled tier off ({@code --no-compile}): the interpreter alone. */
    private KSession ki;
    private int fac5I;
    private int plainCallI;
    private int fib15I;
    private int ack23I;

    @Setup
    public void setup() {
        k = new KSession();
        k.eval("fac:{$[x=1;1;x*fac[x-1]]};inc:{x+1};mk:{n:x;{n+1}}");
        fac5 = k.compile("fac 5", 1);
        plainCall = k.compile("inc 3", 1);
        closureCall = k.compile("(mk 3)[]", 1);
        check(k.execute(fac5), 120L);
        check(k.execute(plainCall), 4L);
        check(k.execute(closureCall), 4L);
        ki = new KSession();
        ki.setCompile(false);
        ki.eval("fac:{$[x=1;1;x*fac[x-1]]};inc:{x+1};fib:{$[x<2;x;fib[x-1]+fib[x-2]]};ack:{$[x=0;y+1;y=0;ack[x-1;1];ack[x-1;ack[x;y-1]]]}");
        fac5I = ki.compile("fac 5", 1);
        plainCallI = ki.compile("inc 3", 1);
        fib15I = ki.compile("fib 15", 1);
        ack23I = ki.compile("ack[2;3]", 1);
        check(ki.execute(fac5I), 120L);
        check(ki.execute(plainCallI), 4L);
        check(ki.execute(fib15I), 610L);
        check(ki.execute(ack23I), 9L);
    }

    static void check(Object got, long want) {
        if (!(got instanceof Long v) || v != want) {
            throw new IllegalStateException("K benchmark computed " + got + ", expected " + want);
        }
    }

    @Benchmark
    public Object fac5() {
        return k.execute(fac5);
    }

    @Benchmark
    public Object plainCall() {
        return k.execute(plainCall);
    }

    @Benchmark
    public Object closureCall() {
        return k.execute(closureCall);
    }

    /** {@code fac 5} on the interpreter alone (no compiled tier). */
    @Benchmark
    public Object fac5Interpreted() {
        return ki.execute(fac5I);
    }

    /** {@code inc 3} on the interpreter alone: mostly the cost of entering and leaving an evaluation. */
    @Benchmark
    public Object plainCallInterpreted() {
        return ki.execute(plainCallI);
    }

    /** {@code fib 15} on the interpreter alone: 1,973 calls, two per level, through a temporary. */
    @Benchmark
    public Object fib15Interpreted() {
        return ki.execute(fib15I);
    }

    /** {@code ack[2;3]} on the interpreter alone: two-argument calls, a call as an argument, tail calls. */
    @Benchmark
    public Object ack23Interpreted() {
        return ki.execute(ack23I);
    }

    /** A session whose context ring holds {@code ringBytes} worth of slots. */
    @State(Scope.Thread)
    public static class Ring {
        @Param({"4096", "65536", "1048576", "16777216", "67108864"})
        public int ringBytes;

        KSession k;
        int fac5;

        @Setup
        public void setup() {
            k = new KSession(ringBytes / 4, Long.MAX_VALUE, s -> { });
            k.eval("fac:{$[x=1;1;x*fac[x-1]]}");
            fac5 = k.compile("fac 5", 1);
            check(k.execute(fac5), 120L);
        }
    }

    /** Throughput (fac 5 calls per second) for each ring size: the K half of the arena-size sweep. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public Object fac5RingSweep(Ring r) {
        return r.k.execute(r.fac5);
    }
}
