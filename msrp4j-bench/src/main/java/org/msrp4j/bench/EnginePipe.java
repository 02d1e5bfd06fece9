package org.msrp4j.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;

/**
 * {@link BytePipe} built on {@link SSLEngine} and socket channels instead of JSSE sockets: each
 * direction one virtual thread that reads records into a buffer, decrypts them into another
 * and encrypts that straight into the outgoing buffer, with no stream copies. It shows what a relay
 * rebuilt on SSLEngine could gain over one on SSLSocket.
 */
final class EnginePipe implements AutoCloseable {

    private static final int APP = 64 * 1024;

    private final ServerSocketChannel server;
    private final SSLContext serverTls;
    private final SSLContext clientTls;

    private EnginePipe(ServerSocketChannel server, TlsCredentials credentials) {
        this.server = server;
        this.serverTls = TlsContexts.server(credentials);
        this.clientTls = TlsContexts.client();
    }

    /** Listens on 127.0.0.1 (any port), TLS on both legs. */
    static EnginePipe start(TlsCredentials credentials) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(new InetSocketAddress("127.0.0.1", 0));
        EnginePipe pipe = new EnginePipe(s, credentials);
        Thread.ofVirtual().name("engine-pipe-accept").start(pipe::acceptLoop);
        return pipe;
    }

    int port() {
        return server.socket().getLocalPort();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One end of the pipe: a channel, its engine and the bytes read but not yet decrypted. */
    private static final class End {
        final SocketChannel channel;
        final SSLEngine engine;
        final ByteBuffer netIn;
        final ByteBuffer netOut;

        End(SocketChannel channel, SSLEngine engine) {
            this.channel = channel;
            this.engine = engine;
            int net = engine.getSession().getPacketBufferSize();
            this.netIn = ByteBuffer.allocate(net * 4);
            this.netOut = ByteBuffer.allocate(net * 5);
        }
    }

    private void serve(SocketChannel inbound) {
        try (inbound; SocketChannel outbound = SocketChannel.open()) {
            int port = Integer.parseInt(readLine(inbound));
            outbound.connect(new InetSocketAddress("127.0.0.1", port));
            SSLEngine se = serverTls.createSSLEngine();
            se.setUseClientMode(false);
            SSLEngine ce = clientTls.createSSLEngine("127.0.0.1", port);
            ce.setUseClientMode(true);
            End a = new End(inbound, se);
            End b = new End(outbound, ce);
            handshake(a);
            handshake(b);
            Thread back = Thread.ofVirtual().start(() -> copy(b, a));
            copy(a, b);
            back.join();
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the transfer's end or failure: the channels close and the harness sees the outcome
        }
    }

    /** The line before TLS, read a byte at a time so that nothing of TLS is taken with it. */
    private static String readLine(SocketChannel c) throws IOException {
        StringBuilder s = new StringBuilder();
        ByteBuffer one = ByteBuffer.allocate(1);
        while (true) {
            one.clear();
            if (c.read(one) < 0) {
                throw new IOException("no target line");
            }
            char ch = (char) one.get(0);
            if (ch == '\n') {
                return s.toString();
            }
            s.append(ch);
        }
    }

    private static void handshake(End e) throws IOException {
        SSLEngine engine = e.engine;
        engine.beginHandshake();
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        e.netIn.flip();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> {
                    e.netOut.clear();
                    engine.wrap(empty, e.netOut);
                    e.netOut.flip();
                    while (e.netOut.hasRemaining()) {
                        e.channel.write(e.netOut);
                    }
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = engine.unwrap(e.netIn, app);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        e.netIn.compact();
                        if (e.channel.read(e.netIn) < 0) {
                            throw new SSLException("closed during the handshake");
                        }
                        e.netIn.flip();
                    }
                }
                case NEED_TASK -> {
                    Runnable task;
                    while ((task = engine.getDelegatedTask()) != null) {
                        task.run();
                    }
                }
                default -> {
                    e.netIn.compact(); // back to filling
                    return;
                }
            }
        }
    }

    /** Decrypts what {@code from} receives and encrypts it to {@code to}, until either ends. */
    private static void copy(End from, End to) {
        ByteBuffer app = ByteBuffer.allocate(APP);
        int record = from.engine.getSession().getApplicationBufferSize();
        int packet = to.engine.getSession().getPacketBufferSize();
        try {
            // what came with the peer's last handshake flight (e.g. the first SEND) goes before a read
            boolean read = from.netIn.position() == 0;
            while (true) {
                if (read && from.channel.read(from.netIn) < 0) {
                    break;
                }
                from.netIn.flip();
                app.clear();
                SSLEngineResult r;
                do {
                    r = from.engine.unwrap(from.netIn, app);
                } while (r.getStatus() == SSLEngineResult.Status.OK && from.netIn.hasRemaining()
                        && app.remaining() >= record);
                // read again only when what is left is no whole record
                read = r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || !from.netIn.hasRemaining();
                from.netIn.compact();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    break;
                }
                app.flip();
                while (app.hasRemaining()) {
                    to.netOut.clear();
                    while (app.hasRemaining() && to.netOut.remaining() >= packet) {
                        to.engine.wrap(app, to.netOut);
                    }
                    to.netOut.flip();
                    while (to.netOut.hasRemaining()) {
                        to.channel.write(to.netOut);
                    }
                }
            }
        } catch (IOException e) {
            // one side ended; closing both ends the other direction too
        }
        try {
            from.channel.close();
            to.channel.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
