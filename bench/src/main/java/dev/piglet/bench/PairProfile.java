package dev.piglet.bench;

import dev.piglet.code.Opcodes;
import dev.piglet.code.Program;
import dev.piglet.code.Status;
import dev.piglet.vm.Input;
import dev.piglet.vm.MachineLayout;
import dev.piglet.vm.MachineState;
import dev.piglet.vm.Output;
import dev.piglet.vm.Stepper;
import java.lang.foreign.Arena;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * Counts dynamic opcode pairs (which instruction executes right after which) of example programs, the
 * profile the peephole pass's fused pairs were chosen from. Steps the checking loop one instruction at
 * a time (fuel = steps + 1), so it sees exactly what the switch engine executes.
 *
 * <p>Usage: {@code java -cp benchmarks.jar dev.piglet.bench.PairProfile sieve-unoptimized nested ...}
 */
public final class PairProfile {
    private PairProfile() {}

    public static long[] profile(Program program, long maxSteps) {
        MachineState machine = new MachineState(Arena.ofAuto().allocate(MachineLayout.SIZE, MachineLayout.ALIGNMENT));
        machine.reset();
        long[] pairs = new long[256 * 256];
        int pc = 0;
        int sp = 0;
        long steps = 0;
        long result = 0;
        int previous = -1;
        while (steps < maxSteps) {
            int op = program.byteAt(pc);
            int status = Stepper.resume(program, machine, Output.DISCARD, Input.EMPTY, steps + 1, pc, sp, steps, result);
            if (previous >= 0) {
                pairs[previous * 256 + op]++;
            }
            previous = op;
            if (status != Status.OUT_OF_FUEL) {
                break;
            }
            pc = (int) machine.pc();
            sp = (int) machine.sp();
            steps = machine.steps();
            result = machine.result();
        }
        return pairs;
    }

    public static void main(String[] args) {
        for (String name : args) {
            long[] pairs = profile(DispatchBenchmark.example(name), 50_000_000L);
            long total = Arrays.stream(pairs).sum();
            System.out.println(name + ": " + total + " pairs; most frequent:");
            IntStream.range(0, pairs.length).boxed().filter(i -> pairs[i] > 0)
                    .sorted(Comparator.comparingLong(i -> -pairs[i])).limit(8)
                    .forEach(i -> System.out.printf("  %-18s %-18s %9d  %4.1f%%%n", name(i / 256), name(i % 256),
                            pairs[i], 100.0 * pairs[i] / total));
        }
    }

    private static String name(int op) {
        return Opcodes.isDefined(op) ? Opcodes.name(op) : "byte " + op;
    }
}
