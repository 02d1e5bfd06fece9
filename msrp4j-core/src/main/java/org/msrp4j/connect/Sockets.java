package org.msrp4j.connect;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** Socket set-up shared by the connectors: addresses, connecting, TLS handshakes. */
final class Sockets {

    private Sockets() {
    }

    /**
     * The host to advertise when none is given: the first address of an interface that is up and
     * not loopback (IPv4 preferred, link-local skipped), else 127.0.0.1.
     */
    static String defaultHost() {
        try {
            Optional<InetAddress> v6 = Optional.empty();
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a.isLinkLocalAddress() || a.isLoopbackAddress() || a.isAnyLocalAddress()) {
                        continue;
                    }
                    if (a instanceof Inet4Address) {
                        return a.getHostAddress();
                    }
                    if (a instanceof Inet6Address && v6.isEmpty()) {
                        v6 = Optional.of(a);
                    }
                }
            }
            if (v6.isPresent()) {
                String h = v6.get().getHostAddress();
                int zone = h.indexOf('%');
                return zone < 0 ? h : h.substring(0, zone);
            }
        } catch (SocketException e) {
            // no interface list: fall back to loopback
        }
        return "127.0.0.1";
    }

    /** {@code uri}, or one on {@link #defaultHost()} when null, with a random session id when it has none. */
    static MsrpUri localUri(MsrpUri uri) {
        MsrpUri u = uri != null ? uri : MsrpUri.builder().host(defaultHost()).build();
        return u.sessionId() != null ? u : u.withSessionId(MsrpGrammar.randomIdent(20));
    }

    /** Closes {@code c}, if any, ignoring a failure to close: closing is all that is asked. */
    static void closeQuietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // nothing more can be done about something that fails to close
        }
    }

    /** The socket address of a URI's host and port; the host may need DNS. */
    static InetSocketAddress resolve(MsrpUri uri) throws ConnectFailedException {
        try {
            return new InetSocketAddress(InetAddress.getByName(uri.host()), uri.effectivePort());
        } catch (UnknownHostException e) {
            InetSocketAddress unresolved = InetSocketAddress.createUnresolved(uri.host(), uri.effectivePort());
            throw new ConnectFailedException("cannot resolve " + uri.host() + ": " + e.getMessage(), unresolved, e);
        }
    }

    /**
     * A socket to connect from: {@code prepared} when it is bound to the same address family as
     * {@code remote}, else a fresh one ({@code prepared} is then closed).
     */
    static Socket socketFor(InetSocketAddress remote, Socket prepared) throws IOException {
        if (prepared != null
                && prepared.getLocalAddress() instanceof Inet4Address == remote.getAddress() instanceof Inet4Address) {
            return prepared;
        }
        if (prepared != null) {
            prepared.close();
        }
        return new ReadAheadSocket();
    }

    /** Connects {@code socket} to {@code remote} within {@code timeout}; closes it on failure. */
    static Socket connect(InetSocketAddress remote, Socket socket, Duration timeout) throws IOException {
        try {
            socket.connect(remote, (int) timeout.toMillis());
            return socket;
        } catch (SocketTimeoutException e) {
            socket.close();
            throw new ConnectTimeoutException("connecting to " + remote + " took longer than " + timeout.toMillis()
                    + " ms", timeout, e);
        } catch (IOException e) {
            socket.close();
            throw new ConnectFailedException("cannot connect to " + remote + ": " + e.getMessage(), remote, e);
        }
    }

    /** Runs the client side of a TLS handshake over {@code tcp}, within {@code timeout}. */
    static SSLSocket clientTls(Socket tcp, MsrpUri remote, ConnectSettings settings, TlsCredentials credentials,
            Duration timeout) throws IOException {
        SSLContext context = TlsContexts.client(credentials, settings.peerFingerprint());
        return handshake(tcp, context, remote.host(), true, timeout);
    }

    /** Runs the client side of a TLS handshake over {@code tcp} with a given context. */
    static SSLSocket clientTls(Socket tcp, SSLContext context, MsrpUri remote, Duration timeout) throws IOException {
        return handshake(tcp, context, remote.host(), true, timeout);
    }

    /** Runs the server side of a TLS handshake over an accepted {@code tcp} socket. */
    static SSLSocket serverTls(Socket tcp, SSLContext context, Duration timeout) throws IOException {
        return handshake(tcp, context, null, false, timeout);
    }

    private static SSLSocket handshake(Socket tcp, SSLContext context, String host, boolean client, Duration timeout)
            throws IOException {
        InetSocketAddress peer = (InetSocketAddress) tcp.getRemoteSocketAddress();
        if (tcp instanceof ReadAheadSocket readAhead) {
            readAhead.enableReadAhead();
        }
        SSLSocket tls = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, tcp.getPort(), true);
        try {
            tls.setUseClientMode(client);
            tcp.setSoTimeout((int) timeout.toMillis());
            tls.startHandshake();
            tcp.setSoTimeout(0);
            return tls;
        } catch (SocketTimeoutException e) {
            tcp.close();
            throw new ConnectTimeoutException("TLS handshake with " + peer + " took longer than " + timeout.toMillis()
                    + " ms", timeout, e);
        } catch (IOException e) {
            tcp.close();
            throw new ConnectFailedException("TLS handshake with " + peer + " failed: " + e.getMessage(), peer, e);
        }
    }

    /** A transport over {@code tcp}, or over {@code tls} layered on it when not null. */
    static MsrpTransport transport(Socket tcp, SSLSocket tls, MsrpUri localUri, List<MsrpUri> relayPath,
            TransportSettings options) throws IOException {
        try {
            return tls == null ? TransportInternals.open(tcp, localUri, relayPath, options)
                    : TransportInternals.open(tls, tcp, localUri, relayPath, options);
        } catch (IOException e) {
            tcp.close();
            throw e;
        }
    }
}
