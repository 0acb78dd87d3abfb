package dev.piglet.code;

import java.util.ArrayList;
import java.util.List;

/**
 * Prints bytecode as the reference does: one line per instruction, {@code <offset> <NAME>[ <arg>]},
 * stopping at the first 0 (ABORT) opcode byte unless asked for the whole program. The lines
 * reassemble to the same bytes (the assembler accepts listing lines).
 *
 * <p>Bytes the reference cannot show get lines of their own: an unknown opcode byte is
 * {@code <offset> UNKNOWN <byte>}; a final instruction whose argument is cut off is
 * {@code <offset> <NAME> <truncated>}.
 */
public final class Disassembler {
    private Disassembler() {}

    /**
     * @param wholeProgram false: stop at the first ABORT byte (the reference); true: every byte
     */
    public static List<String> disassemble(byte[] code, boolean wholeProgram) {
        List<String> lines = new ArrayList<>();
        int pc = 0;
        while (pc < code.length) {
            int op = code[pc] & 0xFF;
            if (op == Opcodes.ABORT && !wholeProgram) {
                break;
            }
            if (!Opcodes.isDefined(op)) {
                lines.add(pc + " UNKNOWN " + op);
                pc++;
                continue;
            }
            if (!Opcodes.hasArgument(op)) {
                lines.add(pc + " " + Opcodes.name(op));
                pc++;
                continue;
            }
            if (pc + 3 > code.length) {
                lines.add(pc + " " + Opcodes.name(op) + " <truncated>");
                break;
            }
            int arg = (code[pc + 1] & 0xFF) << 8 | (code[pc + 2] & 0xFF);
            lines.add(pc + " " + Opcodes.name(op) + " " + arg);
            pc += 3;
        }
        return lines;
    }
}
