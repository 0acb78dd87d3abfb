package dev.piglet.k;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Not a test: a command-line measurement of the interpreter's call costs in thread CPU time, the unit
 * the peers' script ({@code run-peers.sh fac}) reports, so the figures sit side by side. Also prints
 * the ring space one nested non-tail call takes. Run (after {@code mvn test-compile}):
 * <pre>java --enable-native-access=ALL-UNNAMED \
 *   -cp runtime/target/classes:runtime/target/test-classes:arena/target/classes dev.piglet.k.KCallCost 10000000</pre>
 * ({@code -Dpiglet.k.compile=false} before {@code -cp}: the interpreter alone.) {@code fac5-mixed} is
 * {@code fac 5} in a session that first defined and used strings, symbols and dictionaries. Workload
 * names after the count run only those (e.g. {@code KCallCost 10000000 fac5-mixed}).
 */
public final class KCallCost {
    private KCallCost() {}

    /** {@code -Dpiglet.k.compile=false} measures the interpreter alone (the compiled tier off). */
    private static final boolean COMPILE = Boolean.parseBoolean(System.getProperty("piglet.k.compile", "true"));

    public static void main(String[] args) {
        long n = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
        // further arguments: only these workloads (each in a JVM of its own shows it without the JIT
        // profiles the others left: compiled code called from more call sites, more shapes seen)
        java.util.Set<String> only = new java.util.HashSet<>(java.util.Arrays.asList(args).subList(Math.min(1, args.length), args.length));
        String[][] work = {
            {"fac5", "fac:{$[x=1;1;x*fac[x-1]]}", "fac 5"},
            // the same with strings, symbols and dictionaries defined and used first: the int paths must not slow down
            {"fac5-mixed", "s:\"hello\";t:`a`b`c;d:`x`y!(1 2;\"z\");u:s,\" world\";v:d`x;w:t?`b;"
                + "g:{x,\"!\"};h:{d[x]};g s;h`y;fac:{$[x=1;1;x*fac[x-1]]}", "fac 5"},
            {"closure", "mk:{n:x;{n+1}}", "(mk 3)[]"},
            {"call", "inc:{x+1}", "inc 3"},
            // other recursive int code, run n/1000 and n/20 times (1,973 and 106 calls an evaluation)
            {"fib15", "fib:{$[x<2;x;fib[x-1]+fib[x-2]]}", "fib 15", "1000"},
            {"ack23", "ack:{$[x=0;y+1;y=0;ack[x-1;1];ack[x-1;ack[x;y-1]]]}", "ack[2;3]", "20"},
        };
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        for (String[] w : work) {
            if (!only.isEmpty() && !only.contains(w[0])) continue;
            long runs = w.length > 3 ? n / Long.parseLong(w[3]) : n;
            long best = Long.MAX_VALUE;
            for (int rep = 0; rep < 3; rep++) {
                KSession k = new KSession();
                k.setCompile(COMPILE);
                k.eval(w[1]);
                int p = k.compile(w[2], 1);
                for (long i = 0, warm = Math.max(300_000 * runs / n, 1_000); i < warm; i++) k.execute(p);
                long t0 = bean.getCurrentThreadCpuTime();
                for (long i = 0; i < runs; i++) k.execute(p);
                long t = bean.getCurrentThreadCpuTime() - t0;
                best = Math.min(best, t);
            }
            System.out.printf("piglet-k%s %s %.2f ns/iter (best of 3, cpu)%n", COMPILE ? "" : " (--no-compile)", w[0], best / (double) runs);
        }
        if (!only.isEmpty()) return;
        KSession d = new KSession();
        d.eval("fac:{$[x=1;1;x*fac[x-1]]}");
        d.ring().resetHighWater();
        d.continuations().resetHighWater();
        d.eval("fac 20");
        System.out.printf("ring per nested call on the direct path (fac 20): %.2f context slots + %.2f continuation records%n",
                d.ring().highWater() / 20.0, d.continuations().highWater() / 20.0);
        KSession k = new KSession();
        k.eval("f:{$[x=0;0;1+f x-1]}");
        k.ring().resetHighWater();
        k.continuations().resetHighWater();
        k.eval("f 10000");
        double slots = k.ring().highWater() / 10000.0;
        double records = k.continuations().highWater() / 10000.0;
        System.out.printf("ring per nested non-tail call, 10,000 deep (mostly past the direct path's budget): %.2f context slots (%.0f bytes as compressed refs)"
                + " + %.2f continuation records (%.0f bytes off-heap + %.0f bytes of refs)%n",
                slots, slots * 4, records, records * ContinuationLayout.RECORD_BYTES, records * 8);
    }
}
