package dev.piglet.fuzz;

import dev.piglet.vm.Engine;
import dev.piglet.code.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * A long differential campaign outside JUnit: generated programs on every engine, each at its own fuel and
 * at {@code --cuts} fuel values below the steps its full run took. Sharded over threads (program {@code i}
 * belongs to shard {@code i % threads}), resumable (a progress file in {@code --dir}), and it does not stop
 * at a disagreement: each one is shrunk and written to {@code DIR/divergences/} (report, original and
 * shrunk program as .bin) and counted. See docs/native-tests.md for the command.
 */
public final class FuzzCampaign {
    private FuzzCampaign() {}

    private static final String PROGRESS = "progress.properties";
    /** Status codes are 0..9 ({@link Status}). */
    private static final int STATUSES = 10;

    /** One shard's counters; written by its worker, read by the reporter, under the shard's lock. */
    private static final class Shard {
        final int id;
        long done;
        long steps;
        long runs;
        long divergences;
        final long[] outcomes = new long[STATUSES];
        long[] engineNanos = new long[0];

        Shard(int id) {
            this.id = id;
        }
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        long master = Long.parseLong(opt.getOrDefault("seed", "1"));
        int cuts = Integer.parseInt(opt.getOrDefault("cuts", "1"));
        if (opt.containsKey("case")) {
            System.exit(single(Long.parseLong(opt.get("case")), opt.get("fuel"), cuts));
        }
        long programs = Long.parseLong(opt.getOrDefault("programs", "10000000"));
        int threads = Integer.parseInt(opt.getOrDefault("threads", "1"));
        long every = Long.parseLong(opt.getOrDefault("every", "100000"));
        long maxDivergences = Long.parseLong(opt.getOrDefault("max-divergences", "100"));
        Path dir = Path.of(opt.getOrDefault("dir", "campaign"));
        Files.createDirectories(dir.resolve("divergences"));

        Shard[] shards = new Shard[threads];
        for (int s = 0; s < threads; s++) {
            shards[s] = new Shard(s);
        }
        long resumedFrom = load(dir.resolve(PROGRESS), master, programs, threads, cuts, shards);
        long t0 = System.nanoTime();
        List<String> engineNames;
        try (Differential probe = new Differential(Differential.allEnginesWithTierTransfers())) {
            engineNames = probe.engines().stream().map(Engine::name).toList();
        }
        System.out.printf("campaign: %,d programs, master seed %d, %d shard(s), full run + %d fuel cut(s) per program, engines %s, dir %s%s%n",
                programs, master, threads, cuts, engineNames, dir,
                resumedFrom > 0 ? String.format(", resuming after %,d programs", resumedFrom) : "");

        List<Thread> workers = new ArrayList<>();
        Throwable[] failure = new Throwable[1];
        for (Shard shard : shards) {
            Thread t = Thread.ofPlatform().name("campaign-shard-" + shard.id).start(() -> {
                try {
                    work(shard, master, programs, threads, cuts, dir, maxDivergences);
                } catch (Throwable e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                }
            });
            workers.add(t);
        }
        long nextReport = (resumedFrom / every + 1) * every;
        long lastSave = System.nanoTime();
        while (workers.stream().anyMatch(Thread::isAlive)) {
            for (Thread t : workers) {
                t.join(200);
            }
            Totals now = totals(shards);
            if (now.done >= nextReport) {
                double s = (System.nanoTime() - t0) / 1e9;
                double rate = (now.done - resumedFrom) / Math.max(s, 1e-9);
                System.out.printf("  %,d programs (%,d runs per engine), %,d steps per engine, %d divergence(s), %.0f s, %.0f programs/s, ETA %.0f min%n",
                        now.done, now.runs, now.steps, now.divergences, s, rate, (programs - now.done) / Math.max(rate, 1e-9) / 60);
                nextReport = (now.done / every + 1) * every;
            }
            if (System.nanoTime() - lastSave > 5_000_000_000L) {
                save(dir.resolve(PROGRESS), master, programs, threads, cuts, shards);
                lastSave = System.nanoTime();
            }
        }
        save(dir.resolve(PROGRESS), master, programs, threads, cuts, shards);
        if (failure[0] != null) {
            throw new IllegalStateException("a campaign shard failed", failure[0]);
        }
        Totals end = totals(shards);
        Map<String, Long> outcomes = new TreeMap<>();
        for (int k = 0; k < STATUSES; k++) {
            if (end.outcomes[k] > 0) {
                outcomes.put(Status.name(k), end.outcomes[k]);
            }
        }
        System.out.printf("campaign %s: %,d of %,d programs, %,d runs per engine (full + %d cut(s)), %,d steps per engine, %d divergence(s), %.0f s this session%n  outcomes of the full runs: %s%n",
                end.done >= programs ? "done" : "stopped", end.done, programs, end.runs, cuts, end.steps, end.divergences,
                (System.nanoTime() - t0) / 1e9, outcomes);
        long[] nanos = new long[engineNames.size()];
        for (Shard s : shards) {
            for (int k = 0; k < s.engineNanos.length; k++) {
                nanos[k] += s.engineNanos[k];
            }
        }
        StringBuilder perEngine = new StringBuilder("  seconds in each engine this session (all shards):");
        for (int k = 0; k < nanos.length; k++) {
            perEngine.append(String.format(" %s %.1f", engineNames.get(k), nanos[k] / 1e9));
        }
        System.out.println(perEngine);
        System.exit(end.divergences > 0 ? 1 : 0);
    }

    private static void work(Shard shard, long master, long programs, int threads, int cuts, Path dir, long maxDivergences) {
        try (Differential diff = new Differential(Differential.allEnginesWithTierTransfers())) {
            long done;
            synchronized (shard) {
                done = shard.done;
            }
            for (long i = shard.id + done * threads; i < programs; i += threads) {
                ProgramGenerator.Case c = ProgramGenerator.generate(ProgramGenerator.caseSeed(master, i));
                String d = diff.check(c, cuts);
                long runs = diff.lastRuns();
                long steps = diff.fullRunSteps();
                int status = diff.fullRunStatus();
                if (d != null) {
                    record(dir, i, c, diff, d);
                }
                synchronized (shard) {
                    shard.done++;
                    shard.runs += runs;
                    shard.steps += steps;
                    shard.outcomes[status]++;
                    shard.engineNanos = diff.engineNanos();
                    if (d != null && ++shard.divergences >= maxDivergences) {
                        return;
                    }
                }
            }
        }
    }

    /** Shrinks a disagreement and writes its report and programs to {@code DIR/divergences/}. */
    private static void record(Path dir, long index, ProgramGenerator.Case c, Differential diff, String difference) {
        ProgramGenerator.Case failing = c.withFuel(diff.lastFuel());
        ProgramGenerator.Case small = Shrinker.shrink(failing, x -> diff.check(x) != null);
        String why = diff.check(small);
        String report = "case index " + index + ", fuel of the disagreeing run " + failing.fuel() + "\n"
                + Differential.report(c, small, why == null ? difference : why) + "\n"
                + "  or: FuzzCampaign --case " + c.seed() + " --fuel " + failing.fuel() + "\n"
                + "  original code: " + HexFormat.of().formatHex(c.code()) + "\n";
        String base = "divergences/" + index + "-" + c.seed();
        try {
            Files.writeString(dir.resolve(base + ".txt"), report);
            Files.write(dir.resolve(base + ".bin"), c.code());
            Files.write(dir.resolve(base + "-shrunk.bin"), small.code());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("DIVERGENCE " + report);
    }

    /** {@code --case SEED [--fuel F]}: one case, with its cuts, the report printed; exit 1 on a disagreement. */
    private static int single(long seed, String fuel, int cuts) {
        ProgramGenerator.Case c = ProgramGenerator.generate(seed);
        if (fuel != null) {
            c = c.withFuel(Long.parseLong(fuel));
        }
        try (Differential diff = new Differential(Differential.allEnginesWithTierTransfers())) {
            String d = diff.check(c, fuel != null ? 0 : cuts);
            if (d == null) {
                System.out.println("case " + seed + " (" + c.kind() + ", " + c.code().length + " bytes): all engines agree");
                return 0;
            }
            ProgramGenerator.Case failing = c.withFuel(diff.lastFuel());
            ProgramGenerator.Case small = Shrinker.shrink(failing, x -> diff.check(x) != null);
            String why = diff.check(small);
            System.out.println(Differential.report(failing, small, why == null ? d : why));
            return 1;
        }
    }

    private record Totals(long done, long runs, long steps, long divergences, long[] outcomes) {}

    private static Totals totals(Shard[] shards) {
        long done = 0, runs = 0, steps = 0, divergences = 0;
        long[] outcomes = new long[STATUSES];
        for (Shard s : shards) {
            synchronized (s) {
                done += s.done;
                runs += s.runs;
                steps += s.steps;
                divergences += s.divergences;
                for (int k = 0; k < outcomes.length; k++) {
                    outcomes[k] += s.outcomes[k];
                }
            }
        }
        return new Totals(done, runs, steps, divergences, outcomes);
    }

    /** Reads the progress file if there is one (it must be for the same campaign); returns programs already done. */
    private static long load(Path file, long master, long programs, int threads, int cuts, Shard[] shards) throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        String want = master + "/" + threads + "/" + cuts;
        String have = p.getProperty("seed") + "/" + p.getProperty("threads") + "/" + p.getProperty("cuts");
        if (!want.equals(have)) {
            throw new IllegalArgumentException(file + " belongs to another campaign (seed/threads/cuts " + have
                    + ", asked for " + want + "): use another --dir");
        }
        long done = 0;
        for (Shard s : shards) {
            String k = "shard." + s.id + ".";
            s.done = Long.parseLong(p.getProperty(k + "done", "0"));
            s.runs = Long.parseLong(p.getProperty(k + "runs", "0"));
            s.steps = Long.parseLong(p.getProperty(k + "steps", "0"));
            s.divergences = Long.parseLong(p.getProperty(k + "divergences", "0"));
            for (int o = 0; o < STATUSES; o++) {
                s.outcomes[o] = Long.parseLong(p.getProperty(k + "outcome." + Status.name(o), "0"));
            }
            done += s.done;
        }
        return done;
    }

    /** Writes the progress file atomically (a temporary file moved over the old one). */
    private static void save(Path file, long master, long programs, int threads, int cuts, Shard[] shards) throws IOException {
        Properties p = new Properties();
        p.setProperty("seed", Long.toString(master));
        p.setProperty("programs", Long.toString(programs));
        p.setProperty("threads", Integer.toString(threads));
        p.setProperty("cuts", Integer.toString(cuts));
        for (Shard s : shards) {
            String k = "shard." + s.id + ".";
            synchronized (s) {
                p.setProperty(k + "done", Long.toString(s.done));
                p.setProperty(k + "runs", Long.toString(s.runs));
                p.setProperty(k + "steps", Long.toString(s.steps));
                p.setProperty(k + "divergences", Long.toString(s.divergences));
                for (int o = 0; o < STATUSES; o++) {
                    if (s.outcomes[o] > 0) {
                        p.setProperty(k + "outcome." + Status.name(o), Long.toString(s.outcomes[o]));
                    }
                }
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (var out = Files.newBufferedWriter(tmp)) {
            p.store(out, "FuzzCampaign progress: programs done per shard (shard s runs programs s, s+threads, ...)");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opt = new TreeMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("usage: FuzzCampaign [--programs N] [--seed S] [--threads T] [--cuts K] "
                        + "[--dir DIR] [--every N] [--max-divergences N] | --case SEED [--fuel F]; bad argument: " + args[i]);
            }
            opt.put(args[i].substring(2), args[++i]);
        }
        return opt;
    }
}
