package dev.piglet.nativeref;

import static dev.piglet.nativeref.NativeIoLayout.*;

import dev.piglet.code.Program;
import dev.piglet.vm.Engine;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;

/**
 * One of the C reference's engines as a Piglet {@link Engine}: the C code runs on the program's code
 * segment and the machine's segment in place. PRINTed words collect in an off-heap buffer that is handed
 * to the {@link Output} whenever the C engine pauses or stops; READ asks the {@link Input} for one word
 * each time the C engine pauses for input.
 *
 * <p>Difference from the Java engines, by design: once the {@link Input} has answered END (or BAD), later
 * READs do not ask it again. Holds per-instance buffers: one thread at a time.
 */
public final class NativeEngine implements Engine {
    private static final int OUT_WORDS = 4096;

    private final String name;
    private final MethodHandle run;
    private final MemorySegment io;
    private final MemorySegment outBuffer;
    private final MemorySegment inBuffer;

    private NativeEngine(String name, MethodHandle run) {
        this.name = name;
        this.run = run;
        Arena arena = Arena.ofAuto();
        io = arena.allocate(NativeIoLayout.LAYOUT);
        outBuffer = arena.allocate(ValueLayout.JAVA_LONG, OUT_WORDS);
        inBuffer = arena.allocate(ValueLayout.JAVA_LONG, 1);
    }

    /** The C switch engine ({@code piglet_switch_run}). */
    public static NativeEngine cSwitch() {
        return new NativeEngine("c-switch", NativeLibrary.get().switchRun);
    }

    /** The C computed-goto engine with the top of stack in a register ({@code piglet_goto_run}). */
    public static NativeEngine cGoto() {
        return new NativeEngine("c-goto", NativeLibrary.get().gotoRun);
    }

    /** Fresh instances of both C engines. */
    public static List<NativeEngine> both() {
        return List.of(cSwitch(), cGoto());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int execute(Program program, MachineState machine, Output out, Input in, long fuel) {
        MemorySegment ioSeg = io;
        ioSeg.set(ValueLayout.ADDRESS, OUT, outBuffer);
        ioSeg.set(ValueLayout.JAVA_LONG, OUT_CAP, OUT_WORDS);
        ioSeg.set(ValueLayout.JAVA_LONG, OUT_LEN, 0L);
        ioSeg.set(ValueLayout.ADDRESS, IN, inBuffer);
        ioSeg.set(ValueLayout.JAVA_LONG, IN_LEN, 0L);
        ioSeg.set(ValueLayout.JAVA_LONG, IN_POS, 0L);
        ioSeg.set(ValueLayout.JAVA_LONG, IN_STATE, IN_MORE);
        // The read-only code segment itself is passed (C only reads it): FFM keeps its scope alive during the call.
        MemorySegment code = program.code();
        while (true) {
            int status;
            try {
                status = (int) run.invokeExact(code, program.length(), machine.segment(), ioSeg, fuel);
            } catch (Throwable t) {
                throw new IllegalStateException("C engine " + name + " failed", t);
            }
            long printed = ioSeg.get(ValueLayout.JAVA_LONG, OUT_LEN);
            for (long i = 0; i < printed; i++) {
                out.print(outBuffer.getAtIndex(ValueLayout.JAVA_LONG, i));
            }
            ioSeg.set(ValueLayout.JAVA_LONG, OUT_LEN, 0L);
            if (status == PAUSED_OUTPUT) {
                continue;
            }
            if (status != PAUSED_INPUT) {
                return status;
            }
            int got = in.next();
            if (got == Input.WORD) {
                inBuffer.setAtIndex(ValueLayout.JAVA_LONG, 0, in.word());
                ioSeg.set(ValueLayout.JAVA_LONG, IN_LEN, 1L);
                ioSeg.set(ValueLayout.JAVA_LONG, IN_POS, 0L);
            } else {
                ioSeg.set(ValueLayout.JAVA_LONG, IN_STATE, got == Input.END ? IN_END : IN_BAD);
            }
        }
    }
}
