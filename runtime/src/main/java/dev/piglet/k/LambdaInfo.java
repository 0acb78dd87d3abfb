package dev.piglet.k;

/**
 * What the parser knows about one lambda: its parameters, how many frame slots it needs, its body cell,
 * its normalised text, and whether its frames must be promoted to the heap because an inner lambda
 * reads its locals (decided from the syntax tree, so ring frames never escape).
 */
final class LambdaInfo {
    final String[] params;
    final int valence;
    int slots;
    int body;
    String text;
    boolean heapFrame;
    /** Whether the interpreter may run this lambda on its direct path: 0 not decided yet, 1 yes, 2 no (see {@code Interp}). */
    byte direct;
    /** The body's syntax height, when {@link #direct} is 1: its share of the interpreter's Java stack budget. */
    int height;
    /** Whether this lambda has an int form ({@link IntForm}): 0 not decided yet, 1 yes, 2 no. */
    byte form;
    /** Its int-form code's entry pc, registers per activation and id ({@link IntForm}), when {@link #form} is 1. */
    int formEntry, formFrame, formId;
    /** A value of this lambda without an enclosing frame, for the int-form loop's rare calls (made on demand). */
    private Lambda plain;
    /** The compiled tier (see {@link KCompiler}): the group holding this lambda, or null. */
    KCompiled jit;
    /** This lambda's member number in {@link #jit}. */
    int jitId;
    /** Ring slots / continuation records one call level of {@link #jit}'s group may take in the interpreter. */
    int jitLevelCost;
    /** Times {@link #jit} was dropped because a global it calls was redefined. */
    int jitStale;
    /** Calls counted towards compiling (negative after a failed attempt: a back-off). */
    int jitCalls;
    /** Parameter and local names, slot order (for diagnostics). */
    String[] slotNames;

    /**
     * This lambda as a value with no enclosing frame: what the int-form loop passes as {@code o} or the
     * running lambda when it hands a call to the interpreter (an int form reads no enclosing frame).
     */
    Lambda plainLambda() {
        Lambda l = plain;
        if (l == null) plain = l = new Lambda(this, null);
        return l;
    }

    LambdaInfo(String[] params, int valence) {
        this.params = params;
        this.valence = valence;
    }
}
