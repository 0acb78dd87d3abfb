package dev.piglet.vm;

/**
 * An engine that runs word code, where the peephole pass may fuse instruction pairs into
 * superinstructions; {@code --no-fuse} asks it for its unfused twin.
 */
public interface FusingEngine extends Engine {
    /** The same engine with fusion on or off. */
    Engine withFusion(boolean fuse);

    /** Whether this instance fuses. */
    boolean fuses();
}
