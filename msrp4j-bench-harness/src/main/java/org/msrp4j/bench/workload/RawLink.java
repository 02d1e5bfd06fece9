package org.msrp4j.bench.workload;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;

/**
 * A connected pair of raw sockets on the loopback address, the baseline the sessions are measured
 * against: TCP_NODELAY as the transport sets it; with TLS, {@link SSLSocket}s from the same {@link
 * TlsContexts} the connectors use, the handshake done before any timing.
 *
 * @param sender the connecting side
 * @param receiver the accepted side
 * @param tlsInfo the TLS protocol and cipher suite, or empty
 */
public record RawLink(Socket sender, Socket receiver, String tlsInfo) implements AutoCloseable {

    /**
     * Connects a pair.
     *
     * @param tls whether to run TLS over it
     * @param credentials the accepting side's TLS credentials (with {@code tls})
     * @param readAhead whether TLS is layered on {@link ReadAheadSocket}s, as the connectors layer it
     * @return the connected pair
     * @throws Exception if connecting or the handshake fails
     */
    public static RawLink connect(boolean tls, TlsCredentials credentials, boolean readAhead) throws Exception {
        Socket client = readAhead ? new ReadAheadSocket() : new Socket();
        Socket accepted;
        try (ServerSocket listener = readAhead ? ReadAheadSocket.newServerSocket() : new ServerSocket()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            client.connect(new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), 5000);
            accepted = listener.accept();
        }
        if (readAhead) {
            ((ReadAheadSocket) client).enableReadAhead();
            ((ReadAheadSocket) accepted).enableReadAhead();
        }
        client.setTcpNoDelay(true);
        accepted.setTcpNoDelay(true);
        if (!tls) {
            return new RawLink(client, accepted, "");
        }
        SSLContext serverCtx = TlsContexts.server(credentials);
        SSLContext clientCtx = TlsContexts.client();
        SSLSocket c = (SSLSocket) clientCtx.getSocketFactory().createSocket(client, "127.0.0.1", client.getPort(),
                true);
        SSLSocket s = (SSLSocket) serverCtx.getSocketFactory().createSocket(accepted, null, accepted.getLocalPort(),
                true);
        c.setUseClientMode(true);
        s.setUseClientMode(false);
        AtomicReference<Exception> failed = new AtomicReference<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                s.startHandshake();
            } catch (IOException e) {
                failed.set(e);
            }
        });
        c.startHandshake();
        t.join();
        if (failed.get() != null) {
            throw failed.get();
        }
        return new RawLink(c, s, c.getSession().getProtocol() + " " + c.getSession().getCipherSuite());
    }

    @Override
    public void close() {
        for (Socket s : new Socket[] {sender, receiver}) {
            try {
                s.close();
            } catch (IOException e) {
                // the end of the run
            }
        }
    }
}
