package org.msrp4j.connect;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;

/**
 * The relay a {@link RelayConnection} uses and how to log in to it (msrplib's MSRPRelaySettings).
 * Immutable; made with {@link #builder(String, String, String)}.
 *
 * <p>Which relays are tried, in order, each until one accepts a connection:
 * <ol>
 *   <li>the explicit {@link Builder#relays relay URIs}, when given (msrplib lacks this);
 *   <li>else {@link Builder#host host} and {@link Builder#port port} (2855 by default);
 *   <li>else the DNS SRV records {@code _msrps._tcp.<domain>} (TLS) or {@code _msrp._tcp.<domain>}
 *       in RFC 2782 order (priority, then weighted random), asked of {@link Builder#dnsServer}
 *       or the system's resolvers (a configured server also resolves the relays' host names);
 *   <li>else, when there is no such record, {@code <domain>:2855}.
 * </ol>
 *
 * <p>Relays may cap the size of a frame (Kamailio 5.6 refuses frames over 11238 bytes), so a
 * relay connection tells sessions to cut files into chunks of at most {@link #maxChunkSize()}
 * body bytes (8 KiB by default, which leaves room for the headers).
 *
 * <p><b>TLS and the relay's certificate.</b> Relays are reached over TLS ({@code msrps}) unless
 * {@link Builder#useTls useTls(false)} (RFC 4976 §9.2: relays MUST support TLS, and clients should
 * use it). The relay's certificate is checked by default, since the relay hop is where credentials
 * and every message pass: against the JDK's trusted certificate authorities, with the relay's host
 * name or address (for relays with CA-issued certificates), or, with {@link Builder#relayFingerprint},
 * by its fingerprint alone (for self-signed relays such as {@code msrp relay}, which prints its
 * fingerprint). {@link Builder#trustAnyRelayCertificate} turns the check off, which leaves the relay
 * hop open to interception; {@link Builder#tlsContext} replaces all of this with the caller's own
 * context.
 */
public final class RelaySettings {

    /** The default port of an MSRP relay. */
    public static final int DEFAULT_PORT = 2855;

    /** The default {@link #webSocketPingAfter()}: 20 seconds. */
    public static final Duration DEFAULT_WEBSOCKET_PING_AFTER = Duration.ofSeconds(20);

    /** The default {@link #webSocketPongWithin()}: 10 seconds. */
    public static final Duration DEFAULT_WEBSOCKET_PONG_WITHIN = Duration.ofSeconds(10);

    /** The default {@link #maxChunkSize()}: 8 KiB. */
    public static final int DEFAULT_MAX_CHUNK_SIZE = 8 * 1024;

    private final String domain;
    private final String username;
    private final String password;
    private final String host;
    private final int port;
    private final boolean useTls;
    private final TlsCredentials tlsCredentials;
    private final SSLContext tlsContext;
    private final Fingerprint relayFingerprint;
    private final boolean trustAnyRelayCertificate;
    private final boolean digestUriInAuthorization;
    private final List<MsrpUri> relays;
    private final InetSocketAddress dnsServer;
    private final Duration dnsTimeout;
    private final long expires;
    private final int maxChunkSize;
    private final Duration authTimeout;
    private final Duration webSocketPingAfter;
    private final Duration webSocketPongWithin;
    private volatile SSLContext clientTlsContext;

    private RelaySettings(Builder b) {
        this.domain = b.domain;
        this.username = b.username;
        this.password = b.password;
        this.host = b.host;
        this.port = b.port;
        this.useTls = b.useTls;
        this.tlsCredentials = b.tlsCredentials;
        this.tlsContext = b.tlsContext;
        this.relayFingerprint = b.relayFingerprint;
        this.trustAnyRelayCertificate = b.trustAnyRelayCertificate;
        this.digestUriInAuthorization = b.digestUriInAuthorization;
        this.relays = b.relays;
        this.dnsServer = b.dnsServer;
        this.dnsTimeout = b.dnsTimeout;
        this.expires = b.expires;
        this.maxChunkSize = b.maxChunkSize;
        this.authTimeout = b.authTimeout;
        this.webSocketPingAfter = b.webSocketPingAfter;
        this.webSocketPongWithin = b.webSocketPongWithin;
    }

    /**
     * A builder for the relay of {@code domain}, logging in as {@code username} with {@code password}.
     *
     * @param domain the DNS domain searched for relays (SRV), and the fallback relay host
     * @param password the password
     * @param username the user name
     * @return this builder
     */
    public static Builder builder(String domain, String username, String password) {
        return new Builder(domain, username, password);
    }

    /**
     * A builder holding these settings.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder(domain, username, password);
        b.host = host;
        b.port = port;
        b.useTls = useTls;
        b.tlsCredentials = tlsCredentials;
        b.tlsContext = tlsContext;
        b.relayFingerprint = relayFingerprint;
        b.trustAnyRelayCertificate = trustAnyRelayCertificate;
        b.digestUriInAuthorization = digestUriInAuthorization;
        b.relays = relays;
        b.dnsServer = dnsServer;
        b.dnsTimeout = dnsTimeout;
        b.expires = expires;
        b.maxChunkSize = maxChunkSize;
        b.authTimeout = authTimeout;
        b.webSocketPingAfter = webSocketPingAfter;
        b.webSocketPongWithin = webSocketPongWithin;
        return b;
    }

    /**
     * The DNS domain searched for relays.
     *
     * @return the DNS domain searched for relays
     */
    public String domain() {
        return domain;
    }

    /**
     * The user name for digest authentication.
     *
     * @return the user name for digest authentication
     */
    public String username() {
        return username;
    }

    /**
     * The password for digest authentication.
     *
     * @return the password for digest authentication
     */
    public String password() {
        return password;
    }

    /**
     * The relay's host, or null to look the relay up in DNS.
     *
     * @return the relay's host, or null to look the relay up in DNS
     */
    public String host() {
        return host;
    }

    /**
     * The relay's port, or 0 for the default (2855, or what SRV says).
     *
     * @return the relay's port, or 0 for the default (2855, or what SRV says)
     */
    public int port() {
        return port;
    }

    /**
     * Whether the relay is reached over TLS ({@code msrps}); true by default.
     *
     * @return whether the relay is reached over TLS ({@code msrps}); true by default
     */
    public boolean useTls() {
        return useTls;
    }

    /**
     * The certificate this client presents to the relay over TLS, or null for none.
     *
     * @return the certificate this client presents to the relay over TLS, or null for none
     */
    public TlsCredentials tlsCredentials() {
        return tlsCredentials;
    }

    /**
     * The caller's TLS context for connections to the relay, or null for one made from these
     * settings (see {@link #relayFingerprint()} and {@link #trustAnyRelayCertificate()}).
     *
     * @return the caller's TLS context for connections to the relay, or null for one made from these settings (see
     *     {@link #relayFingerprint()} and {@link #trustAnyRelayCertificate()})
     */
    public SSLContext tlsContext() {
        return tlsContext;
    }

    /**
     * The fingerprint the relay's certificate must have, or null to validate it against the trusted CAs.
     *
     * @return the fingerprint the relay's certificate must have, or null to validate it against the trusted CAs
     */
    public Fingerprint relayFingerprint() {
        return relayFingerprint;
    }

    /**
     * Whether any relay certificate is accepted, unchecked (insecure; false by default).
     *
     * @return whether any relay certificate is accepted, unchecked (insecure; false by default)
     */
    public boolean trustAnyRelayCertificate() {
        return trustAnyRelayCertificate;
    }

    /**
     * Whether the AUTH Authorization header carries the {@code uri} parameter; true by default.
     *
     * @return whether the AUTH Authorization header carries the {@code uri} parameter; true by default
     */
    public boolean digestUriInAuthorization() {
        return digestUriInAuthorization;
    }

    /**
     * The context for TLS connections to the relay: {@link #tlsContext()} when given, else one
     * presenting {@link #tlsCredentials()} that checks the relay's certificate as the class comment
     * says. Made once, on first use.
     */
    SSLContext clientTlsContext() {
        SSLContext c = clientTlsContext;
        if (c == null) {
            c = tlsContext != null ? tlsContext
                    : relayFingerprint != null ? TlsContexts.client(tlsCredentials, relayFingerprint)
                    : trustAnyRelayCertificate ? TlsContexts.client(tlsCredentials)
                    : TlsContexts.caValidatingClient(null, tlsCredentials);
            clientTlsContext = c;
        }
        return c;
    }

    /** How the relay's certificate is checked, for messages. */
    String certificateCheck() {
        return tlsContext != null ? "the caller's TLS context"
                : relayFingerprint != null ? "the pinned fingerprint " + relayFingerprint
                : trustAnyRelayCertificate ? "none (any certificate is trusted)"
                : "the JDK's trusted certificate authorities and the relay's host name";
    }

    /**
     * The explicit relay URIs tried in order, empty when the relay is found from host or domain.
     *
     * @return the explicit relay URIs tried in order, empty when the relay is found from host or domain
     */
    public List<MsrpUri> relays() {
        return relays;
    }

    /**
     * The DNS server asked for SRV records, or null for the system's resolvers.
     *
     * @return the DNS server asked for SRV records, or null for the system's resolvers
     */
    public InetSocketAddress dnsServer() {
        return dnsServer;
    }

    /**
     * The limit on one DNS query.
     *
     * @return the limit on one DNS query
     */
    public Duration dnsTimeout() {
        return dnsTimeout;
    }

    /**
     * The reservation time asked for in AUTH, in seconds, or 0 to let the relay choose.
     *
     * @return the reservation time asked for in AUTH, in seconds, or 0 to let the relay choose
     */
    public long expires() {
        return expires;
    }

    /**
     * The most body bytes per chunk sessions send through this relay.
     *
     * @return the most body bytes per chunk sessions send through this relay
     */
    public int maxChunkSize() {
        return maxChunkSize;
    }

    /**
     * The limit on waiting for the relay's answer to one AUTH request.
     *
     * @return the limit on waiting for the relay's answer to one AUTH request
     */
    public Duration authTimeout() {
        return authTimeout;
    }

    /**
     * Over WebSocket ({@code ;ws} relays): how long the relay may send nothing before a ping asks
     * whether it is still there; zero for no pings.
     *
     * @return the quiet time before a ping, or zero
     */
    public Duration webSocketPingAfter() {
        return webSocketPingAfter;
    }

    /**
     * Over WebSocket: how long the relay has to answer a ping before the connection counts as lost.
     *
     * @return the time allowed for the answer to a ping
     */
    public Duration webSocketPongWithin() {
        return webSocketPongWithin;
    }

    @Override
    public String toString() {
        String where = !relays.isEmpty() ? relays.toString()
                : host != null ? host + ":" + (port > 0 ? port : DEFAULT_PORT)
                : "SRV " + (useTls ? "_msrps" : "_msrp") + "._tcp." + domain;
        return "RelaySettings[" + username + "@" + domain + ", " + where + (useTls ? ", tls" : "") + "]";
    }

    /** Builds {@link RelaySettings}. */
    public static final class Builder {
        private final String domain;
        private final String username;
        private final String password;
        private String host;
        private int port;
        private boolean useTls = true;
        private TlsCredentials tlsCredentials;
        private SSLContext tlsContext;
        private Fingerprint relayFingerprint;
        private boolean trustAnyRelayCertificate;
        private boolean digestUriInAuthorization = true;
        private List<MsrpUri> relays = List.of();
        private InetSocketAddress dnsServer;
        private Duration dnsTimeout = Duration.ofSeconds(5);
        private long expires;
        private int maxChunkSize = DEFAULT_MAX_CHUNK_SIZE;
        private Duration authTimeout = Duration.ofSeconds(30);
        private Duration webSocketPingAfter = DEFAULT_WEBSOCKET_PING_AFTER;
        private Duration webSocketPongWithin = DEFAULT_WEBSOCKET_PONG_WITHIN;

        private Builder(String domain, String username, String password) {
            this.domain = Objects.requireNonNull(domain, "domain");
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            if (domain.isBlank()) {
                throw new IllegalArgumentException("domain must not be blank");
            }
        }

        /**
         * The relay's host name or address; null to look the relay up in DNS.
         *
         * @param value the relay's host name or address; null to look the relay up in DNS
         * @return this builder
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * The relay's port, 1..65535, or 0 for the default.
         *
         * @param value the relay's port, 1..65535, or 0 for the default
         * @return this builder
         */
        public Builder port(int value) {
            if (value < 0 || value > 65535) {
                throw new IllegalArgumentException("port must be 0..65535: " + value);
            }
            this.port = value;
            return this;
        }

        /**
         * Whether to reach the relay over TLS ({@code msrps}); default true (RFC 4976 §9.2; msrplib's
         * default was false). Plain TCP only for a relay that listens without TLS, such as a test
         * relay on {@code msrp://}.
         *
         * @param value whether to reach the relay over TLS ({@code msrps}); default true (RFC 4976 §9.2; msrplib's
         *     default was false)
         * @return this builder
         */
        public Builder useTls(boolean value) {
            this.useTls = value;
            return this;
        }

        /**
         * The certificate to present to the relay over TLS, or null for none.
         *
         * @param value the certificate to present to the relay over TLS, or null for none
         * @return this builder
         */
        public Builder tlsCredentials(TlsCredentials value) {
            this.tlsCredentials = value;
            return this;
        }

        /**
         * The TLS context for connections to the relay, e.g. {@link
         * org.msrp4j.tls.TlsContexts#caValidatingClient} with the caller's own trust store; null (the
         * default) makes one that presents {@link #tlsCredentials} and checks the relay's
         * certificate as the class comment says. Not together with {@link #relayFingerprint} or
         * {@link #trustAnyRelayCertificate}.
         *
         * @param value the TLS context for connections to the relay, e.g. {@link
         *     org.msrp4j.tls.TlsContexts#caValidatingClient} with the caller's own trust store; null (the default)
         *     makes one that presents {@link #tlsCredentials} and checks the relay's certificate as the class comment
         *     says
         * @return this builder
         */
        public Builder tlsContext(SSLContext value) {
            this.tlsContext = value;
            return this;
        }

        /**
         * Pins the relay's certificate: the TLS handshake succeeds only when the relay's end-entity
         * certificate has this fingerprint, whoever issued it (no CA, expiry or host name check).
         * For relays with self-signed certificates; {@code msrp relay} prints its fingerprint at
         * start. Null (the default) validates against the JDK's trusted certificate authorities.
         *
         * @param value pins the relay's certificate: the TLS handshake succeeds only when the relay's end-entity
         *     certificate has this fingerprint, whoever issued it (no CA, expiry or host name check)
         * @return this builder
         */
        public Builder relayFingerprint(Fingerprint value) {
            this.relayFingerprint = value;
            return this;
        }

        /**
         * <b>Insecure</b>: accepts any relay certificate without checking it. The connection is
         * encrypted but not authenticated, so whoever sits between client and relay can read and
         * change every message and take the digest exchange. Only for tests and closed networks;
         * prefer {@link #relayFingerprint}. Default false.
         *
         * @param value <b>Insecure</b>: accepts any relay certificate without checking it
         * @return this builder
         */
        public Builder trustAnyRelayCertificate(boolean value) {
            this.trustAnyRelayCertificate = value;
            return this;
        }

        /**
         * Whether the AUTH Authorization header carries {@code uri=} (the relay's URI, RFC 2617's
         * digest-uri); default true, as Kamailio and msrp4j's relay expect. False leaves it out, as
         * RFC 4976 §5.1's example does; the digest is still computed over the relay's URI from
         * To-Path. Use false for relays that never answer an AUTH carrying {@code uri=}, such as AG
         * Projects' msrprelay: a relay that times out on the second AUTH (the one answering the
         * challenge) while the first is challenged is the sign.
         *
         * @param value whether the AUTH Authorization header carries {@code uri=} (the relay's URI, RFC 2617's
         *     digest-uri); default true, as Kamailio and msrp4j's relay expect
         * @return this builder
         */
        public Builder digestUriInAuthorization(boolean value) {
            this.digestUriInAuthorization = value;
            return this;
        }

        /**
         * Relays to try in this order instead of host or DNS, e.g. {@code msrps://relay1.example.org:2855;tcp}.
         * Each URI's scheme decides TLS for it; session ids are ignored. A relay with the transport
         * {@code ws} ({@code msrps://relay.example.org:443;ws}) is reached over WebSocket (RFC 7977; see
         * {@link RelayConnection}).
         *
         * @param value relays to try in this order instead of host or DNS, e.g. {@code
         *     msrps://relay1.example.org:2855;tcp}
         * @return this builder
         */
        public Builder relays(List<MsrpUri> value) {
            this.relays = List.copyOf(value);
            return this;
        }

        /**
         * The DNS server for SRV look-ups, or null for the system's resolvers.
         *
         * @param value the DNS server for SRV look-ups, or null for the system's resolvers
         * @return this builder
         */
        public Builder dnsServer(InetSocketAddress value) {
            this.dnsServer = value;
            return this;
        }

        /**
         * The limit on one DNS query; positive.
         *
         * @param value the limit on one DNS query; positive
         * @return this builder
         */
        public Builder dnsTimeout(Duration value) {
            this.dnsTimeout = positive(value, "dnsTimeout");
            return this;
        }

        /**
         * The reservation time to ask for, in seconds; 0 (the default) lets the relay choose.
         *
         * @param value the reservation time to ask for, in seconds; 0 (the default) lets the relay choose
         * @return this builder
         */
        public Builder expires(long value) {
            if (value < 0 || value > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("expires must be 0..2^32-1 seconds: " + value);
            }
            this.expires = value;
            return this;
        }

        /**
         * The most body bytes per chunk sent through the relay, at least 1; default 8 KiB.
         *
         * @param value the most body bytes per chunk sent through the relay, at least 1; default 8 KiB
         * @return this builder
         */
        public Builder maxChunkSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxChunkSize must be at least 1: " + value);
            }
            this.maxChunkSize = value;
            return this;
        }

        /**
         * The limit on waiting for the answer to one AUTH request; positive.
         *
         * @param value the limit on waiting for the answer to one AUTH request; positive
         * @return this builder
         */
        public Builder authTimeout(Duration value) {
            this.authTimeout = positive(value, "authTimeout");
            return this;
        }

        /**
         * The keep-alive of a WebSocket connection to the relay: the JDK's WebSocket does not notice
         * a connection dropped without a close frame, so after {@code pingAfter} with nothing from the
         * relay a ping goes out, and the connection is lost (a {@code ConnectionLostException} for
         * its reader) if no answer comes within {@code pongWithin}. Default 20 and 10 seconds.
         *
         * @param pingAfter the quiet time before a ping; zero for no pings
         * @param pongWithin the time the relay has to answer; positive
         * @return this builder
         */
        public Builder webSocketKeepAlive(Duration pingAfter, Duration pongWithin) {
            Objects.requireNonNull(pingAfter, "pingAfter");
            if (pingAfter.isNegative()) {
                throw new IllegalArgumentException("pingAfter must not be negative: " + pingAfter);
            }
            this.webSocketPongWithin = positive(pongWithin, "pongWithin");
            this.webSocketPingAfter = pingAfter;
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return the relay settings
         * @throws IllegalArgumentException if more than one of {@link #tlsContext}, {@link
         *     #relayFingerprint} and {@link #trustAnyRelayCertificate} is set
         */
        public RelaySettings build() {
            int checks = (tlsContext != null ? 1 : 0) + (relayFingerprint != null ? 1 : 0)
                    + (trustAnyRelayCertificate ? 1 : 0);
            if (checks > 1) {
                throw new IllegalArgumentException("give at most one of tlsContext, relayFingerprint and "
                        + "trustAnyRelayCertificate: each decides alone how the relay's certificate is checked");
            }
            return new RelaySettings(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }
    }
}
