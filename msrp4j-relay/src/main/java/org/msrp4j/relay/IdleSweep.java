package org.msrp4j.relay;

import java.time.Duration;
import java.util.Collection;

/**
 * Closes the connections that have been idle for {@link TimeoutSettings#idle()} between chunks
 * while holding no relay URI (see {@link PeerConnection#idleTooLong}). A reader waiting between
 * chunks reads without a socket timeout: a timed read makes the JDK schedule and cancel a timer on
 * every wait, a wake-up of its timer thread per message relayed, and this one sweep every quarter
 * of the idle timeout replaces all of those timers.
 */
final class IdleSweep {

    /** The shortest time between sweeps, whatever the idle timeout. */
    private static final Duration MIN_PERIOD = Duration.ofMillis(10);

    private final MsrpRelay relay;
    private final Collection<PeerConnection> connections;
    private final long idleNanos;
    private final Duration period;

    private IdleSweep(MsrpRelay relay, Collection<PeerConnection> connections, Duration idle) {
        this.relay = relay;
        this.connections = connections;
        this.idleNanos = idle.toNanos();
        this.period = idle.dividedBy(4).compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : idle.dividedBy(4);
    }

    /** Sweeps {@code connections} (a live view) for {@code relay}, unless its idle timeout is 0 (none). */
    static void start(MsrpRelay relay, Collection<PeerConnection> connections) {
        Duration idle = relay.configInternal().timeouts().idle();
        if (!idle.isZero()) {
            new IdleSweep(relay, connections, idle).arm();
        }
    }

    private void arm() {
        relay.schedule(period, this::sweep);
    }

    private void sweep() {
        long now = System.nanoTime();
        for (PeerConnection c : connections) {
            if (c.idleTooLong(now, idleNanos)) {
                c.closeIdle();
            }
        }
        arm();
    }
}
