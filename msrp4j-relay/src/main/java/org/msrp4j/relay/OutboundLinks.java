package org.msrp4j.relay;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.tls.ReadAheadSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's connections to next hops, keyed by scheme, host and port: the ones it opened
 * (within its {@link NextHopPolicy}) and inbound ones whose peer proved to be a next hop's URI.
 * A connection is only ever used for a URI whose scheme (TLS or not), host and port it really
 * is: an inbound connection is learnt for a previous hop's URI only when that URI names the
 * connection's own remote address and port, over the same kind of transport (a direct peer's URI
 * names its side of the connection it opened, where nobody listens). So a peer cannot claim the
 * traffic for another host or port, nor serve an {@code msrps} URI over plain TCP. The relay opens
 * no WebSocket connections, and a WebSocket peer is never learnt as a next hop: such a client is
 * reached over the connection its AUTH came on only.
 */
final class OutboundLinks {

    private static final Logger LOG = LoggerFactory.getLogger(OutboundLinks.class);
    /** An IPv4 or IPv6 address literal (a host name is never taken for the address it came from). */
    private static final Pattern ADDRESS_LITERAL = Pattern.compile("[0-9.]+|[0-9a-fA-F:.%]*:[0-9a-fA-F:.%]*");

    /** The answer's comment when a next hop is refused by policy, unreachable or refuses: all look alike. */
    static final String UNREACHABLE = "Cannot reach the next hop";

    private final MsrpRelay relay;
    private final RelayConfig config;
    private final SSLContext clientTls;
    private final Map<String, CompletableFuture<PeerConnection>> links = new ConcurrentHashMap<>();

    OutboundLinks(MsrpRelay relay, RelayConfig config, SSLContext clientTls) {
        this.relay = relay;
        this.config = config;
        this.clientTls = clientTls;
    }

    /** The key of a next hop's URI: scheme, host (lower case) and port. */
    static String key(MsrpUri next) {
        return (next.useTls() ? "msrps://" : "msrp://") + next.host().toLowerCase(Locale.ROOT) + ":"
                + next.effectivePort();
    }

    /**
     * A connection to {@code next}'s scheme, host and port that the relay opened, or that the peer
     * there opened to the relay, reused while it lives; null if the next hop is refused by the
     * policy or cannot be reached.
     */
    PeerConnection get(MsrpUri next) {
        if (isWebSocket(next)) {
            return null; // WebSocket clients are reached only over their own connection (RFC 7977 §5.4)
        }
        String key = key(next);
        for (int attempt = 0; attempt < 2 && !relay.isClosed(); attempt++) {
            CompletableFuture<PeerConnection> mine = new CompletableFuture<>();
            CompletableFuture<PeerConnection> existing = links.putIfAbsent(key, mine);
            if (existing == null) {
                PeerConnection c = connect(next, key);
                mine.complete(c);
                if (c == null) {
                    links.remove(key, mine);
                }
                return c;
            }
            PeerConnection c;
            try {
                c = existing.get(config.timeouts().connect().toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            } catch (ExecutionException | TimeoutException e) {
                return null;
            }
            if (c != null && !c.isClosed()) {
                return c;
            }
            links.remove(key, existing);
        }
        return null;
    }

    /**
     * Remembers that {@code previousHop}, the sender of a request that came in on {@code from}, is
     * reached over that connection, so the session owner's answers go back the same way: only for
     * an inbound connection whose remote address and port are the URI's host and port and whose
     * transport is the URI's scheme, and only while no live connection has that key.
     */
    void learn(PeerConnection from, MsrpUri previousHop) {
        if (from.base == null || isWebSocket(from.base) || isWebSocket(previousHop)
                || previousHop.useTls() != from.tls
                || previousHop.effectivePort() != from.remotePort()
                || !sameAddress(previousHop.host(), from.remoteAddress())) {
            return;
        }
        String key = key(previousHop);
        if (from.isKnownAs(key)) {
            return;
        }
        CompletableFuture<PeerConnection> known = links.get(key);
        PeerConnection current = known == null ? null : known.getNow(null);
        if (current == null ? links.putIfAbsent(key, CompletableFuture.completedFuture(from)) == null
                : current.isClosed() && links.replace(key, known, CompletableFuture.completedFuture(from))) {
            from.knownAs(key);
            if (from.isClosed()) {
                forget(from, key);
            }
        }
    }

    /** Forgets every key under which {@code c} was known; it closed. */
    void forget(PeerConnection c) {
        if (c.outboundKey != null) {
            forget(c, c.outboundKey);
        }
        for (String key : c.peerKeys()) {
            forget(c, key);
        }
    }

    private void forget(PeerConnection c, String key) {
        CompletableFuture<PeerConnection> f = links.get(key);
        if (f != null && f.getNow(null) == c) {
            links.remove(key, f);
        }
    }

    private static boolean isWebSocket(MsrpUri uri) {
        return uri.transport().equalsIgnoreCase("ws");
    }

    private static boolean sameAddress(String uriHost, InetAddress remote) {
        if (remote == null || !ADDRESS_LITERAL.matcher(uriHost).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(uriHost).equals(remote); // a literal: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Opens a connection to the first of {@code next}'s addresses the policy permits, connecting
     * to that address itself (so a name cannot resolve to another one between check and connect).
     */
    private PeerConnection connect(MsrpUri next, String key) {
        if (relay.connectionCount() >= config.capacity().maxConnections()) {
            LOG.warn("connection limit {} reached, cannot open {}", config.capacity().maxConnections(), key);
            return null;
        }
        InetAddress address = permittedAddress(next, key);
        if (address == null) {
            return null;
        }
        ReadAheadSocket tcp = new ReadAheadSocket();
        try {
            int timeout = (int) config.timeouts().connect().toMillis();
            tcp.connect(new InetSocketAddress(address, next.effectivePort()), timeout);
            tcp.setTcpNoDelay(true); // before the TLS handshake, whose flights must not wait for ACKs either
            Socket sock = tcp;
            if (next.useTls()) {
                tcp.enableReadAhead();
                SSLSocket ssl = (SSLSocket) clientTls.getSocketFactory().createSocket(tcp, next.host(),
                        next.effectivePort(), true);
                ssl.setSoTimeout(timeout);
                ssl.startHandshake();
                sock = ssl;
            }
            PeerConnection c = new PeerConnection(relay, sock, tcp, null, key);
            relay.register(c);
            LOG.debug("opened {}", key);
            return c;
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot connect to {}: {}", key, e.toString());
            relay.metrics().nextHopFailed(RelayMetrics.NextHopFailure.UNREACHABLE);
            try {
                tcp.close();
            } catch (IOException ignored) {
                // closing is all that is asked
            }
            return null;
        }
    }

    private InetAddress permittedAddress(MsrpUri next, String key) {
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(next.host());
        } catch (UnknownHostException | RuntimeException e) {
            LOG.debug("cannot resolve {}: {}", key, e.toString());
            relay.metrics().nextHopFailed(RelayMetrics.NextHopFailure.UNREACHABLE);
            return null;
        }
        for (InetAddress a : addresses) {
            if (config.nextHopPolicy().permits(a, next.effectivePort())) {
                return a;
            }
        }
        LOG.debug("next hop {} refused by the next-hop policy", key);
        relay.metrics().nextHopFailed(RelayMetrics.NextHopFailure.POLICY);
        return null;
    }
}
