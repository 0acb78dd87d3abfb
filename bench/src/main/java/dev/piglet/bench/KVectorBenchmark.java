package dev.piglet.bench;

import dev.piglet.k.KSession;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Vector-heavy K expressions (ns per top-level evaluation): building ({@code !1000}), element-wise
 * arithmetic on two 1000-item int vectors ({@code x+y}, and {@code x%y}, which makes a float vector),
 * joining, indexing and reversing them, and a reduction over a built vector ({@code +/!100000}, where the
 * interpreter's per-item verb calls dominate). It compares the vector representation (heap arrays before,
 * off-heap words now, see docs/k.md) on the same expressions; each result is returned so nothing is
 * optimised away, and setup checks every expression's value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class KVectorBenchmark {
    private KSession k;
    private int til;
    private int add;
    private int divide;
    private int join;
    private int index;
    private int reverse;
    private int sum;

    @Setup
    public void setup() {
        k = new KSession();
        k.eval("x:!1000;y:1000#3 1 4 1 5;i:|!1000");
        til = compile("!1000", "+/!1000", "499500");
        add = compile("x+y", "+/x+y", "502300");
        divide = compile("x%y", "(x%y)[7 999]", "1.75 199.8");
        join = compile("x,y", "#x,y", "2000");
        index = compile("x[i]", "+/x[i]=i", "1000");
        reverse = compile("|x", "*/(|x)=i", "1");
        sum = compile("+/!100000", "+/!100000", "4999950000");
    }

    private int compile(String expr, String check, String want) {
        String got = k.evalToString(check);
        if (!got.equals(want)) {
            throw new IllegalStateException("K benchmark computed " + got + " for " + check + ", expected " + want);
        }
        return k.compile(expr, 1);
    }

    @Benchmark
    public Object til1000() {
        return k.execute(til);
    }

    @Benchmark
    public Object add1000() {
        return k.execute(add);
    }

    @Benchmark
    public Object divide1000() {
        return k.execute(divide);
    }

    @Benchmark
    public Object join1000() {
        return k.execute(join);
    }

    @Benchmark
    public Object index1000() {
        return k.execute(index);
    }

    @Benchmark
    public Object reverse1000() {
        return k.execute(reverse);
    }

    @Benchmark
    public Object sumTil100000() {
        return k.execute(sum);
    }
}
