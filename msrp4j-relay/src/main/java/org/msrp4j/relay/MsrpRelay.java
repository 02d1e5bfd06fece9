package org.msrp4j.relay;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An RFC 4976 MSRP relay. Clients AUTH to it (digest, RFC 4976 §5) and get a relay URI in
 * Use-Path; it forwards SEND, REPORT and other requests along To-Path, rewriting the paths
 * (RFC 4976 §6.4), streaming each chunk through: a short one is gathered and goes on whole, a long
 * one streams in pieces that let other senders to the same destination take turns (see {@link
 * ForwardedChunk}).
 *
 * <pre>{@code
 * RelayConfig config = RelayConfig.builder()
 *         .listener(RelayListener.tls("0.0.0.0", 2855))
 *         .host("relay.example.org").realm("example.org")
 *         .users(RelayUsers.fromFile(Path.of("users.txt")))
 *         .build();                       // or RelayConfig.load(Path.of("relay.properties"))
 * try (MsrpRelay relay = MsrpRelay.start(config)) {
 *     System.out.println(relay.listenerUris());
 *     relay.awaitClose();                  // until another thread calls close()
 * }
 * }</pre>
 *
 * <p><b>Rules applied</b> to a request that is not an AUTH to the relay itself: the first To-Path
 * URI must be one of the relay's (else 481) and name a live session (else 481). The relay removes
 * that URI from To-Path and puts it at the front of From-Path. If the request came on the
 * connection that owns the session, it goes to the next To-Path URI: to the owner of that session
 * when it is another session of this relay, else over a connection the relay opens to (or already
 * has with) that scheme, host and port, if its {@link NextHopPolicy} permits (see {@link
 * OutboundLinks}). If it came on any other connection, it goes to the owner's connection. A
 * request going to a session's owner, either way, must go back the way the owner's AUTH came:
 * what is left of To-Path must be the relays that AUTH came through (its From-Path but
 * the last URI; none for a client connected directly), then one URI, the client's own; otherwise
 * 403. A client's own connection is never used to reach anyone but that client. A malformed
 * request (e.g. without To-Path) gets 400 when a response can be addressed to its From-Path; one
 * that cannot be answered (no From-Path, or a REPORT) closes its connection.
 *
 * <p><b>Responses</b> are hop by hop: the relay answers each forwarded SEND itself with 200 at the
 * end of the chunk (RFC 4975 Failure-Report rules: none for {@code no}, errors only for {@code
 * partial}), and turns an error response from the next hop, or its silence for the response
 * timeout, into a failure REPORT back to the sender. REPORTs get no response. For other methods
 * (e.g. an AUTH to an outer relay) the next hop's response is passed back to the previous hop.
 *
 * <p><b>Reservations</b>: a connection holds one relay URI per AUTH From-Path (a client connected
 * directly has one; another relay in front of this one carries one per client behind it). A new
 * AUTH on the same connection with the same From-Path refreshes it: same session id, new Expires.
 * The URI ends when the connection closes or Expires passes (a client connection left without
 * URIs is then closed); the idle timeout closes only connections that hold no URI.
 *
 * <p><b>Stopping</b>: {@link #close()} stops at once, cutting any chunk in transit; {@link
 * #shutdown(Duration)} drains first: no new connections or requests, the chunks already in transit
 * finish. SIGTERM and SIGINT do the latter in {@link #main}, with {@link
 * TimeoutSettings#shutdown()} as the grace.
 *
 * <p><b>Threads</b>: one virtual thread per listener and per connection, one scheduler thread
 * (virtual) for expiry and timeouts. {@link #close()} ends them all.
 */
public final class MsrpRelay implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MsrpRelay.class);

    /** The comment of the 403 that refuses AUTHs and other requests once {@link #shutdown} began. */
    static final String SHUTTING_DOWN = "Relay shutting down; use another relay";

    private final RelayConfig config;
    private final String hostForUris;
    private final String realm;
    private final TlsCredentials credentials;
    private final SSLContext serverTls;
    private final SSLContext clientTls;
    private final AuthHandler auth;
    private final ConnectionGate gate;
    private final List<ServerSocket> serverSockets = new ArrayList<>();
    private final List<MsrpUri> listenerUris = new ArrayList<>();
    private final Reservations reservations;
    private final Router router;
    private final Set<PeerConnection> connections = ConcurrentHashMap.newKeySet();
    private final RelayMetrics metrics;
    /** The HTTP metrics and health endpoint, when {@link RelayConfig#metricsListen()} is set. */
    private MetricsServer metricsServer;
    private final OutboundLinks links;
    /** What answers plain HTTP requests to the {@code ;ws} listeners. */
    private final WebPages pages;
    private final UserLimits userLimits;
    private final Set<Thread> threads = ConcurrentHashMap.newKeySet();
    private final WriteWatchdog watchdog;
    private final WaitSweep waitSweep;
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> closedFuture = new CompletableFuture<>();
    private final AtomicBoolean shuttingDown = new AtomicBoolean();
    /** Connections whose reader is inside a forwarded request or still owes its answer. */
    private final AtomicInteger inTransit = new AtomicInteger();
    /** Runtime exceptions that ended one of the relay's threads or a connection's reader: bugs, counted for tests. */
    private final AtomicLong unexpectedFailures = new AtomicLong();
    /** Completed when nothing is in transit any more after {@link #shutdown} began, or at close. */
    private final CompletableFuture<Void> drained = new CompletableFuture<>();

    private MsrpRelay(RelayConfig config) {
        this.config = config;
        String host = config.host() != null ? config.host() : defaultHost(config);
        this.realm = config.realm() != null ? config.realm() : host;
        boolean anyTls = config.listeners().stream().anyMatch(RelayListener::tls);
        this.credentials = config.tlsCredentials() != null ? config.tlsCredentials()
                : anyTls ? PkixCredentials.selfSigned(host) : null;
        this.serverTls = credentials != null ? TlsContexts.server(credentials) : null;
        this.clientTls = config.outboundTls() == RelayConfig.OutboundTls.CA
                ? TlsContexts.caValidatingClient(null, credentials) : TlsContexts.client(credentials);
        this.metrics = new RelayMetrics(() -> connections.stream().map(c -> c.base == null ? null
                : c.base.toString()).toList(), this::sessionCount);
        this.auth = new AuthHandler(this, config, realm);
        this.gate = new ConnectionGate(config, metrics);
        this.links = new OutboundLinks(this, config, clientTls);
        this.pages = new WebPages(config.webSocket().page());
        this.userLimits = new UserLimits(config.capacity().maxReservationsPerUser(),
                config.capacity().maxConnectionsPerUser(), metrics);
        this.scheduler = new ScheduledThreadPoolExecutor(1, Thread.ofVirtual().name("msrp-relay-timer").factory());
        scheduler.setRemoveOnCancelPolicy(true);
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.reservations = new Reservations(userLimits, scheduler);
        this.watchdog = new WriteWatchdog(scheduler, config.timeouts().stall(), connections);
        this.waitSweep = new WaitSweep(this, config);
        this.router = new Router(Collections.unmodifiableList(listenerUris), reservations, links);
        this.hostForUris = host;
    }

    /**
     * Opens the listeners and starts serving.
     *
     * @param config listeners, accounts, TLS and limits
     * @return the running relay; {@link #close()} stops it
     * @throws IOException if a listener cannot be bound (those already open are closed again)
     */
    public static MsrpRelay start(RelayConfig config) throws IOException {
        MsrpRelay relay = new MsrpRelay(Objects.requireNonNull(config, "config"));
        try {
            relay.open();
            IdleSweep.start(relay, relay.connections);
            relay.waitSweep.start();
        } catch (IOException | RuntimeException e) {
            relay.close();
            throw e;
        }
        return relay;
    }

    /**
     * Runs a relay from a configuration file until the process is stopped (SIGINT/SIGTERM run
     * {@link #shutdown} with the file's {@code timeout.shutdown}): {@code java -cp ...
     * org.msrp4j.relay.MsrpRelay relay.properties}.
     *
     * @param args one argument: the path of the configuration file
     * @throws Exception if the configuration cannot be read or a listener cannot be bound
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: MsrpRelay <relay.properties>");
            System.exit(2);
        }
        MsrpRelay relay = start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> relay.shutdown(relay.config().timeouts().shutdown()),
                "msrp-relay-shutdown"));
        for (MsrpUri uri : relay.listenerUris()) {
            System.out.println("listening on " + uri);
        }
        relay.awaitClose();
    }

    /**
     * Reads {@code file} with {@link RelayConfig#load} and starts a relay with it.
     *
     * @param file a configuration file in {@link RelayConfig}'s format
     * @return the running relay; {@link #close()} stops it
     * @throws IOException if the file cannot be read or a listener cannot be bound
     */
    public static MsrpRelay start(Path file) throws IOException {
        return start(RelayConfig.load(file));
    }

    private static String defaultHost(RelayConfig config) {
        for (RelayListener l : config.listeners()) {
            if (!l.address().isAnyLocalAddress()) {
                return hostText(l.address());
            }
        }
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    /** An address as URI host text: IPv6 in its short form (RFC 5952), without a scope. */
    static String hostText(InetAddress address) {
        if (!(address instanceof Inet6Address)) {
            return address.getHostAddress();
        }
        byte[] b = address.getAddress();
        int[] g = new int[8];
        for (int i = 0; i < 8; i++) {
            g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            if (g[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private void open() throws IOException {
        for (RelayListener l : config.listeners()) {
            if (l.tls() && serverTls == null) {
                throw new IllegalStateException("TLS listener without credentials");
            }
            ServerSocket server = ReadAheadSocket.newServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(l.address(), l.port()), 1024);
            serverSockets.add(server);
            String host = config.host() != null || l.address().isAnyLocalAddress() ? hostForUris
                    : hostText(l.address());
            MsrpUri base = MsrpUri.builder().useTls(l.tls()).host(host).port(server.getLocalPort())
                    .transport(l.ws() ? "ws" : "tcp").build();
            listenerUris.add(base);
            startThread("msrp-relay-accept-" + base, () -> acceptLoop(server, l, base));
            LOG.info("MSRP relay listening on {} (bound to {} port {}), realm {}", base, hostText(l.address()),
                    server.getLocalPort(), realm);
        }
        if (config.metricsListen() != null) {
            metricsServer = new MetricsServer(config.metricsListen(), metrics, this::healthProblem);
        }
    }

    private void acceptLoop(ServerSocket server, RelayListener listener, MsrpUri base) {
        AcceptBackoff backoff = new AcceptBackoff(base.toString());
        while (!closed.get()) {
            Socket s = backoff.accept(server);
            if (s == null) {
                return;
            }
            ConnectionGate.Ticket ticket = gate.admit(s.getInetAddress(), connections.size());
            if (ticket == null) {
                closeQuietly(s);
                continue;
            }
            try {
                Socket sock = s;
                if (listener.tls()) {
                    ((ReadAheadSocket) s).enableReadAhead();
                    SSLSocket ssl = (SSLSocket) serverTls.getSocketFactory().createSocket(s,
                            s.getInetAddress().getHostAddress(), s.getPort(), true);
                    ssl.setUseClientMode(false);
                    sock = ssl;
                }
                WebSocketPeer ws = listener.ws() ? new WebSocketPeer(sock, config, pages) : null;
                PeerConnection c = new PeerConnection(this, sock, s, base, null, ws);
                c.admittedWith(ticket);
                register(c);
            } catch (IOException e) {
                ticket.release();
                closeQuietly(s);
            }
        }
    }

    /** Starts the reader of a new connection, inbound or outbound. */
    void register(PeerConnection c) {
        connections.add(c);
        if (closed.get()) {
            c.close();
            return;
        }
        startThread("msrp-relay " + c, c::run, config.readerThreads() == RelayConfig.ReaderThreads.PLATFORM);
    }

    // ------------------------------------------------------------------ public view

    /**
     * The URIs of the listeners, with the ports actually bound (port 0 in the config → the real port).
     *
     * @return one URI per listener, in configuration order
     */
    public List<MsrpUri> listenerUris() {
        return List.copyOf(listenerUris);
    }

    /**
     * The first listener's URI using TLS ({@code tls} true) or TCP, if there is one (WebSocket
     * listeners aside: {@link #webSocketUri}).
     *
     * @param tls true for an {@code msrps} listener, false for {@code msrp}
     * @return its URI
     * @throws IllegalStateException when there is no listener of that kind
     */
    public MsrpUri listenerUri(boolean tls) {
        return listenerUris.stream().filter(u -> u.useTls() == tls && !isWebSocket(u)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + (tls ? "msrps" : "msrp") + " listener"));
    }

    /**
     * The first WebSocket listener's URI ({@code msrps://host:port;ws} for {@code wss}, {@code
     * msrp://host:port;ws} for plain {@code ws}): a client's WebSocket URL is {@code wss://host:port/}
     * (or {@code ws://}) with any path.
     *
     * @param tls true for the {@code wss} listener, false for the {@code ws} one
     * @return its URI, with the port actually bound
     * @throws IllegalStateException if there is no such listener
     */
    public MsrpUri webSocketUri(boolean tls) {
        return listenerUris.stream().filter(u -> u.useTls() == tls && isWebSocket(u)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + (tls ? "wss" : "ws") + " listener"));
    }

    private static boolean isWebSocket(MsrpUri uri) {
        return uri.transport().equalsIgnoreCase("ws");
    }

    /**
     * The digest realm in use.
     *
     * @return the configured realm, else the host of the relay's URIs
     */
    public String realm() {
        return realm;
    }

    /**
     * The TLS credentials the listeners present (made at start when the config had none), or null.
     *
     * @return the credentials presented on TLS listeners, or null
     */
    public TlsCredentials tlsCredentials() {
        return credentials;
    }

    /**
     * The configuration.
     *
     * @return the configuration the relay was started with
     */
    public RelayConfig config() {
        return config;
    }

    /**
     * Where the HTTP {@code /metrics} and {@code /health} endpoint listens (the real port), or null
     * when {@link RelayConfig#metricsListen()} is not set.
     *
     * @return the bound address, or null
     */
    public InetSocketAddress metricsAddress() {
        return metricsServer == null ? null : metricsServer.address();
    }

    /**
     * Why the relay is not healthy, for {@code /health}: closed or shutting down, a listener no
     * longer open, or the account source not answering; null when it is healthy.
     */
    String healthProblem() {
        if (closed.get() || shuttingDown.get()) {
            return "relay " + (closed.get() ? "closed" : "shutting down");
        }
        for (ServerSocket s : serverSockets) {
            if (s.isClosed()) {
                return "listener " + s.getLocalSocketAddress() + " closed";
            }
        }
        return config.accounts().available() ? null : "account source unavailable";
    }

    /**
     * How many relay URIs are reserved now.
     *
     * @return the number of live reservations
     */
    public int sessionCount() {
        return reservations.count();
    }

    /**
     * How many connections are open now, inbound and outbound.
     *
     * @return the number of open connections
     */
    public int connectionCount() {
        return connections.size();
    }

    /** Bytes of all connections' read and forwarding buffers now (they grow while bodies stream). */
    long bufferBytes() {
        long sum = 0;
        for (PeerConnection c : connections) {
            sum += c.bufferBytes();
        }
        return sum;
    }

    /**
     * How many of the relay's threads are alive (0 after {@link #close()} has returned).
     *
     * @return the number of live threads
     */
    public int threadCount() {
        threads.removeIf(t -> !t.isAlive());
        return threads.size();
    }

    /**
     * Whether {@link #close()} has been called.
     *
     * @return true once closing has begun
     */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Blocks until {@link #close()} is called by another thread.
     *
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public void awaitClose() throws InterruptedException {
        try {
            closedFuture.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stops gracefully, blocking until the relay is closed. At once the listeners close (new
     * connections are refused) and every request that starts afterwards on an open connection is
     * refused: an AUTH, or any other request the relay would forward, gets 403 (a REPORT, which
     * gets no response, is dropped). Each request already being forwarded is streamed to its end
     * and the sender gets the relay's answer; once none is left, or when {@code grace} runs out,
     * the relay closes as {@link #close()} does, cutting what is still in transit. Responses the
     * next hops still owe for forwarded requests are not waited for. Idempotent; {@link #close()}
     * during the wait stops at once.
     *
     * <p>403 (Action-not-allowed, RFC 4975 §10) is the one registered status that says "understood,
     * and you may be entitled, but this relay will not do it": 401 would have the client retry with
     * credentials, 408 invites a retry of the same hop, 481 says the session does not exist, 501
     * that AUTH is unknown, 423 that Expires is out of bounds. Its comment names the reason, so a
     * client AUTHs to another relay instead.
     *
     * @param grace how long chunks in transit may take to finish; zero cuts them at once
     */
    public void shutdown(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        if (closed.get()) {
            return;
        }
        if (shuttingDown.compareAndSet(false, true)) {
            for (ServerSocket s : serverSockets) {
                closeQuietly(s);
            }
            LOG.info("MSRP relay shutting down: listeners closed, new requests refused, {} connection(s) with "
                    + "a chunk in transit, grace {} ms", inTransit.get(), grace.toMillis());
            if (inTransit.get() == 0) {
                drained.complete(null);
            }
        }
        try {
            drained.get(grace.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.info("shutdown grace over, cutting what {} connection(s) still have in transit", inTransit.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e);
        }
        close();
        closedFuture.join();
    }

    /**
     * Stops: closes the listeners, every connection (a chunk in transit ends there) and the
     * timers, then waits up to five seconds for the relay's threads to end. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        drained.complete(null);
        for (ServerSocket s : serverSockets) {
            closeQuietly(s);
        }
        if (metricsServer != null) {
            metricsServer.close();
        }
        for (PeerConnection c : List.copyOf(connections)) {
            c.close();
        }
        scheduler.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (Thread t : List.copyOf(threads)) {
            if (t == Thread.currentThread()) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        try {
            scheduler.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reservations.clear();
        config.accounts().close();
        closedFuture.complete(null);
        LOG.info("MSRP relay stopped");
    }

    // ------------------------------------------------------------------ for the connections

    RelayConfig configInternal() {
        return config;
    }

    AuthHandler auth() {
        return auth;
    }

    /** The counters the connections move. */
    RelayMetrics metrics() {
        return metrics;
    }

    /** Whether {@link #shutdown} has begun: new requests are refused. */
    boolean isShuttingDown() {
        return shuttingDown.get();
    }

    /**
     * A connection's reader starts a request that counts as in transit until it is answered.
     * Callers check {@link #isShuttingDown()} after this, so a shutdown either waits for the
     * request or the reader refuses it.
     */
    void transitStarted() {
        inTransit.incrementAndGet();
    }

    /** A connection's reader has nothing in transit any more. */
    void transitEnded() {
        if (inTransit.decrementAndGet() == 0 && shuttingDown.get()) {
            drained.complete(null);
        }
    }

    /** Whether {@code uri} (session id aside) is one of this relay's listener URIs. */
    boolean isLocal(MsrpUri uri) {
        return router.isLocal(uri);
    }

    /** Reserves (or refreshes) a relay URI for an AUTH on {@code conn}: see {@link Reservations#reserve}. */
    Reservation reserve(PeerConnection conn, String key, List<MsrpUri> authPath, String user, long expires) {
        return reservations.reserve(conn, key, authPath, user, expires);
    }

    /** Decides where the requests the connections read go. */
    Router router() {
        return router;
    }

    void connectionClosed(PeerConnection c) {
        connections.remove(c);
        reservations.connectionClosed(c);
        links.forget(c);
    }

    /** Runs {@code task} after {@code delay} on a fresh virtual thread (so it may block). */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        if (closed.get()) {
            return null;
        }
        try {
            return scheduler.schedule(() -> execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    /** Watches the connections' socket writes for receivers that stopped reading. */
    WriteWatchdog watchdog() {
        return watchdog;
    }

    /** Acts for the readers that wait without a socket timeout. */
    WaitSweep waitSweep() {
        return waitSweep;
    }

    /** A runtime exception ended a relay thread or a connection's reader (a bug; the fuzz target checks for it). */
    void unexpectedFailure() {
        unexpectedFailures.incrementAndGet();
    }

    /** How many times {@link #unexpectedFailure()} happened. */
    long unexpectedFailures() {
        return unexpectedFailures.get();
    }

    /** Runs {@code task} on a new virtual thread of the relay. */
    void execute(Runnable task) {
        startThread("msrp-relay-task", task);
    }

    private void startThread(String name, Runnable task) {
        startThread(name, task, false);
    }

    /** Starts {@code task} on a new thread of the relay: a daemon platform thread if {@code platform}, else virtual. */
    private void startThread(String name, Runnable task, boolean platform) {
        Thread.Builder builder = platform ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        Thread t = builder.name(name).unstarted(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                unexpectedFailure();
                LOG.warn("{} failed", name, e);
            } finally {
                threads.remove(Thread.currentThread());
            }
        });
        threads.add(t);
        t.start();
    }

    private static void closeQuietly(Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing is all that is asked
        }
    }
}
