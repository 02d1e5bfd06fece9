package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.internal.SendPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Many passive sessions on shared listening sockets (msrplib's MSRPServer). {@link #prepare}
 * registers a local URI (opening a listener for its host, port and scheme unless one is open),
 * {@link #complete} waits for the connection whose binding SEND comes from the given remote path,
 * {@link #cleanup} forgets a URI that will not be bound. A URI serves one binding: once bound it
 * is forgotten, so later bindings to it get 481. A binding SEND to a URI nobody registered is answered 481 and its
 * connection closed; one for a registered URI that no {@code complete} claims within the bind
 * timeout likewise. TCP and TLS listeners coexist; TLS listeners present {@link
 * ConnectSettings#tlsCredentials()} or a self-signed certificate made once per server.
 *
 * <p>Each accepted connection is handled on its own virtual thread; nothing polls. A failed
 * accept (such as running out of file descriptors) does not close a listener: it backs off (10 ms
 * doubling to 1 s) and keeps listening, with at most one SLF4J warning per 10 s. Thread-safe.
 */
public final class MsrpServer implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(MsrpServer.class);

    private final ConnectSettings settings;
    private final CountDownLatch closing = new CountDownLatch(1);
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Listener> listeners = new ArrayList<>();
    private final Map<MsrpUri, Registration> byUri = new HashMap<>();
    private final Map<String, Registration> bySessionId = new HashMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private final List<Arrival> arrivals = new ArrayList<>();
    private final Set<Closeable> unbound = ConcurrentHashMap.newKeySet();
    private TlsCredentials credentials;
    private SSLContext tlsContext;
    private boolean closed;

    private record Registration(MsrpUri localUri, TrafficLogger logger) {
    }

    private record Waiter(List<MsrpUri> remotePath, CompletableFuture<MsrpTransport> result) {
    }

    private record Arrival(Registration registration, MsrpTransport transport, MsrpChunk first,
            CompletableFuture<Waiter> claim) {
    }

    private record Listener(ServerSocket socket, boolean tls, InetAddress host, int port) {
    }

    /** A server with {@link ConnectSettings#DEFAULT}. */
    public MsrpServer() {
        this(ConnectSettings.DEFAULT);
    }

    /**
     * A server with the given settings (its logger is the default for every connection).
     *
     * @param settings the settings
     */
    public MsrpServer(ConnectSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public ConnectSettings settings() {
        return settings;
    }

    /**
     * The addresses listened on, TCP and TLS alike.
     *
     * @return the addresses listened on, TCP and TLS alike
     */
    public List<InetSocketAddress> listenAddresses() {
        lock.lock();
        try {
            return listeners.stream().map(l -> new InetSocketAddress(l.host(), l.port())).toList();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The fingerprint TLS listeners present, for SDP {@code a=fingerprint}; empty before one opens.
     *
     * @return the fingerprint TLS listeners present, for SDP {@code a=fingerprint}; empty before one opens
     */
    public Optional<Fingerprint> localFingerprint() {
        lock.lock();
        try {
            return Optional.ofNullable(credentials).map(TlsCredentials::fingerprint);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #prepare(MsrpUri, TrafficLogger)} with the server's logger.
     *
     * @param localUri the local URI
     * @return the path to give the peer, as {@link #prepare(MsrpUri, TrafficLogger)} returns it
     * @throws IOException if an I/O error occurs
     */
    public List<MsrpUri> prepare(MsrpUri localUri) throws IOException {
        return prepare(localUri, null);
    }

    /**
     * Registers a local URI and makes sure a listener serves it.
     *
     * @param localUri the URI to expect in To-Path, or null to generate one; without a port (or
     *     with 0) it shares any listener open for its host and scheme, else a new one on a free port
     * @param logger the traffic logger for this session's connection once it is identified, or
     *     null for the server's
     * @return the full local path for SDP {@code a=path}, with the real port
     * @throws IOException if a listener cannot be opened
     * @throws IllegalStateException if the server is closed
     */
    public List<MsrpUri> prepare(MsrpUri localUri, TrafficLogger logger) throws IOException {
        MsrpUri u = Sockets.localUri(localUri);
        InetAddress host = InetAddress.getByName(u.host());
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the server is closed");
            }
            Listener listener = listenerFor(host, u.port(), u.useTls());
            if (u.port() != listener.port()) {
                u = u.withPort(listener.port());
            }
            Registration registration =
                    new Registration(u, logger != null ? logger : settings.transportSettings().logger());
            byUri.put(u, registration);
            bySessionId.put(u.sessionId(), registration);
            return List.of(u);
        } finally {
            lock.unlock();
        }
    }

    private Listener listenerFor(InetAddress host, int port, boolean tls) throws IOException {
        for (Listener l : listeners) {
            if (l.tls() == tls && l.host().equals(host) && (port <= 0 || l.port() == port)) {
                return l;
            }
        }
        if (tls && tlsContext == null) {
            credentials = settings.tlsCredentials() != null ? settings.tlsCredentials()
                    : PkixCredentials.selfSigned("msrp4j");
            tlsContext = TlsContexts.server(credentials);
        }
        ServerSocket socket = ReadAheadSocket.newServerSocket();
        try {
            socket.bind(new InetSocketAddress(host, Math.max(0, port)), 1024);
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot listen on " + host.getHostAddress() + ":" + Math.max(0, port) + ": "
                    + e.getMessage(), e);
        }
        Listener l = new Listener(socket, tls, host, socket.getLocalPort());
        listeners.add(l);
        Thread.ofVirtual().name("msrp-server-accept-" + l.port()).start(() -> acceptLoop(l));
        return l;
    }

    /**
     * Waits for the connection bound from {@code fullRemotePath}: a binding SEND whose To-Path is a
     * registered URI and whose From-Path is this path (session ids only with sessmatch). Answers
     * it and returns the bound transport.
     *
     * @param fullRemotePath the full remote path
     * @return the bound transport
     * @throws BindTimeoutException if no such binding comes within the bind timeout
     * @throws ConnectionClosedException if the server is closed meanwhile
     */
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        if (fullRemotePath == null || fullRemotePath.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        Waiter waiter = new Waiter(List.copyOf(fullRemotePath), new CompletableFuture<>());
        Arrival match = null;
        lock.lock();
        try {
            if (closed) {
                throw new ConnectionClosedException("the server is closed", false);
            }
            for (Iterator<Arrival> it = arrivals.iterator(); it.hasNext(); ) {
                Arrival a = it.next();
                if (matches(a.first(), a.registration(), waiter.remotePath())) {
                    it.remove();
                    match = a;
                    break;
                }
            }
            if (match == null) {
                waiters.add(waiter);
            }
        } finally {
            lock.unlock();
        }
        if (match != null) {
            match.claim().complete(waiter);
        }
        Duration limit = settings.bindTimeout();
        try {
            return await(waiter.result(), limit);
        } catch (TimeoutException e) {
            boolean unclaimed;
            lock.lock();
            try {
                unclaimed = waiters.remove(waiter);
            } finally {
                lock.unlock();
            }
            if (unclaimed) {
                throw new BindTimeoutException("no connection bound from " + fullRemotePath + " within "
                        + limit.toMillis() + " ms", limit);
            }
            try {
                return await(waiter.result(), limit);
            } catch (TimeoutException stillBinding) {
                throw new BindTimeoutException("binding from " + fullRemotePath + " did not finish within "
                        + limit.toMillis() + " ms", limit);
            }
        }
    }

    private static <T> T await(CompletableFuture<T> future, Duration limit) throws IOException, TimeoutException {
        try {
            return future.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a binding");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }

    private boolean matches(MsrpChunk first, Registration registration, List<MsrpUri> remotePath) {
        return SendPaths.check(first, registration.localUri(), List.of(), remotePath,
                settings.transportSettings().useSessmatch()).isEmpty();
    }

    /**
     * Forgets a URI from {@link #prepare}: later bindings to it are answered 481.
     *
     * @param localUri the local URI
     */
    public void cleanup(MsrpUri localUri) {
        lock.lock();
        try {
            Registration r = byUri.remove(localUri);
            if (r == null && localUri.sessionId() != null) {
                r = bySessionId.get(localUri.sessionId());
                if (r != null) {
                    byUri.remove(r.localUri());
                }
            }
            if (r != null) {
                bySessionId.remove(r.localUri().sessionId(), r);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops a registration once its session is bound, as msrplib does: a URI serves one binding. */
    private void forget(Registration registration) {
        lock.lock();
        try {
            byUri.remove(registration.localUri(), registration);
            bySessionId.remove(registration.localUri().sessionId(), registration);
        } finally {
            lock.unlock();
        }
    }

    /**
     * The number of registered URIs not yet bound.
     *
     * @return the number of registered URIs not yet bound
     */
    public int registrations() {
        lock.lock();
        try {
            return byUri.size();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops every listener, closes connections not yet handed out, and fails waiting {@link
     * #complete} calls with {@link ConnectionClosedException}. Transports already returned stay
     * open. Idempotent.
     */
    @Override
    public void close() {
        List<Listener> ls;
        List<Waiter> ws;
        List<Arrival> as;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ls = List.copyOf(listeners);
            ws = List.copyOf(waiters);
            as = List.copyOf(arrivals);
            listeners.clear();
            waiters.clear();
            arrivals.clear();
            byUri.clear();
            bySessionId.clear();
        } finally {
            lock.unlock();
        }
        closing.countDown();
        for (Listener l : ls) {
            Sockets.closeQuietly(l.socket());
        }
        ConnectionClosedException closedException = new ConnectionClosedException("the server was closed", false);
        ws.forEach(w -> w.result().completeExceptionally(closedException));
        as.forEach(a -> a.claim().completeExceptionally(closedException));
        unbound.forEach(Sockets::closeQuietly);
    }

    /**
     * Accepts until the listener closes. A failed accept on an open listener (out of file
     * descriptors, say) does not end it: the loop waits a little longer after each failure and
     * tries again, logging through SLF4J at most one line per 10 s.
     */
    private void acceptLoop(Listener listener) {
        AcceptErrors errors = new AcceptErrors(LOG, listener.host().getHostAddress() + ":" + listener.port());
        while (true) {
            Socket tcp;
            try {
                tcp = listener.socket().accept();
            } catch (IOException e) {
                if (listener.socket().isClosed()) {
                    return;
                }
                long delay = errors.failed(e);
                try {
                    if (closing.await(delay, TimeUnit.MILLISECONDS)) {
                        return;
                    }
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            errors.succeeded();
            Thread.ofVirtual().name("msrp-server-bind").start(() -> handle(tcp, listener));
        }
    }

    private void handle(Socket tcp, Listener listener) {
        unbound.add(tcp);
        MsrpTransport transport = null;
        boolean handedOut = false;
        TrafficLogger log = settings.transportSettings().logger();
        try {
            Duration limit = settings.bindTimeout();
            long deadline = System.nanoTime() + limit.toNanos();
            SSLSocket tls = null;
            if (listener.tls()) {
                tls = Sockets.serverTls(tcp, tlsContext, limit);
            }
            transport = Sockets.transport(tcp, tls, null, List.of(), settings.transportSettings());
            unbound.add(transport);
            Fingerprint expected = settings.peerFingerprint();
            if (expected != null && !transport.peerFingerprint().map(expected::equals).orElse(false)) {
                log.warn("MsrpServer: refused " + transport + ": TLS certificate fingerprint is not " + expected);
                return;
            }
            MsrpChunk first;
            Registration registration;
            while (true) {
                first = transport.readChunk(settings.transportSettings().maxChunkInMemory(), left(deadline));
                if (first.isResponse() || "REPORT".equals(first.method())) {
                    continue;
                }
                if (!"SEND".equals(first.method())) {
                    transport.writeResponse(first, 481, "session not bound yet");
                    continue;
                }
                registration = lookup(first.toPath());
                if (registration == null) {
                    transport.writeResponse(first, 481, "no such session");
                    return;
                }
                break;
            }
            if (registration.logger() != transport.logger()) {
                transport.setLogger(registration.logger());
            }
            Waiter waiter = claim(registration, transport, first, deadline);
            if (waiter == null) {
                transport.writeResponse(first, 481, "no session is waiting for this From-Path");
                return;
            }
            try {
                Binding.passive(transport, registration.localUri(), waiter.remotePath(), first, limit);
                unbound.remove(tcp);
                unbound.remove(transport);
                forget(registration);
                handedOut = waiter.result().complete(transport);
            } catch (IOException e) {
                waiter.result().completeExceptionally(e);
            }
        } catch (IOException e) {
            log.warn("MsrpServer: connection from " + tcp.getRemoteSocketAddress() + " not bound: " + e.getMessage());
        } finally {
            unbound.remove(tcp);
            if (transport != null) {
                unbound.remove(transport);
            }
            if (!handedOut) {
                if (transport != null) {
                    transport.close();
                }
                Sockets.closeQuietly(tcp);
            }
        }
    }

    /** Pairs an arrived binding with a waiting {@code complete}, now or within the deadline. */
    private Waiter claim(Registration registration, MsrpTransport transport, MsrpChunk first, long deadline)
            throws IOException {
        Arrival arrival = null;
        lock.lock();
        try {
            if (closed) {
                return null;
            }
            for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (matches(first, registration, w.remotePath())) {
                    it.remove();
                    return w;
                }
            }
            arrival = new Arrival(registration, transport, first, new CompletableFuture<>());
            arrivals.add(arrival);
        } finally {
            lock.unlock();
        }
        try {
            return await(arrival.claim(), left(deadline));
        } catch (TimeoutException | MsrpTimeoutException e) {
            boolean unclaimed;
            lock.lock();
            try {
                unclaimed = arrivals.remove(arrival);
            } finally {
                lock.unlock();
            }
            if (unclaimed) {
                return null;
            }
            try {
                return arrival.claim().get();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while binding");
            } catch (ExecutionException failed) {
                return null;
            }
        } catch (ConnectionClosedException e) {
            return null;
        }
    }

    private static Duration left(long deadline) throws MsrpTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new MsrpTimeoutException("bind timeout", Duration.ZERO);
        }
        return Duration.ofNanos(left);
    }

    private Registration lookup(List<MsrpUri> toPath) {
        if (toPath == null || toPath.isEmpty()) {
            return null;
        }
        lock.lock();
        try {
            if (settings.transportSettings().useSessmatch()) {
                String sessionId = toPath.get(toPath.size() - 1).sessionId();
                return sessionId == null ? null : bySessionId.get(sessionId);
            }
            return toPath.size() == 1 ? byUri.get(toPath.get(0)) : null;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "MsrpServer" + listenAddresses();
    }
}
