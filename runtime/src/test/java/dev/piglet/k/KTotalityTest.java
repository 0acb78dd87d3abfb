package dev.piglet.k;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every verb, monadic and dyadic, and every adverb over every kind of value gives a value or a K
 * error — never a Java exception (which a host would see instead of a {@link KError}, and the CLI as
 * "internal error").
 */
class KTotalityTest {
    static final String[] VALUES = {
        "0", "2", "-1", "0N", "1.5", "0n", "-0w", "!0", "!5", ",0", "0 1", "1.5 2.5", "(,0.5)", "()", "(1;2 3)",
        "(1 2;3 4)", "((1 2;3);4)", "(1;{x})", "{x}", "{x+y}", "(+)", "(+:)", "(+/)", "(2+)", "{x+y}[1]", "(-+)",
        "\"a\"", "\"abc\"", "`a", "`a`b", "(`a;1)",
    };
    static final String VERBS = "+-*%!<>=&|~#,@_$?^.";

    static String outcome(String src) {
        try {
            return "value " + new KSession(1 << 10, 200_000L, s -> {}).evalToString(src);
        } catch (KError e) {
            return "error " + e.getMessage();
        } catch (RuntimeException | StackOverflowError e) {
            return "JAVA " + e;
        }
    }

    @Test
    void theDropFamilyFromIssue13IsAKError() {
        for (String src : List.of("(!10)_2", "0 1_2", "(!2)_{x}", "(!3)_(+)", "(,0)_1.5", "(!5)_-1")) {
            assertTrue(outcome(src).startsWith("error "), src + " => " + outcome(src));
        }
    }

    @Test
    void everyVerbAndAdverbOverEveryValueGivesAValueOrAKError() {
        List<String> javaExceptions = new ArrayList<>();
        int runs = 0;
        for (char v : VERBS.toCharArray()) {
            for (String x : VALUES) {
                for (String src : new String[] {v + " " + x, v + ":" + x, v + "/" + x, v + "\\" + x, v + "'" + x, v + "':" + x}) {
                    runs++;
                    String o = outcome(src);
                    if (o.startsWith("JAVA")) javaExceptions.add(src + " => " + o);
                }
                for (String y : VALUES) {
                    for (String src : new String[] {x + v + y, x + v + "'" + y, x + v + "/:" + y, x + v + "\\:" + y, x + v + "/" + y}) {
                        runs++;
                        String o = outcome(src);
                        if (o.startsWith("JAVA")) javaExceptions.add(src + " => " + o);
                    }
                }
            }
        }
        for (String x : VALUES) {
            for (String y : VALUES) {
                for (String src : new String[] {x + "[" + y + "]", x + "[" + y + ";" + y + "]", x + "[;" + y + "]", x + "'" + y, x + "/" + y, x + "\\" + y}) {
                    runs++;
                    String o = outcome(src);
                    if (o.startsWith("JAVA")) javaExceptions.add(src + " => " + o);
                }
            }
        }
        System.out.println("totality: " + runs + " expressions, " + javaExceptions.size() + " Java exceptions");
        javaExceptions.stream().limit(40).forEach(System.out::println);
        assertEquals(List.of(), javaExceptions);
    }
}
