package dev.piglet.code;

/**
 * What the {@link Verifier} proved about one program, or the first reason it could not.
 *
 * <p>When {@link #ok()}: every reachable instruction start has one stack depth ({@link #depthAt}),
 * every jump and READ target is such a start (or the program length, the appended ABORT), no
 * reachable start lies inside another's argument, and no instruction can underflow or overflow the
 * 256-word stack. Engines use these facts to drop per-instruction checks.
 */
public final class Verification {
    private final boolean ok;
    private final String reason;
    private final int pc;
    private final int maxDepth;
    private final int[] depth;
    private final boolean[] target;

    Verification(boolean ok, String reason, int pc, int maxDepth, int[] depth, boolean[] target) {
        this.ok = ok;
        this.reason = reason;
        this.pc = pc;
        this.maxDepth = maxDepth;
        this.depth = depth;
        this.target = target;
    }

    /** True when the program was proven safe. */
    public boolean ok() {
        return ok;
    }

    /** Why verification failed ("" when it did not). */
    public String reason() {
        return reason;
    }

    /** The pc the failure is about (-1 when ok). */
    public int pc() {
        return pc;
    }

    /** The deepest the stack gets on any path (valid when ok). */
    public int maxDepth() {
        return maxDepth;
    }

    /** The stack depth before the instruction at {@code pc}, or -1 if no reachable instruction starts there. */
    public int depthAt(int pc) {
        return pc >= 0 && pc < depth.length ? depth[pc] : -1;
    }

    /** True when a reachable instruction starts at {@code pc} ({@code pc == length} is the appended ABORT). */
    public boolean isStart(int pc) {
        return depthAt(pc) >= 0;
    }

    /** True when some reachable JUMP, JUMP_IF_* or READ names {@code pc} as its target. */
    public boolean isJumpTarget(int pc) {
        return pc >= 0 && pc < target.length && target[pc];
    }

    /** One line: "verified, max stack depth N" or "rejected at pc N: reason". */
    @Override
    public String toString() {
        return ok ? "verified, max stack depth " + maxDepth : "rejected at pc " + pc + ": " + reason;
    }
}
