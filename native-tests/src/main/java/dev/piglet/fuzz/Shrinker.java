package dev.piglet.fuzz;

import dev.piglet.code.Opcodes;
import java.util.Arrays;
import java.util.function.Predicate;

/**
 * Shrinks a failing case to a small one that still fails: delta debugging over the code bytes (drop
 * chunks, halving the chunk size down to single bytes), then over the input words, then simplifying
 * bytes (towards 0 and towards DONE). Any byte array is a program, so every candidate can be run.
 */
public final class Shrinker {
    private Shrinker() {}

    /** The smallest case found for which {@code fails} still holds ({@code c} itself must fail). */
    public static ProgramGenerator.Case shrink(ProgramGenerator.Case c, Predicate<ProgramGenerator.Case> fails) {
        ProgramGenerator.Case best = c;
        boolean progress = true;
        int rounds = 0;
        while (progress && rounds++ < 20) {
            progress = false;
            // Whole instructions first, fixing up the jumps over them, so jump-heavy programs shrink too.
            for (int at = 0; at < best.code().length && best.code().length > 1; ) {
                int size = instructionSize(best.code(), at);
                byte[] smaller = removeInstruction(best.code(), at, size);
                ProgramGenerator.Case candidate = best.withCode(smaller);
                if (smaller.length > 0 && fails.test(candidate)) {
                    best = candidate;
                    progress = true;
                } else {
                    at += size;
                }
            }
            // Halving chunk sizes, then 3 (one instruction with its argument) once more.
            for (int chunk : chunkSizes(best.code().length)) {
                for (int at = 0; at + chunk <= best.code().length && best.code().length > 1; ) {
                    byte[] code = best.code();
                    byte[] smaller = new byte[code.length - chunk];
                    System.arraycopy(code, 0, smaller, 0, at);
                    System.arraycopy(code, at + chunk, smaller, at, code.length - at - chunk);
                    ProgramGenerator.Case candidate = best.withCode(smaller);
                    if (smaller.length > 0 && fails.test(candidate)) {
                        best = candidate;
                        progress = true;
                    } else {
                        at += chunk;
                    }
                }
            }
            for (int i = best.input().length - 1; i >= 0; i--) {
                long[] in = best.input();
                long[] smaller = new long[in.length - 1];
                System.arraycopy(in, 0, smaller, 0, i);
                System.arraycopy(in, i + 1, smaller, i, in.length - i - 1);
                ProgramGenerator.Case candidate = best.withInput(smaller);
                if (fails.test(candidate)) {
                    best = candidate;
                    progress = true;
                }
            }
            for (int i = 0; i < best.code().length; i++) {
                for (int simpler : new int[] {0, 1, 24}) {
                    if ((best.code()[i] & 0xFF) <= simpler) {
                        continue;
                    }
                    byte[] code = Arrays.copyOf(best.code(), best.code().length);
                    code[i] = (byte) simpler;
                    ProgramGenerator.Case candidate = best.withCode(code);
                    if (fails.test(candidate)) {
                        best = candidate;
                        progress = true;
                        break;
                    }
                }
            }
        }
        return best;
    }

    private static int instructionSize(byte[] code, int at) {
        int op = code[at] & 0xFF;
        return Opcodes.isDefined(op) && Opcodes.hasArgument(op) && at + 3 <= code.length ? 3 : 1;
    }

    /** The code without [at, at + size), with jump targets past the cut moved down (linear decoding). */
    static byte[] removeInstruction(byte[] code, int at, int size) {
        byte[] out = new byte[code.length - size];
        System.arraycopy(code, 0, out, 0, at);
        System.arraycopy(code, at + size, out, at, code.length - at - size);
        for (int pc = 0; pc < out.length; ) {
            int n = instructionSize(out, pc);
            int op = out[pc] & 0xFF;
            if (n == 3 && Opcodes.isJump(op)) {
                int target = (out[pc + 1] & 0xFF) << 8 | (out[pc + 2] & 0xFF);
                if (target > at) {
                    target = Math.max(at, target - size);
                    out[pc + 1] = (byte) (target >>> 8);
                    out[pc + 2] = (byte) target;
                }
            }
            pc += n;
        }
        return out;
    }

    private static int[] chunkSizes(int length) {
        java.util.List<Integer> sizes = new java.util.ArrayList<>();
        for (int chunk = Math.max(1, length / 2); chunk >= 1; chunk /= 2) {
            sizes.add(chunk);
        }
        sizes.add(3);
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }
}
