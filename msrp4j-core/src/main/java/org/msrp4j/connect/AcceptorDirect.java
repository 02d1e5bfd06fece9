package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The passive side without a relay (msrplib's AcceptorDirect): {@link #prepare} listens on the
 * local URI's host and port (port 0 or none: a free port, which the returned path carries);
 * {@link #complete} waits for the peer's connection and its binding SEND.
 *
 * <p>A connection that fails to bind properly (wrong paths, answered 481; garbage; a failed TLS
 * handshake or fingerprint) is closed and the wait goes on until the incoming-connection timeout,
 * whose exception lists those attempts; a connection that opens but stays silent past the bind
 * timeout fails {@code complete} with {@link BindTimeoutException}. The listening socket closes once
 * a connection is bound. For many sessions on one port use {@link MsrpServer}.
 */
public final class AcceptorDirect implements Connector {

    private final ConnectSettings settings;
    private MsrpUri localUri;
    private volatile ServerSocket listener;
    private SSLContext tlsContext;
    private TlsCredentials credentials;
    private volatile Closeable inProgress;

    /** An acceptor with {@link ConnectSettings#DEFAULT}. */
    public AcceptorDirect() {
        this(ConnectSettings.DEFAULT);
    }

    /** An acceptor with the given settings. */
    public AcceptorDirect(ConnectSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** The settings. */
    public ConnectSettings settings() {
        return settings;
    }

    /** The local URI from {@link #prepare}, with the real port, or null before it. */
    public MsrpUri localUri() {
        return localUri;
    }

    /**
     * The fingerprint of the certificate this acceptor presents, for SDP {@code a=fingerprint};
     * empty unless {@link #prepare} was given an {@code msrps} URI.
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
            throw new IOException("cannot listen on " + u.host() + ":" + Math.max(0, u.port()) + ": " + e.getMessage(), e);
        }
        if (u.port() != server.getLocalPort()) {
            u = u.withPort(server.getLocalPort());
        }
        if (u.useTls()) {
            credentials = settings.tlsCredentials() != null ? settings.tlsCredentials()
                    : u.credentials() != null ? u.credentials() : TlsCredentials.selfSigned("msrp4j");
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
     */
    public MsrpTransport completeWithFirstPeer() throws IOException {
        return accept(null);
    }

    /** Accepts until a connection binds; {@code fullRemotePath} null takes the first peer's path. */
    private MsrpTransport accept(List<MsrpUri> fullRemotePath) throws IOException {
        ServerSocket server = listener;
        if (server == null) {
            throw new IllegalStateException("call prepare() before complete()");
        }
        Duration limit = settings.incomingConnectionTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> refused = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw incomingTimeout(limit, refused);
                }
                Socket tcp;
                try {
                    server.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    tcp = server.accept();
                } catch (SocketTimeoutException e) {
                    throw incomingTimeout(limit, refused);
                } catch (IOException e) {
                    if (listener == null) {
                        throw new ConnectionClosedException("cleanup() closed the acceptor", false, e);
                    }
                    throw e;
                }
                MsrpTransport transport = bindOne(tcp, fullRemotePath, refused);
                if (transport != null) {
                    return transport;
                }
            }
        } finally {
            cleanup();
        }
    }

    private MsrpTransport bindOne(Socket tcp, List<MsrpUri> fullRemotePath, List<String> refused) throws IOException {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        inProgress = tcp;
        MsrpTransport transport = null;
        boolean bound = false;
        try {
            SSLSocket tls = null;
            if (tlsContext != null) {
                tls = Sockets.serverTls(tcp, tlsContext, settings.bindTimeout());
            }
            transport = Sockets.transport(tcp, tls, localUri, List.of(), settings.transportOptions());
            inProgress = transport;
            Fingerprint expected = settings.peerFingerprint();
            if (expected != null && !transport.peerFingerprint().map(expected::equals).orElse(false)) {
                refused.add(peer + ": TLS certificate fingerprint is not " + expected);
                return null;
            }
            transport.acceptBinding(fullRemotePath, settings.bindTimeout());
            bound = true;
            return transport;
        } catch (BindingException | ChunkParseException | ConnectFailedException | ConnectTimeoutException
                | ConnectionClosedException e) {
            refused.add(peer + ": " + e.getMessage());
            return null;
        } catch (MsrpTimeoutException e) {
            throw new BindTimeoutException("the connection from " + peer + " sent no binding SEND within "
                    + settings.bindTimeout().toMillis() + " ms", settings.bindTimeout(), e);
        } finally {
            inProgress = null;
            if (!bound) {
                if (transport != null) {
                    transport.close();
                }
                tcp.close();
            }
        }
    }

    private static IncomingConnectionTimeoutException incomingTimeout(Duration limit, List<String> refused) {
        String message = "no connection bound within " + limit.toMillis() + " ms";
        if (!refused.isEmpty()) {
            message += "; refused " + refused.size() + ": " + String.join("; ", refused);
        }
        return new IncomingConnectionTimeoutException(message, limit);
    }

    /** Stops listening, and aborts a blocked {@link #complete}; idempotent. */
    @Override
    public void cleanup() {
        ServerSocket s = listener;
        listener = null;
        Sockets.closeQuietly(s);
        Sockets.closeQuietly(inProgress);
    }

    @Override
    public String toString() {
        return "AcceptorDirect[" + localUri + "]";
    }
}
