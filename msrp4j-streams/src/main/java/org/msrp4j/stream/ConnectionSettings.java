package org.msrp4j.stream;

import java.util.Objects;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.RelaySettings;

/**
 * How a stream reaches its peer. Immutable; {@link #DEFAULT} or {@link #builder()}.
 *
 * <ul>
 *   <li>{@code relay}: reach the peer through this RFC 4976 relay (AUTH at {@code initialize});
 *       null (the default) for a direct connection.
 *   <li>{@code connect}: time limits, TLS credentials and the pinned peer fingerprint, session
 *       matching ({@code useSessmatch}, RFC 6714), the traffic logger. Default {@link
 *       ConnectSettings#DEFAULT}.
 *   <li>{@code useTls}: a local {@code msrps:} URI (TCP/TLS/MSRP). Default false.
 *   <li>{@code localHost}: the address in the local path; null (the default) picks one.
 * </ul>
 */
public final class ConnectionSettings {

    /** The defaults listed in the class comment. */
    public static final ConnectionSettings DEFAULT = builder().build();

    private final RelaySettings relay;
    private final ConnectSettings connect;
    private final boolean useTls;
    private final String localHost;

    private ConnectionSettings(Builder b) {
        this.relay = b.relay;
        this.connect = b.connect;
        this.useTls = b.useTls;
        this.localHost = b.localHost;
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
        return new Builder().relay(relay).connect(connect).useTls(useTls).localHost(localHost);
    }

    /**
     * The relay, or null for a direct connection.
     *
     * @return the relay's settings, or null
     */
    public RelaySettings relay() {
        return relay;
    }

    /**
     * The connection settings.
     *
     * @return the settings for opening and binding the MSRP connection
     */
    public ConnectSettings connect() {
        return connect;
    }

    /**
     * Whether the local URI is {@code msrps:}.
     *
     * @return true for TLS
     */
    public boolean useTls() {
        return useTls;
    }

    /**
     * The address in the local path, or null to pick one.
     *
     * @return the host of the local URI, or null
     */
    public String localHost() {
        return localHost;
    }

    @Override
    public String toString() {
        return "ConnectionSettings[" + (relay == null ? "direct" : "relay " + relay) + (useTls ? ", TLS" : "")
                + (localHost == null ? "" : ", " + localHost) + "]";
    }

    /** Builds {@link ConnectionSettings}. */
    public static final class Builder {
        private RelaySettings relay;
        private ConnectSettings connect = ConnectSettings.DEFAULT;
        private boolean useTls;
        private String localHost;

        private Builder() {
        }

        /**
         * The relay, or null for a direct connection.
         *
         * @param value the relay's settings, or null
         * @return this builder
         */
        public Builder relay(RelaySettings value) {
            this.relay = value;
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
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings holding the values set so far
         */
        public ConnectionSettings build() {
            return new ConnectionSettings(this);
        }
    }
}
