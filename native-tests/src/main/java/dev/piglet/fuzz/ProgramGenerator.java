package dev.piglet.fuzz;

import static dev.piglet.code.Opcodes.*;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded random Piglet programs for differential testing. The same seed always gives the same case.
 *
 * <p>Valid programs are structured: straight-line arithmetic (division by zero and wrap-around
 * included), memory traffic over all 65,536 cells (immediate and computed addresses, addresses that
 * wrap past 16 bits), PRINT, POP_RES, READ, nested if/else, loops with bounded trip counts (counter
 * cells at the top of memory), forward jumps over junk bytes and over dead blocks, stacks filled to
 * exactly 256 words. The stack depth is tracked so these never fault on the stack (they may still
 * divide by zero or run out of fuel). Invalid programs break one thing on purpose: unknown opcodes,
 * truncated arguments, unbalanced stacks, jump targets inside arguments or past the end, flipped bytes,
 * or plain byte soup.
 */
public final class ProgramGenerator {
    /** One generated test case: the bytecode, READ's input and the fuel limit. */
    public record Case(long seed, String kind, byte[] code, long[] input, long fuel) {
        public Case withCode(byte[] newCode) {
            return new Case(seed, kind, newCode, input, fuel);
        }

        public Case withFuel(long newFuel) {
            return new Case(seed, kind, code, input, newFuel);
        }

        public Case withInput(long[] newInput) {
            return new Case(seed, kind, code, newInput, fuel);
        }
    }

    /** Default fuel: enough for most generated loops, small enough that nothing runs long. */
    public static final long FUEL = 50_000;
    /** Counter cells of loops live here, one per nesting level; random stores avoid them. */
    private static final int COUNTER_BASE = 0xFFE0;
    private static final int MAX_NEST = 4;
    private static final int MAX_DEPTH = 240;

    private final SplittableRandom r;
    private final CodeBuilder b = new CodeBuilder();
    private int depth;
    private boolean skew;
    private boolean deepDone;

    private ProgramGenerator(SplittableRandom r) {
        this.r = r;
    }

    /** The case for {@code seed}: about 60% valid programs, the rest one of the invalid kinds. */
    public static Case generate(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        long[] input = input(r);
        long fuel = r.nextInt(10) == 0 ? r.nextInt(400) : FUEL;
        int k = r.nextInt(100);
        String kind;
        byte[] code;
        if (k < 60) {
            kind = "valid";
            code = new ProgramGenerator(r).valid(false).build();
        } else if (k < 66) {
            kind = "unknown-opcode";
            code = unknownOpcode(r);
        } else if (k < 72) {
            kind = "truncated";
            code = truncated(r);
        } else if (k < 80) {
            kind = "unbalanced";
            code = new ProgramGenerator(r).valid(true).build();
        } else if (k < 87) {
            kind = "bad-jump";
            code = badJump(r);
        } else if (k < 93) {
            kind = "flipped";
            code = flipped(r);
        } else {
            kind = "soup";
            code = soup(r);
        }
        return new Case(seed, kind, code, input, fuel);
    }

    /** The seed of case {@code index} of a run with master seed {@code master} (SplitMix64 finaliser). */
    public static long caseSeed(long master, long index) {
        long z = master + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long[] input(SplittableRandom r) {
        long[] in = new long[r.nextInt(9)];
        for (int i = 0; i < in.length; i++) {
            in[i] = switch (r.nextInt(4)) {
                case 0 -> r.nextInt(10);
                case 1 -> -1L - r.nextInt(3);
                case 2 -> r.nextInt(65536);
                default -> r.nextLong();
            };
        }
        return in;
    }

    // ---- valid (and, with skew, unbalanced) programs ----

    private CodeBuilder valid(boolean skewed) {
        this.skew = skewed;
        int statements = 5 + r.nextInt(r.nextInt(8) == 0 ? 400 : 60);
        block(statements, 0);
        int leave = r.nextInt(4);
        balanceTo(Math.min(leave, depth));
        if (r.nextInt(3) == 0 && depth > 0) {
            b.op(POP_RES);
            depth--;
        }
        if (r.nextInt(12) != 0) {
            b.op(DONE); // otherwise fall off the end: end of stream
        }
        return b;
    }

    private void block(int statements, int nest) {
        for (int i = 0; i < statements && b.offset() < 6000; i++) {
            statement(nest);
        }
    }

    private void statement(int nest) {
        if (skew && r.nextInt(25) == 0) {
            skewed(nest);
            return;
        }
        int c = r.nextInt(100);
        if (depth >= MAX_DEPTH) {
            pop();
        } else if (c < 16) {
            push();
        } else if (c < 28) {
            unary();
        } else if (c < 42) {
            binary();
        } else if (c < 50) {
            store();
        } else if (c < 56) {
            computedMemory();
        } else if (c < 62) {
            pop();
        } else if (c < 68 && nest < MAX_NEST) {
            ifElse(nest);
        } else if (c < 75 && nest < MAX_NEST) {
            loop(nest);
        } else if (c < 78 && nest < MAX_NEST) {
            whileLoop(nest);
        } else if (c < 80 && nest < MAX_NEST) {
            memorySweep(nest);
        } else if (c < 84) {
            jumpOver(nest);
        } else if (c < 89) {
            read();
        } else if (c < 93) {
            wrapAround();
        } else if (c < 97) {
            divide();
        } else if (c < 98 && !deepDone && depth < 16) {
            deepStack();
        } else {
            push();
        }
    }

    /** Unbalanced on purpose: ops that ignore the tracked depth, and loops that grow or shrink the stack. */
    private void skewed(int nest) {
        switch (r.nextInt(4)) {
            case 0 -> b.op(r.nextInt(2) == 0 ? DISCARD : ADD);
            case 1 -> {
                for (int i = r.nextInt(depth + 3); i >= 0; i--) {
                    b.op(DISCARD);
                }
            }
            case 2 -> { // a loop whose body leaves one word more (or less) per trip
                int cell = COUNTER_BASE + nest;
                b.op(PUSHI, 1 + r.nextInt(400));
                b.op(STOREI, cell);
                int top = b.newLabel();
                b.bind(top);
                b.op(r.nextBoolean() ? PUSHI : DISCARD, 7);
                b.op(LOADI, cell);
                b.op(PUSHI, 1);
                b.op(SUB);
                b.op(DUP);
                b.op(STOREI, cell);
                b.jump(JUMP_IF_TRUE, top);
            }
            default -> {
                int top = b.newLabel();
                b.bind(top);
                b.op(PUSHI, value());
                b.jump(JUMP, top);
            }
        }
    }

    private int value() {
        return switch (r.nextInt(8)) {
            case 0 -> 0;
            case 1 -> 1;
            case 2 -> 2 + r.nextInt(8);
            case 3 -> 65535;
            case 4 -> 65534;
            case 5 -> 1 << r.nextInt(16);
            default -> r.nextInt(65536);
        };
    }

    /** Any cell but the loop counters. */
    private int address() {
        int a = switch (r.nextInt(4)) {
            case 0 -> r.nextInt(16);
            case 1 -> 65535 - r.nextInt(64);
            default -> r.nextInt(65536);
        };
        return a >= COUNTER_BASE && a < COUNTER_BASE + 16 ? a - 16 : a;
    }

    private void push() {
        if (r.nextInt(3) == 0) {
            b.op(LOADI, address());
        } else {
            b.op(PUSHI, value());
        }
        depth++;
    }

    private void unary() {
        if (depth < 1) {
            push();
            return;
        }
        switch (r.nextInt(6)) {
            case 0 -> b.op(ADDI, value());
            case 1 -> b.op(GREATER_OR_EQUALI, value());
            case 2 -> b.op(LOADADDI, address());
            case 3 -> b.op(LOAD);
            default -> {
                b.op(DUP);
                depth++;
            }
        }
    }

    private static final int[] BINARY = {ADD, SUB, MUL, DIV, EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL};

    private void binary() {
        while (depth < 2) {
            push();
        }
        int op = BINARY[r.nextInt(BINARY.length)];
        if (op == DIV && r.nextInt(12) != 0) {
            // Mostly divide by a known non-zero value so programs keep running.
            b.op(DISCARD);
            b.op(PUSHI, 1 + r.nextInt(65535));
        }
        b.op(op);
        depth--;
    }

    private void store() {
        if (depth < 1) {
            push();
        }
        b.op(STOREI, address());
        depth--;
    }

    /** LOAD and STORE through computed addresses, some past 16 bits (they wrap). */
    private void computedMemory() {
        b.op(PUSHI, address());
        if (r.nextBoolean()) {
            b.op(ADDI, r.nextInt(65536)); // may pass 65535: the address wraps
        }
        if (r.nextInt(4) == 0) {
            b.op(PUSHI, 1 + r.nextInt(8));
            b.op(MUL);
        }
        if (r.nextBoolean()) {
            b.op(PUSHI, value());
            b.op(STORE);
        } else {
            b.op(LOAD);
            depth++;
        }
    }

    private void pop() {
        if (depth < 1) {
            push();
            return;
        }
        switch (r.nextInt(4)) {
            case 0 -> b.op(DISCARD);
            case 1 -> b.op(POP_RES);
            case 2 -> b.op(STOREI, address());
            default -> b.op(PRINT);
        }
        depth--;
    }

    private void balanceTo(int target) {
        while (depth > target) {
            pop();
        }
        while (depth < target) {
            push();
        }
    }

    private int small() {
        return 1 + r.nextInt(6);
    }

    private void ifElse(int nest) {
        if (depth >= 2 && r.nextBoolean()) {
            b.op(BINARY[4 + r.nextInt(5)]); // a comparison
            depth--;
        } else if (depth < 1) {
            push();
        }
        int elseLabel = b.newLabel();
        b.jump(r.nextBoolean() ? JUMP_IF_FALSE : JUMP_IF_TRUE, elseLabel);
        depth--;
        int base = depth;
        block(small(), nest + 1);
        balanceTo(base);
        if (r.nextBoolean()) {
            int end = b.newLabel();
            b.jump(JUMP, end);
            b.bind(elseLabel);
            block(small(), nest + 1);
            balanceTo(base);
            b.bind(end);
        } else {
            b.bind(elseLabel);
        }
    }

    private int trips(int nest) {
        return 1 + r.nextInt(nest == 0 ? 24 : 6);
    }

    private void loop(int nest) {
        int cell = COUNTER_BASE + nest;
        int trips = trips(nest);
        int top = b.newLabel();
        int base = depth;
        if (r.nextBoolean()) { // count down: do { ... } while (--c != 0)
            b.op(PUSHI, trips);
            b.op(STOREI, cell);
            b.bind(top);
            block(small(), nest + 1);
            balanceTo(base);
            b.op(LOADI, cell);
            b.op(PUSHI, 1);
            b.op(SUB);
            b.op(DUP);
            b.op(STOREI, cell);
            b.jump(JUMP_IF_TRUE, top);
        } else { // count up: do { ... } while (++c < trips), as the sieve does
            b.op(PUSHI, 0);
            b.op(STOREI, cell);
            b.bind(top);
            block(small(), nest + 1);
            balanceTo(base);
            b.op(LOADI, cell);
            b.op(ADDI, 1);
            b.op(DUP);
            b.op(STOREI, cell);
            b.op(GREATER_OR_EQUALI, trips);
            b.jump(JUMP_IF_FALSE, top);
        }
    }

    private void whileLoop(int nest) {
        int cell = COUNTER_BASE + nest;
        int top = b.newLabel();
        int end = b.newLabel();
        int base = depth;
        b.op(PUSHI, trips(nest) - 1);
        b.op(STOREI, cell);
        b.bind(top);
        b.op(LOADI, cell);
        b.jump(JUMP_IF_FALSE, end);
        block(small(), nest + 1);
        balanceTo(base);
        b.op(LOADI, cell);
        b.op(PUSHI, 1);
        b.op(SUB);
        b.op(STOREI, cell);
        b.jump(JUMP, top);
        b.bind(end);
    }

    /** A loop writing (and reading back) cells spread over the whole memory with a large stride. */
    private void memorySweep(int nest) {
        int cell = COUNTER_BASE + nest;
        int at = COUNTER_BASE + 8 + nest;
        int top = b.newLabel();
        b.op(PUSHI, r.nextInt(65536));
        b.op(STOREI, at);
        b.op(PUSHI, 1 + r.nextInt(nest == 0 ? 64 : 8));
        b.op(STOREI, cell);
        b.bind(top);
        b.op(LOADI, at);
        b.op(PUSHI, value());
        b.op(STORE);
        if (r.nextBoolean()) {
            b.op(LOADI, at);
            b.op(LOAD);
            b.op(r.nextBoolean() ? PRINT : DISCARD);
        }
        b.op(LOADI, at);
        b.op(ADDI, 1 + r.nextInt(65535));
        b.op(STOREI, at);
        b.op(LOADI, cell);
        b.op(PUSHI, 1);
        b.op(SUB);
        b.op(DUP);
        b.op(STOREI, cell);
        b.jump(JUMP_IF_TRUE, top);
    }

    /** A forward jump over junk bytes (never executed) or over a balanced dead block. */
    private void jumpOver(int nest) {
        int skip = b.newLabel();
        b.jump(JUMP, skip);
        if (r.nextBoolean() || nest >= MAX_NEST) {
            for (int i = 1 + r.nextInt(6); i > 0; i--) {
                b.raw(r.nextInt(256));
            }
        } else {
            int base = depth;
            block(small(), nest + 1);
            balanceTo(base);
        }
        b.bind(skip);
    }

    private void read() {
        if (r.nextBoolean()) { // one word, or a default at the end of input
            int atEnd = b.newLabel();
            int join = b.newLabel();
            b.jump(READ, atEnd);
            b.jump(JUMP, join);
            b.bind(atEnd);
            b.op(PUSHI, value());
            b.bind(join);
        } else { // sum the rest of the input
            int top = b.newLabel();
            int end = b.newLabel();
            b.op(PUSHI, 0);
            b.bind(top);
            b.jump(READ, end);
            b.op(ADD);
            b.jump(JUMP, top);
            b.bind(end);
        }
        depth++;
    }

    private void wrapAround() {
        if (r.nextBoolean()) {
            b.op(PUSHI, 65535 - r.nextInt(3));
            for (int i = 1 + r.nextInt(5); i > 0; i--) {
                b.op(DUP);
                b.op(MUL);
            }
        } else {
            b.op(PUSHI, r.nextInt(3));
            b.op(PUSHI, 1 + r.nextInt(3));
            b.op(SUB); // 2^64 - k
            if (r.nextBoolean()) {
                b.op(ADDI, r.nextInt(5));
            }
        }
        depth++;
    }

    private void divide() {
        b.op(PUSHI, 0);
        b.op(PUSHI, 1);
        b.op(SUB); // 2^64 - 1: unsigned division must not treat it as -1
        b.op(PUSHI, r.nextInt(16) == 0 ? 0 : 1 + r.nextInt(300));
        b.op(DIV);
        depth++;
    }

    /** Fills the stack to exactly 256 words, then folds it back: the overflow edge, not past it. */
    private void deepStack() {
        deepDone = true;
        int n = 256 - depth;
        for (int i = 0; i < n; i++) {
            b.op(PUSHI, value());
        }
        for (int i = 1; i < n; i++) {
            b.op(r.nextBoolean() ? ADD : MUL);
        }
        depth++;
    }

    // ---- invalid programs ----

    private static byte[] unknownOpcode(SplittableRandom r) {
        ProgramGenerator g = new ProgramGenerator(r);
        byte[] code = g.valid(false).build();
        int at = g.b.starts.get(r.nextInt(g.b.starts.size()));
        code[at] = (byte) (COUNT + r.nextInt(256 - COUNT));
        return code;
    }

    private static byte[] truncated(SplittableRandom r) {
        ProgramGenerator g = new ProgramGenerator(r);
        byte[] code = g.valid(false).build();
        int cut;
        if (r.nextBoolean()) { // cut inside an argument
            int at = g.b.starts.get(r.nextInt(g.b.starts.size()));
            cut = hasArgument(code[at] & 0xFF) ? at + 1 + r.nextInt(2) : at + 1;
        } else {
            cut = 1 + r.nextInt(code.length);
        }
        return Arrays.copyOf(code, Math.min(cut, code.length));
    }

    private static byte[] badJump(SplittableRandom r) {
        ProgramGenerator g = new ProgramGenerator(r);
        byte[] code = g.valid(false).build();
        if (g.b.jumpArguments.isEmpty()) {
            return code;
        }
        for (int n = 1 + r.nextInt(2); n > 0; n--) {
            int argAt = g.b.jumpArguments.get(r.nextInt(g.b.jumpArguments.size()));
            int target = switch (r.nextInt(5)) {
                case 0 -> g.b.starts.get(r.nextInt(g.b.starts.size())) + 1 + r.nextInt(2); // into an argument
                case 1 -> code.length;
                case 2 -> code.length + 1 + r.nextInt(3);
                case 3 -> 65535;
                default -> r.nextInt(code.length + 4);
            };
            code[argAt] = (byte) (target >>> 8);
            code[argAt + 1] = (byte) target;
        }
        return code;
    }

    private static byte[] flipped(SplittableRandom r) {
        byte[] code = new ProgramGenerator(r).valid(false).build();
        for (int n = 1 + r.nextInt(4); n > 0; n--) {
            code[r.nextInt(code.length)] = (byte) (r.nextBoolean() ? r.nextInt(COUNT) : r.nextInt(256));
        }
        return code;
    }

    private static byte[] soup(SplittableRandom r) {
        byte[] code = new byte[1 + r.nextInt(r.nextBoolean() ? 16 : 200)];
        for (int i = 0; i < code.length; i++) {
            code[i] = (byte) (r.nextInt(10) < 7 ? r.nextInt(COUNT) : r.nextInt(256));
        }
        return code;
    }
}
