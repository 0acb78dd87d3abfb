package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seeded mutation fuzzer on every parser, in CI: {@code -Dpiglet.fuzz.parser.inputs=N} inputs per
 * target (default 50,000), master seed {@code -Dpiglet.fuzz.seed}. A finding fails with the input in hex
 * and is written to target/fuzz-crashers/ (copy it into the regression corpus once fixed). A hang fails
 * through the timeout.
 */
class ParserMutationFuzzTest {
    private static final long INPUTS = Long.getLong("piglet.fuzz.parser.inputs", 50_000);
    private static final long SEED = Long.getLong("piglet.fuzz.seed", 20261121);
    private static final Duration LIMIT = Duration.ofMinutes(5);
    private static final String CORPUS = "dev/piglet/fuzz/ParserJazzerTestInputs/";
    private static Path dir;

    @BeforeAll
    static void setUp() throws IOException {
        dir = Files.createTempDirectory("piglet-fuzz");
    }

    @AfterAll
    static void tearDown() throws IOException {
        Files.deleteIfExists(dir.resolve("fuzz.bin"));
        Files.deleteIfExists(dir);
    }

    private static void campaign(String target, long seed, long inputs, MutationFuzzer.Target t) {
        MutationFuzzer.Result res = assertTimeoutPreemptively(LIMIT,
                () -> new MutationFuzzer(seed, MutationFuzzer.seeds(CORPUS + target)).run(t, inputs),
                target + ": fuzzing took longer than " + LIMIT + " (a hang?), seed " + seed);
        System.out.printf("fuzz %s: %d inputs (seed %d), %d accepted, slowest %.1f ms%n",
                target, res.inputs(), seed, res.accepted(), res.maxNanos() / 1e6);
        if (res.finding() != null) {
            try {
                Path out = Path.of("target", "fuzz-crashers", target);
                Files.createDirectories(out);
                Files.write(out.resolve("crash-" + seed + "-" + res.inputs()), res.crasher());
            } catch (IOException ignored) {
                // the message below still carries the input
            }
            fail(target + ": undocumented failure after " + res.inputs() + " inputs, seed " + seed + ": " + res.finding());
        }
    }

    @Test
    void assembler() {
        campaign("assemble", SEED, INPUTS, ParserTargets::assemble);
    }

    @Test
    void binLoader() {
        campaign("loadBin", SEED + 1, INPUTS, ParserTargets::loadBin);
    }

    @Test
    void binFile() {
        campaign("readBinFile", SEED + 2, Math.max(1, INPUTS / 25), data -> ParserTargets.readBinFile(data, dir));
    }

    @Test
    void verifier() {
        campaign("verify", SEED + 5, INPUTS, ParserTargets::verify);
    }

    @Test
    void kParserAndEvaluator() {
        campaign("kEval", SEED + 6, Math.max(1, INPUTS / 5), ParserTargets::kEval);
    }

    @Test
    void readInput() {
        campaign("decimalReader", SEED + 4, INPUTS, ParserTargets::decimalReader);
    }

    @Test
    void mutatedBytecodeOnEveryEngine() {
        try (Differential diff = new Differential()) {
            campaign("run", SEED + 3, Math.max(1, INPUTS / 5), data -> ParserTargets.run(data, diff, new long[] {3, 1L << 40, -1L}));
        }
    }
}
