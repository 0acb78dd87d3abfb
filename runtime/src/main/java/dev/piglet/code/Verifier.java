package dev.piglet.code;

import static dev.piglet.code.Opcodes.*;

/**
 * Proves, per program, the facts that let engines drop run-time checks: every reachable JUMP and
 * READ target is an instruction start inside the code (or the program length, where the appended
 * ABORT is), and so is every conditional jump's target that lies inside the code (one outside faults
 * when taken, see {@link WordCodeLayout#JUMP_IF_OUTSIDE}), the stack depth at every reachable instruction is a single number in 0..256 whatever
 * path leads there, and no instruction underflows or overflows the stack. It also computes the
 * maximum depth.
 *
 * <p>Only code reachable from pc 0 is examined; unreachable bytes may be anything. Faults that do not
 * depend on the path (an unknown opcode, a truncated final instruction, ABORT, DIV by zero) are not
 * rejections: they are outcomes every engine reproduces at the same pc. A rejected program still runs,
 * on a checking engine.
 */
public final class Verifier {
    /** Stack capacity in words (the machine's). */
    public static final int STACK_WORDS = 256;

    private Verifier() {}

    /** True when the instruction at {@code pc} stops with a fault or ABORT before doing anything. */
    static boolean isFaultingStart(Program program, int pc) {
        int op = program.byteAt(pc);
        return pc == program.length() || op == ABORT || !isDefined(op)
                || (hasArgument(op) && pc > program.length() - 3);
    }

    public static Verification verify(Program program) {
        final int length = program.length();
        int[] depth = new int[length + 1];
        java.util.Arrays.fill(depth, -1);
        boolean[] target = new boolean[length + 1];
        int[] work = new int[length + 1];
        int top = 0;
        depth[0] = 0;
        work[top++] = 0;
        int maxDepth = 0;
        while (top > 0) {
            int pc = work[--top];
            int d = depth[pc];
            maxDepth = Math.max(maxDepth, d);
            if (isFaultingStart(program, pc)) {
                continue;
            }
            int op = program.byteAt(pc);
            if (d < pops(op)) {
                return reject("stack underflow: " + name(op) + " needs " + pops(op) + " word(s), stack has " + d, pc);
            }
            int after = d - pops(op) + pushes(op);
            if (after > STACK_WORDS) {
                return reject("stack overflow: " + name(op) + " would make the stack " + after + " deep (limit "
                        + STACK_WORDS + ")", pc);
            }
            maxDepth = Math.max(maxDepth, after);
            int next = pc + size(op);
            if (isJump(op)) {
                int t = program.argumentAt(pc);
                if (t > length) {
                    // A conditional jump to a target outside the code is fine until it is taken; then it
                    // faults (bad jump target) where it stands, so its taken edge leads nowhere.
                    if (op != JUMP_IF_TRUE && op != JUMP_IF_FALSE) {
                        return reject("jump target " + t + " is outside the code (length " + length + ")", pc);
                    }
                } else {
                    target[t] = true;
                    int atTarget = op == READ ? d : d - pops(op);
                    if (depth[t] < 0) {
                        depth[t] = atTarget;
                        work[top++] = t;
                    } else if (depth[t] != atTarget) {
                        return reject(conflict(depth[t], atTarget, t, pc), t);
                    }
                }
                if (op == JUMP) {
                    continue;
                }
            }
            if (op == DONE) {
                continue;
            }
            if (depth[next] < 0) {
                depth[next] = after;
                work[top++] = next;
            } else if (depth[next] != after) {
                return reject(conflict(depth[next], after, next, pc), next);
            }
        }
        // No reachable instruction may start inside another's argument bytes.
        for (int pc = 0; pc < length; pc++) {
            if (depth[pc] < 0 || isFaultingStart(program, pc) || !hasArgument(program.byteAt(pc))) {
                continue;
            }
            for (int k = 1; k <= 2; k++) {
                if (depth[pc + k] >= 0) {
                    return reject("control reaches pc " + (pc + k) + ", inside the argument of the "
                            + name(program.byteAt(pc)) + " at pc " + pc, pc + k);
                }
            }
        }
        return new Verification(true, "", -1, maxDepth, depth, target);
    }

    private static String conflict(int had, int now, int pc, int from) {
        return "stack depth at pc " + pc + " is " + had + " on one path and " + now + " on another (from pc "
                + from + ")";
    }

    private static Verification reject(String reason, int pc) {
        return new Verification(false, reason, pc, -1, new int[0], new boolean[0]);
    }
}
