package org.msrp4j.bench.harness;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A harness's command line: options declared with their type, default and description, then
 * {@code --name=value} arguments parsed against them. An unknown option, a value of the wrong type
 * or below its minimum is a {@link UsageException} naming it; {@code --help} or {@code -h} asks for
 * {@link #usage()}.
 *
 * <pre>{@code
 * OptionParser p = new OptionParser("ChatBench");
 * Option<Integer> rounds = p.intOption("rounds", "N", 5, 1, "measured rounds");
 * Option<Boolean> quick = p.flag("quick", "a smoke run");
 * int r = p.parseOrExit(args, a -> a.get(rounds, a.get(quick) ? 2 : 5));
 * }</pre>
 */
public final class OptionParser {

    private static final int HELP_COLUMN = 26;

    private final String program;
    private final Map<String, Option<?>> options = new LinkedHashMap<>();

    /**
     * A parser with no options yet.
     *
     * @param program the harness's name, first word of the usage text and of error messages
     */
    public OptionParser(String program) {
        this.program = program;
    }

    /**
     * Declares {@code --name}, a flag: false unless given.
     *
     * @param name the name without dashes
     * @param help its description
     * @return the option, to read its value from {@link ParsedArgs}
     */
    public Option<Boolean> flag(String name, String help) {
        return add(new Option<>(name, "", false, help, v -> true));
    }

    /**
     * Declares {@code --name=N}, an int of at least {@code min}.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param min the smallest value allowed
     * @param help its description
     * @return the option
     */
    public Option<Integer> intOption(String name, String label, Integer defaultValue, int min, String help) {
        return add(new Option<>(name, label, defaultValue, help, v -> {
            long n = number(name, v);
            if (n < min || n > Integer.MAX_VALUE) {
                throw new UsageException("--" + name + "=" + v + ": must be at least " + min);
            }
            return (int) n;
        }));
    }

    /**
     * Declares {@code --name=N}, a long of at least {@code min}.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param min the smallest value allowed
     * @param help its description
     * @return the option
     */
    public Option<Long> longOption(String name, String label, Long defaultValue, long min, String help) {
        return add(new Option<>(name, label, defaultValue, help, v -> {
            long n = number(name, v);
            if (n < min) {
                throw new UsageException("--" + name + "=" + v + ": must be at least " + min);
            }
            return n;
        }));
    }

    /**
     * Declares {@code --name=TEXT}, any text.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param help its description
     * @return the option
     */
    public Option<String> stringOption(String name, String label, String defaultValue, String help) {
        return add(new Option<>(name, label, defaultValue, help, Function.identity()));
    }

    /**
     * Declares {@code --name=DIR}, a path.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param help its description
     * @return the option
     */
    public Option<Path> pathOption(String name, String label, Path defaultValue, String help) {
        return add(new Option<>(name, label, defaultValue, help, v -> {
            if (v.isEmpty()) {
                throw new UsageException("--" + name + ": empty path");
            }
            return Path.of(v);
        }));
    }

    /**
     * Declares {@code --name=a,b}, a comma-separated list (lower-cased, trimmed; empty text gives an
     * empty list) whose items must each be one of {@code allowed}.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param allowed the items allowed
     * @param help its description
     * @return the option
     */
    public Option<List<String>> listOption(String name, String label, List<String> defaultValue,
            List<String> allowed, String help) {
        return add(new Option<>(name, label, defaultValue, help, v -> {
            List<String> items = v.isBlank() ? List.of()
                    : Arrays.stream(v.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            for (String item : items) {
                if (!allowed.contains(item)) {
                    throw new UsageException("--" + name + "=" + v + ": '" + item + "' is not one of "
                            + String.join(", ", allowed));
                }
            }
            return items;
        }));
    }

    /**
     * Declares {@code --name=1,2}, a non-empty comma-separated list of ints of at least {@code min}.
     *
     * @param name the name without dashes
     * @param label the value's placeholder
     * @param defaultValue the value when not given, or {@code null}
     * @param min the smallest item allowed
     * @param help its description
     * @return the option
     */
    public Option<List<Integer>> intListOption(String name, String label, List<Integer> defaultValue, int min,
            String help) {
        return add(new Option<>(name, label, defaultValue, help, v -> {
            List<Integer> items = new ArrayList<>();
            for (String item : v.split(",")) {
                long n = number(name, item.trim());
                if (n < min || n > Integer.MAX_VALUE) {
                    throw new UsageException("--" + name + "=" + v + ": each item must be at least " + min);
                }
                items.add((int) n);
            }
            return List.copyOf(items);
        }));
    }

    private <T> Option<T> add(Option<T> option) {
        if (options.putIfAbsent(option.name(), option) != null) {
            throw new IllegalArgumentException("--" + option.name() + " declared twice");
        }
        return option;
    }

    private static long number(String name, String v) {
        try {
            return Long.parseLong(v.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + "=" + v + ": not a whole number");
        }
    }

    /**
     * Parses {@code args}; a later occurrence of an option overrides an earlier one.
     *
     * @param args the command line
     * @return the values given
     * @throws UsageException for an unknown option, a flag with a value, an option without one, or
     *     a value its option refuses
     */
    public ParsedArgs parse(String... args) {
        Map<Option<?>, Object> given = new LinkedHashMap<>();
        boolean help = false;
        for (String a : args) {
            if (a.equals("--help") || a.equals("-h")) {
                help = true;
                continue;
            }
            if (!a.startsWith("--")) {
                throw new UsageException("unexpected argument '" + a + "' (options are --name=value)");
            }
            int eq = a.indexOf('=');
            String name = a.substring(2, eq < 0 ? a.length() : eq);
            Option<?> option = options.get(name);
            if (option == null) {
                throw new UsageException("unknown option --" + name);
            }
            if (option.isFlag() != (eq < 0)) {
                throw new UsageException(option.isFlag() ? "--" + name + " takes no value"
                        : "--" + name + " needs a value: --" + name + "=" + option.label());
            }
            given.put(option, option.converter().apply(eq < 0 ? "" : a.substring(eq + 1)));
        }
        return new ParsedArgs(given, help);
    }

    /**
     * Parses {@code args} for a harness's {@code main} and builds its settings from them: on {@code
     * --help} prints the usage text and exits with 0; on a bad command line (including a {@link
     * UsageException} from {@code build}, for checks across options) prints what is wrong and the
     * usage text to standard error and exits with 2.
     *
     * @param <T> the harness's settings
     * @param args the command line
     * @param build reads the values into the settings
     * @return the settings
     */
    public <T> T parseOrExit(String[] args, Function<ParsedArgs, T> build) {
        try {
            ParsedArgs parsed = parse(args);
            if (parsed.helpRequested()) {
                System.out.print(usage());
                System.exit(0);
            }
            return build.apply(parsed);
        } catch (UsageException e) {
            System.err.println(program + ": " + e.getMessage());
            System.err.print(usage());
            System.exit(2);
            throw e;
        }
    }

    /**
     * The usage text: one line per option (more for multi-line descriptions), with its default.
     *
     * @return the text, ending with a line break
     */
    public String usage() {
        StringBuilder b = new StringBuilder("usage: ").append(program).append(" [options]\n");
        for (Option<?> o : options.values()) {
            String head = "  --" + o.name() + (o.isFlag() ? "" : "=" + o.label());
            String help = o.help();
            if (!o.isFlag() && o.defaultValue() != null) {
                help += " (default " + shown(o.defaultValue()) + ")";
            }
            String[] lines = help.split("\n");
            b.append(head);
            if (head.length() >= HELP_COLUMN) {
                b.append('\n').append(" ".repeat(HELP_COLUMN));
            } else {
                b.append(" ".repeat(HELP_COLUMN - head.length()));
            }
            b.append(lines[0]).append('\n');
            for (int i = 1; i < lines.length; i++) {
                b.append(" ".repeat(HELP_COLUMN + 2)).append(lines[i].strip()).append('\n');
            }
        }
        b.append("  --help                  this text\n");
        return b.toString();
    }

    private static String shown(Object value) {
        if (value instanceof List<?> list) {
            return list.isEmpty() ? "none" : String.join(",", list.stream().map(String::valueOf).toList());
        }
        return String.valueOf(value);
    }
}
