package dev.piglet.bench;

import dev.piglet.code.Program;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The corpus programs (corpus/ in the repository), bundled into benchmarks.jar with their manifest. */
public final class Corpus {
    private Corpus() {}

    /** The program names in the manifest's order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        String manifest = new String(resource("MANIFEST.tsv"), StandardCharsets.UTF_8);
        for (String line : manifest.split("\n")) {
            if (!line.isBlank() && !line.startsWith("name\t")) {
                names.add(line.substring(0, line.indexOf('\t')));
            }
        }
        return names;
    }

    /** The program {@code name}, loaded from its {@code .bin}. */
    public static Program program(String name) {
        return Program.load(name, resource(name + ".bin"));
    }

    /** The exit code the C reference gives it: 0, or 1 for the programs that fault on purpose. */
    public static int referenceExitCode(String name) {
        return Integer.parseInt(new String(resource(name + ".rc"), StandardCharsets.UTF_8).trim());
    }

    private static byte[] resource(String file) {
        try (InputStream in = Corpus.class.getResourceAsStream("/corpus/" + file)) {
            if (in == null) {
                throw new IllegalArgumentException("no corpus file " + file + " in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
