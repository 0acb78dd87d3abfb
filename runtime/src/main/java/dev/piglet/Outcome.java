package dev.piglet;

/**
 * What a run ended with. {@link Machine#run} returns the machine's one {@code Outcome} object, updated by
 * every run (so running allocates nothing): read it before the next run, or keep a {@link #snapshot()}.
 */
public final class Outcome {
    private final dev.piglet.vm.MachineState state;
    private String inputError = "";

    Outcome(dev.piglet.vm.MachineState state) {
        this.state = state;
    }

    void inputError(String message) {
        inputError = message;
    }

    /** How the run ended. */
    public RunStatus status() {
        return RunStatus.of(state.status());
    }

    /** True when the program reached DONE. */
    public boolean ok() {
        return state.status() == dev.piglet.code.Status.SUCCESS;
    }

    /** The result register (set by POP_RES), an unsigned 64-bit word. */
    public long result() {
        return state.result();
    }

    /** The byte offset of the faulting instruction, of the DONE on success, or of the next instruction when out of fuel. */
    public long pc() {
        return state.pc();
    }

    /** Instructions executed. */
    public long steps() {
        return state.steps();
    }

    /** {@code success}, or the fault as the command line prints it: {@code division by zero at pc 14}. */
    public String message() {
        int status = state.status();
        if (status == dev.piglet.code.Status.SUCCESS) {
            return "success";
        }
        String m = dev.piglet.code.Status.message(status) + " at pc " + state.pc();
        return status == dev.piglet.code.Status.BAD_INPUT && !inputError.isEmpty() ? m + ": " + inputError : m;
    }

    /** An immutable copy of this outcome. */
    public Snapshot snapshot() {
        return new Snapshot(status(), result(), pc(), steps(), message());
    }

    /** An immutable copy of an {@link Outcome}. */
    public record Snapshot(RunStatus status, long result, long pc, long steps, String message) {}

    @Override
    public String toString() {
        return message() + (ok() ? ", result " + Long.toUnsignedString(result()) : "");
    }
}
