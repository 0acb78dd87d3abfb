package dev.piglet.fuzz;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * A seeded, coverage-less mutation fuzzer: it starts from a corpus of seeds, applies a few random
 * mutations (bit flips, interesting bytes, dictionary tokens, deletions, duplications, splices, size
 * extremes) and runs the target. Deterministic for a seed, so it runs in CI; Jazzer (coverage-guided)
 * is for long campaigns. Inputs that the target accepted are fed back into the corpus (a crude stand-in
 * for coverage feedback that keeps mutations near valid syntax).
 */
final class MutationFuzzer {
    /** A target: true when the input parsed, false when it was rejected with a documented error; anything thrown is a finding. */
    interface Target {
        boolean accept(byte[] data) throws Exception;
    }

    private static final String[] TOKENS = {
        "\n", " ", "\t", "\r\n", ":", "#", ";", "0x", "0X", "-", "_", "x:", "\nloop:\n", "PUSHI ", "pushi ",
        "JUMP ", "JUMP_IF_FALSE ", "READ ", "DONE", "PRINT", "ABORT", "LOADADDI ", "GREATER_OR_EQUALI ", "DUP",
        "0", "1", "65535", "65536", "70000", "-1", "-65536", "4294967296", "9223372036854775807",
        "9223372036854775808", "18446744073709551615", "99999999999999999999", "0xFFFF", "0x10000",
        "0xFFFFFFFFFFFFFFFF", "0x", "\u00e9", "\u0000", "\uFFFD", "\ud83d\udc37", "loop", "0 PUSHI 1\n", "3 DONE\n",
    };
    private static final int[] INTERESTING = {0, 1, 7, 9, 10, 13, 14, 24, 25, 26, 27, 32, 35, 48, 58, 59, 127, 128, 255};

    private final SplittableRandom r;
    private final List<byte[]> corpus = new ArrayList<>();

    MutationFuzzer(long seed, List<byte[]> seeds) {
        this.r = new SplittableRandom(seed);
        corpus.addAll(seeds);
        if (corpus.isEmpty()) {
            corpus.add(new byte[] {24});
        }
    }

    /** The files of a regression-corpus directory on the test class path (src/test/resources/...). */
    static List<byte[]> seeds(String resourceDir) {
        URL url = MutationFuzzer.class.getClassLoader().getResource(resourceDir);
        if (url == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            List<byte[]> out = new ArrayList<>();
            for (Path p : files.sorted().toList()) {
                out.add(Files.readAllBytes(p));
            }
            return out;
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a run found: the number of inputs, and the first finding (null if none). */
    record Result(long inputs, long accepted, long maxNanos, String finding, byte[] crasher) {}

    Result run(Target target, long inputs) {
        long accepted = 0;
        long maxNanos = 0;
        for (long i = 0; i < inputs; i++) {
            byte[] data = mutate();
            long t0 = System.nanoTime();
            try {
                if (target.accept(data)) {
                    accepted++;
                    if (corpus.size() < 2000 && r.nextInt(8) == 0) {
                        corpus.add(data);
                    }
                }
            } catch (Throwable t) {
                return new Result(i + 1, accepted, maxNanos, describe(t, data), data);
            }
            maxNanos = Math.max(maxNanos, System.nanoTime() - t0);
        }
        return new Result(inputs, accepted, maxNanos, null, null);
    }

    private static String describe(Throwable t, byte[] data) {
        String shown = data.length <= 200 ? HexFormat.ofDelimiter(" ").formatHex(data) : data.length + " bytes";
        return t + "\n  input (" + data.length + " bytes): " + shown
                + "\n  as text: " + new String(data, 0, Math.min(data.length, 200), StandardCharsets.UTF_8).replace("\n", "\\n");
    }

    byte[] mutate() {
        byte[] d = corpus.get(r.nextInt(corpus.size())).clone();
        if (r.nextInt(200) == 0) { // size extremes: empty, 65,536 and 65,537 bytes
            return switch (r.nextInt(3)) {
                case 0 -> new byte[0];
                case 1 -> grow(d, 65_536);
                default -> grow(d, 65_537);
            };
        }
        for (int n = 1 + r.nextInt(r.nextBoolean() ? 3 : 10); n > 0; n--) {
            d = mutateOnce(d);
        }
        return d;
    }

    private byte[] grow(byte[] d, int size) {
        byte[] out = new byte[size];
        for (int i = 0; i < size; i++) {
            out[i] = d.length == 0 ? (byte) r.nextInt(256) : d[i % d.length];
        }
        return out;
    }

    private byte[] mutateOnce(byte[] d) {
        int n = d.length;
        switch (r.nextInt(9)) {
            case 0 -> { // flip a bit
                if (n > 0) {
                    d[r.nextInt(n)] ^= (byte) (1 << r.nextInt(8));
                }
                return d;
            }
            case 1 -> { // an interesting byte
                if (n > 0) {
                    d[r.nextInt(n)] = (byte) INTERESTING[r.nextInt(INTERESTING.length)];
                }
                return d;
            }
            case 2 -> { // a random byte
                if (n > 0) {
                    d[r.nextInt(n)] = (byte) r.nextInt(256);
                }
                return d;
            }
            case 3, 4 -> { // insert a dictionary token
                return insert(d, r.nextInt(n + 1), TOKENS[r.nextInt(TOKENS.length)].getBytes(StandardCharsets.UTF_8));
            }
            case 5 -> { // delete a range
                if (n == 0) {
                    return d;
                }
                int at = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(16, n - at));
                byte[] out = new byte[n - len];
                System.arraycopy(d, 0, out, 0, at);
                System.arraycopy(d, at + len, out, at, n - at - len);
                return out;
            }
            case 6 -> { // duplicate a range
                if (n == 0) {
                    return d;
                }
                int at = r.nextInt(n);
                int len = 1 + r.nextInt(Math.min(32, n - at));
                byte[] piece = new byte[len];
                System.arraycopy(d, at, piece, 0, len);
                return insert(d, r.nextInt(n + 1), piece);
            }
            case 7 -> { // splice with another corpus entry
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                int cut = r.nextInt(n + 1);
                int from = r.nextInt(other.length + 1);
                byte[] out = new byte[cut + other.length - from];
                System.arraycopy(d, 0, out, 0, cut);
                System.arraycopy(other, from, out, cut, other.length - from);
                return out;
            }
            default -> { // truncate
                return n == 0 ? d : java.util.Arrays.copyOf(d, r.nextInt(n));
            }
        }
    }

    private static byte[] insert(byte[] d, int at, byte[] piece) {
        byte[] out = new byte[d.length + piece.length];
        System.arraycopy(d, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(d, at, out, at + piece.length, d.length - at);
        return out;
    }
}
