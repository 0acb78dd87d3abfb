package dev.piglet.vm;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Verifier;
import dev.piglet.engines.Engines;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every engine against the switch engine: output, status, pc, sp, stack, result, steps and memory,
 * on the examples and on seeded random programs. {@code -Dpiglet.diff.count=N} runs more.
 */
class DifferentialTest {
    private static final SwitchEngine REFERENCE = new SwitchEngine();

    static List<Engine> candidates() {
        List<Engine> all = new ArrayList<>();
        for (Engine e : Engines.all()) {
            if (e instanceof SwitchEngine) {
                continue;
            }
            all.add(e);
            if (e instanceof FusingEngine f) {
                all.add(f.withFusion(!f.fuses()));
            }
        }
        all.add(new ColdEngine()); // the interpreter tiered starts on, not in the registry
        return all;
    }

    static void agree(String what, Program program, long[] input, boolean bad, long fuel) {
        MachineState machine = Harness.newMachine();
        Harness.Outcome want = Harness.run(REFERENCE, program, machine, input, bad, fuel);
        for (Engine e : candidates()) {
            Harness.Outcome got = Harness.run(e, program, machine, input, bad, fuel);
            if (!want.equals(got)) {
                fail(what + " on " + e.name() + (e instanceof FusingEngine f && !f.fuses() ? " (unfused)" : "")
                        + " fuel " + fuel + "\n  want " + want.brief() + "\n  got  " + got.brief() + "\n  code "
                        + HexFormat.of().formatHex(program.toBytes()) + "\n  " + Verifier.verify(program));
            }
        }
    }

    static Stream<Path> examples() throws IOException {
        Path dir = Path.of(System.getProperty("piglet.examples", "../examples"));
        return Files.list(dir).filter(p -> p.toString().endsWith(".pvm")).sorted();
    }

    @Test
    void examplesAgreeOnEveryEngineAndFuel() throws IOException {
        for (Path p : examples().toList()) {
            byte[] code = Assembler.assemble(p.toString(), Files.readString(p)).code();
            Program program = Program.load(p.toString(), code);
            // Complete runs of the small examples; the long ones up to 400,000 steps (the suite must stay
            // fast, and ExamplesTest runs them to the end). Finite fuel: a broken engine fails, never hangs.
            agree(p.toString(), program, new long[] {5, 7, 11}, false, 400_000);
            for (long fuel : new long[] {0, 1, 7, 1001, 20_011}) {
                agree(p + " fuel", program, new long[] {1, 2}, false, fuel);
            }
        }
    }

    @Test
    void randomProgramsAgree() {
        int count = Integer.getInteger("piglet.diff.count", 700);
        long seed = Long.getLong("piglet.diff.seed", 20261121L);
        ProgramGenerator gen = new ProgramGenerator(seed);
        int verified = 0;
        for (int i = 0; i < count; i++) {
            boolean soup = i % 4 == 3;
            byte[] code = soup ? gen.soup() : gen.structured();
            Program program = Program.load("random-" + seed + "-" + i, code);
            if (Verifier.verify(program).ok()) {
                verified++;
            }
            agree("program " + i + " (seed " + seed + ")", program, gen.input(), gen.random().nextInt(5) == 0,
                    gen.fuel());
        }
        System.out.println("differential: " + verified + " of " + count + " random programs verified");
        assertTrue(verified > count / 4, "too few generated programs verify: " + verified + " of " + count);
    }

    /**
     * The loop idioms the peephole pass fuses into one- and two-word ops (counter increment and bound
     * test, strided add and bound test, compiled C's assignments, modulo and branches), with counters that wrap around 2^64, zero and maximal
     * increments and bounds, stopped by the fuel at every step: every engine agrees with switch.
     */
    @Test
    void fusedLoopIdiomsAgreeAtEveryFuel() {
        String[] templates = {
            // INC_LTI_JUMP_IF_TRUE
            "loop:\nLOADI 3\nADDI $K\nDUP\nSTOREI 3\nPUSHI $N\nLESS\nJUMP_IF_TRUE loop\nLOADI 3\nPRINT\nDONE\n",
            // INC_GEI_JUMP_IF_FALSE
            "loop:\nLOADI 3\nADDI $K\nDUP\nSTOREI 3\nGREATER_OR_EQUALI $N\nJUMP_IF_FALSE loop\nLOADI 3\nPRINT\nDONE\n",
            // INC_KEEP, GEI_JUMP_IF_TRUE
            "loop:\nLOADI 3\nADDI $K\nDUP\nSTOREI 3\nGREATER_OR_EQUALI $N\nJUMP_IF_TRUE out\nJUMP loop\nout:\nLOADI 3\nPRINT\nDONE\n",
            // INC_TOP_GEI_JUMP_IF_TRUE
            "loop:\nLOADI 3\nADDI $K\nDUP\nSTOREI 3\nDUP\nGREATER_OR_EQUALI $N\nJUMP_IF_TRUE out\nDISCARD\nJUMP loop\nout:\nPRINT\nDONE\n",
            // INC_KEEP, TOP_GEI_JUMP_IF_FALSE
            "loop:\nLOADI 3\nADDI $K\nDUP\nSTOREI 3\nDUP\nGREATER_OR_EQUALI $N\nJUMP_IF_FALSE again\nPRINT\nDONE\nagain:\nDISCARD\nJUMP loop\n",
            // LOADADDI_TOP_GEI_JUMP_IF_FALSE (mem[3] is the stride)
            "PUSHI $K\nloop:\nLOADADDI 3\nDUP\nGREATER_OR_EQUALI $N\nJUMP_IF_FALSE loop\nPRINT\nDONE\n",
            // Compiled C (PUSHI a, expression, STORE; PUSHI a, LOAD): m4 = m3 % 7 (LOADI_MODI), m3 += $K while m3 < $N.
            "loop:\nPUSHI 4\nPUSHI 3\nLOAD\nPUSHI 3\nLOAD\nPUSHI 7\nDIV\nPUSHI 7\nMUL\nSUB\nSTORE\n"
                + "PUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\nPUSHI 3\nLOAD\nPUSHI $N\nLESS\nJUMP_IF_TRUE loop\n"
                + "PUSHI 4\nLOAD\nPRINT\nDONE\n",
            // STOREI_LOADI, and EQI_JUMP_IF_FALSE: m4 += $K; m3 += 1 until m3 == $N.
            "loop:\nPUSHI 4\nPUSHI 4\nLOAD\nPUSHI $K\nADD\nSTORE\nPUSHI 3\nPUSHI 3\nLOAD\nPUSHI 1\nADD\nSTORE\n"
                + "PUSHI 3\nLOAD\nPUSHI $N\nEQUAL\nJUMP_IF_FALSE loop\nPUSHI 4\nLOAD\nPRINT\nDONE\n",
            // STOREI_JUMP: while m3 < $N { m3 += $K; m4 = m3 + 1 }.
            "loop:\nPUSHI 3\nLOAD\nPUSHI $N\nLESS\nJUMP_IF_FALSE out\nPUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\n"
                + "PUSHI 4\nPUSHI 3\nLOAD\nPUSHI 1\nADD\nSTORE\nJUMP loop\nout:\nPUSHI 4\nLOAD\nPRINT\nDONE\n",
            // while m3 <= $N { m4 = m4 + m3 * m3; m5 = m5 * (m3 != m4); m3 += $K } (m3 += $K; JUMP: INC_JUMP).
            "loop:\nPUSHI 3\nLOAD\nPUSHI $N\nLESS_OR_EQUAL\nJUMP_IF_FALSE out\n"
                + "PUSHI 4\nPUSHI 4\nLOAD\nPUSHI 3\nLOAD\nPUSHI 3\nLOAD\nMUL\nADD\nSTORE\n"
                + "PUSHI 5\nPUSHI 5\nLOAD\nPUSHI 3\nLOAD\nPUSHI 4\nLOAD\nEQUAL\nPUSHI 0\nEQUAL\nMUL\nSTORE\n"
                + "PUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\nJUMP loop\nout:\nPUSHI 4\nLOAD\nPRINT\nDONE\n",
            // while m3 > $N { m4 = m3 / 7; m5 = m3 * m4; m6 = m3 + m5; m7 = m3 * 9; m8 = 2 * m3; m3 += $K }.
            "loop:\nPUSHI 3\nLOAD\nPUSHI $N\nGREATER\nJUMP_IF_FALSE out\n"
                + "PUSHI 4\nPUSHI 3\nLOAD\nPUSHI 7\nDIV\nSTORE\n"
                + "PUSHI 5\nPUSHI 3\nLOAD\nPUSHI 4\nLOAD\nMUL\nSTORE\n"
                + "PUSHI 6\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\nADD\nSTORE\n"
                + "PUSHI 7\nPUSHI 3\nLOAD\nPUSHI 9\nMUL\nSTORE\n"
                + "PUSHI 8\nPUSHI 2\nPUSHI 3\nLOAD\nMUL\nSTORE\n"
                + "PUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\nJUMP loop\n"
                + "out:\nPUSHI 8\nLOAD\nPRINT\nPUSHI 6\nLOAD\nPRINT\nDONE\n",
            // Modulo by a variable m5 that goes 2, 1, 0: m6 = m4 - m3 / m5 * m5 (a DIV word), m4 = m3 % m5
            // (MOD_CELLS), in both orders, so each of them divides by zero first; m3 += $K while m3 < $N.
            "PUSHI 5\nPUSHI 2\nSTORE\nloop:\nPUSHI 6\nPUSHI 4\nLOAD\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\nDIV\nPUSHI 5\nLOAD\nMUL\nSUB\nSTORE\n"
                + "PUSHI 4\nPUSHI 3\nLOAD\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\nDIV\nPUSHI 5\nLOAD\nMUL\nSUB\nSTORE\n"
                + "PUSHI 5\nPUSHI 5\nLOAD\nPUSHI 1\nSUB\nSTORE\nPUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\n"
                + "PUSHI 3\nLOAD\nPUSHI $N\nLESS\nJUMP_IF_TRUE loop\nPUSHI 6\nLOAD\nPRINT\nPUSHI 4\nLOAD\nPRINT\nDONE\n",
            "PUSHI 5\nPUSHI 2\nSTORE\nloop:\nPUSHI 4\nPUSHI 3\nLOAD\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\nDIV\nPUSHI 5\nLOAD\nMUL\nSUB\nSTORE\n"
                + "PUSHI 6\nPUSHI 4\nLOAD\nPUSHI 3\nLOAD\nPUSHI 5\nLOAD\nDIV\nPUSHI 5\nLOAD\nMUL\nSUB\nSTORE\n"
                + "PUSHI 5\nPUSHI 5\nLOAD\nPUSHI 1\nSUB\nSTORE\nPUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\n"
                + "PUSHI 3\nLOAD\nPUSHI $N\nLESS\nJUMP_IF_TRUE loop\nPUSHI 6\nLOAD\nPRINT\nPUSHI 4\nLOAD\nPRINT\nDONE\n",
            // Two Horner steps: m4 = 3 + m3 * (5 + m3 * m4); m3 += $K while m3 < $N.
            "loop:\nPUSHI 4\nPUSHI 3\nPUSHI 3\nLOAD\nPUSHI 5\nPUSHI 3\nLOAD\nPUSHI 4\nLOAD\nMUL\nADD\nMUL\nADD\nSTORE\n"
                + "PUSHI 3\nPUSHI 3\nLOAD\nPUSHI $K\nADD\nSTORE\nPUSHI 3\nLOAD\nPUSHI $N\nLESS\nJUMP_IF_TRUE loop\n"
                + "PUSHI 4\nLOAD\nPRINT\nDONE\n",
        };
        // The word ops each template must fuse into, space-separated.
        String[] fusedOps = {"INC_LTI_JUMP_IF_TRUE", "INC_GEI_JUMP_IF_FALSE", "INC_KEEP GEI_JUMP_IF_TRUE",
            "INC_TOP_GEI_JUMP_IF_TRUE", "INC_KEEP TOP_GEI_JUMP_IF_FALSE", "LOADADDI_TOP_GEI_JUMP_IF_FALSE",
            "LOADI_MODI", "EQI_JUMP_IF_FALSE", "STOREI_JUMP",
            "LESS_OR_EQUAL_JUMP_IF_FALSE MUL_ADD NOT_EQUAL INC_JUMP",
            "GTI_JUMP_IF_FALSE LOADI_DIVI_STOREI MUL_CELLS ADD_STOREI LOADI_MULI PUSHI_LOADI INC_JUMP",
            "MOD_CELLS", "MOD_CELLS", "MUL_ADD_MUL_ADD"};
        // mem[3] starts at 0, 65534 or 2^64 - 1 (0 - 1), so counters also wrap.
        String[] starts = {"", "PUSHI 65534\nSTOREI 3\n", "PUSHI 0\nPUSHI 1\nSUB\nSTOREI 3\n"};
        int[] increments = {0, 1, 65535};
        int[] bounds = {0, 300, 65535};
        for (int t = 0; t < templates.length; t++) {
            for (String start : starts) {
                for (int k : increments) {
                    for (int n : bounds) {
                        String source = start + templates[t].replace("$K", Integer.toString(k)).replace("$N", Integer.toString(n));
                        Program program = Program.load("idiom", Assembler.assemble("idiom.pvm", source).code());
                        String listing = String.join("\n", dev.piglet.code.WordCode.of(program, true).listing());
                        for (String op : fusedOps[t].split(" ")) {
                            assertTrue(listing.contains(" " + op + " "), op + " in\n" + listing);
                        }
                        for (long fuel = 0; fuel <= 24; fuel++) {
                            agree(source, program, new long[0], false, fuel);
                        }
                        agree(source, program, new long[0], false, 5_000);
                    }
                }
            }
        }
    }
}
