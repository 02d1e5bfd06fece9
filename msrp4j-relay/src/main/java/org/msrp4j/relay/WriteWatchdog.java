package org.msrp4j.relay;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Closes connections whose receiver stopped reading. It runs only while some connection is inside
 * a socket write: every half stall timeout it asks each connection's writer to {@link
 * PeerWriter#checkStall check} whether its write has been blocked for longer than the
 * stall timeout.
 */
final class WriteWatchdog {

    private final Set<PeerWriter> writing = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final ScheduledExecutorService timers;
    private final long periodMillis;

    WriteWatchdog(ScheduledExecutorService timers, Duration stallTimeout) {
        this.timers = timers;
        this.periodMillis = stallTimeout.toMillis() / 2 + 1;
    }

    /** {@code c}'s connection is inside a socket write. */
    void writeStarted(PeerWriter c) {
        writing.add(c);
        if (scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    /** {@code c}'s socket write returned. */
    void writeEnded(PeerWriter c) {
        writing.remove(c);
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
        for (PeerWriter w : writing) {
            w.checkStall(now);
        }
        scheduled.set(false);
        if (!writing.isEmpty() && !timers.isShutdown() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }
}
