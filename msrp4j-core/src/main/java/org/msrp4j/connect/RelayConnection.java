package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * A connection through an MSRP relay (RFC 4976; msrplib's RelayConnection), for either side of a
 * session. {@link #prepare} connects to the relay (trying each relay {@link RelaySettings} names
 * until one accepts the connection), authenticates with AUTH and HTTP digest, and returns the
 * relay's Use-Path followed by the local URI, for SDP {@code a=path}. {@link #complete} binds:
 * {@link Mode#ACTIVE} sends the empty SEND through the relay, {@link Mode#PASSIVE} waits for the
 * peer's first SEND to arrive through it. The returned transport addresses chunks to the relay path
 * followed by the peer's path, and limits file chunks to {@link RelaySettings#maxChunkSize()}.
 *
 * <p>A relay whose URI has the transport {@code ws} ({@code msrp://host:port;ws}, {@code
 * msrps://host:port;ws}, given with {@link RelaySettings.Builder#relays}) is reached over WebSocket
 * (RFC 7977) with the JDK's {@code java.net.http.WebSocket}: subprotocol {@code msrp}, {@code ws://} or
 * {@code wss://host:port/} (the relay's certificate checked as for TLS), each chunk in one binary
 * message, and a local URI on a random host in {@code .invalid} with transport {@code ws} unless
 * {@link #prepare} is given one. Messages from the relay may be text or binary, hold one chunk each
 * and at most 16 MiB; a relay that breaks this closes the connection with a {@link
 * org.msrp4j.transport.websocket.WebSocketFramingException} as the cause. The JDK does not report a
 * TCP close without a WebSocket close frame, so such a loss shows only as a timeout (AUTH, or the
 * session's response timeout).
 *
 * <p>The relay's reservation is refreshed with a new AUTH on the same connection halfway through
 * each granted Expires, for as long as the transport is open, by a virtual thread that ends when
 * the transport closes. The answer to a refresh is taken by whichever thread reads the transport
 * (a session's reader), so a transport nobody reads cannot refresh. Relays differ in whether a
 * refresh keeps the Use-Path: when it changes, the session keeps the path it uses and the new one
 * goes to {@link #onUsePathChange} (or, without a listener, to a warning in the transport's log).
 *
 * <p>Failures: {@link RelayAuthenticationException} when the credentials are refused or the relay's
 * 200 carries an {@code rspauth} that does not prove it knows the password, {@link
 * RelayException} for other AUTH refusals (both stop at once: another relay of the same
 * provider would say the same), {@link RelayAuthTimeoutException} when a relay accepts the
 * connection but does not answer AUTH within {@link RelaySettings#authTimeout()} (the next relay is
 * then tried, as after a failed connection), {@link ConnectFailedException} or {@link
 * ConnectTimeoutException} when no relay could be reached (with more than one relay, a {@code
 * ConnectFailedException} whose message and suppressed exceptions give the failure of each),
 * {@link BindTimeoutException} and {@link IncomingConnectionTimeoutException} as for the direct
 * connectors.
 */
public sealed class RelayConnection implements Connector permits ConnectorRelay, AcceptorRelay {

    /** Which side binds: who sends the first (empty) SEND. */
    public enum Mode {
        /** Sends the empty SEND when completing (the SDP offerer by default, RFC 4975 §5.4). */
        ACTIVE,
        /** Waits for the peer's first SEND when completing. */
        PASSIVE
    }

    private final RelaySettings relay;
    private final Mode mode;
    private final ConnectSettings settings;
    private volatile MsrpTransport transport;
    private volatile Closeable inProgress;
    private volatile boolean completed;
    private volatile boolean aborted;
    private MsrpUri localUri;
    private List<MsrpUri> usePath;
    private volatile Consumer<List<MsrpUri>> usePathListener;

    /**
     * A connection through {@code relay} on the given side, with {@link ConnectSettings#DEFAULT}.
     *
     * @param relay the relay
     * @param mode the mode
     */
    public RelayConnection(RelaySettings relay, Mode mode) {
        this(relay, mode, ConnectSettings.DEFAULT);
    }

    /**
     * A connection through {@code relay} on the given side. Of {@code settings}, the time limits,
     * transport options and peer fingerprint apply to the session; the relay's TLS credentials and
     * how its certificate is checked come from {@code relay}.
     *
     * @param settings the settings
     * @param mode the mode
     * @param relay the relay
     */
    public RelayConnection(RelaySettings relay, Mode mode, ConnectSettings settings) {
        this.relay = Objects.requireNonNull(relay, "relay");
        this.mode = Objects.requireNonNull(mode, "mode");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The relay settings.
     *
     * @return the relay settings
     */
    public RelaySettings relay() {
        return relay;
    }

    /**
     * The side this connection binds on.
     *
     * @return the side this connection binds on
     */
    public Mode mode() {
        return mode;
    }

    /**
     * The connection settings.
     *
     * @return the connection settings
     */
    public ConnectSettings settings() {
        return settings;
    }

    /**
     * Sets what to call when a refresh of the reservation returns a Use-Path other than the one
     * the transport uses. Kamailio's msrp module, for one, hands out a new Use-Path on every AUTH
     * and lets the old one lapse at its Expires, so a session through it must move to the new path
     * before then. The listener gets the new path for SDP {@code a=path} (the new Use-Path, then
     * the local URI), on the refresher's thread; to move the session, offer it to the peer (a SIP
     * re-INVITE) and then call {@link MsrpTransport#setLocalRelayPath} with its relays. Without a
     * listener the change is logged as a warning and the session keeps its path.
     *
     * @param listener what to call when a refresh of the reservation returns a Use-Path other than the one the
     *     transport uses
     */
    public void onUsePathChange(Consumer<List<MsrpUri>> listener) {
        usePathListener = listener;
    }

    /**
     * The local URI from {@link #prepare}, or null before it.
     *
     * @return the local URI from {@link #prepare}, or null before it
     */
    public MsrpUri localUri() {
        return localUri;
    }

    /**
     * The relay's Use-Path from {@link #prepare}, or null before it.
     *
     * @return the relay's Use-Path from {@link #prepare}, or null before it
     */
    public List<MsrpUri> relayPath() {
        return usePath;
    }

    /**
     * Connects to the relay and authenticates.
     *
     * @param uri the local URI (the last of the returned path); null for one on the connection's local
     *     address and port with a random session id; a port of 0 or none is replaced by the local port
     * @return the relay's Use-Path followed by the local URI
     * @throws RelayAuthenticationException if the relay refuses the credentials or sends a wrong {@code rspauth}
     * @throws RelayException if the relay refuses AUTH otherwise
     * @throws RelayAuthTimeoutException if the only relay does not answer AUTH in time
     * @throws ConnectFailedException if no relay could be reached or resolved
     */
    @Override
    public List<MsrpUri> prepare(MsrpUri uri) throws IOException {
        release();
        completed = false;
        aborted = false;
        List<MsrpUri> targets = RelayTargets.resolve(relay);
        List<IOException> failures = new ArrayList<>();
        for (MsrpUri target : targets) {
            try {
                return prepareVia(target, uri);
            } catch (RelayException e) {
                throw e;
            } catch (IOException e) {
                if (aborted) {
                    throw new ConnectionClosedException("cleanup() aborted prepare()", false, e);
                }
                failures.add(e);
            }
        }
        if (failures.size() == 1) {
            throw failures.get(0);
        }
        List<String> reasons = failures.stream().map(Throwable::getMessage).toList();
        ConnectFailedException all = new ConnectFailedException("no relay of " + relay + " could be used; tried "
                + targets + ": " + String.join("; ", reasons), null, failures.get(failures.size() - 1));
        failures.forEach(all::addSuppressed);
        throw all;
    }

    private List<MsrpUri> prepareVia(MsrpUri target, MsrpUri uri) throws IOException {
        InetSocketAddress address = RelayTargets.address(relay, target);
        MsrpTransport t = null;
        Closeable connection = null;
        try {
            MsrpUri local;
            if (WebSocketLink.isWebSocket(target)) {
                WebSocketLink link = new WebSocketLink(target, address,
                        target.useTls() ? relay.clientTlsContext() : null, WebSocketLink.MAX_MESSAGE,
                        relay.webSocketPingAfter(), relay.webSocketPongWithin());
                connection = link;
                inProgress = link;
                Socket ws = relayWebSocket(link, target);
                local = WebSocketLink.localUri(uri, target);
                t = Sockets.transport(ws, null, local, List.of(), settings.transportSettings());
            } else {
                Socket socket = new ReadAheadSocket();
                connection = socket;
                inProgress = socket;
                Socket tcp = Sockets.connect(address, socket, settings.connectTimeout());
                SSLSocket tls = null;
                if (target.useTls()) {
                    tls = relayTls(tcp, target);
                }
                local = localUriFor(uri, tcp, target.useTls());
                t = Sockets.transport(tcp, tls, local, List.of(), settings.transportSettings());
            }
            inProgress = t;
            RelayAuth auth = new RelayAuth(relay, target, local);
            MsrpTransport reading = t;
            RelayAuth.Grant grant = auth.authenticate(request -> transactDirect(reading, target, request));
            t.setLocalRelayPath(grant.usePath());
            TransportInternals.setMaxChunkSize(t, relay.maxChunkSize());
            transport = t;
            localUri = local;
            usePath = grant.usePath();
            if (grant.expires() > 0) {
                Thread.ofVirtual().name("msrp-relay-refresh").start(() -> refreshLoop(reading, auth, grant));
            }
            List<MsrpUri> path = new ArrayList<>(grant.usePath());
            path.add(local);
            return List.copyOf(path);
        } catch (IOException | RuntimeException e) {
            if (t != null) {
                t.close();
            }
            Sockets.closeQuietly(connection);
            throw e;
        } finally {
            inProgress = null;
        }
    }

    /** Opens a WebSocket to a {@code ;ws} relay; a TLS failure says how the relay's certificate was checked. */
    private Socket relayWebSocket(WebSocketLink link, MsrpUri target) throws IOException {
        try {
            return link.connect(settings.connectTimeout());
        } catch (ConnectFailedException e) {
            if (!target.useTls() || !e.getMessage().startsWith("TLS")) {
                throw e;
            }
            throw new ConnectFailedException(e.getMessage() + " (the relay's certificate is checked by "
                    + relay.certificateCheck() + ")", e.address(), e);
        }
    }

    /** The TLS handshake with a relay; a failure says how the relay's certificate was checked. */
    private SSLSocket relayTls(Socket tcp, MsrpUri target) throws IOException {
        try {
            return Sockets.clientTls(tcp, relay.clientTlsContext(), target, settings.connectTimeout());
        } catch (ConnectFailedException e) {
            throw new ConnectFailedException(e.getMessage() + " (the relay's certificate is checked by "
                    + relay.certificateCheck() + ": for a self-signed relay pin its fingerprint with "
                    + "RelaySettings.relayFingerprint; a relay without TLS needs useTls(false))", e.address(), e);
        }
    }

    private static MsrpUri localUriFor(MsrpUri uri, Socket tcp, boolean tls) {
        MsrpUri u = uri != null ? uri
                : MsrpUri.builder().host(tcp.getLocalAddress().getHostAddress()).useTls(tls).build();
        if (u.port() <= 0) {
            u = u.withPort(tcp.getLocalPort());
        }
        return u.sessionId() != null ? u : u.withSessionId(MsrpGrammar.randomIdent(20));
    }

    /** Sends AUTH and reads the connection until its response; only used while nobody else reads. */
    private MsrpChunk transactDirect(MsrpTransport t, MsrpUri relayUri, MsrpChunk request) throws IOException {
        Duration limit = relay.authTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        t.writeChunk(request);
        try {
            for (long left = limit.toNanos(); left > 0; left = deadline - System.nanoTime()) {
                MsrpChunk c = t.readChunk(t.options().maxChunkInMemory(), Duration.ofNanos(left));
                if (c.isResponse() && c.transactionId().equals(request.transactionId())) {
                    return c;
                }
            }
        } catch (MsrpTimeoutException e) {
            throw authTimeout(relayUri, "AUTH", e);
        }
        throw authTimeout(relayUri, "AUTH", null);
    }

    /** Sends AUTH on a connection another thread reads, which hands the response over. */
    private MsrpChunk transactShared(MsrpTransport t, MsrpUri relayUri, MsrpChunk request) throws IOException {
        Duration limit = relay.authTimeout();
        CompletableFuture<MsrpChunk> response = TransportInternals.awaitResponse(t, request.transactionId());
        try {
            t.writeChunk(request);
            return response.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw authTimeout(relayUri, "the AUTH refresh", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException("the AUTH refresh failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while refreshing the relay reservation");
        } finally {
            response.cancel(false);
        }
    }

    private RelayAuthTimeoutException authTimeout(MsrpUri relayUri, String request, Throwable cause) {
        Duration limit = relay.authTimeout();
        return new RelayAuthTimeoutException("the relay " + relayUri + " did not answer " + request + " within "
                + limit.toMillis() + " ms", limit, cause);
    }

    /**
     * Renews the reservation halfway through each grant until the transport closes; after a failed
     * renewal, tries again halfway through what is left of the grant.
     */
    private void refreshLoop(MsrpTransport t, RelayAuth auth, RelayAuth.Grant first) {
        long validUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(first.expires());
        long next = System.nanoTime() + halfOf(first.expires());
        while (true) {
            try {
                t.closeFuture().get(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                return;
            } catch (TimeoutException e) {
                // time to renew
            } catch (InterruptedException | ExecutionException e) {
                return;
            }
            try {
                RelayAuth.Grant grant = auth.authenticate(request -> transactShared(t, auth.relayUri(), request));
                if (!grant.usePath().equals(t.localRelayPath())) {
                    usePathChanged(t, auth, grant.usePath());
                }
                if (grant.expires() == 0) {
                    return;
                }
                validUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(grant.expires());
                next = System.nanoTime() + halfOf(grant.expires());
            } catch (IOException e) {
                if (t.isClosed()) {
                    return;
                }
                long left = validUntil - System.nanoTime();
                if (left <= 0) {
                    t.logger().error("the reservation at relay " + auth.relayUri() + " expired: " + e.getMessage());
                    return;
                }
                t.logger().warn("refreshing the reservation at relay " + auth.relayUri() + " failed: "
                        + e.getMessage());
                next = System.nanoTime() + Math.max(TimeUnit.SECONDS.toNanos(1), left / 2);
            }
        }
    }

    private void usePathChanged(MsrpTransport t, RelayAuth auth, List<MsrpUri> usePath) {
        Consumer<List<MsrpUri>> listener = usePathListener;
        if (listener == null) {
            t.logger().warn("relay " + auth.relayUri() + " changed the Use-Path on refresh to " + usePath
                    + "; the session keeps " + t.localRelayPath());
            return;
        }
        List<MsrpUri> path = new ArrayList<>(usePath);
        path.add(t.localUri());
        try {
            listener.accept(List.copyOf(path));
        } catch (RuntimeException e) {
            t.logger().error("the Use-Path listener failed: " + e);
        }
    }

    private static long halfOf(long seconds) {
        return Math.max(TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(seconds) / 2);
    }

    /**
     * Binds through the relay: {@link Mode#ACTIVE} sends the empty SEND and waits for its 200,
     * {@link Mode#PASSIVE} waits for the peer's first SEND (up to the incoming-connection timeout)
     * and checks its From-Path against the relay path and {@code fullRemotePath}. On failure the
     * relay connection is closed.
     */
    @Override
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        MsrpTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("call prepare() before complete()");
        }
        requireNotCompleted();
        if (fullRemotePath == null || fullRemotePath.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        boolean bound = false;
        try {
            if (mode == Mode.ACTIVE) {
                Binding.active(t, fullRemotePath, settings.bindTimeout());
            } else {
                Binding.passive(t, t.localUri(), fullRemotePath, null, settings.incomingConnectionTimeout());
            }
            bound = true;
            completed = true;
            return t;
        } catch (MsrpTimeoutException e) {
            if (mode == Mode.ACTIVE) {
                throw new BindTimeoutException("no 200 for the binding SEND through relay " + usePath + " within "
                        + settings.bindTimeout().toMillis() + " ms", settings.bindTimeout(), e);
            }
            throw new IncomingConnectionTimeoutException("no binding SEND arrived through relay " + usePath
                    + " within " + settings.incomingConnectionTimeout().toMillis() + " ms",
                    settings.incomingConnectionTimeout(), e);
        } finally {
            if (!bound) {
                t.close();
                transport = null;
            }
        }
    }

    private void requireNotCompleted() {
        if (completed) {
            throw new IllegalStateException("already completed: the transport is bound (prepare() again for another)");
        }
    }

    /**
     * Binds passively to whichever peer binds first, for a caller that cannot know the peer's path
     * in advance (SIP carries it in SDP; a command-line listener has no SDP): waits for the first
     * SEND that arrives through the relay and takes the peer's path from its From-Path, after the
     * relay's Use-Path. Requests before it are answered 481, responses and REPORTs ignored; the SEND
     * itself is checked and answered as in {@link #complete}. On failure the relay connection is
     * closed.
     *
     * @return the MSRP transport
     * @throws IllegalStateException before {@link #prepare}, or in {@link Mode#ACTIVE}
     * @throws IncomingConnectionTimeoutException if no SEND arrives within the incoming-connection timeout
     * @throws org.msrp4j.transport.BindingException if the SEND is not addressed to the local URI
     */
    public MsrpTransport completeWithFirstPeer() throws IOException {
        MsrpTransport t = transport;
        if (t == null) {
            throw new IllegalStateException("call prepare() before completeWithFirstPeer()");
        }
        requireNotCompleted();
        if (mode != Mode.PASSIVE) {
            throw new IllegalStateException("only a passive relay connection waits for its peer's binding");
        }
        Duration limit = settings.incomingConnectionTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        boolean bound = false;
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new MsrpTimeoutException("no SEND within " + limit.toMillis() + " ms", limit);
                }
                MsrpChunk c = t.readChunk(t.options().maxChunkInMemory(), Duration.ofNanos(left));
                if (!c.isRequest() || "REPORT".equals(c.method())) {
                    continue;
                }
                List<MsrpUri> from = c.fromPath();
                int hops = usePath.size();
                if ("SEND".equals(c.method()) && from != null && from.size() > hops
                        && from.subList(0, hops).equals(usePath)) {
                    left = Math.max(1, deadline - System.nanoTime());
                    Binding.passive(t, localUri, List.copyOf(from.subList(hops, from.size())), c,
                            Duration.ofNanos(left));
                    bound = true;
                    completed = true;
                    return t;
                }
                t.writeResponse(c, 481, "session not bound yet");
            }
        } catch (MsrpTimeoutException e) {
            throw new IncomingConnectionTimeoutException("no binding SEND arrived through relay " + usePath
                    + " within " + limit.toMillis() + " ms", limit, e);
        } finally {
            if (!bound) {
                t.close();
                transport = null;
            }
        }
    }

    /**
     * Closes the relay connection (which ends the reservation's refreshing) unless {@link
     * #complete} has handed it out, and aborts a blocked {@link #prepare} or {@link #complete};
     * idempotent.
     */
    @Override
    public void cleanup() {
        aborted = true;
        release();
    }

    private void release() {
        Sockets.closeQuietly(inProgress);
        MsrpTransport t = transport;
        if (t != null && !completed) {
            transport = null;
            t.close();
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + mode + ", " + relay + (usePath == null ? "" : ", " + usePath) + "]";
    }
}
