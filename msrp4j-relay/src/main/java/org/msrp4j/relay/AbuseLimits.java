package org.msrp4j.relay;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The limits that keep one hostile client from hurting the others: how many password guesses a
 * source address and an account get, how long a new connection may take to finish its TLS
 * handshake and send its first request, and how many connections one source address may hold.
 * Part of {@link RelayConfig} ({@link RelayConfig#abuseLimits()}); immutable, made with {@link
 * #builder()}.
 *
 * <p>A source address is an IPv4 address, or the /64 prefix of an IPv6 address (one subscriber
 * usually gets a whole /64, so counting single IPv6 addresses would count nothing).
 *
 * <h2>Keys of the relay's file</h2>
 * <pre>
 * auth.address.max-failures = 10   # failed AUTHs from one source address within auth.throttle.window
 *                                  # before AUTHs from it are refused for auth.throttle.ban
 * auth.user.max-failures = 20      # the same for one account, counted over every address; an address
 *                                  # the account logged in from before is not held back by this one
 * auth.throttle.window = 600       # each failure drains away evenly over this many seconds
 * auth.throttle.ban = 300          # how long AUTHs are refused (403) once a budget is spent
 * auth.throttle.entries = 100000   # addresses and accounts remembered, each table; oldest dropped
 * timeout.handshake = 10           # a TLS connection must finish its handshake within this of connecting
 * timeout.first-request = 10       # and send the header block of its first request within this
 * connections.per-address = 100    # connections one source address may hold (more are closed at once)
 * </pre>
 */
public final class AbuseLimits {

    /** The defaults of the file format. */
    public static final AbuseLimits DEFAULT = builder().build();

    static final Set<String> KEYS = Set.of("auth.address.max-failures", "auth.user.max-failures",
            "auth.throttle.window", "auth.throttle.ban", "auth.throttle.entries", "timeout.handshake",
            "timeout.first-request", "connections.per-address");

    private final int addressFailures;
    private final int userFailures;
    private final Duration failureWindow;
    private final Duration ban;
    private final int throttleEntries;
    private final Duration handshakeTimeout;
    private final Duration firstRequestTimeout;
    private final int connectionsPerAddress;

    private AbuseLimits(Builder b) {
        this.addressFailures = b.addressFailures;
        this.userFailures = b.userFailures;
        this.failureWindow = b.failureWindow;
        this.ban = b.ban;
        this.throttleEntries = b.throttleEntries;
        this.handshakeTimeout = b.handshakeTimeout;
        this.firstRequestTimeout = b.firstRequestTimeout;
        this.connectionsPerAddress = b.connectionsPerAddress;
        if (addressFailures < 1 || userFailures < 1 || throttleEntries < 1 || connectionsPerAddress < 1) {
            throw new IllegalArgumentException("auth.address.max-failures, auth.user.max-failures, "
                    + "auth.throttle.entries and connections.per-address must be positive");
        }
        for (Duration d : List.of(failureWindow, ban, handshakeTimeout, firstRequestTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("auth.throttle.window, auth.throttle.ban, timeout.handshake and "
                        + "timeout.first-request must be positive: " + d);
            }
        }
    }

    /**
     * A builder with the defaults.
     *
     * @return a new builder holding {@link #DEFAULT}'s values
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these limits.
     *
     * @return a new builder; changing it leaves these limits as they are
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.addressFailures = addressFailures;
        b.userFailures = userFailures;
        b.failureWindow = failureWindow;
        b.ban = ban;
        b.throttleEntries = throttleEntries;
        b.handshakeTimeout = handshakeTimeout;
        b.firstRequestTimeout = firstRequestTimeout;
        b.connectionsPerAddress = connectionsPerAddress;
        return b;
    }

    /** The limits with the keys of {@link #KEYS} that are set; {@code number} reads one, null when unset. */
    static AbuseLimits read(Function<String, Long> number) {
        Builder b = builder();
        Long v;
        if ((v = number.apply("auth.address.max-failures")) != null) {
            b.addressFailures(v.intValue());
        }
        if ((v = number.apply("auth.user.max-failures")) != null) {
            b.userFailures(v.intValue());
        }
        if ((v = number.apply("auth.throttle.window")) != null) {
            b.failureWindow(Duration.ofSeconds(v));
        }
        if ((v = number.apply("auth.throttle.ban")) != null) {
            b.ban(Duration.ofSeconds(v));
        }
        if ((v = number.apply("auth.throttle.entries")) != null) {
            b.throttleEntries(v.intValue());
        }
        if ((v = number.apply("timeout.handshake")) != null) {
            b.handshakeTimeout(Duration.ofSeconds(v));
        }
        if ((v = number.apply("timeout.first-request")) != null) {
            b.firstRequestTimeout(Duration.ofSeconds(v));
        }
        if ((v = number.apply("connections.per-address")) != null) {
            b.connectionsPerAddress(v.intValue());
        }
        return b.build();
    }

    /**
     * Failed AUTHs one source address may make within {@link #failureWindow()} before it is banned.
     *
     * @return the budget per address
     */
    public int addressFailures() {
        return addressFailures;
    }

    /**
     * Failed AUTHs for one account, from any address, within {@link #failureWindow()} before it is banned.
     *
     * @return the budget per account
     */
    public int userFailures() {
        return userFailures;
    }

    /**
     * The time over which failures are counted: each drains away evenly over it.
     *
     * @return a positive duration
     */
    public Duration failureWindow() {
        return failureWindow;
    }

    /**
     * How long AUTHs from a banned address, or for a banned account, are refused.
     *
     * @return a positive duration
     */
    public Duration ban() {
        return ban;
    }

    /**
     * How many addresses, and how many accounts, the AUTH throttle remembers (each).
     *
     * @return the capacity of each of the two tables; the least recently seen entries leave first
     */
    public int throttleEntries() {
        return throttleEntries;
    }

    /**
     * Time from connecting to the end of the TLS handshake.
     *
     * @return the absolute deadline after which an unfinished handshake closes the connection
     */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /**
     * Time from connecting to the header block of the first request.
     *
     * @return the absolute deadline after which a connection still without a request is closed
     */
    public Duration firstRequestTimeout() {
        return firstRequestTimeout;
    }

    /**
     * Connections one source address may hold at once.
     *
     * @return the cap; connections beyond it are closed at once
     */
    public int connectionsPerAddress() {
        return connectionsPerAddress;
    }

    /** Builds {@link AbuseLimits}; every setter returns the builder. */
    public static final class Builder {
        private int addressFailures = 10;
        private int userFailures = 20;
        private Duration failureWindow = Duration.ofMinutes(10);
        private Duration ban = Duration.ofMinutes(5);
        private int throttleEntries = 100_000;
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration firstRequestTimeout = Duration.ofSeconds(10);
        private int connectionsPerAddress = 100;

        private Builder() {
        }

        /**
         * Failed AUTHs per source address and window (default 10).
         *
         * @param value failures before the address is banned
         * @return this builder
         */
        public Builder addressFailures(int value) {
            this.addressFailures = value;
            return this;
        }

        /**
         * Failed AUTHs per account and window (default 20).
         *
         * @param value failures before the account is banned
         * @return this builder
         */
        public Builder userFailures(int value) {
            this.userFailures = value;
            return this;
        }

        /**
         * The window failures are counted over (default 10 minutes).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder failureWindow(Duration value) {
            this.failureWindow = Objects.requireNonNull(value);
            return this;
        }

        /**
         * How long a spent budget refuses AUTHs (default 5 minutes).
         *
         * @param value a positive duration
         * @return this builder
         */
        public Builder ban(Duration value) {
            this.ban = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Addresses and accounts remembered by the throttle, each (default 100,000).
         *
         * @param value entries per table
         * @return this builder
         */
        public Builder throttleEntries(int value) {
            this.throttleEntries = value;
            return this;
        }

        /**
         * Time to finish the TLS handshake (default 10 s).
         *
         * @param value a positive deadline, counted from accepting the connection
         * @return this builder
         */
        public Builder handshakeTimeout(Duration value) {
            this.handshakeTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Time to send the first request's header block (default 10 s).
         *
         * @param value a positive deadline, counted from accepting the connection
         * @return this builder
         */
        public Builder firstRequestTimeout(Duration value) {
            this.firstRequestTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Connections per source address (default 100).
         *
         * @param value the cap
         * @return this builder
         */
        public Builder connectionsPerAddress(int value) {
            this.connectionsPerAddress = value;
            return this;
        }

        /**
         * The limits.
         *
         * @return immutable limits holding the values set so far
         */
        public AbuseLimits build() {
            return new AbuseLimits(this);
        }
    }
}
