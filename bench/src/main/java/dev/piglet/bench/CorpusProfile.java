package dev.piglet.bench;

import dev.piglet.code.Assembler;
import dev.piglet.code.FusedOps;
import dev.piglet.code.Opcodes;
import dev.piglet.code.Program;
import dev.piglet.code.WordCode;
import dev.piglet.code.WordCodeLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

/**
 * The dynamic profile the fused ops are chosen from: for each program, the share of its executed
 * instructions taken by each opcode pair and triple, and the share of its word-code dispatches (as
 * {@code tos} dispatches the fused code) taken by each pair of word ops. Shares are averaged over the
 * programs, so every program weighs the same however long it runs. Executes the bytecode with a plain
 * unchecked loop (the programs are the verified corpus), at most 20 million instructions each.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar dev.piglet.bench.CorpusProfile corpus/*.bin};
 * {@code CorpusProfile --listing FILE...} prints the fused word code instead, {@code --hot FILE...} the words
 * that run, each with its share of the dispatches.
 */
public final class CorpusProfile {
    private CorpusProfile() {}

    private static final long LIMIT = 20_000_000L;

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--listing")) {
            for (int i = 1; i < args.length; i++) {
                Program p = load(args[i]);
                System.out.println(args[i] + ":");
                WordCode.of(p, true).listing().forEach(line -> System.out.println("  " + line));
            }
            return;
        }
        if (args.length > 0 && args[0].equals("--hot")) {
            for (int i = 1; i < args.length; i++) {
                hot(args[i]);
            }
            return;
        }
        Map<String, Double> pairs = new HashMap<>();
        Map<String, Double> triples = new HashMap<>();
        Map<String, Double> words = new HashMap<>();
        Map<String, Double> wordSingles = new HashMap<>();
        Map<String, Double> wordMax = new HashMap<>();
        for (String file : args) {
            Program p = load(file);
            WordCode wc = WordCode.of(p, true);
            String[] wordAt = new String[p.length() + 1];
            for (int i = 0; i < wc.count(); i += WordCodeLayout.span(WordCodeLayout.op(wc.word(i)))) {
                wordAt[wc.pcOf(i)] = WordCodeLayout.name(WordCodeLayout.op(wc.word(i)));
            }
            Map<String, Long> pc2 = new HashMap<>();
            Map<String, Long> pc3 = new HashMap<>();
            Map<String, Long> wc2 = new HashMap<>();
            Map<String, Long> wc1 = new HashMap<>();
            String[] last = {"", "", ""}; // the two instructions before, the last word op
            long[] dispatchCount = {0};
            long n = execute(p, pc -> {
                int op = p.byteAt(pc);
                String name = Opcodes.isDefined(op) ? Opcodes.name(op) : "?";
                if (wordAt[pc] != null) {
                    if (!last[2].isEmpty()) {
                        wc2.merge(last[2] + " " + wordAt[pc], 1L, Long::sum);
                    }
                    wc1.merge(wordAt[pc], 1L, Long::sum);
                    last[2] = wordAt[pc];
                    dispatchCount[0]++;
                }
                if (!last[1].isEmpty()) {
                    pc2.merge(last[1] + " " + name, 1L, Long::sum);
                    if (!last[0].isEmpty()) {
                        pc3.merge(last[0] + " " + last[1] + " " + name, 1L, Long::sum);
                    }
                }
                last[0] = last[1];
                last[1] = name;
            });
            long dispatches = dispatchCount[0];
            System.out.printf("%s: %d instructions, %d dispatches (%.2f per dispatch)%n", file, n, dispatches,
                    (double) n / dispatches);
            top("  word pairs", wc2, dispatches, 6);
            add(pairs, pc2, n);
            add(triples, pc3, n);
            add(words, wc2, dispatches);
            add(wordSingles, wc1, dispatches);
            long total = dispatches;
            wc1.forEach((k, v) -> wordMax.merge(k, (double) v / total, Math::max));
        }
        int programs = args.length;
        print("opcode pairs (mean share of instructions)", pairs, programs, 30);
        print("opcode triples", triples, programs, 30);
        print("word ops (mean share of dispatches)", wordSingles, programs, 30);
        print("word-op pairs (mean share of dispatches)", words, programs, 40);
        System.out.println("fused ops (mean share of dispatches, largest share in one program):");
        for (int op = 0; op < FusedOps.OPCODES; op++) {
            if (FusedOps.isFused(op)) {
                String name = FusedOps.nameOf(op);
                System.out.printf("  %-40s %5.2f%% %5.1f%%%n", name, 100.0 * wordSingles.getOrDefault(name, 0.0) / programs,
                        100.0 * wordMax.getOrDefault(name, 0.0));
            }
        }
    }

    /**
     * The fused word code's listing with each word's share of the dispatches, the words that take at least
     * 0.1% of them, in code order (a loop's words stay together).
     */
    private static void hot(String file) throws Exception {
        Program p = load(file);
        WordCode wc = WordCode.of(p, true);
        long[] atPc = new long[p.length() + 1];
        long n = execute(p, pc -> atPc[pc]++);
        List<String> listing = wc.listing();
        long dispatches = 0;
        int line = 0;
        long[] perLine = new long[listing.size()];
        for (int i = 0; i < wc.count(); i += WordCodeLayout.span(WordCodeLayout.op(wc.word(i)))) {
            perLine[line] = atPc[wc.pcOf(i)];
            dispatches += perLine[line++];
        }
        System.out.printf("%s: %d instructions, %d dispatches (%.2f per dispatch)%n", file, n, dispatches,
                (double) n / dispatches);
        for (int k = 0; k < perLine.length; k++) {
            if (perLine[k] * 1000 >= dispatches) {
                System.out.printf("  %5.1f%%  %s%n", 100.0 * perLine[k] / dispatches, listing.get(k));
            }
        }
    }

    /** Runs the program with a plain unchecked loop, at most {@link #LIMIT} instructions, telling each pc run. */
    private static long execute(Program p, IntConsumer onPc) {
        long[] st = new long[300];
        long[] mem = new long[65536];
        int pc = 0;
        int sp = 0;
        long n = 0;
        run:
        while (n < LIMIT) {
            int op = p.byteAt(pc);
            int arg = Opcodes.isDefined(op) && Opcodes.hasArgument(op) ? p.argumentAt(pc) : 0;
            onPc.accept(pc);
            n++;
            int next = pc + (Opcodes.isDefined(op) ? Opcodes.size(op) : 1);
            switch (op) {
                case Opcodes.PUSHI -> st[sp++] = arg;
                case Opcodes.LOADI -> st[sp++] = mem[arg];
                case Opcodes.LOADADDI -> st[sp - 1] += mem[arg];
                case Opcodes.STOREI -> mem[arg] = st[--sp];
                case Opcodes.LOAD -> st[sp - 1] = mem[(int) (st[sp - 1] & 0xFFFF)];
                case Opcodes.STORE -> {
                    mem[(int) (st[sp - 2] & 0xFFFF)] = st[sp - 1];
                    sp -= 2;
                }
                case Opcodes.DUP -> {
                    st[sp] = st[sp - 1];
                    sp++;
                }
                case Opcodes.DISCARD -> sp--;
                case Opcodes.ADD -> st[--sp - 1] += st[sp];
                case Opcodes.SUB -> st[--sp - 1] -= st[sp];
                case Opcodes.MUL -> st[--sp - 1] *= st[sp];
                case Opcodes.DIV -> {
                    if (st[sp - 1] == 0) {
                        break run;
                    }
                    st[sp - 2] = Long.divideUnsigned(st[sp - 2], st[sp - 1]);
                    sp--;
                }
                case Opcodes.ADDI -> st[sp - 1] += arg;
                case Opcodes.JUMP -> next = arg;
                case Opcodes.JUMP_IF_TRUE -> next = st[--sp] != 0 ? arg : next;
                case Opcodes.JUMP_IF_FALSE -> next = st[--sp] == 0 ? arg : next;
                case Opcodes.EQUAL -> st[--sp - 1] = st[sp - 1] == st[sp] ? 1 : 0;
                case Opcodes.LESS -> st[--sp - 1] = Long.compareUnsigned(st[sp - 1], st[sp]) < 0 ? 1 : 0;
                case Opcodes.LESS_OR_EQUAL -> st[--sp - 1] = Long.compareUnsigned(st[sp - 1], st[sp]) <= 0 ? 1 : 0;
                case Opcodes.GREATER -> st[--sp - 1] = Long.compareUnsigned(st[sp - 1], st[sp]) > 0 ? 1 : 0;
                case Opcodes.GREATER_OR_EQUAL -> st[--sp - 1] = Long.compareUnsigned(st[sp - 1], st[sp]) >= 0 ? 1 : 0;
                case Opcodes.GREATER_OR_EQUALI -> st[sp - 1] = Long.compareUnsigned(st[sp - 1], arg) >= 0 ? 1 : 0;
                case Opcodes.POP_RES, Opcodes.PRINT -> sp--;
                default -> {
                    break run;
                }
            }
            pc = next;
        }
        return n;
    }

    /** A .bin file, or a .pvm source assembled in memory. */
    private static Program load(String file) throws Exception {
        byte[] code = file.endsWith(".pvm")
                ? Assembler.assemble(file, Files.readString(Path.of(file))).code()
                : Files.readAllBytes(Path.of(file));
        return Program.load(file, code);
    }

    private static void add(Map<String, Double> into, Map<String, Long> counts, long total) {
        counts.forEach((k, v) -> into.merge(k, (double) v / total, Double::sum));
    }

    private static void top(String title, Map<String, Long> counts, long total, int limit) {
        System.out.println(title + ":");
        counts.entrySet().stream().sorted((x, y) -> Long.compare(y.getValue(), x.getValue())).limit(limit)
                .forEach(e -> System.out.printf("    %-60s %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / total));
    }

    private static void print(String title, Map<String, Double> shares, int programs, int limit) {
        System.out.println(title + ":");
        shares.entrySet().stream().sorted((x, y) -> Double.compare(y.getValue(), x.getValue())).limit(limit)
                .forEach(e -> System.out.printf("  %-60s %5.1f%%%n", e.getKey(), 100.0 * e.getValue() / programs));
    }
}
