package org.msrp4j.connect;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The passive side without a relay (msrplib's AcceptorDirect): {@link #prepare} listens on the
 * local URI's host and port (port 0 or none: a free port, which the returned path carries);
 * {@link #complete} waits for the peer's connection and its binding SEND.
 *
 * <p>Connections are accepted and bound concurrently (up to {@value #MAX_PENDING} at once), so a
 * stray connection cannot hold up the real peer: the first connection to bind wins. One that fails
 * to bind (wrong paths, answered 481; a malformed binding request, answered 400; garbage; a failed
 * TLS handshake or fingerprint; silence past the bind timeout) is closed and the wait goes on until
 * the incoming-connection timeout, whose exception lists those attempts (the first {@value
 * #MAX_LISTED}, and how many more). The timeout stops accepting; connections that arrived before it
 * may still bind within their bind timeout. A second connection that binds after the first has won is
 * closed. The listening socket, and every connection not bound, close once one is bound. For many
 * sessions on one port use {@link MsrpServer}.
 */
public final class AcceptorDirect implements Connector {

    /** The most connections binding at once. */
    static final int MAX_PENDING = 16;
    /** The most refused attempts a timeout's message lists one by one; it counts the others. */
    static final int MAX_LISTED = 10;

    private final ConnectSettings settings;
    private MsrpUri localUri;
    private volatile ServerSocket listener;
    private SSLContext tlsContext;
    private TlsCredentials credentials;
    private volatile BindAttempts attempts;

    /** An acceptor with {@link ConnectSettings#DEFAULT}. */
    public AcceptorDirect() {
        this(ConnectSettings.DEFAULT);
    }

    /**
     * An acceptor with the given settings.
     *
     * @param settings the settings
     */
    public AcceptorDirect(ConnectSettings settings) {
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
     * The local URI from {@link #prepare}, with the real port, or null before it.
     *
     * @return the local URI from {@link #prepare}, with the real port, or null before it
     */
    public MsrpUri localUri() {
        return localUri;
    }

    /**
     * The fingerprint of the certificate this acceptor presents, for SDP {@code a=fingerprint};
     * empty unless {@link #prepare} was given an {@code msrps} URI.
     *
     * @return the fingerprint of the certificate this acceptor presents, for SDP {@code a=fingerprint}; empty unless
     *     {@link #prepare} was given an {@code msrps} URI
     */
    public Optional<Fingerprint> localFingerprint() {
        return Optional.ofNullable(credentials).map(TlsCredentials::fingerprint);
    }

    @Override
    public List<MsrpUri> prepare(MsrpUri uri) throws IOException {
        MsrpUri u = Sockets.localUri(uri);
        cleanup();
        ServerSocket server = ReadAheadSocket.newServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(u.host()), Math.max(0, u.port())), 16);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + u.host() + ":" + Math.max(0, u.port()) + ": " + e.getMessage(),
                    e);
        }
        if (u.port() != server.getLocalPort()) {
            u = u.withPort(server.getLocalPort());
        }
        if (u.useTls()) {
            credentials = settings.tlsCredentials() != null ? settings.tlsCredentials()
                    : u.credentials() != null ? u.credentials() : PkixCredentials.selfSigned("msrp4j");
            tlsContext = TlsContexts.server(credentials);
        }
        listener = server;
        localUri = u;
        return List.of(u);
    }

    @Override
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        if (fullRemotePath == null || fullRemotePath.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        return accept(List.copyOf(fullRemotePath));
    }

    /**
     * Like {@link #complete}, for a listener that learns no peer path in advance (no SDP, as a
     * command-line chat): binds the first connection whose binding SEND is addressed to the local
     * URI and takes the peer's path from that SEND's From-Path. Other attempts are refused as in
     * {@link #complete}.
     *
     * @return the bound transport
     * @throws IOException if an I/O error occurs
     */
    public MsrpTransport completeWithFirstPeer() throws IOException {
        return accept(null);
    }

    /**
     * Accepts until a connection binds; {@code fullRemotePath} null takes the first peer's path.
     * Each connection binds on its own virtual thread, at most {@link #MAX_PENDING} at once (the
     * next waits in the listen backlog for a free place).
     */
    private MsrpTransport accept(List<MsrpUri> fullRemotePath) throws IOException {
        ServerSocket server = listener;
        if (server == null) {
            throw new IllegalStateException("call prepare() before complete()");
        }
        Duration limit = settings.incomingConnectionTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        BindAttempts attempts = new BindAttempts(server);
        this.attempts = attempts;
        try {
            while (true) {
                MsrpTransport won = attempts.awaitPlace(deadline);
                if (won != null) {
                    return won;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return timedOut(attempts, limit);
                }
                Socket tcp;
                try {
                    server.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, left / 1_000_000)));
                    tcp = server.accept();
                } catch (SocketTimeoutException e) {
                    return timedOut(attempts, limit);
                } catch (IOException e) {
                    return endWithoutAWinner(attempts, listener == null
                            ? new ConnectionClosedException("cleanup() closed the acceptor", false, e) : e);
                }
                if (attempts.start(tcp)) {
                    Thread.ofVirtual().name("msrp-acceptor-bind").start(() -> bindOne(tcp, fullRemotePath, attempts));
                }
            }
        } finally {
            cleanup();
        }
    }

    /**
     * At the incoming-connection timeout: connections that arrived in time may still bind (each
     * within its bind timeout); without one that does, {@link IncomingConnectionTimeoutException}.
     */
    private static MsrpTransport timedOut(BindAttempts attempts, Duration limit) throws IOException {
        MsrpTransport won = attempts.awaitPending();
        if (won != null) {
            return won;
        }
        return endWithoutAWinner(attempts, incomingTimeout(limit, attempts));
    }

    /**
     * Ends the attempts (no connection can win after this) and throws {@code failure}, unless a
     * connection won meanwhile: that one is returned.
     */
    private static MsrpTransport endWithoutAWinner(BindAttempts attempts, IOException failure) throws IOException {
        attempts.closeUnbound();
        MsrpTransport won = attempts.winner();
        if (won != null) {
            return won;
        }
        throw failure;
    }

    /** Binds one connection; the first to bind wins, others are refused (closed) and listed. */
    private void bindOne(Socket tcp, List<MsrpUri> fullRemotePath, BindAttempts attempts) {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        MsrpTransport transport = null;
        String refusal;
        try {
            SSLSocket tls = null;
            if (tlsContext != null) {
                tls = Sockets.serverTls(tcp, tlsContext, settings.bindTimeout());
            }
            transport = Sockets.transport(tcp, tls, localUri, List.of(), settings.transportSettings());
            attempts.upgrade(tcp, transport);
            Fingerprint expected = settings.peerFingerprint();
            if (expected != null && !transport.peerFingerprint().map(expected::equals).orElse(false)) {
                refusal = "TLS certificate fingerprint is not " + expected;
            } else {
                Binding.passive(transport, localUri, fullRemotePath, null, settings.bindTimeout());
                if (attempts.win(transport)) {
                    return;
                }
                refusal = "bound after another connection had bound the session";
            }
        } catch (MsrpTimeoutException e) {
            refusal = "sent no binding SEND within " + settings.bindTimeout().toMillis() + " ms";
        } catch (IOException | RuntimeException e) {
            refusal = e.getMessage() != null ? e.getMessage() : e.toString();
        }
        attempts.refuse(transport != null ? transport : tcp, peer + ": " + refusal);
        if (transport != null) {
            transport.close();
        }
        Sockets.closeQuietly(tcp);
    }

    private static IncomingConnectionTimeoutException incomingTimeout(Duration limit, BindAttempts attempts) {
        String message = "no connection bound within " + limit.toMillis() + " ms";
        String refused = attempts.refusals();
        return new IncomingConnectionTimeoutException(refused.isEmpty() ? message : message + "; " + refused, limit);
    }

    /** Stops listening, and aborts a blocked {@link #complete}; idempotent. */
    @Override
    public void cleanup() {
        ServerSocket s = listener;
        listener = null;
        Sockets.closeQuietly(s);
        BindAttempts a = attempts;
        if (a != null) {
            a.closeUnbound();
        }
    }

    @Override
    public String toString() {
        return "AcceptorDirect[" + localUri + "]";
    }
}
