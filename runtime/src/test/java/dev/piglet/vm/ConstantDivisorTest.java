package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ConstantDivisor} against {@link Long#divideUnsigned}: every divisor a PUSHI can name (1-65535) and
 * random and extreme 64-bit divisors, on dividends where a wrong reciprocal shows first (near multiples of the
 * divisor, near 2^63 and 2^64) and random ones.
 */
class ConstantDivisorTest {
    private static final long[] EDGES = {0, 1, 2, 3, 7, 9, 10, 255, 256, 65535, 65536, Integer.MAX_VALUE,
            0xFFFF_FFFFL, 1L << 32, Long.MAX_VALUE - 1, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, -3, -2, -1};

    @Test
    void everySixteenBitDivisor() {
        SplittableRandom random = new SplittableRandom(11);
        for (long d = 1; d <= 65535; d++) {
            check(ConstantDivisor.of(d), random, 40);
        }
    }

    @Test
    void wideDivisors() {
        SplittableRandom random = new SplittableRandom(12);
        for (int i = 0; i < 20_000; i++) {
            long d = random.nextLong() >>> random.nextInt(64);
            if (d != 0) {
                check(ConstantDivisor.of(d), random, 40);
            }
        }
        for (long d : EDGES) {
            if (d != 0) {
                check(ConstantDivisor.of(d), random, 2_000);
            }
        }
    }

    @Test
    void choosesTheCheapForm() {
        assertEquals(ConstantDivisor.Kind.SHIFT, ConstantDivisor.of(256).kind());
        assertEquals(8, ConstantDivisor.of(256).shift());
        assertEquals(ConstantDivisor.Kind.MULTIPLY, ConstantDivisor.of(10).kind());
        assertEquals(0xCCCC_CCCC_CCCC_CCCDL, ConstantDivisor.of(10).multiplier());
        assertEquals(3, ConstantDivisor.of(10).shift());
        assertEquals(ConstantDivisor.Kind.MULTIPLY_ADD, ConstantDivisor.of(7).kind());
    }

    @Test
    void zeroHasNoReciprocal() {
        assertThrows(IllegalArgumentException.class, () -> ConstantDivisor.of(0));
    }

    private static void check(ConstantDivisor c, SplittableRandom random, int randoms) {
        long d = c.divisor();
        for (long x : EDGES) {
            same(c, x);
        }
        for (long k : new long[] {1, 2, 3, 1000, Long.divideUnsigned(-1L, d) - 1, Long.divideUnsigned(-1L, d)}) {
            long multiple = k * d;
            same(c, multiple);
            same(c, multiple - 1);
            same(c, multiple + 1);
        }
        for (int i = 0; i < randoms; i++) {
            same(c, random.nextLong());
            same(c, random.nextLong() >>> random.nextInt(64));
        }
    }

    private static void same(ConstantDivisor c, long x) {
        long expected = Long.divideUnsigned(x, c.divisor());
        long actual = c.divide(x);
        if (expected != actual) {
            assertEquals(expected, actual, Long.toUnsignedString(x) + " / " + Long.toUnsignedString(c.divisor())
                    + " as " + c);
        }
    }
}
