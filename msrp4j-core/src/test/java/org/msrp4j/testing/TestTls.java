package org.msrp4j.testing;

import java.net.Socket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;

/** TLS for loopback tests: one self-signed certificate for 127.0.0.1, made once, and TLS layered on socket pairs. */
public final class TestTls {

    private static final int HANDSHAKE_MILLIS = (int) Async.WAIT.toMillis();
    private static TlsCredentials loopback;

    private TestTls() {
    }

    /** Self-signed credentials for 127.0.0.1, shared by the tests of this JVM (made once: key generation is slow). */
    public static synchronized TlsCredentials credentials() {
        if (loopback == null) {
            loopback = PkixCredentials.selfSigned("127.0.0.1");
        }
        return loopback;
    }

    /**
     * TLS over a connected plain pair, handshaken: [client, server]; the server side presents {@link
     * #credentials()} and the client, made by {@link TlsContexts#client()}, checks nothing. The plain
     * sockets' timeouts are 0 again when this returns.
     */
    public static SSLSocket[] layer(Socket client, Socket server) throws Exception {
        SSLContext serverContext = TlsContexts.server(credentials());
        SSLSocket serverSide = (SSLSocket) serverContext.getSocketFactory()
                .createSocket(server, null, server.getPort(), true);
        serverSide.setUseClientMode(false);
        SSLSocket clientSide = (SSLSocket) TlsContexts.client().getSocketFactory()
                .createSocket(client, client.getInetAddress().getHostAddress(), client.getPort(), true);
        client.setSoTimeout(HANDSHAKE_MILLIS);
        server.setSoTimeout(HANDSHAKE_MILLIS);
        CompletableFuture<Void> serverDone = new CompletableFuture<>();
        Thread.ofVirtual().name("test-tls-handshake").start(() -> {
            try {
                serverSide.startHandshake();
                serverDone.complete(null);
            } catch (Throwable t) {
                serverDone.completeExceptionally(t);
            }
        });
        clientSide.startHandshake();
        serverDone.get(HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
        client.setSoTimeout(0);
        server.setSoTimeout(0);
        return new SSLSocket[] {clientSide, serverSide};
    }
}
