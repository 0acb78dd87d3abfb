package dev.piglet.flink;

import dev.piglet.Machine;
import dev.piglet.MachineOptions;
import dev.piglet.MachineSnapshot;
import dev.piglet.Outcome;
import dev.piglet.Piglet;
import dev.piglet.RunStatus;
import dev.piglet.WordFeed;
import dev.piglet.code.Program;
import dev.piglet.vm.Input;
import java.util.function.LongConsumer;

/**
 * Runs a pull-based program (READ asks for the next word) from a push-based caller (words arrive one at
 * a time) on one machine, with no thread of its own: READ with no word at hand stops the run at that
 * READ (the input answers {@link Input#BAD}, which every engine treats as a fault with no effect), and
 * the next word resumes it there. Between words the whole run is its {@link MachineSnapshot}, so one
 * runner serves many keys by {@link #load loading} each key's state in turn.
 */
final class StageRunner implements AutoCloseable {
    private final Program program;
    private final Machine machine;
    private final WordFeed feed = new WordFeed();
    /** Where PRINTed words go; the operator points it at the current key's emitter. */
    private LongConsumer sink = w -> {};

    StageRunner(Stage stage) {
        this.program = stage.program();
        this.machine = Piglet.machine(MachineOptions.defaults().fuel(stage.fuel()).onPrint(w -> sink.accept(w)));
    }

    void sink(LongConsumer words) {
        this.sink = words;
    }

    /** Puts the machine in the start state of a run; {@link #start} runs it to its first READ. */
    void reset() {
        machine.restore(MachineSnapshot.START);
    }

    /** Loads a state {@link #save}d earlier: the machine waits at the READ it stopped at. */
    void load(MachineSnapshot state) {
        machine.restore(state);
    }

    MachineSnapshot save() {
        return machine.save();
    }

    /** Runs from the start state to the first READ that waits; true if the program is still running. */
    boolean start() {
        return resume();
    }

    /** Hands {@code word} to the waiting READ and runs to the next; true if the program is still running. */
    boolean feed(long word) {
        feed.offer(word);
        return resume();
    }

    /** Ends the input: READ takes its end jump; the program runs to its end (false) or faults. */
    boolean end() {
        feed.end();
        try {
            return resume();
        } finally {
            feed.reopen();
        }
    }

    private boolean resume() {
        Outcome o = machine.resume(program, feed);
        boolean waiting = feed.waiting();
        feed.clear();
        return o.status() == RunStatus.BAD_INPUT && waiting;
    }

    /** How the program ended; valid after {@link #start}, {@link #feed} or {@link #end} returned false. */
    Outcome outcome() {
        return machine.outcome();
    }

    @Override
    public void close() {
        machine.close();
    }
}
