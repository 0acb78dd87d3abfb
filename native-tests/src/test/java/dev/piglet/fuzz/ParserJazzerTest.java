package dev.piglet.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Coverage-guided fuzzing with Jazzer. Under plain {@code mvn verify} each target runs once per file
 * of its regression corpus ({@code src/test/resources/dev/piglet/fuzz/ParserJazzerTestInputs/<target>/});
 * with {@code JAZZER_FUZZ=1} the one selected target is fuzzed for {@code maxDuration} (see docs/native-tests.md).
 */
class ParserJazzerTest {
    private static Differential diff;
    private static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        diff = new Differential();
        dir = Files.createTempDirectory("piglet-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        diff.close();
        Files.deleteIfExists(dir.resolve("fuzz.bin"));
        Files.deleteIfExists(dir);
    }

    @FuzzTest(maxDuration = "5m")
    void assemble(byte[] data) {
        ParserTargets.assemble(data);
    }

    @FuzzTest(maxDuration = "5m")
    void loadBin(byte[] data) {
        ParserTargets.loadBin(data);
    }

    @FuzzTest(maxDuration = "5m")
    void readBinFile(byte[] data) throws IOException {
        ParserTargets.readBinFile(data, dir);
    }

    @FuzzTest(maxDuration = "5m")
    void verify(byte[] data) {
        ParserTargets.verify(data);
    }

    @FuzzTest(maxDuration = "5m")
    void kEval(byte[] data) {
        ParserTargets.kEval(data);
    }

    @FuzzTest(maxDuration = "5m")
    void decimalReader(byte[] data) {
        ParserTargets.decimalReader(data);
    }

    @FuzzTest(maxDuration = "5m")
    void run(byte[] data) {
        ParserTargets.run(data, diff, new long[] {3, 1L << 40, -1L});
    }
}
