package dev.piglet.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manual refers only to what a clone of the repository has: every relative link (and its
 * {@code #anchor}) resolves, and every file it mentions by path, or any {@code .md} it names, exists in
 * the repository (or is made by a command of the same page, which DocsCommandsIT runs). Paths outside
 * the repository ({@code ../shared/...}, {@code /tmp/...}) are refused.
 */
class DocsLinksTest {
    static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
    /** A word that may be a path: letters, digits and . / _ - (what is around it is not part of it). */
    static final Pattern WORD = Pattern.compile("[\\w./~-]+(?:\\{[\\w,]+\\})?[\\w./-]*");
    static final Pattern EXTENSION = Pattern.compile(".*\\.(md|pvm|bin|k|java|json|svg|c|h|sh|xml|tsv|jar|py|lua|txt)$");

    /** Every file and directory of the repository (relative, '/'-separated), build output excluded. */
    static final Set<String> FILES = repositoryFiles();

    static Set<String> repositoryFiles() {
        try (Stream<Path> s = Files.walk(Manual.ROOT)) {
            return s.map(p -> Manual.ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> !p.startsWith(".git/") && !p.contains("/target/") && !p.startsWith("target/"))
                    .collect(Collectors.toSet());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyRelativeLinkResolves() {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path doc : Manual.documents()) {
            Matcher m = LINK.matcher(Manual.prose(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("[a-z]+:.*")) {
                    continue; // https:, mailto:
                }
                checked++;
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                String where = Manual.ROOT.relativize(doc) + ": (" + target + ")";
                if (!resolved.startsWith(Manual.ROOT)) {
                    broken.add(where + " is outside the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(where + " does not exist");
                } else if (hash >= 0 && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(where + ": no heading with that anchor in " + Manual.ROOT.relativize(resolved));
                }
            }
        }
        assertEquals(List.of(), broken);
        assertTrue(checked >= 20, "links checked: " + checked);
    }

    /** The anchors of a markdown file's headings, as GitHub makes them. */
    static Set<String> anchors(Path md) {
        return Manual.prose(md).lines().filter(l -> l.startsWith("#"))
                .map(l -> l.replaceFirst("^#+\\s*", "").strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    @Test
    void everyFileMentionedIsInTheRepository() {
        List<String> missing = new ArrayList<>();
        int checked = 0;
        for (Path doc : Manual.documents()) {
            String commands = Manual.blocks(doc).stream().filter(b -> b.info().equals("sh"))
                    .map(Manual.Block::text).collect(Collectors.joining("\n"));
            String[] lines = Manual.read(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = WORD.matcher(lines[i]);
                while (m.find()) {
                    String word = m.group().replaceAll("[.]+$", "");
                    if (m.start() > 0 && lines[i].charAt(m.start() - 1) == ':' || !isPath(word)) {
                        continue; // a URL's tail, or no path
                    }
                    checked++;
                    String problem = problem(doc, word, commands);
                    if (problem != null) {
                        missing.add(Manual.ROOT.relativize(doc) + ":" + (i + 1) + ": " + word + ": " + problem);
                    }
                }
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(checked >= 50, "mentions checked: " + checked);
    }

    /** A word the reader would take for a file: a path with an extension, any .md, or a path outside. */
    static boolean isPath(String word) {
        if (word.startsWith("../") || word.startsWith("/tmp/") || word.startsWith("~/")) {
            return true;
        }
        return EXTENSION.matcher(word).matches() && (word.contains("/") || word.endsWith(".md"));
    }

    /** Why the mentioned file is not in a clone, or null if it is. */
    static String problem(Path doc, String word, String commands) {
        if (word.startsWith("/usr/") || word.startsWith("/dev/")) {
            return null; // the machine's JDKs and /dev/null
        }
        if (word.matches("[A-Z][A-Z0-9_]*/.*")) {
            return null; // under a placeholder the reader fills in (DIR/...), not a file of the repository
        }
        if (word.startsWith("~/.")) {
            return null; // a file Piglet keeps in the user's home (the REPL's history), not one of the repository's
        }
        if (word.startsWith("/") || word.startsWith("~")) {
            return "an absolute path: not in a clone of the repository";
        }
        if (word.contains("{")) {
            String stem = word.substring(0, word.indexOf('{'));
            for (String ext : word.substring(word.indexOf('{') + 1, word.indexOf('}')).split(",")) {
                String p = problem(doc, stem + ext + word.substring(word.indexOf('}') + 1), commands);
                if (p != null) {
                    return p;
                }
            }
            return null;
        }
        Path fromDoc = doc.getParent().resolve(word).normalize();
        if (word.startsWith("../") && !fromDoc.startsWith(Manual.ROOT)) {
            return "outside the repository";
        }
        if (Files.exists(fromDoc) || Files.exists(Manual.ROOT.resolve(word))) {
            return null;
        }
        String name = word.replaceFirst("^(\\./)+", "");
        if (name.contains("target/") || commands.contains(word)) {
            return null; // build output, or made (and so checked) by the page's commands
        }
        for (String f : FILES) {
            if (f.equals(name) || f.endsWith("/" + name)) {
                return null; // a path within a module (src/test/java/...)
            }
        }
        return "no such file in the repository";
    }
}
