package dev.piglet.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments: positionals and {@code --name value} / {@code --name=value} options (or bare
 * flags). Anything unknown is a usage error naming it. {@code --} ends the options (every later argument is
 * positional, e.g. a file named {@code --x}); {@code -} alone is a positional (standard input or output).
 */
final class Args {
    final List<String> positionals = new ArrayList<>();
    private final Map<String, List<String>> options = new LinkedHashMap<>();

    /**
     * @param valued options that take a value
     * @param flags options that take none
     */
    static Args parse(String command, List<String> raw, Set<String> valued, Set<String> flags) {
        Args a = new Args();
        boolean optionsEnded = false;
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            if (optionsEnded) {
                a.positionals.add(s);
            } else if (s.equals("--")) {
                optionsEnded = true;
            } else if (s.startsWith("--")) {
                String name = s;
                String value = null;
                int eq = s.indexOf('=');
                if (eq > 0) {
                    name = s.substring(0, eq);
                    value = s.substring(eq + 1);
                }
                if (valued.contains(name)) {
                    if (value == null) {
                        if (i + 1 >= raw.size()) {
                            throw CliException.usage(command + ": option " + name + " needs a value");
                        }
                        value = raw.get(++i);
                    }
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
                } else if (flags.contains(name) && value == null) {
                    a.options.computeIfAbsent(name, k -> new ArrayList<>()).add("");
                } else {
                    throw CliException.usage(command + ": unknown option " + s);
                }
            } else if (s.length() > 1 && s.startsWith("-") && !Character.isDigit(s.charAt(1))) {
                throw CliException.usage(command + ": unknown option " + s);
            } else {
                a.positionals.add(s);
            }
        }
        return a;
    }

    /** True if {@code raw} asks for help ({@code --help} or {@code -h} before any {@code --}). */
    static boolean wantsHelp(List<String> raw) {
        for (String s : raw) {
            if (s.equals("--")) {
                return false;
            }
            if (s.equals("--help") || s.equals("-h")) {
                return true;
            }
        }
        return false;
    }

    boolean has(String option) {
        return options.containsKey(option);
    }

    /** The last value given for an option, or {@code fallback}. */
    String value(String option, String fallback) {
        List<String> v = options.get(option);
        return v == null ? fallback : v.getLast();
    }

    /** Every value given for a repeatable option, in order. */
    List<String> values(String option) {
        return options.getOrDefault(option, List.of());
    }

    /** A non-negative long option, or {@code fallback}. */
    long longValue(String command, String option, long fallback) {
        String v = value(option, null);
        if (v == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw CliException.usage(command + ": " + option + " wants a non-negative integer, got '" + v + "'");
        }
    }

    void expectPositionals(String command, int count, String usage) {
        if (positionals.size() != count) {
            throw CliException.usage((positionals.size() < count ? "missing argument" : "unexpected argument '"
                    + positionals.get(count) + "'") + "; usage: " + usage);
        }
    }
}
