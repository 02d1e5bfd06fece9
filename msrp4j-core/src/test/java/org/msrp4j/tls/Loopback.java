package org.msrp4j.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Real TLS handshakes over loopback: a server on a virtual thread and a client on the calling
 * thread, each exchanging one byte after the handshake. Every blocking call has a timeout.
 */
final class Loopback {

    static final int TIMEOUT_MILLIS = 10_000;

    private Loopback() {
    }

    /** What one side saw: the peer's fingerprint and the protocol, or why it failed. */
    record Side(Optional<Fingerprint> peerFingerprint, String protocol, Throwable failure) {

        boolean succeeded() {
            return failure == null;
        }
    }

    record Outcome(Side client, Side server) {
    }

    /** A handshake between an {@code SSLServerSocket} of {@code server} and a client of {@code client}. */
    static Outcome handshake(SSLContext server, SSLContext client, String address) throws Exception {
        return handshake(server, client, address, s -> { });
    }

    /** As above, with a chance to adjust the server socket (e.g. its protocols) before it accepts. */
    static Outcome handshake(SSLContext server, SSLContext client, String address, Consumer<SSLServerSocket> tweak)
            throws Exception {
        InetAddress bind = InetAddress.getByName(address); // a literal: no lookup
        try (SSLServerSocket listener =
                (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, bind)) {
            tweak.accept(listener);
            return run(listener, s -> (SSLSocket) s, client, address);
        }
    }

    /**
     * A handshake where the server accepts plain TCP and layers TLS from {@code server}'s socket
     * factory in server mode, as a transport that accepts first and upgrades later would.
     */
    static Outcome layeredServerHandshake(SSLContext server, SSLContext client, String address) throws Exception {
        InetAddress bind = InetAddress.getByName(address);
        try (ServerSocket listener = new ServerSocket(0, 1, bind)) {
            return run(listener, s -> {
                SSLSocket ssl = (SSLSocket) server.getSocketFactory()
                        .createSocket(s, s.getInetAddress().getHostAddress(), s.getPort(), true);
                ssl.setUseClientMode(false);
                return ssl;
            }, client, address);
        }
    }

    interface Upgrade {
        SSLSocket apply(Socket accepted) throws IOException;
    }

    private static Outcome run(ServerSocket listener, Upgrade upgrade, SSLContext client, String address)
            throws Exception {
        listener.setSoTimeout(TIMEOUT_MILLIS);
        CompletableFuture<Side> serverSide = new CompletableFuture<>();
        Thread thread = Thread.ofVirtual().name("tls-test-server").start(() -> {
            try (Socket accepted = listener.accept()) {
                accepted.setSoTimeout(TIMEOUT_MILLIS);
                try (SSLSocket ssl = upgrade.apply(accepted)) {
                    ssl.startHandshake();
                    int b = ssl.getInputStream().read();
                    ssl.getOutputStream().write(b);
                    ssl.getOutputStream().flush();
                    serverSide.complete(new Side(
                            TlsContexts.peerFingerprint(ssl), ssl.getSession().getProtocol(), null));
                }
            } catch (Throwable t) {
                serverSide.complete(new Side(Optional.empty(), null, t));
            }
        });
        Side clientSide;
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), TIMEOUT_MILLIS);
            raw.setSoTimeout(TIMEOUT_MILLIS);
            try (SSLSocket ssl = (SSLSocket) client.getSocketFactory()
                    .createSocket(raw, address, listener.getLocalPort(), true)) {
                ssl.startHandshake();
                ssl.getOutputStream().write(42);
                ssl.getOutputStream().flush();
                if (ssl.getInputStream().read() != 42) {
                    throw new IOException("echo failed");
                }
                clientSide = new Side(TlsContexts.peerFingerprint(ssl), ssl.getSession().getProtocol(), null);
            } catch (IOException e) {
                clientSide = new Side(Optional.empty(), null, e);
            }
        }
        Side server = serverSide.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        if (!thread.join(Duration.ofMillis(TIMEOUT_MILLIS))) {
            throw new IllegalStateException("server thread did not end");
        }
        return new Outcome(clientSide, server);
    }
}
