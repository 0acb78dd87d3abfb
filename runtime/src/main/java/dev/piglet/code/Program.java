package dev.piglet.code;

import dev.piglet.arena.BumpArena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Loaded Piglet bytecode: an immutable, read-only code segment that engines read in place and any
 * number of machines and threads may share.
 *
 * <p>The segment holds the program's bytes followed by {@link #PADDING} zero bytes: the first is the
 * ABORT the reference loader appends (falling off the end is <em>end of stream</em>), the rest let an
 * engine read a truncated final argument without leaving the segment.
 */
public final class Program {
    /** Largest program: jump targets are u16, so 65,536 bytes are addressable. */
    public static final int MAX_SIZE = 65_536;
    /** Zero bytes after the code: the appended ABORT plus room for a truncated u16 argument. */
    public static final int PADDING = 3;

    private final String name;
    private final MemorySegment code;
    private final int length;

    private Program(String name, MemorySegment code, int length) {
        this.name = name;
        this.code = code;
        this.length = length;
    }

    /**
     * Loads bytecode, carving the code segment out of {@code arena}.
     *
     * @param name where the bytes came from (a file name), for messages
     * @throws BytecodeException if the program is empty or larger than {@link #MAX_SIZE}
     */
    public static Program load(String name, byte[] bytes, BumpArena arena) {
        checkSize(name, bytes.length);
        MemorySegment segment = arena.allocate(bytes.length + PADDING, 8);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        segment.asSlice(bytes.length).fill((byte) 0);
        return new Program(name, segment.asReadOnly(), bytes.length);
    }

    /** Loads bytecode into a segment of its own, freed by the garbage collector with the program. */
    public static Program load(String name, byte[] bytes) {
        checkSize(name, bytes.length);
        MemorySegment segment = java.lang.foreign.Arena.ofAuto().allocate(bytes.length + PADDING, 8);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return new Program(name, segment.asReadOnly(), bytes.length);
    }

    /** Bytes of segment an arena needs for {@link #load(String, byte[], BumpArena)}, alignment included. */
    public static long footprint(int codeLength) {
        return codeLength + PADDING + 8;
    }

    private static void checkSize(String name, int length) {
        if (length == 0) {
            throw new BytecodeException(name + ": empty program (no bytecode)");
        }
        if (length > MAX_SIZE) {
            throw new BytecodeException(name + ": program too large: " + length
                    + " bytes (jump targets are u16, at most " + MAX_SIZE + " bytes)");
        }
    }

    /** Where the program came from, for messages. */
    public String name() {
        return name;
    }

    /** The read-only code segment: {@link #length()} bytes of code, then {@link #PADDING} zero bytes. */
    public MemorySegment code() {
        return code;
    }

    /** Bytes of code, without the padding. */
    public int length() {
        return length;
    }

    /** The byte at {@code offset} as 0..255 ({@code offset} may reach into the padding). */
    public int byteAt(int offset) {
        return Byte.toUnsignedInt(code.get(ValueLayout.JAVA_BYTE, offset));
    }

    /** The big-endian u16 argument of the instruction at {@code pc}. */
    public int argumentAt(int pc) {
        return (byteAt(pc + 1) << 8) | byteAt(pc + 2);
    }

    /** A copy of the code bytes, as a {@code .bin} file holds them. */
    public byte[] toBytes() {
        return code.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
