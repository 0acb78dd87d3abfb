package dev.piglet.flink;

/**
 * How one machine of a stage ended: DONE, or a fault (a stage never fails its job for a program's
 * fault). Stages send these to the {@link Piglets#OUTCOMES} side output. A Flink POJO.
 */
public final class StageOutcome {
    /** The stage's name ({@link Stage#name()}). */
    public String stage;
    /** The stage's place in its pipeline, from 1. */
    public int index;
    /** The key whose machine ended (0 for an unkeyed stage). */
    public long key;
    /** True when the program reached DONE. */
    public boolean ok;
    /** {@code success}, or the fault as {@code piglet run} prints it: {@code division by zero at pc 14}. */
    public String message;
    /** The pc of the DONE or of the faulting instruction. */
    public long pc;
    /** The result register. */
    public long result;
    /** Instructions the machine executed over its whole run. */
    public long steps;

    public StageOutcome() {}

    StageOutcome(String stage, int index, long key, dev.piglet.Outcome o) {
        this.stage = stage;
        this.index = index;
        this.key = key;
        this.ok = o.ok();
        this.message = o.message();
        this.pc = o.pc();
        this.result = o.result();
        this.steps = o.steps();
    }

    @Override
    public String toString() {
        return (ok ? "success, result " + Long.toUnsignedString(result) : message) + " (stage " + index + ": " + stage + ", key " + key + ")";
    }
}
