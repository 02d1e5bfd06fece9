package org.msrp4j.transport.websocket;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSession;

/**
 * A WebSocket connection dressed as a connected {@link java.net.Socket}, so that an {@code
 * MsrpTransport} runs over it as over TCP: reads come from a {@link MessageInputStream}, writes go
 * through a {@link ChunkMessageOutputStream} (one chunk per message), {@link #setSoTimeout} is the
 * input's read timeout, and {@link #close()} closes both and then the WebSocket. TCP options are
 * accepted and ignored. The addresses are those the WebSocket was opened with; {@link #tlsSession()}
 * is the TLS session of a {@code wss} connection.
 */
public final class MessageSocket extends Socket {

    private final MessageInputStream in;
    private final ChunkMessageOutputStream out;
    private final Closeable connection;
    private final InetSocketAddress local;
    private final InetSocketAddress remote;
    private final SSLSession tls;
    private final AtomicBoolean closed = new AtomicBoolean();

    /**
     * A socket over a WebSocket.
     *
     * @param in the received messages
     * @param out the sending side
     * @param connection closes the WebSocket (and whatever else belongs to it); called once
     * @param local the local address, or null when not known
     * @param remote the peer's address
     * @throws SocketException never in practice (the JDK's constructor declares it)
     */
    public MessageSocket(MessageInputStream in, ChunkMessageOutputStream out, Closeable connection,
            InetSocketAddress local, InetSocketAddress remote) throws SocketException {
        this(in, out, connection, local, remote, null);
    }

    /**
     * A socket over a WebSocket that runs over TLS ({@code wss}) when {@code tls} is given.
     *
     * @param in the received messages
     * @param out the sending side
     * @param connection closes the WebSocket (and whatever else belongs to it); called once
     * @param local the local address, or null when not known
     * @param remote the peer's address
     * @param tls the TLS session the WebSocket runs in, or null for {@code ws}
     * @throws SocketException never in practice (the JDK's constructor declares it)
     */
    public MessageSocket(MessageInputStream in, ChunkMessageOutputStream out, Closeable connection,
            InetSocketAddress local, InetSocketAddress remote, SSLSession tls) throws SocketException {
        super((SocketImpl) null);
        this.tls = tls;
        this.in = Objects.requireNonNull(in, "in");
        this.out = Objects.requireNonNull(out, "out");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.local = local;
        this.remote = Objects.requireNonNull(remote, "remote");
    }

    /**
     * The TLS session of a {@code wss} connection: the peer's certificates are there.
     *
     * @return the session, or empty for {@code ws}
     */
    public Optional<SSLSession> tlsSession() {
        return Optional.ofNullable(tls);
    }

    @Override
    public InputStream getInputStream() throws IOException {
        checkOpen();
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        checkOpen();
        return out;
    }

    private void checkOpen() throws SocketException {
        if (closed.get()) {
            throw new SocketException("Socket is closed");
        }
    }

    @Override
    public void setSoTimeout(int timeout) {
        in.setReadTimeout(timeout);
    }

    @Override
    public int getSoTimeout() {
        return in.readTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // a WebSocket frame goes out whole in any case
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public InetAddress getInetAddress() {
        return remote.getAddress();
    }

    @Override
    public int getPort() {
        return remote.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return remote;
    }

    @Override
    public InetAddress getLocalAddress() {
        return local == null ? null : local.getAddress();
    }

    @Override
    public int getLocalPort() {
        return local == null ? -1 : local.getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local;
    }

    @Override
    public void shutdownInput() {
        in.close();
    }

    @Override
    public void shutdownOutput() {
        out.close();
    }

    /** Ends the streams (a blocked read returns -1) and closes the WebSocket; idempotent. */
    @Override
    public void close() throws IOException {
        if (closed.compareAndSet(false, true)) {
            in.close();
            out.close();
            connection.close();
        }
    }

    @Override
    public String toString() {
        return "MessageSocket[" + local + " -> " + remote + (closed.get() ? ", closed" : "") + "]";
    }
}
