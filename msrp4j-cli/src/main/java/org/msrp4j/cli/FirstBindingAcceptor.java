package org.msrp4j.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.IncomingConnectionTimeoutException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;

/**
 * The passive side when the peer's path is not known in advance: listens like core's {@code
 * AcceptorDirect}, but takes the peer's path from the From-Path of the first binding SEND addressed
 * to the local URI (core's acceptors need the path from SDP). A connection that fails (TLS, a
 * pinned fingerprint, a SEND to another URI, garbage, silence past the bind timeout) is closed and
 * the wait goes on until the incoming-connection timeout, whose message lists those attempts.
 */
final class FirstBindingAcceptor {

    private final ConnectSettings settings;
    private ServerSocket listener;
    private MsrpUri localUri;
    private TlsCredentials credentials;
    private SSLContext tlsContext;

    FirstBindingAcceptor(ConnectSettings settings) {
        this.settings = settings;
    }

    /** Listens on the URI's host and port (0: a free one) and returns the path with the real port. */
    List<MsrpUri> prepare(MsrpUri uri) throws IOException {
        MsrpUri u = uri.sessionId() != null ? uri : uri.withSessionId(MsrpGrammar.randomIdent(20));
        ServerSocket server = new ServerSocket();
        try {
            server.bind(new InetSocketAddress(InetAddress.getByName(u.host()), Math.max(0, u.port())), 16);
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + u.host() + ":" + Math.max(0, u.port()) + ": " + e.getMessage(), e);
        }
        u = u.withPort(server.getLocalPort());
        if (u.useTls()) {
            credentials = settings.tlsCredentials() != null ? settings.tlsCredentials()
                    : TlsCredentials.selfSigned("msrp4j");
            tlsContext = TlsContexts.server(credentials);
        }
        listener = server;
        localUri = u;
        return List.of(u);
    }

    /** The fingerprint of the certificate presented, when listening for TLS. */
    Optional<Fingerprint> localFingerprint() {
        return Optional.ofNullable(credentials).map(TlsCredentials::fingerprint);
    }

    /** Waits for the first connection that binds to the local URI; stops listening either way. */
    MsrpTransport complete() throws IOException {
        Duration limit = settings.incomingConnectionTimeout();
        long deadline = System.nanoTime() + limit.toNanos();
        List<String> refused = new ArrayList<>();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw timeout(limit, refused);
                }
                Socket tcp;
                try {
                    listener.setSoTimeout((int) Math.max(1, left / 1_000_000));
                    tcp = listener.accept();
                } catch (SocketTimeoutException e) {
                    throw timeout(limit, refused);
                }
                MsrpTransport transport = bindOne(tcp, refused);
                if (transport != null) {
                    return transport;
                }
            }
        } finally {
            cleanup();
        }
    }

    private MsrpTransport bindOne(Socket tcp, List<String> refused) throws IOException {
        String peer = String.valueOf(tcp.getRemoteSocketAddress());
        MsrpTransport transport = null;
        try {
            Duration bindTimeout = settings.bindTimeout();
            if (tlsContext != null) {
                SSLSocket tls = (SSLSocket) tlsContext.getSocketFactory().createSocket(tcp, null, tcp.getPort(), true);
                tls.setUseClientMode(false);
                tcp.setSoTimeout((int) bindTimeout.toMillis());
                tls.startHandshake();
                tcp.setSoTimeout(0);
                transport = new MsrpTransport(tls, tcp, localUri, List.of(), settings.transportOptions());
                Fingerprint expected = settings.peerFingerprint();
                if (expected != null && !transport.peerFingerprint().map(expected::equals).orElse(false)) {
                    refused.add(peer + ": its TLS certificate fingerprint is not " + expected);
                    return closed(transport, tcp);
                }
            } else {
                transport = new MsrpTransport(tcp, localUri, List.of(), settings.transportOptions());
            }
            MsrpChunk first = transport.readChunk(transport.options().maxChunkInMemory(), bindTimeout);
            List<MsrpUri> from = first.fromPath();
            if (!first.isRequest() || from == null || from.isEmpty()) {
                if (first.isRequest()) {
                    transport.writeResponse(first, 400, "a binding SEND with To-Path and From-Path was expected");
                }
                refused.add(peer + ": sent no binding SEND");
                return closed(transport, tcp);
            }
            transport.acceptBinding(localUri, from, first, bindTimeout);
            return transport;
        } catch (MsrpTimeoutException | SocketTimeoutException e) {
            refused.add(peer + ": sent no binding SEND within " + settings.bindTimeout().toMillis() + " ms");
            return closed(transport, tcp);
        } catch (IOException e) {
            refused.add(peer + ": " + Main.message(e));
            return closed(transport, tcp);
        }
    }

    private static MsrpTransport closed(MsrpTransport transport, Socket tcp) throws IOException {
        if (transport != null) {
            transport.close();
        }
        tcp.close();
        return null;
    }

    private static IncomingConnectionTimeoutException timeout(Duration limit, List<String> refused) {
        String message = "no peer connected and bound within " + limit.toSeconds() + " s";
        if (!refused.isEmpty()) {
            message += "; refused " + refused.size() + ": " + String.join("; ", refused);
        }
        return new IncomingConnectionTimeoutException(message, limit);
    }

    /** Stops listening; idempotent. */
    void cleanup() {
        ServerSocket s = listener;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing a listening socket that fails to close leaves nothing to undo
            }
        }
    }
}
