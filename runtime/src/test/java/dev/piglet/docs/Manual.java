package dev.piglet.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The user's manual as the docs tests read it: README.md and docs/*.md, and their fenced code blocks. */
final class Manual {
    private Manual() {}

    /** The repository's root (the examples directory's parent). */
    static final Path ROOT = Path.of(System.getProperty("piglet.examples", "../examples")).toAbsolutePath()
            .normalize().getParent();

    /** A fenced code block: its info string ("sh", "java", "" ...), first line number and text. */
    record Block(Path doc, String info, int line, String text) {
        String where() {
            return ROOT.relativize(doc) + ":" + line;
        }
    }

    /** README.md and every docs/*.md, in a stable order. */
    static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return docs;
    }

    static String read(Path doc) {
        try {
            return Files.readString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fenced (```) code blocks of a document. */
    static List<Block> blocks(Path doc) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = read(doc).split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String fence = lines[i].strip();
            if (!fence.startsWith("```")) {
                continue;
            }
            int start = i + 1;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) {
                text.append(lines[i]).append('\n');
            }
            blocks.add(new Block(doc, fence.substring(3).strip(), start + 1, text.toString()));
        }
        return blocks;
    }

    /** The document's text outside its code blocks (each block replaced by an empty line). */
    static String prose(Path doc) {
        return read(doc).replaceAll("(?s)```.*?\n\\s*```", "");
    }
}
