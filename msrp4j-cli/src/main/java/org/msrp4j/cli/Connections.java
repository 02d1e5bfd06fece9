package org.msrp4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.log.TrafficLogger;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.transport.MsrpTransport;

/**
 * Sets up the bound connection of a command, printing what the user hands to the peer: the local
 * path as {@code a=path:…} and, with TLS, the certificate fingerprint as {@code a=fingerprint:…} on
 * {@code out}; progress (waiting, bound) on {@code status}. Every direct connection of the tool is
 * made here, so relay-backed connectors change only this class and the options.
 */
final class Connections {

    private final EndpointOptions options;
    private final PrintWriter out;
    private final PrintWriter status;
    private final TrafficLogger trace;

    Connections(EndpointOptions options, PrintWriter out, PrintWriter status) {
        this.options = options;
        this.out = out;
        this.status = status;
        this.trace = new WireTrace(System.err);
    }

    /**
     * The passive side: listens, prints the path, and waits for the peer to connect and bind (from
     * {@code listen.remotePath} when given, else the first peer to bind).
     */
    MsrpTransport listen(ListenOptions listen) throws IOException {
        ConnectSettings settings = options.connectSettings(trace);
        MsrpUri local = options.localUri("127.0.0.1", listen.tls);
        MsrpTransport transport;
        if (listen.remotePath != null && !listen.remotePath.isEmpty()) {
            AcceptorDirect acceptor = new AcceptorDirect(settings);
            try {
                announce(acceptor.prepare(local), acceptor.localFingerprint());
                waiting("the peer " + join(listen.remotePath));
                transport = acceptor.complete(listen.remotePath);
            } finally {
                acceptor.cleanup();
            }
        } else {
            FirstBindingAcceptor acceptor = new FirstBindingAcceptor(settings);
            try {
                announce(acceptor.prepare(local), acceptor.localFingerprint());
                waiting("a peer");
                transport = acceptor.complete();
            } finally {
                acceptor.cleanup();
            }
        }
        bound(transport);
        return transport;
    }

    /** The active side: prints the local path, connects to {@code remotePath} and binds. */
    MsrpTransport connect(List<MsrpUri> remotePath) throws IOException {
        MsrpUri first = remotePath.get(0);
        ConnectSettings settings = options.connectSettings(trace);
        Optional<Fingerprint> fingerprint = Optional.empty();
        if (first.useTls()) {
            TlsCredentials credentials = TlsCredentials.selfSigned("msrp4j");
            settings = settings.toBuilder().tlsCredentials(credentials).build();
            fingerprint = Optional.of(credentials.fingerprint());
        }
        ConnectorDirect connector = new ConnectorDirect(settings);
        MsrpTransport transport;
        try {
            announce(connector.prepare(options.localUri(addressToward(first), first.useTls())), fingerprint);
            status.println("connecting to " + join(remotePath) + " ...");
            status.flush();
            transport = connector.complete(remotePath);
        } finally {
            connector.cleanup();
        }
        bound(transport);
        return transport;
    }

    private void announce(List<MsrpUri> localPath, Optional<Fingerprint> fingerprint) {
        out.println("a=path:" + join(localPath));
        fingerprint.ifPresent(f -> out.println("a=fingerprint:" + f));
        out.flush();
    }

    private void waiting(String whom) {
        status.println("waiting up to " + options.timeout().toSeconds() + " s for " + whom
                + " to connect and bind to the path above ...");
        status.flush();
    }

    private void bound(MsrpTransport transport) {
        status.println("bound: peer " + join(transport.fullRemotePath()) + " at " + transport.remoteAddress()
                + transport.peerFingerprint().map(f -> ", certificate " + f).orElse(transport.isTls() ? ", TLS" : ""));
        status.flush();
    }

    /** URIs separated by spaces, as in SDP {@code a=path}. */
    static String join(List<MsrpUri> path) {
        return path.stream().map(MsrpUri::toString).collect(Collectors.joining(" "));
    }

    /**
     * The local address this machine would use to reach {@code peer} (a connected UDP socket sends
     * nothing but picks the route), or the loopback address when that cannot be told.
     */
    private static String addressToward(MsrpUri peer) {
        try (DatagramSocket probe = new DatagramSocket()) {
            probe.connect(new InetSocketAddress(InetAddress.getByName(peer.host()), peer.effectivePort()));
            InetAddress local = probe.getLocalAddress();
            if (local != null && !local.isAnyLocalAddress()) {
                return local.getHostAddress();
            }
        } catch (IOException | RuntimeException e) {
            // the connection attempt itself reports an unknown or unreachable peer clearly
        }
        return InetAddress.getLoopbackAddress().getHostAddress();
    }
}
