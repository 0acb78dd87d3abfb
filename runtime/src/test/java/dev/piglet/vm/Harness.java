package dev.piglet.vm;

import dev.piglet.code.Program;
import dev.piglet.code.Status;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/** Runs a program on an engine and captures everything engines must agree on. */
final class Harness {
    private Harness() {}

    /** Everything observable about a run. */
    record Outcome(List<Long> output, int status, long pc, long sp, List<Long> stack, long result, long steps,
            long memory) {
        String brief() {
            return "status=" + Status.name(status) + " pc=" + pc + " sp=" + sp + " steps=" + steps + " result="
                    + result + " printed=" + output.size() + " stack=" + stack + " mem=" + Long.toHexString(memory);
        }
    }

    /** Input from a list; {@code badAtEnd} makes the word after the list malformed instead of END. */
    static final class ListInput implements Input {
        private final long[] words;
        private final boolean badAtEnd;
        private int next;
        private long word;

        ListInput(long[] words, boolean badAtEnd) {
            this.words = words;
            this.badAtEnd = badAtEnd;
        }

        @Override
        public int next() {
            if (next < words.length) {
                word = words[next++];
                return WORD;
            }
            return badAtEnd ? BAD : END;
        }

        @Override
        public long word() {
            return word;
        }
    }

    private static final long[] MEMORY = new long[MachineLayout.MEMORY_WORDS];

    /** A hash of all 65,536 memory words (bulk copy: per-word VarHandle reads are slow in a cold JVM). */
    static synchronized long memoryHash(MachineState machine) {
        MemorySegment.copy(machine.segment(), ValueLayout.JAVA_LONG, MachineLayout.MEMORY, MEMORY, 0, MEMORY.length);
        long h = 0xcbf29ce484222325L;
        for (long word : MEMORY) {
            h = (h ^ word) * 0x100000001b3L;
        }
        return h;
    }

    static MachineState newMachine() {
        return new MachineState(Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
    }

    static Outcome run(Engine engine, Program program, MachineState machine, long[] input, boolean badAtEnd, long fuel) {
        List<Long> printed = new ArrayList<>();
        int status = engine.run(program, machine, printed::add, new ListInput(input, badAtEnd), fuel);
        if (status != machine.status()) {
            throw new AssertionError(engine.name() + " returned " + status + " but recorded " + machine.status());
        }
        List<Long> stack = new ArrayList<>();
        for (int i = 0; i < machine.sp(); i++) {
            stack.add(machine.stack(i));
        }
        return new Outcome(printed, status, machine.pc(), machine.sp(), stack, machine.result(), machine.steps(),
                memoryHash(machine));
    }
}
