package dev.piglet.code;

import static org.junit.jupiter.api.Assertions.*;

import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssemblerTest {
    private static byte[] asm(String src) {
        return Assembler.assemble("t.pvm", src).code();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void encodesEveryOpcodeWithBigEndianArguments() {
        StringBuilder src = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        for (int op = 0; op < Opcodes.COUNT; op++) {
            src.append(Opcodes.name(op));
            expected.append(String.format("%02x", op));
            if (Opcodes.hasArgument(op)) {
                src.append(" 258");
                expected.append("0102");
            }
            src.append('\n');
        }
        assertEquals(expected.toString(), hex(asm(src.toString())));
    }

    @ParameterizedTest
    @CsvSource({
        // Any number of digits, as the reference reads them: an unsigned 64-bit number wrapped to 16 bits,
        // saturating at 2^64-1 (so 65535) past it. Values from the reference's own assembler.
        "0000000000000000001, 1",
        "00000000000000000000000000065535, 65535",
        "1000000000000000000, 0",
        "18446744073709551614, 65534",
        "18446744073709551615, 65535",
        "18446744073709551616, 65535",
        "1234567890123456789012, 65535",
        "-18446744073709551615, 1",
        "-99999999999999999999, 65535",
    })
    void longImmediatesWrapOrSaturateAsTheReferenceDoes(String immediate, int value) {
        byte[] code = asm("PUSHI " + immediate + "\n");
        assertEquals(value, (code[1] & 0xFF) << 8 | (code[2] & 0xFF), immediate);
    }

    @Test
    void referenceSyntax() {
        String src = """
                # a comment line
                PUSHI 5

                loop:
                push_me_not:
                DUP
                jump_if_true loop
                Done
                """.replace("push_me_not:\n", "");
        assertEquals("010005070f0003" + "18", hex(asm(src)));
    }

    @Test
    void pigletAdditions() {
        String src = "\tPUSHI   0x10   ; inline comment\n  my_label:\nJUMP my_label # another\n";
        assertEquals("010010" + "0e0003", hex(asm(src)));
        assertEquals("010005", hex(asm("PUSHI 5\r\n")));
    }

    @Test
    void argumentsWrapModulo65536WithAWarning() {
        Assembler.Assembly a = Assembler.assemble("t.pvm", "PUSHI 70000\nPUSHI -1");
        assertEquals("011170" + "01ffff", hex(a.code()));
        assertEquals(2, a.warnings().size());
        assertTrue(a.warnings().getFirst().startsWith("t.pvm:1:7: warning: argument 70000"), a.warnings().getFirst());
        assertTrue(Assembler.assemble("t", "PUSHI 65535").warnings().isEmpty());
    }

    @Test
    void forwardAndBackwardLabelsAndDecimalAddresses() {
        assertEquals("0e0006" + "0e0000" + "0e0003", hex(asm("a:\nJUMP b\nJUMP a\nb:\nJUMP 3")));
        assertEquals(java.util.Map.of("a", 0, "b", 6), Assembler.assemble("t", "a:\nJUMP b\nJUMP a\nb:\nJUMP 3").labels());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "FOO                 | 1 | 1  | Unknown operation name        | FOO",
        "PUSHI 1\\n  pushx 2  | 2 | 3  | Unknown operation name        | pushx",
        "PUSHI               | 1 | 6  | Not enough arguments supplied | PUSHI",
        "DUP 1               | 1 | 5  | Too many arguments supplied   | 1",
        "PUSHI 1 2           | 1 | 9  | Too many arguments supplied   | 2",
        "PUSHI abc           | 1 | 7  | Invalid argument supplied     | abc",
        "PUSHI 12x           | 1 | 7  | Invalid argument supplied     | 12x",
        "JUMP 65536          | 1 | 6  | Invalid address supplied      | 65536",
        "JUMP a-b            | 1 | 6  | Invalid address supplied      | a-b",
        "JUMP nowhere        | 1 | 6  | Cannot resolve a label        | nowhere",
        "x:\\nx:             | 2 | 1  | Duplicate label               | x",
        "lab: DUP            | 1 | 6  | Labels do not have arguments  | DUP",
        "bad-name:           | 1 | 1  | Invalid label name            | bad-name:",
        "# nothing           | 1 | 1  | Empty program: no instructions | ''",
        "3 DUP               | 1 | 1  | Listing offset does not match the instruction's offset (0) | 3",
    })
    void everyErrorHasItsMessageAndPosition(String src, int line, int column, String reason, String text) {
        AsmException e = assertThrows(AsmException.class, () -> asm(src.replace("\\n", "\n")));
        assertEquals(reason, e.reason());
        assertEquals(line, e.line(), "line");
        assertEquals(column, e.column(), "column");
        assertEquals(text, e.text());
        assertEquals("t.pvm:" + line + ":" + column + ": " + reason + (text.isEmpty() ? "" : ": '" + text + "'"), e.getMessage());
    }

    @Test
    void programLargerThan65536BytesIsRefused() {
        String src = "DUP\n".repeat(Program.MAX_SIZE);
        assertEquals(Program.MAX_SIZE, asm(src).length);
        AsmException e = assertThrows(AsmException.class, () -> asm(src + "DUP\n"));
        assertEquals(Program.MAX_SIZE + 1, e.line());
        assertTrue(e.reason().startsWith(Assembler.PROGRAM_TOO_LARGE));
    }

    @Test
    void binaryGarbageIsAOneLineErrorNotACrash() {
        byte[] junk = new byte[1 << 20];
        new Random(42).nextBytes(junk);
        String text = new String(junk, java.nio.charset.StandardCharsets.ISO_8859_1);
        AsmException e = assertThrows(AsmException.class, () -> asm(text));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().length() < 200, e.getMessage());
    }

    @Test
    void disassemblyMatchesTheReferenceFormat() {
        byte[] code = asm("PUSHI 2\nloop:\nDUP\nJUMP_IF_FALSE loop\nDONE");
        assertEquals(List.of("0 PUSHI 2", "3 DUP", "4 JUMP_IF_FALSE 3", "7 DONE"), Disassembler.disassemble(code, false));
    }

    @Test
    void disassemblyStopsAtTheFirstAbortUnlessAskedForAll() {
        byte[] code = asm("PUSHI 0\nABORT\nDONE");
        assertEquals(List.of("0 PUSHI 0"), Disassembler.disassemble(code, false));
        assertEquals(List.of("0 PUSHI 0", "3 ABORT", "4 DONE"), Disassembler.disassemble(code, true));
        assertEquals(List.of("0 UNKNOWN 200", "1 PUSHI <truncated>"), Disassembler.disassemble(new byte[] {(byte) 200, 1, 0}, false));
    }

    @Test
    void asmDisAsmRoundTripsToIdenticalBytes() throws Exception {
        var dir = java.nio.file.Path.of(System.getProperty("piglet.examples", "../examples"));
        int checked = 0;
        try (var files = java.nio.file.Files.list(dir)) {
            for (var f : files.filter(p -> p.toString().endsWith(".pvm")).toList()) {
                byte[] code = asm(java.nio.file.Files.readString(f));
                String listing = String.join("\n", Disassembler.disassemble(code, true));
                assertArrayEquals(code, asm(listing), f.toString());
                checked++;
            }
        }
        assertTrue(checked >= 5, "examples found: " + checked);
    }

    @Test
    void randomBytecodeRoundTrips() {
        Random rnd = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] code = new byte[1 + rnd.nextInt(64)];
            for (int j = 0; j < code.length; j++) {
                code[j] = (byte) rnd.nextInt(Opcodes.COUNT);
            }
            List<String> listing = Disassembler.disassemble(code, true);
            if (listing.getLast().endsWith("<truncated>")) {
                continue;
            }
            assertArrayEquals(code, asm(String.join("\n", listing)), String.join("\n", listing));
        }
    }
}
