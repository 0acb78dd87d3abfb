package dev.piglet.code;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class VerifierTest {
    private static Verification verify(String source) {
        return Verifier.verify(Program.load("t.pvm", Assembler.assemble("t.pvm", source).code()));
    }

    private static Verification verifyBytes(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Verifier.verify(Program.load("t.bin", b));
    }

    private static Verification example(String name) throws Exception {
        Path p = Path.of(System.getProperty("piglet.examples", "../examples"), name);
        return verify(Files.readString(p));
    }

    @Test
    void acceptsTheExamples() throws Exception {
        Verification sum = example("sum.pvm");
        assertTrue(sum.ok(), sum.toString());
        assertEquals(2, sum.maxDepth());
        Verification sieve = example("sieve.pvm");
        assertTrue(sieve.ok(), sieve.toString());
        assertEquals(3, sieve.maxDepth());
        assertEquals(0, sieve.depthAt(0));
        assertTrue(sieve.isJumpTarget(6)); // mark_multiples: LOADI 0 after PUSHI 2, STOREI 0
    }

    @Test
    void aConditionalJumpOutsideTheCodeIsNotARejection() {
        // Not taken it falls through (the reference runs on); taken it faults where it stands. Either way
        // the program keeps the fast engines.
        Verification v = verify("PUSHI 0\nJUMP_IF_TRUE 60000\nPUSHI 9\nPOP_RES\nDONE\n");
        assertTrue(v.ok(), v.toString());
        assertEquals(0, v.depthAt(6));
        assertEquals(1, v.depthAt(9));
        assertFalse(verify("JUMP 60000\n").ok(), "an unconditional jump outside the code is still rejected");
        WordCode w = WordCode.of(Program.load("t.pvm", Assembler.assemble("t.pvm",
                "PUSHI 0\nJUMP_IF_TRUE 60000\nPUSHI 9\nPOP_RES\nDONE\n").code()), true);
        assertTrue(String.join("\n", w.listing()).contains("@3 JUMP_IF_OUTSIDE arg=1"), String.join("\n", w.listing()));
    }

    @Test
    void rejectsAnUnbalancedLoop() {
        // Each trip round the loop leaves one more word: depth at "loop" is 1 on entry, 2 from the back edge.
        Verification v = verify("PUSHI 1\nloop:\nPUSHI 1\nJUMP loop\n");
        assertFalse(v.ok());
        assertEquals(3, v.pc());
        assertTrue(v.reason().contains("on one path"), v.reason());
    }

    @Test
    void rejectsAJumpIntoAnArgument() {
        // JUMP 1 lands in the argument bytes of the PUSHI at 0.
        Verification v = verify("PUSHI 7\nJUMP 1\n");
        assertFalse(v.ok());
        assertTrue(v.reason().contains("inside the argument"), v.reason());
        assertEquals(1, v.pc());
    }

    @Test
    void rejectsDepth257ButAccepts256() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 256; i++) {
            s.append("PUSHI 1\n");
        }
        Verification ok = verify(s + "DONE\n");
        assertTrue(ok.ok(), ok.toString());
        assertEquals(256, ok.maxDepth());
        Verification bad = verify(s + "PUSHI 1\nDONE\n");
        assertFalse(bad.ok());
        assertEquals(256 * 3, bad.pc());
        assertTrue(bad.reason().contains("257"), bad.reason());
        // DUP at a full stack overflows too.
        assertFalse(verify(s + "DUP\nDONE\n").ok());
    }

    @Test
    void rejectsUnderflow() {
        Verification v = verify("PUSHI 1\nADD\nDONE\n");
        assertFalse(v.ok());
        assertEquals(3, v.pc());
        assertTrue(v.reason().contains("underflow"), v.reason());
    }

    @Test
    void rejectsAJumpPastTheEnd() {
        Verification v = verify("JUMP 200\n");
        assertFalse(v.ok());
        assertEquals(0, v.pc());
    }

    @Test
    void acceptsPathIndependentFaultsAndTheEnd() {
        assertTrue(verifyBytes(1, 0, 5, 40).ok()); // PUSHI 5, then an unknown opcode
        assertTrue(verifyBytes(1, 0).ok()); // a truncated PUSHI
        Verification toEnd = verifyBytes(14, 0, 3); // JUMP 3 == length: the appended ABORT
        assertTrue(toEnd.ok(), toEnd.toString());
        assertTrue(toEnd.isStart(3));
    }

    @Test
    void ignoresUnreachableBytes() {
        // JUMP over garbage that would underflow if it ran.
        assertTrue(verifyBytes(14, 0, 5, 9, 9, 24).ok());
    }

    @Test
    void readNeedsADepthThatMatchesBothWays() {
        // READ end; PRINT; end: DONE — depth 0 at "end" on both paths.
        assertTrue(verify("READ end\nPRINT\nend:\nDONE\n").ok());
        // READ end; end: ... — fall-through has 1 word, the end-of-input jump 0.
        assertFalse(verify("READ end\nend:\nDONE\n").ok());
    }
}
