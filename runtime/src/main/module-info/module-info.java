/**
 * Piglet: PigletVM bytecode and a K dialect on machines whose working state lives off the Java heap.
 * Start at {@link dev.piglet.Piglet}.
 *
 * <p>Exported: {@code dev.piglet} (the embedding API), and the three packages holding types that API's
 * signatures use: {@code dev.piglet.code} ({@code Program}, {@code AsmException},
 * {@code BytecodeException}), {@code dev.piglet.vm} ({@code Input}, {@code Output}) and
 * {@code dev.piglet.stream} ({@code StreamOutput}). The K interpreter, the JIT and the command line are
 * not exported.
 */
module dev.piglet.runtime {
    // Word streams and arenas appear in the API (StreamOutput takes a WordSink): hosts read them too.
    requires transitive dev.piglet.arena;
    // The K REPL's line editor: only the command line uses it, so hosts need not have it.
    requires static org.jline.reader;
    requires static org.jline.terminal;

    exports dev.piglet;
    exports dev.piglet.code;
    exports dev.piglet.vm;
    exports dev.piglet.stream;
}
