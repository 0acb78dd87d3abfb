package dev.piglet.code;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Two-pass assembler for Piglet assembly ({@code .pvm}). Accepts the C reference's syntax exactly
 * (one statement per line, {@code #} comment lines, {@code name:} labels, case-insensitive
 * mnemonics, decimal arguments wrapping modulo 65536) and Piglet's strict superset: inline comments
 * after {@code #} or {@code ;}, tabs and runs of blanks, {@code _} in labels, {@code 0x} immediates, and
 * the disassembler's listing lines ({@code <offset> NAME [arg]}) so {@code dis} output reassembles.
 *
 * <p>Errors carry the reference's message plus {@code file:line:column} and the offending text.
 */
public final class Assembler {
    public static final String UNKNOWN_OPERATION = "Unknown operation name";
    public static final String NOT_ENOUGH_ARGUMENTS = "Not enough arguments supplied";
    public static final String TOO_MANY_ARGUMENTS = "Too many arguments supplied";
    public static final String INVALID_ARGUMENT = "Invalid argument supplied";
    public static final String INVALID_ADDRESS = "Invalid address supplied";
    public static final String UNRESOLVED_LABEL = "Cannot resolve a label";
    public static final String LABEL_WITH_ARGUMENTS = "Labels do not have arguments";
    // Piglet's own checks, where the reference silently misbehaves.
    public static final String DUPLICATE_LABEL = "Duplicate label";
    public static final String INVALID_LABEL = "Invalid label name";
    public static final String PROGRAM_TOO_LARGE = "Program too large";
    public static final String EMPTY_PROGRAM = "Empty program: no instructions";
    public static final String OFFSET_MISMATCH = "Listing offset does not match the instruction's offset";

    /** What assembling produced: the bytes, warnings, and where each label landed. */
    public record Assembly(byte[] code, List<String> warnings, Map<String, Integer> labels) {}

    private record Token(String text, int column) {}

    private record Statement(int line, int offset, int opcode, Token mnemonic, Token argument) {}

    private Assembler() {}

    /** Assembles {@code source}; {@code file} names it in messages. */
    public static Assembly assemble(String file, String source) {
        List<String> warnings = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        List<Statement> statements = new ArrayList<>();
        int offset = 0;
        int lineNo = 0;
        int start = 0;
        int n = source.length();
        // Pass 1: tokenize, size every instruction, collect label offsets.
        while (start <= n) {
            int end = source.indexOf('\n', start);
            if (end < 0) {
                end = n;
            }
            lineNo++;
            String line = source.substring(start, end);
            start = end + 1;
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            List<Token> tokens = tokenize(line);
            if (tokens.isEmpty()) {
                if (end == n) {
                    break;
                }
                continue;
            }
            Token first = tokens.getFirst();
            if (first.text.endsWith(":")) {
                String name = first.text.substring(0, first.text.length() - 1);
                if (!isName(name)) {
                    throw new AsmException(file, lineNo, first.column, INVALID_LABEL, first.text);
                }
                if (tokens.size() > 1) {
                    throw new AsmException(file, lineNo, tokens.get(1).column, LABEL_WITH_ARGUMENTS, tokens.get(1).text);
                }
                if (labels.putIfAbsent(name, offset) != null) {
                    throw new AsmException(file, lineNo, first.column, DUPLICATE_LABEL, name);
                }
                continue;
            }
            if (tokens.size() >= 2 && isDecimal(first.text) && Opcodes.byName(tokens.get(1).text) >= 0) {
                // A disassembler listing line: "<offset> NAME [arg]". The offset must be where we are.
                if (parseNumber(first.text) != offset) {
                    throw new AsmException(file, lineNo, first.column, OFFSET_MISMATCH + " (" + offset + ")", first.text);
                }
                tokens = tokens.subList(1, tokens.size());
                first = tokens.getFirst();
            }
            int opcode = Opcodes.byName(first.text);
            if (opcode < 0) {
                throw new AsmException(file, lineNo, first.column, UNKNOWN_OPERATION, first.text);
            }
            int wanted = Opcodes.hasArgument(opcode) ? 1 : 0;
            if (tokens.size() - 1 < wanted) {
                throw new AsmException(file, lineNo, first.column + first.text.length(), NOT_ENOUGH_ARGUMENTS, first.text);
            }
            if (tokens.size() - 1 > wanted) {
                Token extra = tokens.get(wanted + 1);
                throw new AsmException(file, lineNo, extra.column, TOO_MANY_ARGUMENTS, extra.text);
            }
            statements.add(new Statement(lineNo, offset, opcode, first, wanted == 1 ? tokens.get(1) : null));
            offset += Opcodes.size(opcode);
            if (offset > Program.MAX_SIZE) {
                throw new AsmException(file, lineNo, first.column,
                        PROGRAM_TOO_LARGE + " (more than " + Program.MAX_SIZE + " bytes)", first.text);
            }
        }
        if (statements.isEmpty()) {
            throw new AsmException(file, Math.max(1, lineNo), 1, EMPTY_PROGRAM, "");
        }
        // Pass 2: emit, resolving labels.
        byte[] code = new byte[offset];
        for (Statement s : statements) {
            code[s.offset] = (byte) s.opcode;
            if (s.argument == null) {
                continue;
            }
            int value = Opcodes.isJump(s.opcode)
                    ? address(file, s, labels)
                    : immediate(file, s, warnings);
            code[s.offset + 1] = (byte) (value >>> 8);
            code[s.offset + 2] = (byte) value;
        }
        return new Assembly(code, List.copyOf(warnings), Map.copyOf(labels));
    }

    private static int address(String file, Statement s, Map<String, Integer> labels) {
        Token a = s.argument;
        if (isNumber(a.text)) {
            long v = parseNumber(a.text);
            if (v < 0 || v > 0xFFFF) {
                throw new AsmException(file, s.line, a.column, INVALID_ADDRESS, a.text);
            }
            return (int) v;
        }
        if (!isName(a.text)) {
            throw new AsmException(file, s.line, a.column, INVALID_ADDRESS, a.text);
        }
        Integer target = labels.get(a.text);
        if (target == null) {
            throw new AsmException(file, s.line, a.column, UNRESOLVED_LABEL, a.text);
        }
        return target;
    }

    private static int immediate(String file, Statement s, List<String> warnings) {
        Token a = s.argument;
        boolean negative = a.text.startsWith("-") && a.text.length() > 1;
        String digits = negative ? a.text.substring(1) : a.text;
        long v;
        boolean saturated = false;
        if (isHex(digits)) {
            v = parseNumber(digits);
            if (v < 0) { // more hex digits than a long holds
                throw new AsmException(file, s.line, a.column, INVALID_ARGUMENT, a.text);
            }
        } else if (isDigits(digits)) {
            // Any number of decimal digits, read as the reference's scanf reads them: as an unsigned
            // 64-bit number that saturates at 2^64-1 (so 65535 once wrapped), then wrapped to 16 bits.
            BigInteger n = new BigInteger(digits);
            saturated = n.bitLength() > 64;
            v = saturated ? -1L : n.longValue();
        } else {
            throw new AsmException(file, s.line, a.column, INVALID_ARGUMENT, a.text);
        }
        if (negative && !saturated) {
            v = -v;
        }
        if (v < 0 || v > 0xFFFF) {
            int wrapped = (int) (v & 0xFFFF);
            warnings.add(file + ":" + s.line + ":" + a.column + ": warning: argument " + Assembler.printable(a.text)
                    + (saturated ? " is past 2^64-1; assembled as " + wrapped + " (the reference saturates it)"
                    : " does not fit in 16 bits; assembled as " + wrapped + " (as the reference does)"));
            return wrapped;
        }
        return (int) v;
    }

    /** One or more decimal digits, any number of them. */
    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** Splits a line into blank-separated tokens, dropping comments. */
    private static List<Token> tokenize(String line) {
        List<Token> tokens = new ArrayList<>(3);
        int i = 0;
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t') {
                i++;
                continue;
            }
            if (c == '#' || c == ';') {
                break;
            }
            int begin = i;
            while (i < n && !isBlank(line.charAt(i)) && line.charAt(i) != '#' && line.charAt(i) != ';') {
                i++;
            }
            tokens.add(new Token(line.substring(begin, i), begin + 1));
        }
        return tokens;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static boolean isName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isDecimal(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isHex(String s) {
        if (s.length() < 3 || s.length() > 18 || s.charAt(0) != '0' || (s.charAt(1) != 'x' && s.charAt(1) != 'X')) {
            return false;
        }
        for (int i = 2; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String s) {
        return isDecimal(s) || isHex(s);
    }

    /** Parses a decimal or 0x number; -1 when it does not fit in a non-negative long. */
    private static long parseNumber(String s) {
        try {
            return isHex(s) ? Long.parseLong(s.substring(2), 16) : Long.parseLong(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Source text made safe for a one-line message: control bytes escaped, long text cut. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 40; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7F) {
                b.append(c);
            } else {
                b.append(String.format("\\x%02x", (int) c & 0xFF));
            }
        }
        if (b.length() >= 40) {
            b.append("...");
        }
        return b.toString();
    }
}
