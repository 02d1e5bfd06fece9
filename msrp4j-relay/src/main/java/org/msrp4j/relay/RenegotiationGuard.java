package org.msrp4j.relay;

import java.time.Duration;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses client-initiated TLS renegotiation on an inbound connection: once the first handshake is
 * done, any further handshake closes the connection. Each renegotiation costs the relay a full
 * handshake's CPU (a signature and a key exchange), so a client repeating it would burn CPU for the
 * price of a few bytes; closed after the first, it must open a new connection for each (TCP and a
 * full handshake of its own), which the per-address connection cap and the entry deadlines bound.
 *
 * <p>Why this way: JSSE's switch ({@code jdk.tls.rejectClientInitiatedRenegotiation}) is a system
 * property, read once for the whole JVM: a library must not set it for its host application, and
 * setting it after JSSE has loaded has no effect. Limiting the listeners to TLS 1.3, which has no
 * renegotiation, would shut out TLS 1.2 clients. A {@link javax.net.ssl.HandshakeCompletedListener}
 * added after the first handshake is per socket and fires only for a second one (TLS 1.3's
 * KeyUpdate is not a handshake and is left alone). JSSE calls it on a new thread of its own, so it
 * is added only once the first handshake is over: honest connections never start one.
 */
final class RenegotiationGuard {

    private static final Logger LOG = LoggerFactory.getLogger(RenegotiationGuard.class);
    private static final RateLimitedLog REFUSED = new RateLimitedLog(LOG, Duration.ofMinutes(1));

    private RenegotiationGuard() {
    }

    /** Closes {@code conn} if {@code ssl}, whose first handshake is done, ever completes another. */
    static void install(SSLSocket ssl, PeerConnection conn) {
        ssl.addHandshakeCompletedListener(e -> {
            REFUSED.warn("TLS renegotiation refused, connection closed (the latest: {})", conn);
            conn.close();
        });
    }
}
