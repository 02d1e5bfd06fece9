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
import org.msrp4j.connect.ConnectFailedException;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.connect.RelayConnection;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;

/**
 * Sets up the bound connection of a command, printing what the user hands to the peer: the local
 * path as {@code a=path:…} and, with TLS, the certificate fingerprint as {@code a=fingerprint:…} on
 * {@code out}; progress (waiting, bound) on {@code status}. Every connection of the tool is made
 * here: directly, or with {@code --relay} through core's {@link RelayConnection}, whose path starts
 * with the relay's URI. File chunks to a path with relay hops are kept within {@code
 * --relay-chunk-size}.
 */
final class Connections {

    private final EndpointOptions options;
    private final PrintWriter out;
    private final PrintWriter status;
    private final TrafficLogger trace;
    private final Announcer announcer;

    /**
     * What a command prints for the peer once its local path is known (by default {@code a=path:…}
     * and {@code a=fingerprint:…}).
     */
    interface Announcer {
        /**
         * Prints the local path and fingerprint in the command's form.
         *
         * @return the peer's path when announcing learned it (e.g. read the peer's media description),
         *     else null
         */
        List<MsrpUri> announce(List<MsrpUri> localPath, Optional<Fingerprint> fingerprint)
                throws IOException, CliException;
    }

    Connections(EndpointOptions options, PrintWriter out, PrintWriter status) {
        this(options, out, status, null);
    }

    Connections(EndpointOptions options, PrintWriter out, PrintWriter status, Announcer announcer) {
        this.options = options;
        this.out = out;
        this.status = status;
        this.trace = new WireTrace(System.err);
        this.announcer = announcer != null ? announcer : this::printPath;
    }

    /**
     * The passive side: listens, prints the path, and waits for the peer to connect and bind (from
     * {@code listen.remotePath} when given, else the first peer to bind).
     */
    MsrpTransport listen(ListenOptions listen) throws IOException, CliException {
        ConnectSettings settings = options.connectSettings(trace);
        RelaySettings relay = options.relaySettings();
        if (relay != null) {
            if (listen.tls && !relay.useTls()) {
                throw new CliException(ExitCode.USAGE, "--tls with a plain msrp:// relay: the relay connection is "
                        + "the only one, so give an msrps:// relay instead");
            }
            return viaRelay(relay, RelayConnection.Mode.PASSIVE, settings, listen.remotePath);
        }
        MsrpUri local = options.localUri("127.0.0.1", listen.tls);
        MsrpTransport transport;
        AcceptorDirect acceptor = new AcceptorDirect(settings);
        try {
            List<MsrpUri> remotePath = announce(acceptor.prepare(local), acceptor.localFingerprint(),
                    listen.remotePath);
            if (remotePath != null && !remotePath.isEmpty()) {
                waiting("the peer " + join(remotePath));
                transport = acceptor.complete(remotePath);
            } else {
                waiting("a peer");
                transport = acceptor.completeWithFirstPeer();
            }
        } finally {
            acceptor.cleanup();
        }
        bound(transport);
        return transport;
    }

    /** The active side: prints the local path, connects to {@code remotePath} and binds. */
    MsrpTransport connect(List<MsrpUri> remotePath) throws IOException, CliException {
        MsrpUri first = remotePath.get(0);
        ConnectSettings settings = options.connectSettings(trace);
        RelaySettings relay = options.relaySettings();
        if (relay != null) {
            return viaRelay(relay, RelayConnection.Mode.ACTIVE, settings, remotePath);
        }
        Optional<Fingerprint> fingerprint = Optional.empty();
        if (first.useTls()) {
            TlsCredentials credentials = PkixCredentials.selfSigned("msrp4j");
            settings = settings.toBuilder().tlsCredentials(credentials).build();
            fingerprint = Optional.of(credentials.fingerprint());
        }
        ConnectorDirect connector = new ConnectorDirect(settings);
        MsrpTransport transport;
        try {
            announce(connector.prepare(options.localUri(addressToward(first), first.useTls())), fingerprint,
                    remotePath);
            status.println("connecting to " + join(remotePath) + " ...");
            status.flush();
            transport = connector.complete(remotePath);
        } finally {
            connector.cleanup();
        }
        bound(transport);
        return transport;
    }

    /**
     * Through a relay: connects and authenticates, prints the path (the relay's URI first), then
     * binds, actively to {@code remotePath} or passively from it, or, passive without it, from
     * whichever peer binds first.
     */
    private MsrpTransport viaRelay(RelaySettings relay, RelayConnection.Mode mode, ConnectSettings settings,
            List<MsrpUri> givenRemotePath) throws IOException, CliException {
        RelayConnection connection = new RelayConnection(relay, mode, settings);
        MsrpTransport transport;
        try {
            status.println("connecting to the relay " + options.relay.describe() + " as " + options.relay.user()
                    + " ...");
            status.flush();
            List<MsrpUri> path = prepareRelay(connection);
            status.println("the relay granted " + join(connection.relayPath()) + " (file chunks of at most "
                    + relay.maxChunkSize() + " bytes through it)");
            status.flush();
            List<MsrpUri> remotePath = announce(path, Optional.empty(), givenRemotePath);
            boolean known = remotePath != null && !remotePath.isEmpty();
            if (mode == RelayConnection.Mode.ACTIVE) {
                status.println("connecting to " + join(remotePath) + " through the relay ...");
                status.flush();
                transport = connection.complete(remotePath);
            } else {
                waiting(known ? "the peer " + join(remotePath) : "a peer");
                transport = known ? connection.complete(remotePath) : connection.completeWithFirstPeer();
            }
        } finally {
            connection.cleanup();
        }
        bound(transport);
        return transport;
    }

    /** Connects and authenticates; a relay certificate that fails the check gets a hint at --fingerprint. */
    private List<MsrpUri> prepareRelay(RelayConnection connection) throws IOException, CliException {
        try {
            return connection.prepare(relayLocalUri());
        } catch (ConnectFailedException e) {
            if (options.fingerprint != null || ExitCode.of(e) != ExitCode.TLS) {
                throw e;
            }
            // the handshake's own failure, without core's hint at the Java API
            Throwable handshake = e.getCause() instanceof ConnectFailedException inner ? inner : e;
            throw new CliException(ExitCode.TLS, Main.message(handshake) + "; if the relay's certificate is "
                    + "self-signed (as 'msrp relay' makes), pin it with --fingerprint and the fingerprint the relay "
                    + "printed", e);
        }
    }

    /**
     * The local URI behind the relay from {@code --host} and {@code --session-id}, or null to let
     * the relay connection pick its local address and a random session id.
     */
    private MsrpUri relayLocalUri() {
        if (options.host == null && options.sessionId == null) {
            return null;
        }
        String host = options.host != null ? options.host
                : addressToward(MsrpUri.builder().host(options.relay.host()).port(RelaySettings.DEFAULT_PORT).build());
        MsrpUri.Builder b = MsrpUri.builder().host(host).port(0).useTls(options.relay.tls());
        if (options.sessionId != null) {
            b.sessionId(options.sessionId);
        }
        return b.build();
    }

    /** Announces the local path; the peer's path, as announcing learned it or as given. */
    private List<MsrpUri> announce(List<MsrpUri> localPath, Optional<Fingerprint> fingerprint, List<MsrpUri> given)
            throws IOException, CliException {
        List<MsrpUri> learned = announcer.announce(localPath, fingerprint);
        return learned != null ? learned : given;
    }

    private List<MsrpUri> printPath(List<MsrpUri> localPath, Optional<Fingerprint> fingerprint) {
        out.println("a=path:" + join(localPath));
        fingerprint.ifPresent(f -> out.println("a=fingerprint:" + f));
        out.flush();
        return null;
    }

    private void waiting(String whom) {
        status.println("waiting up to " + options.timeout().toSeconds() + " s for " + whom
                + " to connect and bind to the path above ...");
        status.flush();
    }

    private void bound(MsrpTransport transport) {
        status.println("bound: peer " + PeerText.display(join(transport.fullRemotePath())) + " at "
                + transport.remoteAddress()
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
