package org.msrp4j.relay;

import java.time.Duration;
import java.util.Collection;

/**
 * Does for the readers waiting without a socket timeout (see {@link UntimedWait}) what their
 * timeouts would have done: every {@link #period} it closes the connections whose sender stalled
 * inside a chunk or whose chunk became too slow, and shrinks the buffers of those idle between
 * chunks for {@link PeerConnection#SHRINK_AFTER_MILLIS}. One task for the whole relay, instead of
 * a timer per blocking read.
 */
final class WaitSweep {

    /** The shortest and the longest time between sweeps. */
    private static final Duration MIN_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_PERIOD = Duration.ofMillis(250);

    private final MsrpRelay relay;
    private final Collection<PeerConnection> connections;
    private final Duration period;

    private WaitSweep(MsrpRelay relay, Collection<PeerConnection> connections, Duration period) {
        this.relay = relay;
        this.connections = connections;
        this.period = period;
    }

    /** Sweeps {@code connections} (a live view) for {@code relay} until it stops. */
    static void start(MsrpRelay relay, Collection<PeerConnection> connections) {
        RelayConfig config = relay.configInternal();
        Duration shortest = config.timeouts().stall();
        if (!config.capacity().chunkMaxTime().isZero() && config.capacity().chunkMaxTime().compareTo(shortest) < 0) {
            shortest = config.capacity().chunkMaxTime();
        }
        Duration p = shortest.dividedBy(4);
        p = p.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : p.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : p;
        new WaitSweep(relay, connections, p).arm();
    }

    private void arm() {
        relay.schedule(period, this::sweep);
    }

    private void sweep() {
        long now = System.nanoTime();
        long shrinkAfter = Duration.ofMillis(PeerConnection.SHRINK_AFTER_MILLIS).toNanos();
        for (PeerConnection c : connections) {
            c.sweepWait(now, shrinkAfter);
        }
        arm();
    }
}
