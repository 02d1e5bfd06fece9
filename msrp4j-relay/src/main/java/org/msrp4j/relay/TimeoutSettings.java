package org.msrp4j.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * The time limits of a {@link MsrpRelay}. Part of {@link RelayConfig}, whose builder sets each value.
 *
 * @param auth time a new connection has to AUTH, or to deliver a request to a session, counted
 *     from connecting; also the longest it may stay silent before then ({@code timeout.auth})
 * @param idle a connection without traffic for this long is closed, unless it holds a reservation
 *     (which lasts until its Expires); {@link Duration#ZERO} for never ({@code timeout.idle})
 * @param stall a chunk in transit whose sender or receiver makes no progress for this long is cut
 *     off ({@code timeout.stall})
 * @param response how long to wait for the next hop's response to a forwarded SEND before
 *     reporting 408 ({@code timeout.response})
 * @param connect how long opening a connection to a next hop may take, TLS handshake included
 *     ({@code timeout.connect})
 * @param shutdown how long a graceful {@link MsrpRelay#shutdown} on SIGTERM/SIGINT lets chunks in
 *     transit finish before it closes what is left; {@link Duration#ZERO} cuts them at once ({@code
 *     timeout.shutdown})
 */
public record TimeoutSettings(Duration auth, Duration idle, Duration stall, Duration response, Duration connect,
        Duration shutdown) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public TimeoutSettings {
        positive(auth, "timeout.auth");
        positive(stall, "timeout.stall");
        positive(response, "timeout.response");
        positive(connect, "timeout.connect");
        notNegative(idle, "timeout.idle");
        notNegative(shutdown, "timeout.shutdown");
    }

    private static void positive(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive: " + d);
        }
    }

    private static void notNegative(Duration d, String key) {
        Objects.requireNonNull(d, key);
        if (d.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative: " + d);
        }
    }
}
