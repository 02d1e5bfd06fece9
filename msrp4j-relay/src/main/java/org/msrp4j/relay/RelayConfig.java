package org.msrp4j.relay;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.relay.accounts.AccountSource;
import org.msrp4j.relay.accounts.JdbcAccounts;
import org.msrp4j.relay.accounts.JdbcSettings;
import org.msrp4j.tls.TlsCredentials;

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
 * threads = virtual                  # what reads each connection: virtual (a virtual thread, the default: tens of
 *                                     # thousands of connections) | platform (an OS thread each: a relayed message
 *                                     # waits for one thread wake-up instead of two, but each connection costs a
 *                                     # thread's stack; see {@link ReaderThreads})
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

    /** Whether outbound TLS connections check the next hop's certificate. */
    public enum OutboundTls {
        /** Accept any certificate: MSRP's model, where SDP fingerprints authenticate (the default). */
        ANY,
        /** Validate the chain against the JDK trust store and the host name (relays with CA certificates). */
        CA
    }

    private final List<RelayListener> listeners;
    private final String host;
    private final String realm;
    private final RelayUsers users;
    private final AccountSource accounts;
    private final Predicate<String> allowed;
    private final TlsCredentials tlsCredentials;
    private final OutboundTls outboundTls;
    private final ReaderThreads readerThreads;
    private final AuthSettings auth;
    private final TimeoutSettings timeouts;
    private final CapacitySettings capacity;
    private final AbuseLimits abuseLimits;
    private final ChunkParser.Limits limits;
    private final NextHopPolicy nextHopPolicy;
    private final InetSocketAddress metricsListen;
    private final WebSocketSettings webSocket;

    private RelayConfig(Builder b) {
        this.listeners = List.copyOf(b.listeners.isEmpty() ? List.of(RelayListener.tls("0.0.0.0", DEFAULT_PORT))
                : b.listeners);
        this.host = b.host;
        this.realm = b.realm;
        this.users = b.users;
        this.accounts = b.accounts;
        this.allowed = b.allowed;
        this.tlsCredentials = b.tlsCredentials;
        this.outboundTls = b.outboundTls;
        this.readerThreads = b.readerThreads;
        this.auth = new AuthSettings(b.defaultExpires, b.minExpires, b.maxExpires, b.nonceLifetime, b.maxNonces,
                b.maxAuthFailures);
        this.timeouts = new TimeoutSettings(b.authTimeout, b.idleTimeout, b.stallTimeout, b.responseTimeout,
                b.connectTimeout, b.shutdownTimeout);
        this.capacity = new CapacitySettings(b.maxConnections, b.maxReservationsPerUser, b.maxConnectionsPerUser,
                b.bufferSize, b.maxBufferSize, b.chunkMinRate, b.chunkMaxTime);
        this.abuseLimits = b.abuseLimits;
        this.limits = b.limits;
        this.nextHopPolicy = b.nextHopPolicy;
        this.metricsListen = b.metricsListen;
        this.webSocket = new WebSocketSettings(b.wsOrigins, b.wsPage);
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
        b.host(host).realm(realm).users(users).accounts(accounts).allowed(allowed).tlsCredentials(tlsCredentials)
                .outboundTls(outboundTls).readerThreads(readerThreads).abuseLimits(abuseLimits).limits(limits)
                .nextHopPolicy(nextHopPolicy)
                .metricsListen(metricsListen).wsOrigins(webSocket.origins()).wsPage(webSocket.page());
        b.expires(auth.defaultExpires(), auth.minExpires(), auth.maxExpires()).nonceLifetime(auth.nonceLifetime())
                .maxNonces(auth.maxNonces()).maxAuthFailures(auth.maxAuthFailures());
        b.authTimeout(timeouts.auth()).idleTimeout(timeouts.idle()).stallTimeout(timeouts.stall())
                .responseTimeout(timeouts.response()).connectTimeout(timeouts.connect())
                .shutdownTimeout(timeouts.shutdown());
        b.maxConnections(capacity.maxConnections()).maxReservationsPerUser(capacity.maxReservationsPerUser())
                .maxConnectionsPerUser(capacity.maxConnectionsPerUser()).bufferSize(capacity.bufferSize())
                .maxBufferSize(capacity.maxBufferSize()).chunkMinRate(capacity.chunkMinRate())
                .chunkMaxTime(capacity.chunkMaxTime());
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
        return RelayConfigParser.load(file);
    }

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
        return RelayConfigParser.fromProperties(p, dir);
    }

    /**
     * The listening sockets to open (at least one).
     *
     * @return an unmodifiable list, in the order they were given
     */
    public List<RelayListener> listeners() {
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
     * What kind of thread reads each connection.
     *
     * @return {@link ReaderThreads#VIRTUAL} unless configured otherwise
     */
    public ReaderThreads readerThreads() {
        return readerThreads;
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
     * How AUTH is answered: Expires granted and its bounds, nonces.
     *
     * @return the {@code expires.*}, {@code nonce.*} and {@code auth.max-failures} settings
     */
    public AuthSettings auth() {
        return auth;
    }

    /**
     * The time limits.
     *
     * @return the {@code timeout.*} settings
     */
    public TimeoutSettings timeouts() {
        return timeouts;
    }

    /**
     * How much the relay holds: connections, reservations per user, buffers, the pace of chunks.
     *
     * @return the {@code connections.max}, {@code users.max-*}, {@code buffer.*} and {@code chunk.*} settings
     */
    public CapacitySettings capacity() {
        return capacity;
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
     * Which next hops the relay may open connections to.
     *
     * @return the policy, {@link NextHopPolicy#DEFAULT} unless configured
     */
    public NextHopPolicy nextHopPolicy() {
        return nextHopPolicy;
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
     * How the WebSocket listeners treat HTTP: allowed origins, the built-in chat page.
     *
     * @return the {@code ws.*} settings
     */
    public WebSocketSettings webSocket() {
        return webSocket;
    }

    /**
     * Builds a {@link RelayConfig}. Each setter sets one value; the groups ({@link AuthSettings},
     * {@link TimeoutSettings}, {@link CapacitySettings}, {@link WebSocketSettings}) are assembled
     * and checked in {@link #build()}.
     */
    public static final class Builder {
        private final List<RelayListener> listeners = new ArrayList<>();
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
        public Builder listener(RelayListener value) {
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
         * @throws IllegalArgumentException if a value is out of range, naming its setting
         */
        public RelayConfig build() {
            return new RelayConfig(this);
        }
    }
}
