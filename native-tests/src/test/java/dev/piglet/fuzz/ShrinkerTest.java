package dev.piglet.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShrinkerTest {
    @Test
    void removingAnInstructionMovesJumpTargetsBehindIt() {
        // 0 JUMP 7; 3 PUSHI 1; 6 DUP; 7 DONE  -> remove PUSHI: 0 JUMP 4; 3 DUP; 4 DONE
        byte[] code = {14, 0, 7, 1, 0, 1, 7, 24};
        assertArrayEquals(new byte[] {14, 0, 4, 7, 24}, Shrinker.removeInstruction(code, 3, 3));
    }

    @Test
    void shrinksToWhatTheFailureNeeds() {
        ProgramGenerator.Case big = ProgramGenerator.generate(42);
        byte[] code = new byte[big.code().length + 1];
        System.arraycopy(big.code(), 0, code, 0, big.code().length);
        code[code.length - 1] = (byte) 200; // the "bug": any program containing byte 200
        ProgramGenerator.Case c = big.withCode(code);
        ProgramGenerator.Case small = Shrinker.shrink(c, x -> {
            for (byte b : x.code()) {
                if (b == (byte) 200) {
                    return true;
                }
            }
            return false;
        });
        assertArrayEquals(new byte[] {(byte) 200}, small.code());
        assertTrue(small.input().length == 0);
    }
}
