package dev.piglet.nativeref;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The C reference interpreter ({@code libpiglet_ref.so}, built by gcc during the Maven build) bound
 * through FFM downcalls. Loaded once per JVM and never unloaded (global arena).
 */
public final class NativeLibrary {
    /** System property holding the library's path (surefire sets it). */
    public static final String PROPERTY = "piglet.native.lib";

    /** {@code int32_t run(const uint8_t *code, int32_t length, piglet_machine *m, piglet_io *io, int64_t fuel)}. */
    static final FunctionDescriptor RUN = FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG);

    private static NativeLibrary instance;

    final MethodHandle switchRun;
    final MethodHandle gotoRun;
    private final MethodHandle checksum;
    private final MethodHandle layout;

    private NativeLibrary(Path path) {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lookup = SymbolLookup.libraryLookup(path, Arena.global());
        switchRun = linker.downcallHandle(find(lookup, "piglet_switch_run"), RUN);
        gotoRun = linker.downcallHandle(find(lookup, "piglet_goto_run"), RUN);
        checksum = linker.downcallHandle(find(lookup, "piglet_memory_checksum"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
        layout = linker.downcallHandle(find(lookup, "piglet_layout"),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    }

    /** The library named by the {@value #PROPERTY} system property, loaded on first use. */
    public static synchronized NativeLibrary get() {
        if (instance == null) {
            String value = System.getProperty(PROPERTY);
            if (value == null) {
                throw new IllegalStateException("system property " + PROPERTY
                        + " is not set (the path of libpiglet_ref.so; Maven sets it for tests)");
            }
            Path path = Path.of(value);
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(path + ": no such library (run `mvn -pl native-tests generate-resources`)");
            }
            instance = new NativeLibrary(path);
        }
        return instance;
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException("symbol not found: " + name));
    }

    /** The C side's FNV-1a over a machine segment's memory (must equal {@code Machine.memoryChecksum()}). */
    public long memoryChecksum(MemorySegment machine) {
        try {
            return (long) checksum.invokeExact(machine);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /**
     * The C compiler's view of the layouts: 0 result, 1 sp, 2 pc, 3 status, 4 steps, 5 stack, 6 memory
     * (byte offsets in piglet_machine), 7 sizeof(piglet_machine), 8 sizeof(piglet_io).
     */
    public long layout(int what) {
        try {
            return (long) layout.invokeExact(what);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
