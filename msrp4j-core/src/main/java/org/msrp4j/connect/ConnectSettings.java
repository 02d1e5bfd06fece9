package org.msrp4j.connect;

import java.time.Duration;
import java.util.Objects;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;

/**
 * What connectors and {@link MsrpServer} need besides the paths: the transports' options (traffic
 * logger, session matching, buffers), the three time limits, and TLS material. Immutable; {@link
 * #DEFAULT} or {@link #builder()}.
 *
 * <p>Time limits default to msrplib's 30 s each: connecting ({@link ConnectTimeoutException}),
 * waiting for the peer's connection ({@link IncomingConnectionTimeoutException}) and binding
 * ({@link BindTimeoutException}).
 *
 * <p>TLS is used when the URI says {@code msrps}. Without {@link Builder#tlsCredentials}, a
 * listening side presents a self-signed certificate generated once per connector or server, and a
 * connecting side presents none. With {@link Builder#peerFingerprint} a connecting side accepts
 * only a peer whose certificate has that fingerprint (from the peer's SDP {@code a=fingerprint});
 * without it any certificate is accepted and {@link
 * org.msrp4j.transport.MsrpTransport#peerFingerprint()} tells which one it was.
 */
public final class ConnectSettings {

    /** The defaults: {@link TransportSettings#DEFAULT}, 30 s limits, no TLS material. */
    public static final ConnectSettings DEFAULT = builder().build();

    private final TransportSettings transportSettings;
    private final Duration connectTimeout;
    private final Duration incomingConnectionTimeout;
    private final Duration bindTimeout;
    private final TlsCredentials tlsCredentials;
    private final Fingerprint peerFingerprint;

    private ConnectSettings(Builder b, TransportSettings transportSettings) {
        this.transportSettings = transportSettings;
        this.connectTimeout = b.connectTimeout;
        this.incomingConnectionTimeout = b.incomingConnectionTimeout;
        this.bindTimeout = b.bindTimeout;
        this.tlsCredentials = b.tlsCredentials;
        this.peerFingerprint = b.peerFingerprint;
    }

    /**
     * A builder holding the defaults.
     *
     * @return this builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.transportSettings = transportSettings;
        b.connectTimeout = connectTimeout;
        b.incomingConnectionTimeout = incomingConnectionTimeout;
        b.bindTimeout = bindTimeout;
        b.tlsCredentials = tlsCredentials;
        b.peerFingerprint = peerFingerprint;
        return b;
    }

    /**
     * Options for the transports made.
     *
     * @return options for the transports made
     */
    public TransportSettings transportSettings() {
        return transportSettings;
    }

    /**
     * The limit on opening a connection.
     *
     * @return the limit on opening a connection
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The limit on waiting for the peer's connection.
     *
     * @return the limit on waiting for the peer's connection
     */
    public Duration incomingConnectionTimeout() {
        return incomingConnectionTimeout;
    }

    /**
     * The limit on binding an open connection.
     *
     * @return the limit on binding an open connection
     */
    public Duration bindTimeout() {
        return bindTimeout;
    }

    /**
     * This side's TLS credentials, or null.
     *
     * @return this side's TLS credentials, or null
     */
    public TlsCredentials tlsCredentials() {
        return tlsCredentials;
    }

    /**
     * The fingerprint the peer's certificate must have, or null to accept any.
     *
     * @return the fingerprint the peer's certificate must have, or null to accept any
     */
    public Fingerprint peerFingerprint() {
        return peerFingerprint;
    }

    @Override
    public String toString() {
        return "ConnectSettings[connect " + connectTimeout + ", incoming " + incomingConnectionTimeout + ", bind "
                + bindTimeout + ", sessmatch " + transportSettings.useSessmatch()
                + (tlsCredentials == null ? "" : ", " + tlsCredentials)
                + (peerFingerprint == null ? "" : ", peer " + peerFingerprint) + "]";
    }

    /** Builds {@link ConnectSettings}. */
    public static final class Builder {
        private TransportSettings transportSettings = TransportSettings.DEFAULT;
        private TrafficLogger logger;
        private Boolean useSessmatch;
        private Duration connectTimeout = Duration.ofSeconds(30);
        private Duration incomingConnectionTimeout = Duration.ofSeconds(30);
        private Duration bindTimeout = Duration.ofSeconds(30);
        private TlsCredentials tlsCredentials;
        private Fingerprint peerFingerprint;

        private Builder() {
        }

        /**
         * The transports' options; {@link #logger} and {@link #useSessmatch}, when called (before or
         * after this), take the place of the logger and session matching in them.
         *
         * @param value the transports' options
         * @return this builder
         */
        public Builder transportSettings(TransportSettings value) {
            this.transportSettings = Objects.requireNonNull(value, "transportSettings");
            return this;
        }

        /**
         * The traffic logger for the transports made (msrplib's {@code logger} argument); wins over
         * the one in {@link #transportSettings}.
         *
         * @param value the traffic logger for the transports made
         * @return this builder
         */
        public Builder logger(TrafficLogger value) {
            this.logger = Objects.requireNonNull(value, "logger");
            return this;
        }

        /**
         * Session matching by session id (msrplib's {@code use_sessmatch}, RFC 6714); wins over the
         * choice in {@link #transportSettings}.
         *
         * @param value true to compare only session ids
         * @return this builder
         */
        public Builder useSessmatch(boolean value) {
            this.useSessmatch = value;
            return this;
        }

        /**
         * The limit on opening a connection; positive.
         *
         * @param value the limit on opening a connection; positive
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * The limit on waiting for the peer's connection; positive.
         *
         * @param value the limit on waiting for the peer's connection; positive
         * @return this builder
         */
        public Builder incomingConnectionTimeout(Duration value) {
            this.incomingConnectionTimeout = positive(value, "incomingConnectionTimeout");
            return this;
        }

        /**
         * The limit on binding; positive.
         *
         * @param value the limit on binding; positive
         * @return this builder
         */
        public Builder bindTimeout(Duration value) {
            this.bindTimeout = positive(value, "bindTimeout");
            return this;
        }

        /**
         * This side's certificate and key for TLS, or null.
         *
         * @param value this side's certificate and key for TLS, or null
         * @return this builder
         */
        public Builder tlsCredentials(TlsCredentials value) {
            this.tlsCredentials = value;
            return this;
        }

        /**
         * The fingerprint the peer's certificate must have, or null to accept any.
         *
         * @param value the fingerprint the peer's certificate must have, or null to accept any
         * @return this builder
         */
        public Builder peerFingerprint(Fingerprint value) {
            this.peerFingerprint = value;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the connect settings
         */
        public ConnectSettings build() {
            TransportSettings options = transportSettings;
            if (logger != null || useSessmatch != null) {
                TransportSettings.Builder b = options.toBuilder();
                if (logger != null) {
                    b.logger(logger);
                }
                if (useSessmatch != null) {
                    b.useSessmatch(useSessmatch);
                }
                options = b.build();
            }
            return new ConnectSettings(this, options);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero() || d.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be positive and under 24 days: " + d);
            }
            return d;
        }
    }
}
