package dev.piglet.jit;

import static org.junit.jupiter.api.Assertions.*;

import dev.piglet.code.Assembler;
import dev.piglet.code.Program;
import dev.piglet.code.Verification;
import dev.piglet.code.Verifier;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * runtime/compiler-directives.json (passed by the ./piglet launcher) leaves the generated program methods to C2:
 * its pattern must name every method that holds program code, in one-method and split classes, and nothing else.
 */
class CompilerDirectivesTest {
    private static final Path FILE = Path.of(System.getProperty("piglet.directives", "compiler-directives.json"));
    /** The methods a generated class has besides program code: constructor, entry points, a split's dispatcher. */
    private static final Set<String> OTHERS = Set.of("<init>", "run", "enter", "dispatch");

    /** The directive's {@code match} pattern, "CLASS*.METHOD*", as a class-name prefix and a method-name prefix. */
    private static String[] pattern() throws Exception {
        Matcher m = Pattern.compile("match:\\s*\"([^\"*]+)\\*\\.([^\"*]+)\\*\"").matcher(Files.readString(FILE));
        assertTrue(m.find(), "no match pattern of the form CLASS*.METHOD* in " + FILE);
        return new String[] {m.group(1), m.group(2)};
    }

    /** Also checks the size the compiler reports for the class: its largest program-code method's. */
    private static void assertCovered(JitCompiler.Output2 out, int codeMethods) throws Exception {
        String[] pattern = pattern();
        ClassModel model = ClassFile.of().parse(out.bytes());
        int largest = 0;
        assertTrue(model.thisClass().asInternalName().startsWith(pattern[0]), model.thisClass().asInternalName());
        Set<String> matched = new HashSet<>();
        for (MethodModel method : model.methods()) {
            String name = method.methodName().stringValue();
            if (name.startsWith(pattern[1])) {
                matched.add(name);
                largest = Math.max(largest, method.findAttribute(java.lang.classfile.Attributes.code()).orElseThrow().codeLength());
            } else {
                assertTrue(OTHERS.contains(name), "method " + name + " holds program code but the directive misses it");
            }
        }
        assertEquals(codeMethods, matched.size(), "program-code methods matched: " + matched);
        assertEquals(largest, out.methodSize(), "the size the compiler reports");
        for (String other : OTHERS) {
            assertFalse(other.startsWith(pattern[1]), other + " would be left to C2 too");
        }
    }

    @Test
    void namesTheProgramMethodsOfOneMethodAndSplitClasses() throws Exception {
        String source = """
                PUSHI 0
                STOREI 1
                loop:
                LOADI 1
                PUSHI 1
                ADD
                DUP
                STOREI 1
                PUSHI 1000
                LESS
                JUMP_IF_TRUE loop
                LOADI 1
                PRINT
                DONE
                """;
        Program p = Program.load("t.pvm", Assembler.assemble("t.pvm", source).code());
        Verification v = Verifier.verify(p);
        assertCovered(JitCompiler.generate(p, v), 1);
        JitCompiler.Output2 split = JitCompiler.generateSplit(p, v, 3);
        assertTrue(split.regions() > 1, "regions: " + split.regions());
        assertCovered(split, split.regions());
    }
}
