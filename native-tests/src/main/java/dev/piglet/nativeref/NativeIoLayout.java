package dev.piglet.nativeref;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The one place that names the layout of {@code struct piglet_io} (piglet_ref.h): where the C engines
 * PRINT to and READ from. Pointers are 64-bit addresses, counters {@code int64_t}.
 */
public final class NativeIoLayout {
    private NativeIoLayout() {}

    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.ADDRESS.withName("out"),
            ValueLayout.JAVA_LONG.withName("out_cap"),
            ValueLayout.JAVA_LONG.withName("out_len"),
            ValueLayout.ADDRESS.withName("in"),
            ValueLayout.JAVA_LONG.withName("in_len"),
            ValueLayout.JAVA_LONG.withName("in_pos"),
            ValueLayout.JAVA_LONG.withName("in_state"),
            ValueLayout.JAVA_LONG.withName("reserved"))
            .withName("piglet_io");

    public static final long OUT = offset("out");
    public static final long OUT_CAP = offset("out_cap");
    public static final long OUT_LEN = offset("out_len");
    public static final long IN = offset("in");
    public static final long IN_LEN = offset("in_len");
    public static final long IN_POS = offset("in_pos");
    public static final long IN_STATE = offset("in_state");
    public static final long SIZE = LAYOUT.byteSize();

    /** in_state: more input may come; the engine pauses to ask when {@code in} is drained. */
    public static final long IN_MORE = 0;
    /** in_state: the input has ended; READ takes its jump. */
    public static final long IN_END = 1;
    /** in_state: the input is malformed; READ stops the run with bad input. */
    public static final long IN_BAD = 2;

    /** Status of a run paused because the output buffer is full (not an outcome). */
    public static final int PAUSED_OUTPUT = 100;
    /** Status of a run paused because READ needs a word the host has not supplied yet (not an outcome). */
    public static final int PAUSED_INPUT = 101;

    private static long offset(String field) {
        return LAYOUT.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
