package dev.piglet.vm;

import static dev.piglet.code.Opcodes.*;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random programs for differential tests: structured ones that mostly verify (balanced stack,
 * jumps to starts of matching depth, loops, READ, faults) and raw byte soup that mostly does not.
 */
final class ProgramGenerator {
    private final Random random;
    private final ByteArrayOutputStream code = new ByteArrayOutputStream();
    private final List<int[]> starts = new ArrayList<>(); // {pc, depth}
    private final List<int[]> pending = new ArrayList<>(); // {patch pc, depth wanted}

    ProgramGenerator(long seed) {
        this.random = new Random(seed);
    }

    Random random() {
        return random;
    }

    private void emit(int op) {
        code.write(op);
    }

    private void emit(int op, int arg) {
        code.write(op);
        code.write(arg >>> 8 & 0xFF);
        code.write(arg & 0xFF);
    }

    private int pc() {
        return code.size();
    }

    private void patch(byte[] bytes, int at, int target) {
        bytes[at + 1] = (byte) (target >>> 8);
        bytes[at + 2] = (byte) target;
    }

    private int value() {
        return switch (random.nextInt(6)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> random.nextInt(8);
            case 3 -> 65535;
            default -> random.nextInt(65536);
        };
    }

    private int address() {
        return random.nextInt(10) == 0 ? random.nextInt(65536) : random.nextInt(8);
    }

    /** A target for a jump that leaves {@code depth} words: an earlier start of that depth, else a forward patch. */
    private int jumpTarget(int depth, int patchAt) {
        if (random.nextInt(3) > 0) {
            List<int[]> same = starts.stream().filter(s -> s[1] == depth).toList();
            if (!same.isEmpty()) {
                return same.get(random.nextInt(same.size()))[0];
            }
        }
        pending.add(new int[] {patchAt, depth});
        return 0;
    }

    byte[] structured() {
        code.reset();
        starts.clear();
        pending.clear();
        List<int[]> resolved = new ArrayList<>();
        int d = 0;
        int n = 3 + random.nextInt(70);
        for (int i = 0; i < n; i++) {
            int at = pc();
            starts.add(new int[] {at, d});
            for (int[] p : new ArrayList<>(pending)) {
                if (p[1] == d && random.nextBoolean()) {
                    resolved.add(new int[] {p[0], at});
                    pending.remove(p);
                }
            }
            int choice = random.nextInt(100);
            if (d > 12) {
                choice = 60 + random.nextInt(20);
            }
            if (choice < 25 || d == 0 && choice < 60) {
                switch (random.nextInt(d == 0 ? 3 : 5)) {
                    case 0 -> emit(PUSHI, value());
                    case 1 -> emit(LOADI, address());
                    case 2 -> {
                        emit(READ, jumpTarget(d, at));
                        d++;
                        continue;
                    }
                    default -> emit(DUP);
                }
                d++;
            } else if (choice < 40 && d >= 1) {
                int[] ops = {ADDI, LOADADDI, GREATER_OR_EQUALI, LOAD};
                int op = ops[random.nextInt(ops.length)];
                if (op == LOAD) {
                    emit(LOAD);
                } else {
                    emit(op, op == LOADADDI ? address() : value());
                }
            } else if (choice < 60 && d >= 2) {
                int[] ops = {ADD, SUB, MUL, DIV, EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, ADD, LESS};
                emit(ops[random.nextInt(ops.length)]);
                d--;
            } else if (choice < 80 && d >= 1) {
                switch (random.nextInt(6)) {
                    case 0 -> emit(STOREI, address());
                    case 1, 2 -> emit(PRINT);
                    case 3 -> emit(DISCARD);
                    case 4 -> emit(POP_RES);
                    default -> {
                        if (d >= 2) {
                            emit(STORE);
                            d--;
                        } else {
                            emit(DISCARD);
                        }
                    }
                }
                d--;
            } else if (choice < 93 && d >= 1) {
                emit(random.nextBoolean() ? JUMP_IF_TRUE : JUMP_IF_FALSE, jumpTarget(d - 1, at));
                d--;
            } else if (choice < 97) {
                emit(JUMP, jumpTarget(d, at));
            } else if (choice < 99) {
                emit(DONE);
            } else {
                emit(random.nextBoolean() ? 27 + random.nextInt(229) : DIV);
            }
        }
        int end = pc();
        int ending = random.nextInt(10);
        if (ending < 7) {
            emit(DONE);
        } else if (ending == 7) {
            emit(PUSHI);
            emit(1); // truncated final instruction
        }
        byte[] bytes = code.toByteArray();
        for (int[] r : resolved) {
            patch(bytes, r[0], r[1]);
        }
        for (int[] p : pending) {
            int target = p[1] == d ? end : random.nextInt(bytes.length + 1);
            for (int[] s : starts) {
                if (s[1] == p[1] && random.nextBoolean()) {
                    target = s[0];
                }
            }
            patch(bytes, p[0], target);
        }
        if (random.nextInt(20) == 0) {
            bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256); // a mutation
        }
        return bytes;
    }

    byte[] soup() {
        byte[] bytes = new byte[1 + random.nextInt(48)];
        for (int i = 0; i < bytes.length; i++) {
            int k = random.nextInt(10);
            bytes[i] = (byte) (k < 7 ? random.nextInt(28) : k < 9 ? random.nextInt(bytes.length + 1) : random.nextInt(256));
        }
        return bytes;
    }

    long[] input() {
        long[] words = new long[random.nextInt(5)];
        for (int i = 0; i < words.length; i++) {
            words[i] = random.nextInt(4) == 0 ? random.nextLong() : random.nextInt(100);
        }
        return words;
    }

    long fuel() {
        return switch (random.nextInt(4)) {
            case 0 -> random.nextInt(40);
            case 1 -> random.nextInt(600);
            default -> 3_000;
        };
    }
}
