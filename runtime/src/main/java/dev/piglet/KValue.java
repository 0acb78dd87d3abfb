package dev.piglet;

import dev.piglet.k.FloatVec;
import dev.piglet.k.IntVec;
import dev.piglet.k.KSession;
import dev.piglet.k.Vec;
import java.lang.foreign.MemorySegment;

/**
 * A read-only view of a K value returned by {@link K#eval}. {@link #toString()} is the value as oK
 * displays it; the {@code as} methods copy it out as Java values.
 */
public final class KValue {
    private final Object value;

    KValue(Object value) {
        this.value = value;
    }

    /** An integer atom (a signed 64-bit int). */
    public boolean isInt() {
        return value instanceof Long;
    }

    /** A float atom. */
    public boolean isFloat() {
        return value instanceof Double;
    }

    /** An integer vector, such as {@code !10} or {@code 1 2 3}. */
    public boolean isIntVector() {
        return value instanceof IntVec;
    }

    /** A float vector, such as {@code 1.5 2 3}. */
    public boolean isFloatVector() {
        return value instanceof FloatVec;
    }

    /** A general list, such as {@code (1;2 3)} or {@code ()}. */
    public boolean isList() {
        return value instanceof Object[];
    }

    /** True when the evaluated text had no expression (only blanks, comments or assignments are values too). */
    public boolean isEmpty() {
        return value == null;
    }

    /** Anything else: a lambda, a projection, a verb or a derived verb. */
    public boolean isFunction() {
        return value != null && !isInt() && !isFloat() && !isIntVector() && !isFloatVector() && !isList();
    }

    /** The integer atom's value. @throws IllegalStateException if this is not an int */
    public long asLong() {
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("not an int: " + this);
    }

    /** The number as a double (an int atom converts). @throws IllegalStateException if not a number */
    public double asDouble() {
        if (value instanceof Double d) {
            return d;
        }
        if (value instanceof Long l) {
            return l;
        }
        throw new IllegalStateException("not a number: " + this);
    }

    /** A copy of the integer vector (an int atom gives one element). @throws IllegalStateException otherwise */
    public long[] asLongArray() {
        if (value instanceof IntVec v) {
            return v.toArray();
        }
        if (value instanceof Long l) {
            return new long[] {l};
        }
        throw new IllegalStateException("not an int vector: " + this);
    }

    /** A copy of the float vector (int vectors convert). @throws IllegalStateException otherwise */
    public double[] asDoubleArray() {
        if (value instanceof FloatVec v) {
            return v.toArray();
        }
        if (value instanceof IntVec v) {
            double[] d = new double[v.count()];
            for (int i = 0; i < d.length; i++) {
                d[i] = v.get(i);
            }
            return d;
        }
        throw new IllegalStateException("not a float vector: " + this);
    }

    /**
     * The words of an int or float vector without copying: a read-only native segment of
     * {@code count() * 8} bytes ({@code JAVA_LONG} items for an int vector, {@code JAVA_DOUBLE} for a
     * float vector). It stays valid as long as it is reachable (the vector's memory is freed by the
     * garbage collector, see docs/k.md). @throws IllegalStateException if this is not a vector
     */
    public MemorySegment segment() {
        if (value instanceof Vec v) {
            return v.segment();
        }
        throw new IllegalStateException("not a vector: " + this);
    }

    /** Items of a list or vector as views (an atom has none). */
    public int count() {
        return switch (value) {
            case Vec v -> v.count();
            case Object[] v -> v.length;
            case null, default -> 0;
        };
    }

    /** The item at {@code index} of a list or vector. */
    public KValue item(int index) {
        return switch (value) {
            case IntVec v -> new KValue(v.get(index));
            case FloatVec v -> new KValue(v.get(index));
            case Object[] v -> new KValue(v[index]);
            case null, default -> throw new IllegalStateException("not a list: " + this);
        };
    }

    /** The value as oK displays it ({@code 0 1 2}, {@code ,7}, {@code {[x]x+1}}, ...); empty for no value. */
    @Override
    public String toString() {
        return value == null ? "" : KSession.format(value);
    }
}
