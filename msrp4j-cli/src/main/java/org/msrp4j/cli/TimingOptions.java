package org.msrp4j.cli;

import java.time.Duration;
import org.msrp4j.transport.TrafficLogger;
import picocli.CommandLine.Option;

/**
 * The time limit and the wire trace: a mixin of {@link EndpointOptions} and {@link StreamOptions},
 * so that every networked command takes them alike.
 */
final class TimingOptions {

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = {"Longest wait for connecting, for the peer's connection, for binding and for "
                    + "each response (default: ${DEFAULT-VALUE})."})
    int timeoutSeconds;

    @Option(names = "--trace", description = "Print every chunk sent and received to stderr, as on the wire "
            + "(bodies longer than 256 bytes are shortened).")
    boolean trace;

    /** The time limit, at least a second. */
    Duration timeout() {
        return Duration.ofSeconds(Math.max(1, timeoutSeconds));
    }

    /** {@code logger} with {@code --trace}, else the logger that logs nothing. */
    TrafficLogger logger(TrafficLogger logger) {
        return trace ? logger : TrafficLogger.NULL;
    }
}
