package dev.piglet.flink;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: in-process jobs on a local mini-cluster, and its errors. */
class FlinkMainTest {
    @TempDir
    Path dir;

    record Result(int exit, String out, String err) {}

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FlinkMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static String example(String name) {
        return Reference.EXAMPLES.resolve(name).toString();
    }

    @Test
    void theExamplePipelineGivesWhatPigletRunGives() {
        Result r = run("run", example("pipe-gen.pvm"), "--pipe", example("pipe-filter.pvm"), "--pipe", example("pipe-sum.pvm"));
        assertEquals("", r.err());
        assertEquals(0, r.exit());
        // piglet run examples/pipe-gen.pvm --pipe examples/pipe-filter.pvm --pipe examples/pipe-sum.pvm
        assertEquals("600030000\nResult value: 20000\n", r.out());
    }

    @Test
    void keyedRunsGiveEachKeyItsOwnPipeline() throws Exception {
        List<Long> input = LongStream.rangeClosed(1, 500).boxed().toList();
        Path file = dir.resolve("words.txt");
        Files.writeString(file, input.stream().map(String::valueOf).collect(Collectors.joining("\n", "", "\n")));
        // keys 1 and 2 have no word divisible by 3: their sum stage still runs, on no input, as piglet run's would
        Result r = run("run", example("pipe-filter.pvm"), "--pipe", example("pipe-sum.pvm"), "--input", file.toString(),
                "--key-by", "3", "--parallelism", "2", "--checkpoint-ms", "100");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        List<Stage> stages = List.of(Reference.example("pipe-filter.pvm"), Reference.example("pipe-sum.pvm"));
        for (long key = 0; key < 3; key++) {
            long k = key;
            List<Long> mine = input.stream().filter(w -> w % 3 == k).toList();
            List<Long> expected = Reference.pipe(stages, mine);
            List<String> got = lines.stream().filter(l -> l.startsWith(k + " ")).toList();
            List<String> want = new ArrayList<>(expected.stream().map(w -> k + " " + w).toList());
            want.add(k + " Result value: " + Reference.pipe(stages.subList(0, 1), mine).size());
            assertEquals(want, got, "key " + k);
        }
        assertEquals(3 * 2, lines.size());
    }

    @Test
    void aFaultIsOneLineAndExitOne() throws Exception {
        Path program = dir.resolve("hundred-over.pvm");
        Files.writeString(program, "loop:\nPUSHI 100\nREAD end\nDIV\nPRINT\nJUMP loop\nend:\nDONE\n");
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "5\n50\n0\n7\n");
        Result r = run("run", program.toString(), "--input", input.toString());
        assertEquals(1, r.exit());
        assertEquals("20\n2\n", r.out());
        assertEquals("Runtime error: division by zero at pc 6 (stage 1: " + program + ")\n", r.err());
    }

    @Test
    void badCommandLinesAndInputsAreOneLineErrors() throws Exception {
        Result r = run("run");
        assertEquals(2, r.exit());
        assertEquals("piglet-flink: run needs a program first: run A.pvm [--pipe B.pvm]...\n", r.err());
        r = run("run", example("pipe-sum.pvm"), "--parallelism", "0");
        assertEquals(2, r.exit());
        assertEquals("piglet-flink: --parallelism wants a whole number from 1 to 1024, not '0'\n", r.err());
        r = run("run", example("pipe-sum.pvm"), "--frobnicate", "1");
        assertEquals(2, r.exit());
        r = run("run", example("pipe-sum.pvm"), "--jobmanager", "nowhere");
        assertEquals(2, r.exit());
        r = run("run", dir.resolve("missing.pvm").toString());
        assertEquals(1, r.exit());
        assertEquals("piglet-flink: " + dir.resolve("missing.pvm") + ": no such file\n", r.err());
        Path bad = dir.resolve("bad.pvm");
        Files.writeString(bad, "PUSHI 1\nFROB\n");
        r = run("run", bad.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().startsWith(bad + ":2:"), r.err());
        Path input = dir.resolve("in.txt");
        Files.writeString(input, "1\n\n  2 \nx3\n");
        r = run("run", example("pipe-sum.pvm"), "--input", input.toString());
        assertEquals(1, r.exit());
        assertEquals("piglet-flink: " + input + ":4: 'x3' is not an unsigned 64-bit decimal (0..18446744073709551615)\n", r.err());
        assertEquals("", r.out());
    }
}
