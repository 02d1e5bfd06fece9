package org.msrp4j.relay;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes connections whose receiver stopped reading. It runs only while some connection is inside
 * a socket write: every half stall timeout it asks each connection's writer to {@link
 * PeerWriter#checkStall check} whether its write has been blocked for longer than the stall
 * timeout. A write costs it one volatile read: the writers themselves say whether they are inside
 * a write, and the watchdog looks at the relay's connections rather than keeping a set of writers.
 */
final class WriteWatchdog {

    private final Collection<PeerConnection> connections;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timers;
    private final long periodMillis;

    WriteWatchdog(ScheduledExecutorService timers, Duration stallTimeout, Collection<PeerConnection> connections) {
        this.timers = timers;
        this.periodMillis = stallTimeout.toMillis() / 2 + 1;
        this.connections = connections;
    }

    /** A connection's writer is inside a socket write: the watchdog runs until none is. */
    void writeStarted() {
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            timers.schedule(this::watch, periodMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            scheduled.set(false);
        }
    }

    private void watch() {
        long now = System.nanoTime();
        boolean writing = false;
        for (PeerConnection c : connections) {
            writing |= c.writer().checkStall(now);
        }
        if (!writing) {
            scheduled.set(false);
            // a write that began as the flag went down may have seen it still up
            for (PeerConnection c : connections) {
                writing |= c.writer().isWriting();
            }
            if (!writing || !scheduled.compareAndSet(false, true)) {
                return;
            }
        }
        if (!timers.isShutdown()) {
            schedule();
        } else {
            scheduled.set(false);
        }
    }
}
