package dev.piglet.docs;

import dev.piglet.Inputs;
import dev.piglet.arena.WordLink;
import dev.piglet.arena.WordSource;
import dev.piglet.stream.StreamOutput;
import dev.piglet.K;
import dev.piglet.KException;
import dev.piglet.KValue;
import dev.piglet.Machine;
import dev.piglet.MachineOptions;
import dev.piglet.Outcome;
import dev.piglet.Piglet;
import dev.piglet.code.AsmException;
import dev.piglet.code.Program;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The code in docs/embedding.md. Each {@code tag::NAME[]} region is copied verbatim into the manual
 * (DocsTest checks they are identical) and each method is run by EmbeddingExamplesTest.
 */
public final class EmbeddingExamples {
    private EmbeddingExamples() {}

    public static long quickStart() {
        // tag::quick-start[]
        Program program = Piglet.assemble("""
                PUSHI 6
                PUSHI 7
                MUL
                POP_RES
                DONE
                """);
        try (Machine machine = Piglet.machine(MachineOptions.defaults().discardOutput())) {
            Outcome outcome = machine.run(program);
            return outcome.result(); // 42
        }
        // end::quick-start[]
    }

    public static List<Long> printedWords(Path examples) {
        // tag::print-callback[]
        List<Long> primes = new ArrayList<>();
        Program sieve = Piglet.load(examples.resolve("sieve.pvm"));
        try (Machine machine = Piglet.machine(MachineOptions.defaults().engine("switch").onPrint(primes::add))) {
            machine.run(sieve);
        }
        // end::print-callback[]
        return primes;
    }

    public static String printedText(Path examples) {
        // tag::print-stream[]
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        try (Machine machine = Piglet.machine(MachineOptions.defaults().output(text))) {
            machine.run(Piglet.load(examples.resolve("sum.pvm")));
        }
        return text.toString(); // "2147385345\n"
        // end::print-stream[]
    }

    public static String faults() {
        // tag::faults[]
        Program divide = Piglet.assemble("PUSHI 1\nPUSHI 0\nDIV\nPRINT\nDONE");
        try (Machine machine = Piglet.machine(MachineOptions.defaults().fuel(1_000_000))) {
            Outcome outcome = machine.run(divide);
            if (!outcome.ok()) {
                return outcome.status() + ": " + outcome.message(); // DIVISION_BY_ZERO: division by zero at pc 6
            }
            return "ok";
        }
        // end::faults[]
    }

    public static String assemblyError() {
        // tag::assembly-error[]
        try {
            Piglet.assemble("calc.pvm", "PUSHI 1\nPUSHI x\n");
            return "assembled";
        } catch (AsmException e) {
            return e.getMessage(); // calc.pvm:2:7: Invalid argument supplied: 'x'
        }
        // end::assembly-error[]
    }

    public static List<Long> input(Path examples) {
        // tag::input[]
        List<Long> out = new ArrayList<>();
        Program readSum = Piglet.load(examples.resolve("read-sum.pvm")); // READ until the input ends, PRINT the sum
        try (Machine machine = Piglet.machine(MachineOptions.defaults().onPrint(out::add))) {
            machine.run(readSum, Inputs.of(10, 20, 12));                                 // prints 42
            machine.run(readSum, Inputs.from(java.util.stream.LongStream.range(0, 100).iterator())); // prints 4950
        }
        // end::input[]
        return out;
    }

    public static long[] streamToAnotherThread(Path examples) throws Exception {
        // tag::stream[]
        Program fib = Piglet.load(examples.resolve("fib.pvm"));
        try (WordLink link = WordLink.of(256 * 1024, 1024)) {        // off-heap ring + lock-free queue
            long[] sumAndCount = new long[2];
            Thread consumer = Thread.ofPlatform().start(() -> {
                WordSource words = link.source();
                while (words.drainTo(w -> { sumAndCount[0] += w; sumAndCount[1]++; }, 1024) >= 0) {
                    // batches of words, no boxing, until the producer closes the stream
                }
            });
            try (Machine machine = Piglet.machine(MachineOptions.defaults().sink(new StreamOutput(link.sink())))) {
                machine.run(fib);                                         // PRINT -> the ring
            }
            link.sink().close();                                          // end of stream
            consumer.join();
            return sumAndCount;                                           // {sum mod 2^64, 94}
        }
        // end::stream[]
    }

    public static String k() {
        // tag::k[]
        try (K k = Piglet.k()) {
            k.eval("fac:{$[x=1;1;x*fac[x-1]]}");      // globals persist between evaluations
            KValue v = k.eval("fac'1+!5");
            long[] facs = v.asLongArray();              // {1, 2, 6, 24, 120}
            try {
                k.eval("1 2 3+4 5");
            } catch (KException e) {
                return v + " / " + e.getMessage() + " at " + e.line() + ":" + e.column(); // 1 2 6 24 120 / length error. at 1:6
            }
            return String.valueOf(facs.length);
        }
        // end::k[]
    }

    public static List<Long> manyThreads(Path examples) throws Exception {
        // tag::threads[]
        Program sort = Piglet.load(examples.resolve("sort.pvm")); // immutable: share it freely
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            List<Future<Long>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                results.add(pool.submit(() -> {
                    long[] last = new long[1];
                    // one machine per thread, reused for every run on that thread
                    try (Machine machine = Piglet.machine(MachineOptions.defaults().onPrint(w -> last[0] = w))) {
                        for (int run = 0; run < 100; run++) {
                            machine.run(sort);
                        }
                    }
                    return last[0];
                }));
            }
            List<Long> largest = new ArrayList<>();
            for (Future<Long> r : results) {
                largest.add(r.get());
            }
            return largest;
        }
        // end::threads[]
    }
}
