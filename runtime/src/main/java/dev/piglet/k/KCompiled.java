package dev.piglet.k;

/**
 * Entry point of a compiled group of K lambdas (a hidden class made by {@link KCompiler}): calls member
 * {@code id} with its int arguments (unused ones are 0), starting at Java-stack
 * depth {@code depth} (a call at {@link KBail#MAX_DEPTH} bails out). Throws {@link KBail} when the call must be
 * re-run by the interpreter.
 *
 * <p>An abstract class rather than an interface: once a program has made several groups the entry's
 * call site is megamorphic, and a virtual call through the vtable is cheaper than an interface call.
 */
abstract class KCompiled {
    abstract long call(int id, Object[] globals, int depth, long a, long b, long c);
}
