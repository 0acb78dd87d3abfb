package dev.piglet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command-line conventions (help, --, -, file types), file limits and error wording, in process. */
class CliConventionsTest {
    static final Path EXAMPLES = Path.of(System.getProperty("piglet.examples", "../examples"));
    static final Path DOCS = EXAMPLES.resolveSibling("docs");

    @TempDir
    Path tmp;

    record Outcome(int exit, String out, String err) {}

    static Outcome run(InputStream in, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(args, in, out, new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome cli(String stdin, String... args) {
        return run(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)), args);
    }

    static String ex(String name) {
        return EXAMPLES.resolve(name).toString();
    }

    @Test
    void everyCommandHasHelpOnStdout() {
        for (String command : new String[] {"run", "k", "runtimes", "asm", "dis", "engines"}) {
            for (String flag : new String[] {"--help", "-h"}) {
                Outcome o = cli("", command, flag);
                assertEquals(0, o.exit(), command + " " + flag + ": " + o.err());
                assertTrue(o.out().startsWith("usage: piglet " + command), o.out());
                assertEquals("", o.err());
            }
        }
        // after --, --help is an argument
        assertEquals(2, cli("", "engines", "--", "--help").exit());
    }

    @Test
    void shortVersionFlag() {
        Outcome o = cli("", "-V");
        assertEquals(0, o.exit());
        assertTrue(o.out().matches("piglet \\S+\n"), o.out());
        assertEquals(o, cli("", "--version"));
    }

    @Test
    void usageErrorsPointAtTheCommandsHelp() {
        Outcome o = cli("", "run", "--bogus");
        assertEquals(new Outcome(2, "", "piglet: run: unknown option --bogus\npiglet: try 'piglet run --help'\n"), o);
        assertEquals(2, cli("", "run", ex("sum.pvm"), "-x").exit());
        assertTrue(cli("", "run", ex("sum.pvm"), "-x").err().startsWith("piglet: run: unknown option -x\n"));
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        Path weird = Files.writeString(tmp.resolve("--weird.pvm"), "PUSHI 7\nPRINT\nDONE\n");
        Outcome o = cli("", "run", "--stats", "--", weird.toString());
        assertEquals(0, o.exit(), o.err());
        assertEquals("7\nResult value: 0\n", o.out());
        Path dashed = Files.writeString(tmp.resolve("-v.pvm"), "PUSHI 8\nPRINT\nDONE\n");
        assertEquals(new Outcome(0, "8\nResult value: 0\n", ""), cli("", "run", "--", dashed.toString()));
    }

    @Test
    void dashIsStandardInput() throws Exception {
        assertEquals(new Outcome(0, "5\nResult value: 0\n", ""), cli("PUSHI 5\nPRINT\nDONE\n", "run", "-"));
        Outcome asm = cli("PUSHI 5\nPRINT\nDONE\n", "asm", "-", "-");
        assertEquals(0, asm.exit(), asm.err());
        assertArrayEquals(new byte[] {1, 0, 5, 25, 24}, asm.out().getBytes(StandardCharsets.ISO_8859_1));
        Outcome dis = run(new ByteArrayInputStream(new byte[] {1, 0, 5, 25, 24}), "dis", "-");
        assertEquals(new Outcome(0, "0 PUSHI 5\n3 PRINT\n4 DONE\n", ""), dis);
        assertEquals(new Outcome(0, "6\n", ""), cli("1+5\n", "run", "-", "--k"));
        Outcome bad = cli("PUSHI\n", "run", "-");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().startsWith("-:1:"), bad.err());
    }

    @Test
    void theFileTypeIsDecidedByFileAlone() throws Exception {
        // an option value ending in .k no longer makes the run a K script
        Path stage = tmp.resolve("stage.k"); // bytecode, whatever its name says
        assertEquals(0, cli("l:\nREAD end\nPRINT\nJUMP l\nend:\nDONE\n", "asm", "-", stage.toString()).exit());
        Outcome o = cli("", "run", ex("pipe-gen.pvm"), "--pipe", stage.toString(), "--fuel", "100000000");
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().endsWith("Result value: 0\n"), o.out());
        // --k makes any name a K script
        Path script = Files.writeString(tmp.resolve("script.txt"), "2*3\n");
        assertEquals(new Outcome(0, "6\n", ""), cli("", "run", script.toString(), "--k"));
        assertEquals(1, cli("", "run", script.toString()).exit()); // read as .bin: runs into an unknown opcode
        // an option of the other kind says so
        assertTrue(cli("", "run", script.toString(), "--k", "--engine", "jit").err()
                .startsWith("piglet: run: --engine is for bytecode programs, not K scripts\n"));
        assertTrue(cli("", "run", ex("sum.pvm"), "--ring", "64").err()
                .startsWith("piglet: run: --ring is for K scripts (FILE.k, or --k)\n"));
        assertEquals(0, cli("", "run", ex("sum.pvm"), "--fuel", "100000000").exit());
    }

    @Test
    void aCommentOnlyFileIsReportedAtItsLastLine() throws Exception {
        Path p = Files.writeString(tmp.resolve("c.pvm"), "# only\n# comments\n");
        assertEquals(new Outcome(1, "", p + ":2:1: Empty program: no instructions\n"), cli("", "run", p.toString()));
        Path q = Files.writeString(tmp.resolve("d.pvm"), "# no newline at the end");
        assertEquals(new Outcome(1, "", q + ":1:1: Empty program: no instructions\n"), cli("", "run", q.toString()));
    }

    @Test
    void inputsAreBoundedByWhatIsReadNotByTheirSize() throws Exception {
        for (String name : new String[] {"z.pvm", "z.k", "z.bin"}) {
            Path link = Files.createSymbolicLink(tmp.resolve(name), Path.of("/dev/zero"));
            Outcome o = cli("", "run", link.toString());
            assertEquals(1, o.exit(), name + ": " + o.err());
            assertEquals(1, o.err().lines().count(), o.err());
            assertTrue(o.err().contains(name + "': larger than the limit of 67108864 bytes")
                    || o.err().contains(name + ": program too large: more than 65536 bytes"), o.err());
        }
        // standard input that never ends a line (k < /dev/zero)
        InputStream zeros = new InputStream() {
            @Override
            public int read() {
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        Outcome k = run(zeros, "k");
        assertEquals(new Outcome(1, "", "piglet: cannot read standard input: line 1 is longer than the limit of 67108864"
                + " bytes\n"), k);
    }

    @Test
    void aScriptThatIsNotUtf8NamesTheByteAndLine() throws Exception {
        Path p = Files.write(tmp.resolve("latin1.k"), "a:1\nb:\"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals(new Outcome(1, "", "piglet: cannot read '" + p + "': not UTF-8 text (byte 0xE9 on line 2)\n"),
                cli("", "run", p.toString()));
    }

    @Test
    void aReadErrorOnStdinIsBadInputNotTheEnd() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("Is a directory");
            }
        };
        Outcome o = run(failing, "run", ex("read-sum.pvm"));
        assertEquals(1, o.exit());
        assertTrue(o.err().matches("Runtime error: bad input at pc \\d+: stdin: cannot read: Is a directory\n"), o.err());
        Outcome k = run(failing, "k");
        assertEquals(new Outcome(1, "", "piglet: cannot read standard input: Is a directory\n"), k);
    }

    @Test
    void aWriteErrorOnStdoutHasItsReason() {
        java.io.OutputStream full = new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("No space left on device");
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(new String[] {"run", ex("sum.pvm")}, new ByteArrayInputStream(new byte[0]), full,
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(1, exit);
        assertEquals("piglet: cannot write standard output: No space left on device\n",
                err.toString(StandardCharsets.UTF_8));
    }

    /** Every option a command accepts is in {@code --help} and in docs/cli.md, and nothing else is. */
    @Test
    void everyOptionIsInTheHelpAndTheManual() throws Exception {
        Set<String> accepted = new TreeSet<>();
        accepted.addAll(PigletCommands.RUN_VALUED);
        accepted.addAll(PigletCommands.RUN_FLAGS);
        accepted.addAll(KCommands.VALUED);
        accepted.addAll(KCommands.FLAGS);
        accepted.addAll(KCommands.RUN_FLAGS);
        accepted.addAll(Set.of("--engine", "--no-fuse", "--all", "--help", "--version")); // runtimes, dis, global
        Set<String> help = options(cli("", "--help").out());
        Set<String> manual = options(Files.readString(DOCS.resolve("cli.md")));
        assertEquals(accepted, help, "options accepted vs in piglet --help");
        assertTrue(manual.containsAll(accepted), "missing from docs/cli.md: " + minus(accepted, manual));
        assertTrue(accepted.containsAll(manual), "in docs/cli.md but not accepted: " + minus(manual, accepted));
    }

    private static Set<String> options(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w-])--[a-z][a-z-]*").matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    @Test
    void theDocumentedLargestRingWorksAndALargerOneIsAUsageError() throws Exception {
        Path p = Files.writeString(tmp.resolve("r.k"), "f:{$[x=0;0;1+f x-1]}\nf 1000\n");
        assertEquals(new Outcome(0, "1000\n", ""), cli("", "run", p.toString(), "--ring", "16777216"));
        Outcome big = cli("", "run", p.toString(), "--ring", "268435456");
        assertEquals(2, big.exit());
        assertTrue(big.err().startsWith("piglet: run: --ring wants 16 .. 16777216 slots, got 268435456\n"), big.err());
        assertFalse(big.err().contains("memory"), big.err());
    }

    /** The reasons the operating system gives, as Java's exceptions carry them (root cannot be denied a file here). */
    @Test
    void ioReasonsAreTheOperatingSystems() {
        assertEquals("Permission denied", Io.reason(new java.nio.file.AccessDeniedException("/x")));
        assertEquals("No such file or directory", Io.reason(new java.nio.file.NoSuchFileException("/x")));
        assertEquals("Not a directory", Io.reason(new java.nio.file.NotDirectoryException("/x")));
        assertEquals("Too many levels of symbolic links",
                Io.reason(new java.nio.file.FileSystemException("/x", null, "Too many levels of symbolic links")));
        assertEquals("Permission denied", Io.reason(new java.io.FileNotFoundException("/x (Permission denied)")));
        assertEquals("Input/output error", Io.reason(new IOException("Input/output error")));
    }

    @Test
    void aSymlinkLoopHasItsReason() throws Exception {
        Path loop = tmp.resolve("loop.pvm");
        Files.createSymbolicLink(loop, loop);
        Outcome o = cli("", "run", loop.toString());
        assertEquals(1, o.exit());
        assertTrue(o.err().startsWith("piglet: cannot read '" + loop + "': Too many levels of symbolic links"), o.err());
        assertEquals(1, o.err().lines().count());
    }
}
