package dev.piglet.vm;

import java.math.BigInteger;

/**
 * Unsigned 64-bit division by a divisor known in advance, without a divide instruction (which costs tens of
 * cycles): a power of two is a shift; any other divisor d is a multiply by a fixed-point reciprocal of d, keeping
 * the high 64 bits of the 128-bit product, then a shift (Granlund and Montgomery, "Division by invariant integers
 * using multiplication", 1994).
 *
 * <p>With N = 64, for a shift s and multiplier m with 2^(N+s) &le; m&middot;d &le; 2^(N+s) + 2^s, the quotient
 * x / d is (m&middot;x) &gt;&gt; (N+s) for every x below 2^N. The smallest such s with m below 2^N gives the
 * {@link Kind#MULTIPLY short form}. Some divisors (7 is one) need a 65-bit m; their {@link Kind#MULTIPLY_ADD long
 * form} multiplies by m - 2^N and adds x back in without overflowing: t = hi(m'&middot;x), q = (t + (x - t) / 2)
 * &gt;&gt; (s - 1).
 *
 * @param divisor the divisor, unsigned, not zero
 * @param kind how {@link #divide} computes the quotient
 * @param multiplier m (or m - 2^64 in the long form); 0 for a power of two
 * @param shift the final right shift (for a power of two, its exponent)
 */
public record ConstantDivisor(long divisor, Kind kind, long multiplier, int shift) {
    public enum Kind { SHIFT, MULTIPLY, MULTIPLY_ADD }

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    /** The way to divide by {@code divisor} (unsigned, not zero). */
    public static ConstantDivisor of(long divisor) {
        if (divisor == 0) {
            throw new IllegalArgumentException("division by zero has no reciprocal");
        }
        if (Long.bitCount(divisor) == 1) {
            return new ConstantDivisor(divisor, Kind.SHIFT, 0, Long.numberOfTrailingZeros(divisor));
        }
        BigInteger d = new BigInteger(Long.toUnsignedString(divisor));
        int ceilLog2 = 64 - Long.numberOfLeadingZeros(divisor - 1);
        for (int s = 0; s <= ceilLog2; s++) {
            BigInteger pow = BigInteger.ONE.shiftLeft(64 + s);
            BigInteger m = pow.add(d).subtract(BigInteger.ONE).divide(d); // ceil(2^(64+s) / d)
            BigInteger error = m.multiply(d).subtract(pow);
            if (m.compareTo(TWO_64) < 0 && error.compareTo(BigInteger.ONE.shiftLeft(s)) <= 0) {
                return new ConstantDivisor(divisor, Kind.MULTIPLY, m.longValue(), s);
            }
        }
        // s = ceil(log2 d) always satisfies the bound, with m in [2^64, 2^65).
        BigInteger m = BigInteger.ONE.shiftLeft(64 + ceilLog2).add(d).subtract(BigInteger.ONE).divide(d);
        return new ConstantDivisor(divisor, Kind.MULTIPLY_ADD, m.subtract(TWO_64).longValue(), ceilLog2);
    }

    /** {@code Long.divideUnsigned(x, divisor)}. */
    public long divide(long x) {
        return switch (kind) {
            case SHIFT -> x >>> shift;
            case MULTIPLY -> Math.unsignedMultiplyHigh(x, multiplier) >>> shift;
            case MULTIPLY_ADD -> {
                long t = Math.unsignedMultiplyHigh(x, multiplier);
                yield (t + ((x - t) >>> 1)) >>> (shift - 1);
            }
        };
    }
}
