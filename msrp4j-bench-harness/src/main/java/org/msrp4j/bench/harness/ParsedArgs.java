package org.msrp4j.bench.harness;

import java.util.Map;

/** The values an {@link OptionParser} found on a command line. */
public final class ParsedArgs {

    private final Map<Option<?>, Object> given;
    private final boolean helpRequested;

    ParsedArgs(Map<Option<?>, Object> given, boolean helpRequested) {
        this.given = Map.copyOf(given);
        this.helpRequested = helpRequested;
    }

    /**
     * Whether {@code --help} or {@code -h} was among the arguments.
     *
     * @return true when the usage text was asked for
     */
    public boolean helpRequested() {
        return helpRequested;
    }

    /**
     * Whether the option was on the command line.
     *
     * @param option a declared option
     * @return true when given
     */
    public boolean given(Option<?> option) {
        return given.containsKey(option);
    }

    /**
     * The option's value: the one given, else its declared default.
     *
     * @param <T> its type
     * @param option a declared option
     * @return the value, {@code null} when neither given nor defaulted
     */
    public <T> T get(Option<T> option) {
        return get(option, option.defaultValue());
    }

    /**
     * The option's value when given, else {@code otherwise} (a default that depends on another
     * option, such as a preset's).
     *
     * @param <T> its type
     * @param option a declared option
     * @param otherwise the value when not given
     * @return the value
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Option<T> option, T otherwise) {
        return given.containsKey(option) ? (T) given.get(option) : otherwise;
    }

    /**
     * A check across options.
     *
     * @param condition what must hold
     * @param message what is wrong otherwise
     * @throws UsageException when {@code condition} is false
     */
    public void require(boolean condition, String message) {
        if (!condition) {
            throw new UsageException(message);
        }
    }
}
