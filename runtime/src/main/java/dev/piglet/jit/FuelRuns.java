package dev.piglet.jit;

import static dev.piglet.code.Opcodes.*;

import dev.piglet.code.Program;
import dev.piglet.code.Verification;

/**
 * How compiled code accounts for fuel. Steps are charged per <em>run</em>: the instructions from a pc up to and
 * including the next control transfer ({@link #runLengths}). Each run's charge is one subtraction from the fuel
 * left; only some charges also compare: a backward jump (every cycle in the code has one), a method's start and
 * its entries. Such a check asks for {@link #checkBounds the most steps any path can take} from there to the next
 * check, so the runs in between cannot overdraw and need no compare of their own: a loop iteration pays one
 * compare-and-branch instead of one per run. A check that fails hands the run to the interpreter at its pc, which
 * steps on exactly; that is always allowed, and it runs fewer steps than the bound before the fuel is spent.
 */
final class FuelRuns {
    private FuelRuns() {}

    /** True at the end of the code, an ABORT, an undefined opcode or an instruction cut off by the end. */
    static boolean isStop(Program program, int pc) {
        int length = program.length();
        int op = program.byteAt(pc);
        return pc == length || op == ABORT || !isDefined(op) || (hasArgument(op) && pc > length - 3);
    }

    /** True where a run ends: a stop, a jump (conditional or not, READ included) or DONE. */
    static boolean isControl(Program program, int pc) {
        if (isStop(program, pc)) {
            return true;
        }
        int op = program.byteAt(pc);
        return isJump(op) || op == DONE;
    }

    /** True when the jump at {@code pc} goes back (or to itself): the charge on that edge compares. */
    static boolean isBackward(Program program, int pc) {
        return program.argumentAt(pc) <= pc;
    }

    /**
     * Per instruction start, the number of instructions from it up to and including the next control transfer:
     * what compiled code charges on arriving there, and what a tiered run charges before {@link Compiled#enter}.
     */
    static int[] runLengths(Program program, Verification v) {
        int length = program.length();
        int[] rem = new int[length + 1];
        for (int pc = length; pc >= 0; pc--) {
            if (v.isStart(pc)) {
                rem[pc] = 1 + (isControl(program, pc) ? 0 : rem[pc + size(program.byteAt(pc))]);
            }
        }
        return rem;
    }

    /**
     * Per instruction start in method {@code region} (all of them when {@code regionOf} is null), the most steps
     * a path from it can execute before it reaches a charge that checks: a backward jump, or control leaving the
     * method (for another region, whose entry checks, or for good). Every path that goes on stays inside the
     * method and reaches higher pcs, so one pass from the end computes it.
     */
    static int[] checkBounds(Program program, Verification v, int[] regionOf, int region) {
        int length = program.length();
        int[] need = new int[length + 1];
        for (int pc = length; pc >= 0; pc--) {
            if (!v.isStart(pc) || regionOf != null && regionOf[pc] != region) {
                continue;
            }
            if (isStop(program, pc)) {
                need[pc] = 1;
                continue;
            }
            int op = program.byteAt(pc);
            int next = pc + size(op);
            long most = 0;
            if (op != JUMP && op != DONE) {
                most = within(need, regionOf, region, next);
            }
            if (isJump(op)) {
                int target = program.argumentAt(pc);
                if (target <= length && target > pc) {
                    most = Math.max(most, within(need, regionOf, region, target));
                }
            }
            need[pc] = (int) Math.min(Integer.MAX_VALUE, 1 + most);
        }
        return need;
    }

    /** The bound at {@code pc} when control stays in the method there, else 0 (the other method's entry checks). */
    private static int within(int[] need, int[] regionOf, int region, int pc) {
        return pc < need.length && (regionOf == null || regionOf[pc] == region) ? need[pc] : 0;
    }
}
