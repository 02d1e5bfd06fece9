package org.msrp4j.chat;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.ConnectionSettings;

/**
 * How a {@link ChatStream} connects and behaves. Immutable; {@link #DEFAULT} or {@link #builder()}.
 *
 * <ul>
 *   <li>{@code connection}: how the stream reaches the peer ({@link ConnectionSettings}); the next
 *       four items are its parts, which may also be set one by one: a part set one by one takes the
 *       place of the same part in {@code connection}, whichever was set first.
 *   <li>{@code relay}: reach the peer through this RFC 4976 relay (AUTH at {@link
 *       ChatStream#initialize()}); null (the default) for a direct connection.
 *   <li>{@code connect}: time limits, TLS credentials and the pinned peer fingerprint, session
 *       matching ({@code useSessmatch}, RFC 6714: with it the media description says {@code
 *       a=msrp-cema}, and when both sides do, the offerer connects to the peer's c/m-line address),
 *       the traffic logger. Default {@link ConnectSettings#DEFAULT}.
 *   <li>{@code useTls}: a local {@code msrps:} URI (TCP/TLS/MSRP). Default false.
 *   <li>{@code localHost}: the address in the local path; null (the default) picks one.
 *   <li>{@code acceptTypes}, {@code acceptWrappedTypes}: what this side offers in {@code
 *       a=accept-types} and {@code a=accept-wrapped-types}; incoming messages of other types are
 *       refused. Defaults: {@code message/cpim text/* application/im-iscomposing+xml} and {@code
 *       text/* application/im-iscomposing+xml message/imdn+xml}.
 *   <li>{@code maxMessageSize}: the largest incoming message, in bytes ({@code a=max-size}); larger
 *       ones are refused with 413. Default 1 MiB.
 *   <li>{@code chunkSize}: body bytes per outgoing chunk at most (a relay's smaller limit wins).
 *       Default 64 KiB.
 *   <li>{@code preferCpim}: wrap every message in CPIM when the peer accepts {@code message/cpim}
 *       (the seed's rule); false wraps only when needed. Default true.
 *   <li>{@code deliveryTimeout}: how long a sent message waits for its success REPORT before it is
 *       taken as not delivered (408). Default 30 s.
 *   <li>{@code composingIdleTimeout}, {@code composingRefresh}: RFC 3994's idle timeout (15 s) and
 *       refresh interval of active indications (120 s).
 *   <li>{@code chatroom}: the {@code a=chatroom} features this side offers, e.g. {@code nickname},
 *       {@code private-messages}. Default none.
 *   <li>{@code autoDeliveryNotifications}: answer an IMDN request for positive delivery when a
 *       message arrives (negative ones when it is refused). Default true.
 *   <li>{@code eventCapacity}: listener calls caused by the peer that may wait before the session's
 *       reader pauses. Default 1024.
 *   <li>{@code sessionSettings}: the session's options (thread factory, response timeout,
 *       keep-alive); its accepted types are set from {@code acceptTypes}. Default {@link
 *       SessionSettings#DEFAULT}.
 * </ul>
 */
public final class ChatSettings {

    /** The defaults listed in the class comment. */
    public static final ChatSettings DEFAULT = builder().build();

    private final ConnectionSettings connection;
    private final List<String> acceptTypes;
    private final List<String> acceptWrappedTypes;
    private final int maxMessageSize;
    private final int chunkSize;
    private final boolean preferCpim;
    private final Duration deliveryTimeout;
    private final Duration composingIdleTimeout;
    private final Duration composingRefresh;
    private final Set<String> chatroom;
    private final boolean autoDeliveryNotifications;
    private final int eventCapacity;
    private final SessionSettings sessionSettings;

    private ChatSettings(Builder b) {
        this.connection = b.connection();
        this.acceptTypes = b.acceptTypes;
        this.acceptWrappedTypes = b.acceptWrappedTypes;
        this.maxMessageSize = b.maxMessageSize;
        this.chunkSize = b.chunkSize;
        this.preferCpim = b.preferCpim;
        this.deliveryTimeout = b.deliveryTimeout;
        this.composingIdleTimeout = b.composingIdleTimeout;
        this.composingRefresh = b.composingRefresh;
        this.chatroom = b.chatroom;
        this.autoDeliveryNotifications = b.autoDeliveryNotifications;
        this.eventCapacity = b.eventCapacity;
        this.sessionSettings = b.sessionSettings;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder; {@code build()} on it alone gives the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder; changing it leaves these settings as they are
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.connection = connection;
        b.acceptTypes = acceptTypes;
        b.acceptWrappedTypes = acceptWrappedTypes;
        b.maxMessageSize = maxMessageSize;
        b.chunkSize = chunkSize;
        b.preferCpim = preferCpim;
        b.deliveryTimeout = deliveryTimeout;
        b.composingIdleTimeout = composingIdleTimeout;
        b.composingRefresh = composingRefresh;
        b.chatroom = chatroom;
        b.autoDeliveryNotifications = autoDeliveryNotifications;
        b.eventCapacity = eventCapacity;
        b.sessionSettings = sessionSettings;
        return b;
    }

    /**
     * How the stream reaches the peer: relay, connect, useTls and localHost together.
     *
     * @return the four connection settings as one value
     */
    public ConnectionSettings connection() {
        return connection;
    }

    /**
     * The relay, or null for a direct connection.
     *
     * @return the relay's settings, or null
     */
    public RelaySettings relay() {
        return connection.relay();
    }

    /**
     * The connection settings.
     *
     * @return the settings for opening and binding the MSRP connection
     */
    public ConnectSettings connect() {
        return connection.connect();
    }

    /**
     * Whether the local URI is {@code msrps:}.
     *
     * @return true for TLS
     */
    public boolean useTls() {
        return connection.useTls();
    }

    /**
     * The address in the local path, or null to pick one.
     *
     * @return the host of the local URI, or null
     */
    public String localHost() {
        return connection.localHost();
    }

    /**
     * The types offered in {@code a=accept-types}.
     *
     * @return an unmodifiable list, at least one entry
     */
    public List<String> acceptTypes() {
        return acceptTypes;
    }

    /**
     * The types offered in {@code a=accept-wrapped-types}.
     *
     * @return an unmodifiable list, possibly empty
     */
    public List<String> acceptWrappedTypes() {
        return acceptWrappedTypes;
    }

    /**
     * The largest incoming message, in bytes.
     *
     * @return bytes; larger messages are refused with 413
     */
    public int maxMessageSize() {
        return maxMessageSize;
    }

    /**
     * Body bytes per outgoing chunk at most.
     *
     * @return bytes
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Whether every message is wrapped in CPIM when the peer accepts it.
     *
     * @return true to wrap in {@code message/cpim} whenever the peer accepts it
     */
    public boolean preferCpim() {
        return preferCpim;
    }

    /**
     * How long a sent message waits for its success REPORT.
     *
     * @return a positive duration; past it the message is reported not delivered (408)
     */
    public Duration deliveryTimeout() {
        return deliveryTimeout;
    }

    /**
     * RFC 3994's idle timeout.
     *
     * @return a positive duration
     */
    public Duration composingIdleTimeout() {
        return composingIdleTimeout;
    }

    /**
     * RFC 3994's refresh interval for active indications.
     *
     * @return a positive duration
     */
    public Duration composingRefresh() {
        return composingRefresh;
    }

    /**
     * The {@code a=chatroom} features offered.
     *
     * @return an unmodifiable set, possibly empty
     */
    public Set<String> chatroom() {
        return chatroom;
    }

    /**
     * Whether IMDN delivery notifications are answered automatically.
     *
     * @return true when positive delivery notifications are sent without the application asking
     */
    public boolean autoDeliveryNotifications() {
        return autoDeliveryNotifications;
    }

    /**
     * Peer-caused listener calls that may wait.
     *
     * @return the capacity of the listener's queue for calls the peer causes
     */
    public int eventCapacity() {
        return eventCapacity;
    }

    /**
     * The session's options.
     *
     * @return the options of the MSRP session the stream starts
     */
    public SessionSettings sessionSettings() {
        return sessionSettings;
    }

    /** Builds {@link ChatSettings}. */
    public static final class Builder {
        private ConnectionSettings connection = ConnectionSettings.DEFAULT;
        private boolean relaySet;
        private RelaySettings relay;
        private ConnectSettings connect;
        private Boolean useTls;
        private boolean localHostSet;
        private String localHost;
        private List<String> acceptTypes = List.of("message/cpim", "text/*", "application/im-iscomposing+xml");
        private List<String> acceptWrappedTypes = List.of("text/*", "application/im-iscomposing+xml",
                "message/imdn+xml");
        private int maxMessageSize = 1024 * 1024;
        private int chunkSize = 64 * 1024;
        private boolean preferCpim = true;
        private Duration deliveryTimeout = Duration.ofSeconds(30);
        private Duration composingIdleTimeout = Duration.ofSeconds(15);
        private Duration composingRefresh = Duration.ofSeconds(120);
        private Set<String> chatroom = Set.of();
        private boolean autoDeliveryNotifications = true;
        private int eventCapacity = 1024;
        private SessionSettings sessionSettings = SessionSettings.DEFAULT;

        private Builder() {
        }

        /**
         * How the stream reaches the peer; relay, connect, useTls and localHost set one by one (before
         * or after this) take the place of the same parts of it.
         *
         * @param value the relay, connection settings, TLS choice and local host together
         * @return this builder
         */
        public Builder connection(ConnectionSettings value) {
            this.connection = Objects.requireNonNull(value, "connection");
            return this;
        }

        /**
         * The relay, or null for a direct connection.
         *
         * @param value the relay's settings, or null
         * @return this builder
         */
        public Builder relay(RelaySettings value) {
            this.relay = value;
            this.relaySet = true;
            return this;
        }

        /**
         * The connection settings.
         *
         * @param value the settings for opening and binding the MSRP connection
         * @return this builder
         */
        public Builder connect(ConnectSettings value) {
            this.connect = Objects.requireNonNull(value, "connect");
            return this;
        }

        /**
         * Whether the local URI is {@code msrps:}.
         *
         * @param value true for TLS
         * @return this builder
         */
        public Builder useTls(boolean value) {
            this.useTls = value;
            return this;
        }

        /**
         * The address in the local path, or null to pick one.
         *
         * @param value a host name or address, or null
         * @return this builder
         */
        public Builder localHost(String value) {
            this.localHost = value;
            this.localHostSet = true;
            return this;
        }

        /**
         * The types offered in {@code a=accept-types}; not empty.
         *
         * @param value media types or ranges such as {@code text/*}
         * @return this builder
         */
        public Builder acceptTypes(List<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("acceptTypes must not be empty");
            }
            this.acceptTypes = List.copyOf(value);
            return this;
        }

        /**
         * The types offered in {@code a=accept-wrapped-types}; may be empty.
         *
         * @param value media types or ranges
         * @return this builder
         */
        public Builder acceptWrappedTypes(List<String> value) {
            this.acceptWrappedTypes = List.copyOf(value);
            return this;
        }

        /**
         * The largest incoming message, in bytes; at least 1.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder maxMessageSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxMessageSize must be >= 1: " + value);
            }
            this.maxMessageSize = value;
            return this;
        }

        /**
         * Body bytes per outgoing chunk at most; at least 1.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder chunkSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("chunkSize must be >= 1: " + value);
            }
            this.chunkSize = value;
            return this;
        }

        /**
         * Whether every message is wrapped in CPIM when the peer accepts it.
         *
         * @param value true to wrap whenever the peer accepts CPIM
         * @return this builder
         */
        public Builder preferCpim(boolean value) {
            this.preferCpim = value;
            return this;
        }

        /**
         * How long a sent message waits for its success REPORT; positive.
         *
         * @param value the wait for the success REPORT
         * @return this builder
         */
        public Builder deliveryTimeout(Duration value) {
            this.deliveryTimeout = positive(value, "deliveryTimeout");
            return this;
        }

        /**
         * RFC 3994's idle timeout; positive.
         *
         * @param value the time after the last keystroke at which an idle indication is sent
         * @return this builder
         */
        public Builder composingIdleTimeout(Duration value) {
            this.composingIdleTimeout = positive(value, "composingIdleTimeout");
            return this;
        }

        /**
         * RFC 3994's refresh interval; positive (RFC 3994 advises at least 60 s).
         *
         * @param value the interval at which active indications are repeated while the user types
         * @return this builder
         */
        public Builder composingRefresh(Duration value) {
            this.composingRefresh = positive(value, "composingRefresh");
            return this;
        }

        /**
         * The {@code a=chatroom} features offered, e.g. {@code nickname}, {@code private-messages}.
         *
         * @param value the features, possibly none
         * @return this builder
         */
        public Builder chatroom(Set<String> value) {
            this.chatroom = Set.copyOf(value);
            return this;
        }

        /**
         * Whether IMDN delivery notifications are answered automatically.
         *
         * @param value true to answer requests for delivery notifications without the application
         * @return this builder
         */
        public Builder autoDeliveryNotifications(boolean value) {
            this.autoDeliveryNotifications = value;
            return this;
        }

        /**
         * Peer-caused listener calls that may wait; at least 1.
         *
         * @param value the capacity of the listener's queue for calls the peer causes
         * @return this builder
         */
        public Builder eventCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("eventCapacity must be >= 1: " + value);
            }
            this.eventCapacity = value;
            return this;
        }

        /**
         * The session's options (its accepted types are replaced by {@code acceptTypes}).
         *
         * @param value the MSRP session's options
         * @return this builder
         */
        public Builder sessionSettings(SessionSettings value) {
            this.sessionSettings = Objects.requireNonNull(value, "sessionSettings");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings holding the values set so far
         */
        public ChatSettings build() {
            return new ChatSettings(this);
        }

        private ConnectionSettings connection() {
            if (!relaySet && connect == null && useTls == null && !localHostSet) {
                return connection;
            }
            ConnectionSettings.Builder b = connection.toBuilder();
            if (relaySet) {
                b.relay(relay);
            }
            if (connect != null) {
                b.connect(connect);
            }
            if (useTls != null) {
                b.useTls(useTls);
            }
            if (localHostSet) {
                b.localHost(localHost);
            }
            return b.build();
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
