package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;

/**
 * The active side without a relay (msrplib's ConnectorDirect): connects to the first URI of the
 * peer's path (TLS when it is {@code msrps}) and binds by sending an empty SEND.
 *
 * <p>{@link #prepare} binds the local socket it will connect from, so the returned path carries
 * the real local port; if the peer turns out to be of the other address family, {@link #complete}
 * connects from a fresh socket instead (the path's port then only names the session).
 */
public final class ConnectorDirect implements Connector {

    private final ConnectSettings settings;
    private MsrpUri localUri;
    private volatile Socket localSocket;
    private volatile Closeable inProgress;

    /** A connector with {@link ConnectSettings#DEFAULT}. */
    public ConnectorDirect() {
        this(ConnectSettings.DEFAULT);
    }

    /**
     * A connector with the given settings.
     *
     * @param settings the settings
     */
    public ConnectorDirect(ConnectSettings settings) {
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
     * The local URI from {@link #prepare}, or null before it.
     *
     * @return the local URI from {@link #prepare}, or null before it
     */
    public MsrpUri localUri() {
        return localUri;
    }

    @Override
    public List<MsrpUri> prepare(MsrpUri uri) throws IOException {
        MsrpUri u = Sockets.localUri(uri);
        closeLocalSocket();
        Socket socket = new ReadAheadSocket();
        try {
            socket.bind(new InetSocketAddress(InetAddress.getByName(u.host()), Math.max(0, u.port())));
        } catch (IOException e) {
            socket.close();
            throw new IOException("cannot bind a local socket to " + u.host() + ": " + e.getMessage(), e);
        }
        if (u.port() <= 0) {
            u = u.withPort(socket.getLocalPort());
        }
        localSocket = socket;
        localUri = u;
        return List.of(u);
    }

    @Override
    public MsrpTransport complete(List<MsrpUri> fullRemotePath) throws IOException {
        if (localUri == null) {
            throw new IllegalStateException("call prepare() before complete()");
        }
        if (fullRemotePath == null || fullRemotePath.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        MsrpUri first = fullRemotePath.get(0);
        InetSocketAddress address = Sockets.resolve(first);
        Socket from = Sockets.socketFor(address, localSocket);
        localSocket = null;
        inProgress = from;
        Socket tcp = Sockets.connect(address, from, settings.connectTimeout());
        MsrpTransport transport = null;
        try {
            SSLSocket tls = null;
            if (first.useTls()) {
                TlsCredentials credentials = settings.tlsCredentials() != null ? settings.tlsCredentials()
                        : localUri.credentials();
                tls = Sockets.clientTls(tcp, first, settings, credentials, settings.connectTimeout());
            }
            transport = Sockets.transport(tcp, tls, localUri, List.of(), settings.transportSettings());
            inProgress = transport;
            Binding.active(transport, fullRemotePath, settings.bindTimeout());
            inProgress = null;
            return transport;
        } catch (MsrpTimeoutException e) {
            closeAll(tcp, transport);
            if (e instanceof ConnectTimeoutException) {
                throw e;
            }
            throw new BindTimeoutException("no 200 for the binding SEND from " + address + " within "
                    + settings.bindTimeout().toMillis() + " ms", settings.bindTimeout(), e);
        } catch (IOException | RuntimeException e) {
            closeAll(tcp, transport);
            throw e;
        } finally {
            inProgress = null;
        }
    }

    private static void closeAll(Socket tcp, MsrpTransport transport) throws IOException {
        if (transport != null) {
            transport.close();
        }
        tcp.close();
    }

    /** Closes the prepared socket, or the connection a blocked {@link #complete} is making. */
    @Override
    public void cleanup() {
        closeLocalSocket();
        Sockets.closeQuietly(inProgress);
    }

    private void closeLocalSocket() {
        Socket s = localSocket;
        localSocket = null;
        Sockets.closeQuietly(s);
    }

    @Override
    public String toString() {
        return "ConnectorDirect[" + localUri + "]";
    }
}
