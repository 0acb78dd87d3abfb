package dev.piglet.docs;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The manual cannot rot: every {@code <!-- example: NAME -->} block in docs/*.md must equal the
 * {@code tag::NAME[]} region of the example sources, which the tests compile and run.
 */
class DocsTest {
    static final Path DOCS = Path.of(System.getProperty("piglet.examples", "../examples")).resolve("../docs");
    static final Path SOURCES = Path.of("src/test/java/dev/piglet/docs");
    static final Pattern BLOCK = Pattern.compile("<!-- example: ([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);

    static final Pattern DEPENDENCY = Pattern.compile("<!-- dependency -->\\s*```xml\\n(.*?)```", Pattern.DOTALL);

    @Test
    void codeInTheManualIsTheCodeTheTestsRun() throws Exception {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                all.append(Files.readString(f)).append('\n');
            }
        }
        String sources = all.toString();
        int checked = 0;
        try (var docs = Files.list(DOCS)) {
            for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher m = BLOCK.matcher(Files.readString(doc));
                while (m.find()) {
                    String tag = m.group(1);
                    assertEquals(region(sources, tag), m.group(2), doc + ": example " + tag);
                    checked++;
                }
            }
        }
        assertTrue(checked >= 8, "examples checked: " + checked);
    }

    /** The dependency snippet names the artifact and version this build makes. */
    @Test
    void theDependencySnippetIsThisBuildsArtifact() throws Exception {
        Matcher m = DEPENDENCY.matcher(Files.readString(DOCS.resolve("embedding.md")));
        assertTrue(m.find(), "embedding.md has no <!-- dependency --> block");
        String pom = Files.readString(DOCS.resolveSibling("runtime").resolve("pom.xml"));
        Matcher version = Pattern.compile("<parent>.*?<version>(.*?)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(version.find());
        assertEquals("""
                <dependency>
                  <groupId>dev.piglet</groupId>
                  <artifactId>piglet-runtime</artifactId>
                  <version>%s</version>
                </dependency>
                """.formatted(version.group(1)), m.group(1));
        assertTrue(pom.contains("<artifactId>piglet-runtime</artifactId>"));
    }

    /** The lines between the tag markers, de-indented by the first line's indent. */
    static String region(String source, String tag) {
        int start = source.indexOf("// tag::" + tag + "[]");
        int end = source.indexOf("// end::" + tag + "[]");
        assertTrue(start >= 0 && end > start, "no region " + tag);
        String body = source.substring(source.indexOf('\n', start) + 1, source.lastIndexOf('\n', end) + 1);
        String[] lines = body.split("\n", -1);
        int indent = lines[0].length() - lines[0].stripLeading().length();
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            out.append(line.length() >= indent ? line.substring(indent) : line.strip()).append('\n');
        }
        return out.toString();
    }
}
