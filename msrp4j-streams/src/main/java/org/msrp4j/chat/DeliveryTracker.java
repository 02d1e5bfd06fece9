package org.msrp4j.chat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream's sent messages that await their fate, by Message-ID, in the order they were sent.
 * Whatever settles a message first (the session's {@code MessageOutcome}, the delivery timeout, the
 * end of the stream) settles it; later attempts do nothing. Thread-safe.
 *
 * <p>The delivery timeout costs no timer task per message: every message has the same timeout, so
 * deadlines come in sending order, and one task on the timer, armed for the oldest pending
 * message's deadline, settles what is overdue and re-arms itself while messages are pending.
 */
final class DeliveryTracker {

    /** Receives each settled message once, outside the tracker's lock. */
    interface Settled {
        void settled(OutgoingChatMessage message, DeliveryStatus status);
    }

    /** A pending message and when it times out ({@link System#nanoTime()}). */
    private record Pending(OutgoingChatMessage message, long deadline) {
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Settled settled;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private boolean armed;

    /**
     * A tracker that settles a message not settled otherwise within {@code timeout} of being tracked
     * as not delivered (408), from a task on {@code timer}.
     */
    DeliveryTracker(Settled settled, ScheduledExecutorService timer, Duration timeout) {
        this.settled = settled;
        this.timer = timer;
        this.timeout = timeout;
    }

    /** Starts tracking {@code message}; its delivery timeout runs from now. */
    void track(OutgoingChatMessage message) {
        lock.lock();
        try {
            pending.put(message.messageId(), new Pending(message, System.nanoTime() + timeout.toNanos()));
            if (!armed) {
                arm(timeout.toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /** How many messages await their fate. */
    int size() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Settles a message, if it is still pending; returns whether it was. */
    boolean settle(String messageId, DeliveryStatus status) {
        Pending p;
        lock.lock();
        try {
            p = pending.remove(messageId);
        } finally {
            lock.unlock();
        }
        if (p == null) {
            return false;
        }
        settled.settled(p.message(), status);
        return true;
    }

    /** Stops tracking a message that was never sent, without settling it. */
    void forget(String messageId) {
        lock.lock();
        try {
            pending.remove(messageId);
        } finally {
            lock.unlock();
        }
    }

    /** Settles every pending message with {@code status}, in the order they were sent. */
    void settleAll(DeliveryStatus status) {
        List<OutgoingChatMessage> all;
        lock.lock();
        try {
            all = new ArrayList<>(pending.size());
            for (Pending p : pending.values()) {
                all.add(p.message());
            }
            pending.clear();
        } finally {
            lock.unlock();
        }
        for (OutgoingChatMessage m : all) {
            settled.settled(m, status);
        }
    }

    /** The timer task: settles the overdue messages as not delivered, re-arming for the next deadline. */
    private void expire() {
        List<OutgoingChatMessage> overdue = new ArrayList<>();
        lock.lock();
        try {
            armed = false;
            long now = System.nanoTime();
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (p.deadline() - now > 0) {
                    arm(p.deadline() - now);
                    break;
                }
                it.remove();
                overdue.add(p.message());
            }
        } finally {
            lock.unlock();
        }
        DeliveryStatus status = new DeliveryStatus(408, "no success report within " + timeout.toMillis() + " ms");
        for (OutgoingChatMessage m : overdue) {
            settled.settled(m, status);
        }
    }

    /**
     * Schedules {@link #expire} in {@code nanos}; under the lock. A shut-down timer (the stream has
     * ended, and settles what is pending itself) arms nothing.
     */
    private void arm(long nanos) {
        try {
            timer.schedule(this::expire, nanos, TimeUnit.NANOSECONDS);
            armed = true;
        } catch (RejectedExecutionException e) {
            armed = false;
        }
    }
}
