package dev.piglet.fuzz;

import dev.piglet.code.Opcodes;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Emits bytecode with forward and backward labels, and remembers where each instruction starts and
 * where each jump argument lies, so invalid-program mutations can aim at them.
 */
final class CodeBuilder {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<int[]> fixups = new ArrayList<>(); // {argument offset, label}
    private final List<Integer> labelOffsets = new ArrayList<>();
    final List<Integer> starts = new ArrayList<>();
    final List<Integer> jumpArguments = new ArrayList<>();

    int offset() {
        return bytes.size();
    }

    int newLabel() {
        labelOffsets.add(-1);
        return labelOffsets.size() - 1;
    }

    void bind(int label) {
        labelOffsets.set(label, offset());
    }

    void op(int opcode) {
        starts.add(offset());
        bytes.write(opcode);
    }

    void op(int opcode, int argument) {
        starts.add(offset());
        bytes.write(opcode);
        bytes.write((argument >>> 8) & 0xFF);
        bytes.write(argument & 0xFF);
    }

    /** A jump (or READ) to a label bound before or after. */
    void jump(int opcode, int label) {
        starts.add(offset());
        bytes.write(opcode);
        if (Opcodes.isJump(opcode)) {
            jumpArguments.add(offset());
        }
        fixups.add(new int[] {offset(), label});
        bytes.write(0);
        bytes.write(0);
    }

    /** Raw bytes that are never executed (jumped over). */
    void raw(int value) {
        bytes.write(value & 0xFF);
    }

    byte[] build() {
        byte[] code = bytes.toByteArray();
        for (int[] f : fixups) {
            int target = labelOffsets.get(f[1]);
            if (target < 0) {
                throw new IllegalStateException("unbound label " + f[1]);
            }
            code[f[0]] = (byte) (target >>> 8);
            code[f[0] + 1] = (byte) target;
        }
        return code;
    }
}
