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

    /**
     * Largest write set kept as a list of cells: beyond it, clearing cell by cell costs about as much as
     * clearing all memory, so such programs count as writing anywhere.
     */
    public static final int MAX_WRITE_SET = 4_096;

    /** {@link #writes} when the program may STORE to any cell. */
    private static final int[] ANYWHERE = new int[0];

    private final String name;
    private final MemorySegment code;
    private final int length;
    /** The memory cells a run may write, or {@link #ANYWHERE}; computed on first use (see {@link #writeSet()}). */
    private volatile int[] writes;

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

    /**
     * True if a run of this program may write any memory cell: the code holds a STORE byte at some
     * offset, or more than {@link #MAX_WRITE_SET} distinct STOREI cells.
     */
    public boolean writesAnywhere() {
        return writeSet() == ANYWHERE;
    }

    /** How many distinct cells {@link #writtenCell} lists (0 if {@link #writesAnywhere()}). */
    public int writtenCellCount() {
        return writeSet().length;
    }

    /** The {@code i}-th cell (0..65535) a run may write, in ascending order; valid if not {@link #writesAnywhere()}. */
    public int writtenCell(int i) {
        return writeSet()[i];
    }

    /**
     * The cells any run of this program may write: a sound over-approximation found without decoding.
     * Only STORE (any cell) and STOREI (its u16 argument) write memory, and a jump may land anywhere,
     * even inside another instruction's argument, so every byte offset is read as a possible
     * instruction start: a STORE byte anywhere means "any cell"; otherwise every byte 4 (STOREI) names
     * the cell in the two bytes after it. Engines that fuse instructions only combine these. Computed
     * once, lazily; racing threads compute the same array, and the volatile field publishes it safely.
     */
    private int[] writeSet() {
        int[] w = writes;
        if (w == null) {
            w = scanWrites();
            writes = w;
        }
        return w;
    }

    private int[] scanWrites() {
        byte[] bytes = code.toArray(ValueLayout.JAVA_BYTE); // code + padding: an argument may reach into it
        java.util.BitSet cells = new java.util.BitSet(65_536);
        for (int pc = 0; pc < length; pc++) {
            int op = bytes[pc] & 0xFF;
            if (op == Opcodes.STORE) {
                return ANYWHERE;
            }
            if (op == Opcodes.STOREI) {
                cells.set(((bytes[pc + 1] & 0xFF) << 8) | (bytes[pc + 2] & 0xFF));
            }
        }
        return cells.cardinality() > MAX_WRITE_SET ? ANYWHERE : cells.stream().toArray();
    }

    /** A copy of the code bytes, as a {@code .bin} file holds them. */
    public byte[] toBytes() {
        return code.asSlice(0, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
