package org.msrp4j.bench.harness;

import java.util.function.Function;

/**
 * One declared {@code --name=value} option (or {@code --name} flag) of an {@link OptionParser}.
 *
 * @param <T> the value's type
 * @param name the name without the leading dashes
 * @param label the value's placeholder in the usage text ({@code N}, {@code L}); empty for a flag
 * @param defaultValue the value when the option is not given; {@code null} when the harness decides
 * @param help the usage text's description; a {@code \n} starts an indented continuation line
 * @param converter turns the text after {@code =} into the value, throwing {@link UsageException}
 */
public record Option<T>(String name, String label, T defaultValue, String help, Function<String, T> converter) {

    /**
     * Whether this is a flag (given as {@code --name}, without a value).
     *
     * @return true for a flag
     */
    public boolean isFlag() {
        return label.isEmpty();
    }
}
