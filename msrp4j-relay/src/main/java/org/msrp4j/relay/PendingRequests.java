package org.msrp4j.relay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.Status;

/**
 * The requests forwarded on one connection whose responses are awaited, by the transaction id the
 * relay gave them: at most {@link #MAX}, each failed with 408 when its response does not come
 * within the response timeout after it went on in full, or when the connection closes.
 */
final class PendingRequests {

    /** Forwarded requests awaiting a response on one connection, at most. */
    static final int MAX = 4096;

    private final MsrpRelay relay;
    private final ReentrantLock lock = new ReentrantLock();
    /** In the order the requests were forwarded here, which is also the order of their deadlines. */
    private final LinkedHashMap<String, PendingRequest> pending = new LinkedHashMap<>();
    /** Expires pending requests at their deadlines; one per connection, armed while any has one. */
    private ScheduledFuture<?> responseTimer;
    private boolean closed;

    PendingRequests(MsrpRelay relay) {
        this.relay = relay;
    }

    /** {@code p} went on (or starts to) under transaction id {@code tid}; the oldest fails if there are too many. */
    void add(String tid, PendingRequest p) {
        PendingRequest evicted = null;
        lock.lock();
        try {
            if (pending.size() >= MAX) {
                Iterator<Map.Entry<String, PendingRequest>> it = pending.entrySet().iterator();
                evicted = it.next().getValue();
                it.remove();
            }
            pending.put(tid, p);
        } finally {
            lock.unlock();
        }
        if (evicted != null) {
            PendingRequest e = evicted;
            relay.execute(() -> e.complete(Status.TIMEOUT, "Too many transactions in flight", null));
        }
    }

    /** {@code p}, forwarded in full, now waits at most the response timeout for its answer. */
    void awaitResponse(PendingRequest p) {
        long timeout = relay.configInternal().timeouts().response().toNanos();
        lock.lock();
        try {
            p.deadline((System.nanoTime() + timeout) | 1);
            if (responseTimer == null && !closed) {
                responseTimer = relay.schedule(Duration.ofNanos(timeout), this::expire);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Fails the requests whose deadline has passed and arms the timer for the next deadline. */
    private void expire() {
        List<PendingRequest> expired = new ArrayList<>();
        lock.lock();
        try {
            responseTimer = null;
            long now = System.nanoTime();
            PendingRequest next = null;
            for (Iterator<PendingRequest> it = pending.values().iterator(); it.hasNext(); ) {
                PendingRequest p = it.next();
                if (p.deadline() == 0) {
                    continue; // still being streamed
                }
                if (p.deadline() - now > 0) {
                    next = p;
                    break;
                }
                it.remove();
                expired.add(p);
            }
            if (next != null && !closed) {
                responseTimer = relay.schedule(Duration.ofNanos(next.deadline() - now), this::expire);
            }
        } finally {
            lock.unlock();
        }
        for (PendingRequest p : expired) {
            relay.metrics().nextHopFailed(RelayMetrics.NextHopFailure.RESPONSE_TIMEOUT);
            p.complete(Status.TIMEOUT, "No response from next hop", null);
        }
    }

    /** Takes the request awaiting the response with transaction id {@code tid}, or null. */
    PendingRequest remove(String tid) {
        lock.lock();
        try {
            return pending.remove(tid);
        } finally {
            lock.unlock();
        }
    }

    /** The connection closed: every request still awaiting its response fails (on a task thread). */
    void close() {
        List<PendingRequest> orphans;
        lock.lock();
        try {
            closed = true;
            orphans = new ArrayList<>(pending.values());
            pending.clear();
            if (responseTimer != null) {
                responseTimer.cancel(false);
                responseTimer = null;
            }
        } finally {
            lock.unlock();
        }
        if (!orphans.isEmpty()) {
            relay.execute(() -> {
                for (PendingRequest p : orphans) {
                    p.complete(Status.TIMEOUT, "Connection to next hop closed", null);
                }
            });
        }
    }
}
