package org.msrp4j.relay;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Does for the readers waiting without a socket timeout (see {@link UntimedWait}) what their
 * timeouts would have done: every {@link #period} it closes the connections whose sender stalled
 * inside a chunk or whose chunk became too slow, and shrinks the buffers of those idle between
 * chunks for {@link PeerConnection#SHRINK_AFTER_MILLIS}. One task for the whole relay, instead of
 * a timer per blocking read. It visits only the connections whose reader told it of such a wait
 * ({@link #watch}), not every connection: a relay holding many idle sessions does no work per
 * session while they stay idle.
 */
final class WaitSweep {

    /** The shortest and the longest time between sweeps. */
    private static final Duration MIN_PERIOD = Duration.ofMillis(10);
    private static final Duration MAX_PERIOD = Duration.ofMillis(250);

    private final MsrpRelay relay;
    private final Duration period;
    /** The connections whose reader waits, or waited since the last sweep, with something for it to do. */
    private final Set<PeerConnection> watched = ConcurrentHashMap.newKeySet();

    /** A sweep for {@code relay}, its period a quarter of the shortest deadline it stands in for. */
    WaitSweep(MsrpRelay relay, RelayConfig config) {
        this.relay = relay;
        Duration shortest = config.timeouts().stall();
        if (!config.capacity().chunkMaxTime().isZero() && config.capacity().chunkMaxTime().compareTo(shortest) < 0) {
            shortest = config.capacity().chunkMaxTime();
        }
        Duration p = shortest.dividedBy(4);
        this.period = p.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : p.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : p;
    }

    /** Starts sweeping, until the relay stops. */
    void start() {
        relay.schedule(period, this::sweep);
    }

    /**
     * The reader of {@code c} is about to wait untimed with something for the sweep to do, having
     * said so to its {@link UntimedWait} first.
     */
    void watch(PeerConnection c) {
        watched.add(c);
    }

    /** How many connections the sweep visits now. */
    int watched() {
        return watched.size();
    }

    private void sweep() {
        long now = System.nanoTime();
        long shrinkAfter = Duration.ofMillis(PeerConnection.SHRINK_AFTER_MILLIS).toNanos();
        for (PeerConnection c : watched) {
            c.sweepWait(now, shrinkAfter);
            if (!c.awaitsSweep()) {
                watched.remove(c);
                // a reader that began a new wait meanwhile set its state before it called watch
                if (c.awaitsSweep()) {
                    watched.add(c);
                }
            }
        }
        start();
    }
}
