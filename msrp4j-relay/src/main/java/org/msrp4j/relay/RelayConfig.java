package org.msrp4j.relay;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.relay.accounts.AccountSource;
import org.msrp4j.relay.accounts.JdbcAccounts;
import org.msrp4j.relay.accounts.JdbcSettings;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * Everything an {@link MsrpRelay} needs: listeners, the host name in its URIs, the digest realm
 * and accounts, Expires bounds and timeouts. Immutable; make one with {@link #builder()} or read
 * one from a file with {@link #load(Path)}.
 *
 * <h2>File format</h2>
 * A Java properties file ({@code key = value}, {@code #} comments). Relative paths are resolved
 * against the file's directory. Durations are in seconds. Keys (all optional except that there
 * must be some user source for AUTH to succeed):
 *
 * <pre>
 * host = relay.example.org            # host in the relay's URIs (Use-Path); default: see below
 * listen = msrps://0.0.0.0:2855, msrp://[::1]:2856   # default msrps://0.0.0.0:2855
 *                                     # ;ws at the end: MSRP over WebSocket (RFC 7977), msrp:// = ws,
 *                                     # msrps:// = wss (the relay's TLS credentials), e.g. msrps://0.0.0.0:443;ws
 * ws.origins = https://chat.example.org   # Origin values a WebSocket handshake may carry, comma-separated;
 *                                     # * = any; default: none (non-browser clients) or the same origin only
 * ws.page = false                     # serve the built-in chat page (/, /msrp.js, ...) on the ;ws listeners
 * realm = example.org                 # digest realm; default: host
 * users.file = users.txt              # user:password or user:{HA1}hex per line
 * users.allowed = alice, bob          # if set, other users get 403 (credentials fine, not allowed)
 * accounts = file                     # file (users.file) | jdbc (an SQL database: the jdbc.* and
 *                                     # accounts.cache.* keys of {@link JdbcSettings})
 * tls.cert = relay-cert.pem           # PEM chain; with tls.key
 * tls.key = relay-key.pem
 * tls.key.password =                  # for an encrypted PEM key
 * tls.keystore = relay.p12            # instead of PEM: PKCS#12 or JKS
 * tls.keystore.password = changeit
 * tls.keystore.alias =                # default: the first key entry
 *                                     # no TLS credentials: a self-signed certificate is made
 * tls.outbound = any                  # any (MSRP fingerprint model) | ca (PKIX with the JDK trust store)
 * expires.default = 3600
 * expires.min = 60
 * expires.max = 7200
 * nonce.lifetime = 300                # after this a nonce is answered with stale=true
 * nonce.max = 100000                  # bound on the nonces remembered for nc replay checks
 * auth.max-failures = 5               # failed AUTHs on one connection before it is closed
 * timeout.auth = 30                   # a new connection must AUTH or send something useful within this of
 *                                     # connecting (a deadline), and may not be silent for this long before
 * timeout.idle = 3600                 # a connection with no traffic for this long and no reservation is
 *                                     # closed (0 = never); one holding a reservation lasts until its Expires
 * timeout.stall = 30                  # a chunk whose sender or receiver makes no progress this long is cut
 * timeout.response = 30               # wait for the next hop's response to a forwarded SEND
 * timeout.connect = 10                # opening a connection to a next hop, TLS handshake included
 * timeout.shutdown = 10               # on SIGTERM/SIGINT, chunks in transit get this long to finish
 *                                     # (see MsrpRelay#shutdown); 0 = cut them at once
 * connections.max = 20000             # connections beyond this are refused (closed at once); default: the
 *                                     # process's file descriptor limit less a tenth (at least 64), at most 20000
 * # and the keys of {@link AbuseLimits}: AUTH throttling, the TLS handshake and first-request
 * # deadlines, connections per source address
 * limits.header-block = 16384         # bytes of headers in one chunk
 * limits.headers = 64                 # header lines in one chunk
 * limits.uri-length = 2048            # characters of one URI
 * threads = virtual                  # what reads each connection: virtual (a virtual thread, the default: tens of
 *                                     # thousands of connections) | platform (an OS thread each: a relayed message
 *                                     # waits for one thread wake-up instead of two, but each connection costs a
 *                                     # thread's stack; see {@link ReaderThreads})
 * buffer.size = 4096                  # a connection's read buffer while idle or carrying small chunks
 * buffer.max = 131072                 # how far its read and write buffers grow while a large body streams
 *                                     # and the largest WebSocket message a ;ws peer may send (else 1009)
 * next-hop.allow = 192.0.2.0/24       # next hops the relay may connect to although private or off the ports
 * next-hop.deny = 198.51.100.7:2855   # next hops it never connects to; rules address[/prefix][:port[-port]]
 * next-hop.allow-loopback = false     # loopback next hops (127/8, ::1)
 * next-hop.allow-private = false      # private, shared, unique-local and link-local next hops
 * next-hop.ports = 1024-65535         # ports of other next hops
 * users.max-reservations = 100        # relay URIs one user may hold at once, over all connections
 * users.max-connections = 20          # connections one user may hold reservations on at once
 * chunk.min-rate = 100                # bytes/s a chunk in transit must average once older than timeout.stall
 *                                     # (0 = no minimum); slower ones are cut and their connection closed
 * chunk.max-time = 3600               # the longest one chunk may take to pass (0 = no limit)
 * metrics.listen = 127.0.0.1:9464     # HTTP /metrics (Prometheus text) and /health; off unless set; a port
 *                                     # alone binds 127.0.0.1; IPv6 in brackets
 * </pre>
 *
 * <p>See {@link NextHopPolicy} for how next hops are judged.
 *
 * <p>The host in the relay's URIs: {@code host} if set (for every listener); otherwise each
 * listener's own address when it is not a wildcard, and for wildcard listeners the first
 * non-wildcard listener address or else the machine's host name.
 */
public final class RelayConfig {

    /**
     * The port of the default listener (TLS): where RFC 4976 §8 has clients connect to a relay
     * named by a domain without SRV records.
     */
    public static final int DEFAULT_PORT = 2855;

    /**
     * One listening socket.
     *
     * @param tls TLS ({@code msrps}) or plain TCP ({@code msrp})
     * @param address the address to bind, e.g. {@code 0.0.0.0}, {@code ::}, {@code 127.0.0.1}
     * @param port the port, 0 for any free one (see {@link MsrpRelay#listenerUris()})
     * @param ws MSRP over WebSocket (RFC 7977: {@code ;ws}): plain {@code ws} without TLS, {@code wss} with
     */
    public record Listener(boolean tls, InetAddress address, int port, boolean ws) {

        /** Checks the values. */
        public Listener {
            Objects.requireNonNull(address, "address");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("bad port " + port);
            }
        }

        /**
         * A TCP or TLS listener without WebSocket.
         *
         * @param tls TLS ({@code msrps}) or plain TCP ({@code msrp})
         * @param address the address to bind
         * @param port the port, 0 for any free one
         */
        public Listener(boolean tls, InetAddress address, int port) {
            this(tls, address, port, false);
        }

        /**
         * A TLS listener.
         *
         * @param address an IP literal to bind, e.g. {@code 0.0.0.0} or {@code ::1}
         * @param port the port, 0 for any free one
         * @return an {@code msrps} listener
         */
        public static Listener tls(String address, int port) {
            return new Listener(true, literal(address), port);
        }

        /**
         * A plain TCP listener (opt-in: RFC 4976 clients are meant to reach their relay over TLS).
         *
         * @param address an IP literal to bind, e.g. {@code 127.0.0.1} or {@code ::1}
         * @param port the port, 0 for any free one
         * @return an {@code msrp} listener
         */
        public static Listener tcp(String address, int port) {
            return new Listener(false, literal(address), port);
        }

        /**
         * A WebSocket listener (RFC 7977), {@code wss} (TLS, the relay's credentials) or plain {@code ws}.
         *
         * @param tls {@code wss} rather than {@code ws}
         * @param address the address to bind, an IP literal
         * @param port the port, 0 for any free one
         * @return the listener
         */
        public static Listener webSocket(boolean tls, String address, int port) {
            return new Listener(tls, literal(address), port, true);
        }

        /**
         * Parses {@code msrps://address:port} or {@code msrp://address:port}, IPv6 in brackets, with
         * {@code ;ws} at the end for a WebSocket listener ({@code msrps://0.0.0.0:443;ws} is {@code wss}).
         *
         * @param text the listener as in the {@code listen} setting
         * @return the listener
         * @throws IllegalArgumentException if {@code text} is not one
         */
        public static Listener parse(String text) {
            String t = text.strip();
            boolean ws = false;
            int semi = t.indexOf(';');
            if (semi >= 0) {
                if (!t.substring(semi + 1).strip().equalsIgnoreCase("ws")) {
                    throw new IllegalArgumentException("a listener's only parameter is ;ws: " + text);
                }
                ws = true;
                t = t.substring(0, semi).strip();
            }
            boolean tls;
            if (t.regionMatches(true, 0, "msrps://", 0, 8)) {
                tls = true;
                t = t.substring(8);
            } else if (t.regionMatches(true, 0, "msrp://", 0, 7)) {
                tls = false;
                t = t.substring(7);
            } else {
                throw new IllegalArgumentException("listener must be msrps://address:port or msrp://address:port: "
                        + text);
            }
            int colon = t.lastIndexOf(':');
            if (colon < 0 || (t.startsWith("[") && colon < t.indexOf(']'))) {
                throw new IllegalArgumentException("listener needs a port: " + text);
            }
            String host = t.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            int port;
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in listener: " + text, e);
            }
            return new Listener(tls, literal(host), port, ws);
        }

        private static InetAddress literal(String address) {
            if (!address.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
                throw new IllegalArgumentException("listener address must be an IP literal: " + address);
            }
            try {
                return InetAddress.getByName(address); // a literal: no lookup
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bad address " + address, e);
            }
        }
    }

    /** Whether outbound TLS connections check the next hop's certificate. */
    public enum OutboundTls {
        /** Accept any certificate: MSRP's model, where SDP fingerprints authenticate (the default). */
        ANY,
        /** Validate the chain against the JDK trust store and the host name (relays with CA certificates). */
        CA
    }

    /** What kind of thread reads each connection (see {@link RelayConfig#readerThreads()}). */
    public enum ReaderThreads {
        /**
         * A virtual thread per connection (the default): an idle connection costs a few hundred
         * bytes of thread, so one relay holds tens of thousands of them.
         */
        VIRTUAL,
        /**
         * A platform (OS) thread per connection: a read that waits is woken by the kernel directly,
         * not through the JDK's poller and then a carrier thread, so a relayed message is passed on
         * sooner when the machine is busy; each connection costs an OS thread and its stack, which
         * bounds the connections to what the system's thread limits allow.
         */
        PLATFORM
    }

    private final List<Listener> listeners;
    private final String host;
    private final String realm;
    private final RelayUsers users;
    private final AccountSource accounts;
    private final Predicate<String> allowed;
    private final TlsCredentials tlsCredentials;
    private final OutboundTls outboundTls;
    private final ReaderThreads readerThreads;
    private final long defaultExpires;
    private final long minExpires;
    private final long maxExpires;
    private final Duration nonceLifetime;
    private final int maxNonces;
    private final int maxAuthFailures;
    private final Duration authTimeout;
    private final Duration idleTimeout;
    private final Duration stallTimeout;
    private final Duration responseTimeout;
    private final Duration connectTimeout;
    private final Duration shutdownTimeout;
    private final int maxConnections;
    private final AbuseLimits abuseLimits;
    private final ChunkParser.Limits limits;
    private final int bufferSize;
    private final int maxBufferSize;
    private final NextHopPolicy nextHopPolicy;
    private final int maxReservationsPerUser;
    private final int maxConnectionsPerUser;
    private final long chunkMinRate;
    private final Duration chunkMaxTime;
    private final InetSocketAddress metricsListen;
    private final Set<String> wsOrigins;
    private final boolean wsPage;

    private RelayConfig(Builder b) {
        this.listeners = List.copyOf(b.listeners.isEmpty() ? List.of(Listener.tls("0.0.0.0", DEFAULT_PORT))
                : b.listeners);
        this.host = b.host;
        this.realm = b.realm;
        this.users = b.users;
        this.accounts = b.accounts;
        this.allowed = b.allowed;
        this.tlsCredentials = b.tlsCredentials;
        this.outboundTls = b.outboundTls;
        this.readerThreads = b.readerThreads;
        this.defaultExpires = b.defaultExpires;
        this.minExpires = b.minExpires;
        this.maxExpires = b.maxExpires;
        this.nonceLifetime = b.nonceLifetime;
        this.maxNonces = b.maxNonces;
        this.maxAuthFailures = b.maxAuthFailures;
        this.authTimeout = b.authTimeout;
        this.idleTimeout = b.idleTimeout;
        this.stallTimeout = b.stallTimeout;
        this.responseTimeout = b.responseTimeout;
        this.connectTimeout = b.connectTimeout;
        this.shutdownTimeout = b.shutdownTimeout;
        this.maxConnections = b.maxConnections;
        this.abuseLimits = b.abuseLimits;
        this.limits = b.limits;
        this.bufferSize = b.bufferSize;
        this.maxBufferSize = b.maxBufferSize;
        this.nextHopPolicy = b.nextHopPolicy;
        this.maxReservationsPerUser = b.maxReservationsPerUser;
        this.maxConnectionsPerUser = b.maxConnectionsPerUser;
        this.chunkMinRate = b.chunkMinRate;
        this.chunkMaxTime = b.chunkMaxTime;
        this.metricsListen = b.metricsListen;
        this.wsOrigins = b.wsOrigins;
        this.wsPage = b.wsPage;
        if (maxReservationsPerUser < 1 || maxConnectionsPerUser < 1 || chunkMinRate < 0 || chunkMaxTime.isNegative()) {
            throw new IllegalArgumentException("users.max-reservations and users.max-connections must be positive, "
                    + "chunk.min-rate and chunk.max-time not negative");
        }
        if (minExpires < 0 || minExpires > maxExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 0 <= expires.min <= expires.default <= expires.max: "
                    + minExpires + ", " + defaultExpires + ", " + maxExpires);
        }
        if (maxNonces < 1 || maxAuthFailures < 1 || maxConnections < 1 || bufferSize < 256) {
            throw new IllegalArgumentException("nonce.max, auth.max-failures, connections.max must be positive, "
                    + "buffer.size at least 256");
        }
        if (maxBufferSize < bufferSize) {
            throw new IllegalArgumentException("buffer.max must be at least buffer.size: " + maxBufferSize + " < "
                    + bufferSize);
        }
        for (Duration d : List.of(nonceLifetime, authTimeout, stallTimeout, responseTimeout, connectTimeout)) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
        if (idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeout.idle must not be negative");
        }
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("timeout.shutdown must not be negative");
        }
    }

    /**
     * A builder with the defaults of the file format.
     *
     * @return a new builder; {@link Builder#build()} on it alone gives a TLS relay on port 2855 with no accounts
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding this configuration, e.g. to replace the users of a loaded file.
     *
     * @return a new builder; changing it leaves this configuration as it is
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.listeners.addAll(listeners);
        b.host = host;
        b.realm = realm;
        b.users = users;
        b.accounts = accounts;
        b.allowed = allowed;
        b.tlsCredentials = tlsCredentials;
        b.outboundTls = outboundTls;
        b.readerThreads = readerThreads;
        b.defaultExpires = defaultExpires;
        b.minExpires = minExpires;
        b.maxExpires = maxExpires;
        b.nonceLifetime = nonceLifetime;
        b.maxNonces = maxNonces;
        b.maxAuthFailures = maxAuthFailures;
        b.authTimeout = authTimeout;
        b.idleTimeout = idleTimeout;
        b.stallTimeout = stallTimeout;
        b.responseTimeout = responseTimeout;
        b.connectTimeout = connectTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.maxConnections = maxConnections;
        b.abuseLimits = abuseLimits;
        b.limits = limits;
        b.bufferSize = bufferSize;
        b.maxBufferSize = maxBufferSize;
        b.nextHopPolicy = nextHopPolicy;
        b.maxReservationsPerUser = maxReservationsPerUser;
        b.maxConnectionsPerUser = maxConnectionsPerUser;
        b.chunkMinRate = chunkMinRate;
        b.chunkMaxTime = chunkMaxTime;
        b.metricsListen = metricsListen;
        b.wsOrigins = wsOrigins;
        b.wsPage = wsPage;
        return b;
    }

    /**
     * Reads a configuration file (format in the class comment).
     *
     * @param file the properties file; paths in it are relative to its directory
     * @return the configuration it describes, defaults for the keys it leaves out
     * @throws IOException if it or a file it names cannot be read
     * @throws IllegalArgumentException for a bad value, naming the key
     */
    public static RelayConfig load(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Path dir = file.toAbsolutePath().getParent();
        return fromProperties(p, dir);
    }

    private static final Set<String> KEYS = Set.of("host", "listen", "realm", "users.file", "users.allowed",
            "tls.cert", "tls.key", "tls.key.password", "tls.keystore", "tls.keystore.password", "tls.keystore.alias",
            "tls.outbound", "expires.default", "expires.min", "expires.max", "nonce.lifetime", "nonce.max",
            "auth.max-failures", "timeout.auth", "timeout.idle", "timeout.stall", "timeout.response",
            "timeout.connect", "timeout.shutdown", "connections.max", "limits.header-block", "limits.headers",
            "limits.uri-length", "buffer.size", "buffer.max", "next-hop.allow", "next-hop.deny",
            "next-hop.allow-loopback", "next-hop.allow-private", "next-hop.ports", "users.max-reservations",
            "users.max-connections", "chunk.min-rate", "chunk.max-time", "accounts", "metrics.listen", "ws.origins",
            "ws.page", "threads");

    /**
     * Builds a configuration from properties as in the file format; relative paths are resolved
     * against {@code dir}.
     *
     * @param p the keys and values of the file format
     * @param dir the directory relative paths (users file, TLS files) are resolved against
     * @return the configuration, defaults for the keys left out
     * @throws IOException if a file the properties name cannot be read
     */
    public static RelayConfig fromProperties(Properties p, Path dir) throws IOException {
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key) && !AbuseLimits.KEYS.contains(key) && !JdbcSettings.KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown relay setting '" + key + "'");
            }
        }
        Builder b = builder();
        String v;
        if ((v = get(p, "host")) != null) {
            b.host(v);
        }
        if ((v = get(p, "listen")) != null) {
            for (String item : v.split(",")) {
                if (!item.isBlank()) {
                    b.listener(Listener.parse(item));
                }
            }
        }
        if ((v = get(p, "realm")) != null) {
            b.realm(v);
        }
        if ((v = get(p, "users.file")) != null) {
            b.users(RelayUsers.fromFile(dir.resolve(v)));
        }
        if ((v = get(p, "users.allowed")) != null) {
            Set<String> names = Set.copyOf(Arrays.stream(v.split(",")).map(String::strip)
                    .filter(s -> !s.isEmpty()).toList());
            b.allowed(names::contains);
        }
        String cert = get(p, "tls.cert");
        String key = get(p, "tls.key");
        String keystore = get(p, "tls.keystore");
        if (cert != null || key != null) {
            if (cert == null || key == null) {
                throw new IllegalArgumentException("tls.cert and tls.key go together");
            }
            String pw = get(p, "tls.key.password");
            b.tlsCredentials(pw == null ? PkixCredentials.fromPem(dir.resolve(cert), dir.resolve(key))
                    : PkixCredentials.fromPem(dir.resolve(cert), dir.resolve(key), pw.toCharArray()));
        } else if (keystore != null) {
            String pw = get(p, "tls.keystore.password");
            char[] password = pw == null ? new char[0] : pw.toCharArray();
            KeyStore ks;
            try (var in = Files.newInputStream(dir.resolve(keystore))) {
                String type = keystore.toLowerCase(Locale.ROOT).endsWith(".jks") ? "JKS" : "PKCS12";
                ks = KeyStore.getInstance(type);
                ks.load(in, password);
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot read key store " + keystore + ": " + e.getMessage(), e);
            }
            String alias = get(p, "tls.keystore.alias");
            try {
                if (alias == null) {
                    for (String a : Collections.list(ks.aliases())) {
                        if (ks.isKeyEntry(a)) {
                            alias = a;
                            break;
                        }
                    }
                }
            } catch (KeyStoreException e) {
                throw new IOException("cannot read key store " + keystore, e);
            }
            if (alias == null) {
                throw new IllegalArgumentException("tls.keystore holds no key entry");
            }
            b.tlsCredentials(TlsCredentials.fromKeyStore(ks, alias, password));
        }
        if ((v = get(p, "tls.outbound")) != null) {
            b.outboundTls(OutboundTls.valueOf(v.toUpperCase(Locale.ROOT)));
        }
        b.expires(seconds(p, "expires.default", b.defaultExpires), seconds(p, "expires.min", b.minExpires),
                seconds(p, "expires.max", b.maxExpires));
        b.nonceLifetime(Duration.ofSeconds(seconds(p, "nonce.lifetime", b.nonceLifetime.toSeconds())));
        b.maxNonces((int) seconds(p, "nonce.max", b.maxNonces));
        b.maxAuthFailures((int) seconds(p, "auth.max-failures", b.maxAuthFailures));
        b.authTimeout(Duration.ofSeconds(seconds(p, "timeout.auth", b.authTimeout.toSeconds())));
        b.idleTimeout(Duration.ofSeconds(seconds(p, "timeout.idle", b.idleTimeout.toSeconds())));
        b.stallTimeout(Duration.ofSeconds(seconds(p, "timeout.stall", b.stallTimeout.toSeconds())));
        b.responseTimeout(Duration.ofSeconds(seconds(p, "timeout.response", b.responseTimeout.toSeconds())));
        b.connectTimeout(Duration.ofSeconds(seconds(p, "timeout.connect", b.connectTimeout.toSeconds())));
        b.shutdownTimeout(Duration.ofSeconds(seconds(p, "timeout.shutdown", b.shutdownTimeout.toSeconds())));
        b.maxConnections((int) seconds(p, "connections.max", b.maxConnections));
        b.abuseLimits(AbuseLimits.read(k -> get(p, k) == null ? null : seconds(p, k, 0)));
        ChunkParser.Limits l = b.limits;
        b.limits(new ChunkParser.Limits(l.maxStartLine(), (int) seconds(p, "limits.header-block", l.maxHeaderBlock()),
                (int) seconds(p, "limits.headers", l.maxHeaders()),
                (int) seconds(p, "limits.uri-length", l.maxUriLength())));
        if ((v = get(p, "threads")) != null) {
            b.readerThreads(ReaderThreads.valueOf(v.toUpperCase(Locale.ROOT)));
        }
        b.bufferSize((int) seconds(p, "buffer.size", b.bufferSize));
        b.maxBufferSize((int) seconds(p, "buffer.max", b.maxBufferSize));
        b.nextHopPolicy(nextHopPolicy(p));
        b.maxReservationsPerUser((int) seconds(p, "users.max-reservations", b.maxReservationsPerUser));
        b.maxConnectionsPerUser((int) seconds(p, "users.max-connections", b.maxConnectionsPerUser));
        b.chunkMinRate(seconds(p, "chunk.min-rate", b.chunkMinRate));
        b.chunkMaxTime(Duration.ofSeconds(seconds(p, "chunk.max-time", b.chunkMaxTime.toSeconds())));
        if ((v = get(p, "metrics.listen")) != null) {
            b.metricsListen(metricsAddress(v));
        }
        if ((v = get(p, "ws.origins")) != null) {
            b.wsOrigins(Set.copyOf(Arrays.stream(v.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()));
        }
        if ((v = get(p, "ws.page")) != null) {
            b.wsPage(flag(p, "ws.page"));
        }
        String accounts = get(p, "accounts");
        if (accounts == null || accounts.equals("file")) {
            return b.build();
        }
        if (!accounts.equals("jdbc")) {
            throw new IllegalArgumentException("relay setting 'accounts' must be file or jdbc: " + accounts);
        }
        if (get(p, "users.file") != null) {
            throw new IllegalArgumentException("users.file and accounts = jdbc exclude each other");
        }
        JdbcSettings jdbc = JdbcSettings.fromProperties(p, dir);
        b.build(); // the other settings are checked before a pool is made
        return b.accounts(JdbcAccounts.open(jdbc)).build();
    }

    /**
     * Parses {@code metrics.listen}: {@code address:port} (IPv6 in brackets) or a port alone, which
     * binds the loopback address 127.0.0.1.
     */
    static InetSocketAddress metricsAddress(String text) {
        String t = text.strip();
        if (t.matches("[0-9]+")) {
            t = "127.0.0.1:" + t;
        }
        try {
            Listener l = Listener.parse("msrp://" + t);
            return new InetSocketAddress(l.address(), l.port());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("metrics.listen must be address:port or a port: " + text, e);
        }
    }

    private static NextHopPolicy nextHopPolicy(Properties p) {
        NextHopPolicy.Builder b = NextHopPolicy.builder();
        String v;
        if ((v = get(p, "next-hop.allow")) != null) {
            Arrays.stream(v.split(",")).filter(r -> !r.isBlank()).forEach(b::allow);
        }
        if ((v = get(p, "next-hop.deny")) != null) {
            Arrays.stream(v.split(",")).filter(r -> !r.isBlank()).forEach(b::deny);
        }
        b.allowLoopback(flag(p, "next-hop.allow-loopback"));
        b.allowPrivate(flag(p, "next-hop.allow-private"));
        if ((v = get(p, "next-hop.ports")) != null) {
            b.ports(v);
        }
        return b.build();
    }

    private static boolean flag(Properties p, String key) {
        String v = get(p, key);
        if (v == null || v.equalsIgnoreCase("false")) {
            return false;
        }
        if (v.equalsIgnoreCase("true")) {
            return true;
        }
        throw new IllegalArgumentException("relay setting '" + key + "' must be true or false: " + v);
    }

    private static String get(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static long seconds(Properties p, String key, long dflt) {
        String v = get(p, key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("relay setting '" + key + "' must be a non-negative integer: " + v);
        }
    }

    /**
     * The listening sockets to open (at least one).
     *
     * @return an unmodifiable list, in the order they were given
     */
    public List<Listener> listeners() {
        return listeners;
    }

    /**
     * The host in the relay's URIs, or null to derive it (see the class comment).
     *
     * @return the configured host name or address, or null
     */
    public String host() {
        return host;
    }

    /**
     * The digest realm, or null for the host.
     *
     * @return the configured realm, or null
     */
    public String realm() {
        return realm;
    }

    /**
     * The accounts of the users file (or given to the builder).
     *
     * @return the file-based accounts, empty ({@link RelayUsers#none()}) when none were given
     */
    public RelayUsers users() {
        return users;
    }

    /**
     * Where AUTH finds accounts: the source given to the builder, else {@link #users()}.
     *
     * @return the account source AUTH asks, never null
     */
    public AccountSource accounts() {
        return accounts != null ? accounts : users;
    }

    /**
     * Which authenticated users may reserve a URI; the others get 403.
     *
     * @return a test on the authenticated user name; true lets the user reserve
     */
    public Predicate<String> allowed() {
        return allowed;
    }

    /**
     * The TLS certificate and key, or null to make a self-signed one at start.
     *
     * @return the listeners' credentials, or null
     */
    public TlsCredentials tlsCredentials() {
        return tlsCredentials;
    }

    /**
     * How outbound TLS connections check the next hop.
     *
     * @return {@link OutboundTls#ANY} unless configured otherwise
     */
    public OutboundTls outboundTls() {
        return outboundTls;
    }

    /**
     * What kind of thread reads each connection.
     *
     * @return {@link ReaderThreads#VIRTUAL} unless configured otherwise
     */
    public ReaderThreads readerThreads() {
        return readerThreads;
    }

    /**
     * Expires granted when AUTH has none, in seconds.
     *
     * @return seconds, between {@link #minExpires()} and {@link #maxExpires()}
     */
    public long defaultExpires() {
        return defaultExpires;
    }

    /**
     * The smallest Expires accepted (smaller gets 423 with Min-Expires).
     *
     * @return seconds
     */
    public long minExpires() {
        return minExpires;
    }

    /**
     * The largest Expires accepted (larger gets 423 with Max-Expires).
     *
     * @return seconds
     */
    public long maxExpires() {
        return maxExpires;
    }

    /**
     * How long a nonce is good for before it is answered with {@code stale=true}.
     *
     * @return a positive duration
     */
    public Duration nonceLifetime() {
        return nonceLifetime;
    }

    /**
     * How many nonces are remembered for nonce-count replay checks.
     *
     * @return the capacity of the nonce table; the oldest nonces are forgotten first
     */
    public int maxNonces() {
        return maxNonces;
    }

    /**
     * Failed AUTHs on one connection before the relay closes it.
     *
     * @return the count after which the connection is closed
     */
    public int maxAuthFailures() {
        return maxAuthFailures;
    }

    /**
     * Time a new connection has to AUTH, or to deliver a request to a session, counted from
     * connecting; also the longest it may stay silent before then.
     *
     * @return a positive duration
     */
    public Duration authTimeout() {
        return authTimeout;
    }

    /**
     * A connection without traffic for this long is closed, unless it holds a reservation (which
     * lasts until its Expires); zero for never.
     *
     * @return the idle limit, or {@link Duration#ZERO} when connections never idle out
     */
    public Duration idleTimeout() {
        return idleTimeout;
    }

    /**
     * A chunk in transit whose sender or receiver makes no progress for this long is cut off.
     *
     * @return a positive duration
     */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /**
     * How long to wait for the next hop's response to a forwarded SEND before reporting 408.
     *
     * @return a positive duration
     */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /**
     * How long opening a connection to a next hop may take, TLS handshake included.
     *
     * @return a positive duration
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * How long a graceful {@link MsrpRelay#shutdown} on SIGTERM/SIGINT lets chunks in transit
     * finish before it closes what is left.
     *
     * @return the grace period, or {@link Duration#ZERO} to cut chunks in transit at once
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * The most connections, inbound and outbound, the relay keeps.
     *
     * @return the cap; connections accepted beyond it are closed at once
     */
    public int maxConnections() {
        return maxConnections;
    }

    /**
     * The limits on what one client may do to the others: AUTH throttling, deadlines, per-address caps.
     *
     * @return the abuse limits, {@link AbuseLimits#DEFAULT} unless configured
     */
    public AbuseLimits abuseLimits() {
        return abuseLimits;
    }

    /**
     * The parser limits applied to every connection.
     *
     * @return header-block, header-count and URI-length limits
     */
    public ChunkParser.Limits limits() {
        return limits;
    }

    /**
     * The read buffer of a connection that is idle or carries small chunks, in bytes.
     *
     * @return bytes
     */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * How far a connection's read buffer, and the buffer that gathers what it forwards, grow while
     * it streams a large body, in bytes; both shrink back after a second without input.
     *
     * @return bytes, at least {@link #bufferSize()}
     */
    public int maxBufferSize() {
        return maxBufferSize;
    }

    /**
     * Which next hops the relay may open connections to.
     *
     * @return the policy, {@link NextHopPolicy#DEFAULT} unless configured
     */
    public NextHopPolicy nextHopPolicy() {
        return nextHopPolicy;
    }

    /**
     * The most relay URIs one user may hold at once, over all connections.
     *
     * @return the cap, at least 1
     */
    public int maxReservationsPerUser() {
        return maxReservationsPerUser;
    }

    /**
     * The most connections one user may hold reservations on at once.
     *
     * @return the cap, at least 1
     */
    public int maxConnectionsPerUser() {
        return maxConnectionsPerUser;
    }

    /**
     * The bytes per second a chunk in transit must average once it is older than the stall
     * timeout; a slower one is cut and its sender's connection closed. Zero for no minimum.
     *
     * @return bytes per second, or 0
     */
    public long chunkMinRate() {
        return chunkMinRate;
    }

    /**
     * The longest one chunk may take to pass through the relay; zero for no limit.
     *
     * @return the limit, or {@link Duration#ZERO} for none
     */
    public Duration chunkMaxTime() {
        return chunkMaxTime;
    }

    /**
     * Where the HTTP metrics and health endpoint listens, or null when it is off (the default).
     *
     * @return the configured address (port 0: any free one), or null
     */
    public InetSocketAddress metricsListen() {
        return metricsListen;
    }

    /**
     * The Origin values a WebSocket handshake may carry ({@code *}: any); null, the default,
     * admits handshakes without Origin (non-browser clients) and same-origin ones only.
     *
     * @return the allowed origins, or null for the default rule
     */
    public Set<String> wsOrigins() {
        return wsOrigins;
    }

    /**
     * Whether the WebSocket listeners serve the built-in chat page and its files over HTTP.
     *
     * @return true to serve the page; false (the default) answers 404 to anything but an upgrade
     */
    public boolean wsPage() {
        return wsPage;
    }

    /** Builds a {@link RelayConfig}; every setter returns the builder. */
    public static final class Builder {
        private final List<Listener> listeners = new ArrayList<>();
        private String host;
        private String realm;
        private RelayUsers users = RelayUsers.none();
        private AccountSource accounts;
        private Predicate<String> allowed = u -> true;
        private TlsCredentials tlsCredentials;
        private OutboundTls outboundTls = OutboundTls.ANY;
        private ReaderThreads readerThreads = ReaderThreads.VIRTUAL;
        private long defaultExpires = 3600;
        private long minExpires = 60;
        private long maxExpires = 7200;
        private Duration nonceLifetime = Duration.ofMinutes(5);
        private int maxNonces = 100_000;
        private int maxAuthFailures = 5;
        private Duration authTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofHours(1);
        private Duration stallTimeout = Duration.ofSeconds(30);
        private Duration responseTimeout = Duration.ofSeconds(30);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private int maxConnections = FdLimit.defaultMaxConnections();
        private AbuseLimits abuseLimits = AbuseLimits.DEFAULT;
        private ChunkParser.Limits limits = ChunkParser.Limits.DEFAULT;
        private int bufferSize = 4 * 1024;
        private int maxBufferSize = 128 * 1024;
        private NextHopPolicy nextHopPolicy = NextHopPolicy.DEFAULT;
        private int maxReservationsPerUser = 100;
        private int maxConnectionsPerUser = 20;
        private long chunkMinRate = 100;
        private Duration chunkMaxTime = Duration.ofHours(1);
        private InetSocketAddress metricsListen;
        private Set<String> wsOrigins;
        private boolean wsPage;

        private Builder() {
        }

        /**
         * Adds a listener; without any, the relay listens on {@code msrps://0.0.0.0:2855}.
         *
         * @param value a listening address, port and scheme
         * @return this builder
         */
        public Builder listener(Listener value) {
            listeners.add(Objects.requireNonNull(value));
            return this;
        }

        /**
         * The host name or address in the relay's URIs.
         *
         * @param value the host, or null to derive it from the listeners
         * @return this builder
         */
        public Builder host(String value) {
            this.host = value;
            return this;
        }

        /**
         * The digest realm (default: the host).
         *
         * @param value the realm clients compute their digest for, or null for the host
         * @return this builder
         */
        public Builder realm(String value) {
            this.realm = value;
            return this;
        }

        /**
         * The accounts.
         *
         * @param value the accounts AUTH checks unless {@link #accounts(AccountSource)} is set
         * @return this builder
         */
        public Builder users(RelayUsers value) {
            this.users = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Where AUTH finds accounts instead of {@link #users(RelayUsers)}, e.g. {@link JdbcAccounts};
         * null for the users again. The relay closes it when it closes.
         *
         * @param value the account source, or null
         * @return this builder
         */
        public Builder accounts(AccountSource value) {
            this.accounts = value;
            return this;
        }

        /**
         * Which authenticated users may reserve a URI (default all); the others get 403.
         *
         * @param value a test on the authenticated user name
         * @return this builder
         */
        public Builder allowed(Predicate<String> value) {
            this.allowed = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The TLS certificate and key (default: a self-signed one made at start).
         *
         * @param value the certificate chain and key the listeners present, or null
         * @return this builder
         */
        public Builder tlsCredentials(TlsCredentials value) {
            this.tlsCredentials = value;
            return this;
        }

        /**
         * How outbound TLS connections check the next hop (default {@link OutboundTls#ANY}).
         *
         * @param value the check made on next hops' certificates
         * @return this builder
         */
        public Builder outboundTls(OutboundTls value) {
            this.outboundTls = Objects.requireNonNull(value);
            return this;
        }

        /**
         * What kind of thread reads each connection (default {@link ReaderThreads#VIRTUAL}).
         *
         * @param value virtual or platform threads
         * @return this builder
         */
        public Builder readerThreads(ReaderThreads value) {
            this.readerThreads = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Expires granted by default and its bounds, in seconds (default 3600, 60, 7200).
         *
         * @param defaultSeconds Expires granted when an AUTH asks for none
         * @param minSeconds the smallest Expires accepted
         * @param maxSeconds the largest Expires accepted
         * @return this builder
         */
        public Builder expires(long defaultSeconds, long minSeconds, long maxSeconds) {
            this.defaultExpires = defaultSeconds;
            this.minExpires = minSeconds;
            this.maxExpires = maxSeconds;
            return this;
        }

        /**
         * Nonce lifetime (default 5 minutes).
         *
         * @param value how long a nonce is good for
         * @return this builder
         */
        public Builder nonceLifetime(Duration value) {
            this.nonceLifetime = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Nonces remembered for replay checks (default 100,000).
         *
         * @param value the capacity of the nonce table
         * @return this builder
         */
        public Builder maxNonces(int value) {
            this.maxNonces = value;
            return this;
        }

        /**
         * Failed AUTHs tolerated on one connection (default 5).
         *
         * @param value failures before the connection is closed
         * @return this builder
         */
        public Builder maxAuthFailures(int value) {
            this.maxAuthFailures = value;
            return this;
        }

        /**
         * Time to AUTH or deliver on a new connection (default 30 s).
         *
         * @param value the deadline counted from connecting
         * @return this builder
         */
        public Builder authTimeout(Duration value) {
            this.authTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Idle timeout (default 1 hour; zero for none).
         *
         * @param value the idle limit, or {@link Duration#ZERO} for none
         * @return this builder
         */
        public Builder idleTimeout(Duration value) {
            this.idleTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Stall timeout for chunks in transit (default 30 s).
         *
         * @param value how long a chunk may make no progress
         * @return this builder
         */
        public Builder stallTimeout(Duration value) {
            this.stallTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Response timeout for forwarded SENDs (default 30 s).
         *
         * @param value how long to wait before answering the sender 408
         * @return this builder
         */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Connect timeout to next hops (default 10 s).
         *
         * @param value the limit on connecting and the TLS handshake together
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Grace for chunks in transit when SIGTERM/SIGINT stops the relay (default 10 s; zero: none).
         *
         * @param value the grace period, or {@link Duration#ZERO}
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The most connections (default: the process's file descriptor limit less a tenth of it,
         * at least 64, and at most 20,000).
         *
         * @param value the cap on open connections, inbound and outbound
         * @return this builder
         */
        public Builder maxConnections(int value) {
            this.maxConnections = value;
            return this;
        }

        /**
         * The limits on what one client may do to the others (default {@link AbuseLimits#DEFAULT}).
         *
         * @param value AUTH throttling, deadlines and per-address caps
         * @return this builder
         */
        public Builder abuseLimits(AbuseLimits value) {
            this.abuseLimits = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Parser limits (default {@link ChunkParser.Limits#DEFAULT}).
         *
         * @param value header-block, header-count and URI-length limits
         * @return this builder
         */
        public Builder limits(ChunkParser.Limits value) {
            this.limits = Objects.requireNonNull(value);
            return this;
        }

        /**
         * A connection's read buffer while it is idle or carries small chunks (default 4 KiB).
         *
         * @param value bytes
         * @return this builder
         */
        public Builder bufferSize(int value) {
            this.bufferSize = value;
            return this;
        }

        /**
         * How far a connection's read and forwarding buffers grow while it streams a large body
         * (default 128 KiB, the most the JDK reads or writes in one system call).
         *
         * @param value bytes, at least the buffer size
         * @return this builder
         */
        public Builder maxBufferSize(int value) {
            this.maxBufferSize = value;
            return this;
        }

        /**
         * Which next hops the relay may connect to (default {@link NextHopPolicy#DEFAULT}).
         *
         * @param value the next-hop policy
         * @return this builder
         */
        public Builder nextHopPolicy(NextHopPolicy value) {
            this.nextHopPolicy = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Relay URIs one user may hold at once (default 100).
         *
         * @param value the cap per user
         * @return this builder
         */
        public Builder maxReservationsPerUser(int value) {
            this.maxReservationsPerUser = value;
            return this;
        }

        /**
         * Connections one user may hold reservations on at once (default 20).
         *
         * @param value the cap per user
         * @return this builder
         */
        public Builder maxConnectionsPerUser(int value) {
            this.maxConnectionsPerUser = value;
            return this;
        }

        /**
         * Bytes per second a chunk must average past the stall timeout (default 100; zero: none).
         *
         * @param value bytes per second, or 0 for no minimum
         * @return this builder
         */
        public Builder chunkMinRate(long value) {
            this.chunkMinRate = value;
            return this;
        }

        /**
         * The longest one chunk may take (default 1 hour; zero: no limit).
         *
         * @param value the limit, or {@link Duration#ZERO} for none
         * @return this builder
         */
        public Builder chunkMaxTime(Duration value) {
            this.chunkMaxTime = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Serves {@code /metrics} (Prometheus text format) and {@code /health} over HTTP on {@code
         * value} (port 0: any free one); null, the default, serves nothing. Bind a loopback or
         * management address: the endpoint has no authentication.
         *
         * @param value the address to bind, or null
         * @return this builder
         */
        public Builder metricsListen(InetSocketAddress value) {
            this.metricsListen = value;
            return this;
        }

        /**
         * The Origin values WebSocket handshakes may carry, {@code *} for any; null (the default)
         * admits handshakes without Origin and same-origin ones only.
         *
         * @param value the allowed origins (e.g. {@code https://chat.example.org}), or null
         * @return this builder
         */
        public Builder wsOrigins(Set<String> value) {
            this.wsOrigins = value == null ? null : Set.copyOf(value);
            return this;
        }

        /**
         * Whether the WebSocket listeners serve the built-in chat page (default false).
         *
         * @param value true to serve it
         * @return this builder
         */
        public Builder wsPage(boolean value) {
            this.wsPage = value;
            return this;
        }

        /**
         * The configuration.
         *
         * @return an immutable configuration holding the values set so far
         */
        public RelayConfig build() {
            return new RelayConfig(this);
        }
    }
}
