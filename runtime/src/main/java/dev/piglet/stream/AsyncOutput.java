package dev.piglet.stream;

import dev.piglet.arena.StreamClosedException;
import dev.piglet.arena.WordLink;
import dev.piglet.arena.WordSink;
import dev.piglet.arena.WordSource;
import dev.piglet.vm.Output;
import java.util.function.LongConsumer;

/**
 * PRINT on one thread, decimal formatting and writing on another: the engine puts raw words into a
 * {@link WordLink}; a writer thread drains it into the target {@link Output} (usually a
 * {@code DecimalWriter} on stdout). {@link #finish()} ends the stream, waits for the writer and
 * rethrows its failure (an I/O error), so output order and error reporting stay as with a direct writer.
 */
public final class AsyncOutput implements Output {
    private final WordLink link = Links.newLink();
    private final WordSink sink = link.sink();
    private final Thread writer;
    private volatile Throwable failure;

    public AsyncOutput(Output target) {
        WordSource source = link.source();
        LongConsumer handler = target::print;
        writer = new Thread(() -> {
            try {
                while (source.drainTo(handler, Integer.MAX_VALUE) >= 0) {
                    // drainTo hands every available word to the target, then waits for more
                }
                target.flush();
            } catch (Throwable e) {
                failure = e;
            } finally {
                source.close();     // a failed writer releases a producer waiting for room
            }
        }, "piglet-output");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void print(long word) {
        sink.put(word);
    }

    /**
     * Ends the stream and waits until every word has been written and flushed.
     *
     * @throws RuntimeException the writer thread's failure, if it had one
     */
    public void finish() {
        sink.close();
        boolean interrupted = false;
        while (true) {
            try {
                writer.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        link.close();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable f = failure;
        if (f instanceof RuntimeException r) {
            throw r;
        }
        if (f instanceof Error e) {
            throw e;
        }
        if (f != null) {
            throw new StreamClosedException("output thread failed: " + f);
        }
    }
}
