package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code run ... --pipe ... --ring-bytes N}: the ring size the stream sweep recommends, without a rebuild. */
class RingBytesTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));

    static CliTest.Outcome pipe(String... extra) {
        String[] base = {"run", EXAMPLES.resolve("pipe-gen.pvm").toString(), "--pipe", EXAMPLES.resolve("pipe-filter.pvm").toString(),
                "--pipe", EXAMPLES.resolve("pipe-sum.pvm").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return CliTest.cli(args);
    }

    @Test
    void everyValidRingSizeGivesTheSameOutput() {
        CliTest.Outcome expected = new CliTest.Outcome(0, "600030000\nResult value: 20000\n", "");
        assertEquals(expected, pipe());
        assertEquals(expected, pipe("--ring-bytes", "8192"));       // one batch: every hand-off waits
        assertEquals(expected, pipe("--ring-bytes", "1048576"));
    }

    @Test
    void badSizesAreUsageErrors() {
        for (String bad : new String[] {"0", "4096", "100000", "2147483648", "-8", "lots"}) {
            CliTest.Outcome o = pipe("--ring-bytes", bad);
            assertEquals(2, o.exit(), bad);
            assertEquals("", o.out(), bad);
            assertTrue(o.err().startsWith("piglet: run: --ring-bytes wants a"), bad + ": " + o.err());
        }
        CliTest.Outcome alone = CliTest.cli("run", EXAMPLES.resolve("sum.pvm").toString(), "--ring-bytes", "8192");
        assertEquals(2, alone.exit());
        assertTrue(alone.err().startsWith("piglet: run: --ring-bytes sizes the rings between --pipe stages"), alone.err());
    }
}
