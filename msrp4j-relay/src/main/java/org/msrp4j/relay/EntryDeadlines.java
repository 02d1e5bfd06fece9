package org.msrp4j.relay;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The absolute deadlines of a new inbound connection, counted from when it was accepted: the TLS
 * handshake done within {@link AbuseLimits#handshakeTimeout()}, the header block of a first
 * request within {@link AbuseLimits#firstRequestTimeout()}, and an AUTH accepted (or a request
 * delivered) within {@link TimeoutSettings#auth()}. Per-read timeouts alone let a client that
 * sends one byte now and then hold a connection for ever; these do not reset. A connection that
 * misses one is closed; those closings are logged at most once a minute, with a count.
 */
final class EntryDeadlines {

    private static final Logger LOG = LoggerFactory.getLogger(EntryDeadlines.class);
    private static final RateLimitedLog MISSED = new RateLimitedLog(LOG, Duration.ofMinutes(1));

    private final MsrpRelay relay;
    private final PeerConnection conn;
    private final long start = System.nanoTime();
    private final long handshake;
    private final long firstRequest;
    private final long auth;

    private EntryDeadlines(MsrpRelay relay, PeerConnection conn) {
        RelayConfig config = relay.configInternal();
        this.relay = relay;
        this.conn = conn;
        this.handshake = config.abuseLimits().handshakeTimeout().toNanos();
        this.firstRequest = config.abuseLimits().firstRequestTimeout().toNanos();
        this.auth = config.timeouts().auth().toNanos();
    }

    /** Starts watching {@code conn}, an inbound connection just accepted. */
    static void watch(MsrpRelay relay, PeerConnection conn) {
        EntryDeadlines d = new EntryDeadlines(relay, conn);
        d.arm(Math.min(d.auth, Math.min(d.firstRequest, conn.tls ? d.handshake : Long.MAX_VALUE)));
    }

    private void arm(long at) {
        relay.schedule(Duration.ofNanos(Math.max(0, at - (System.nanoTime() - start))), this::check);
    }

    private void check() {
        if (conn.isClosed() || conn.isEstablished()) {
            return;
        }
        long elapsed = System.nanoTime() - start;
        String missed = null;
        RelayMetrics.Refusal limit = RelayMetrics.Refusal.AUTH_TIMEOUT;
        long next = auth;
        if (conn.tls && !conn.handshakeDone()) {
            if (elapsed >= handshake) {
                missed = "its TLS handshake";
                limit = RelayMetrics.Refusal.HANDSHAKE_TIMEOUT;
            }
            next = Math.min(next, handshake);
        }
        if (missed == null && !conn.requestSeen()) {
            if (elapsed >= firstRequest) {
                missed = "its first request";
                limit = RelayMetrics.Refusal.FIRST_REQUEST_TIMEOUT;
            }
            next = Math.min(next, firstRequest);
        }
        if (missed == null && elapsed >= auth) {
            missed = "an AUTH";
        }
        if (missed != null) {
            relay.metrics().refused(limit);
            LOG.debug("{}: no {} in time, closing", conn, missed);
            MISSED.warn("closing connections that are too slow to get going (the latest, {}, missed the deadline "
                    + "for {})", conn, missed);
            conn.close();
            return;
        }
        arm(next > elapsed ? next : auth);
    }
}
