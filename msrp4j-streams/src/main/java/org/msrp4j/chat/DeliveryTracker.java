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
 * end of the stream) settles it; later attempts do nothing. Lets {@link ChatStream#end()} wait
 * until none is pending. Thread-safe.
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
    private Runnable onEmpty;
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

    /**
     * Runs {@code action} once no message awaits its fate: now, or when the last pending one is
     * settled (on that thread). A later call replaces an action still waiting.
     */
    void whenEmpty(Runnable action) {
        lock.lock();
        try {
            if (!pending.isEmpty()) {
                onEmpty = action;
                return;
            }
        } finally {
            lock.unlock();
        }
        action.run();
    }

    /** Settles a message, if it is still pending; returns whether it was. */
    boolean settle(String messageId, DeliveryStatus status) {
        Pending p;
        Runnable empty;
        lock.lock();
        try {
            p = pending.remove(messageId);
            empty = emptied();
        } finally {
            lock.unlock();
        }
        if (p == null) {
            return false;
        }
        settled.settled(p.message(), status);
        run(empty);
        return true;
    }

    /** Stops tracking a message that was never sent, without settling it. */
    void forget(String messageId) {
        Runnable empty;
        lock.lock();
        try {
            pending.remove(messageId);
            empty = emptied();
        } finally {
            lock.unlock();
        }
        run(empty);
    }

    /** Settles every pending message with {@code status}, in the order they were sent. */
    void settleAll(DeliveryStatus status) {
        List<OutgoingChatMessage> all;
        Runnable empty;
        lock.lock();
        try {
            all = new ArrayList<>(pending.size());
            for (Pending p : pending.values()) {
                all.add(p.message());
            }
            pending.clear();
            empty = emptied();
        } finally {
            lock.unlock();
        }
        for (OutgoingChatMessage m : all) {
            settled.settled(m, status);
        }
        run(empty);
    }

    /** The timer task: settles the overdue messages as not delivered, re-arming for the next deadline. */
    private void expire() {
        List<OutgoingChatMessage> overdue = new ArrayList<>();
        Runnable empty;
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
            empty = emptied();
        } finally {
            lock.unlock();
        }
        DeliveryStatus status = new DeliveryStatus(408, "no success report within " + timeout.toMillis() + " ms");
        for (OutgoingChatMessage m : overdue) {
            settled.settled(m, status);
        }
        run(empty);
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

    /** The action waiting for the last pending message, if it just went; under the lock. */
    private Runnable emptied() {
        if (!pending.isEmpty() || onEmpty == null) {
            return null;
        }
        Runnable r = onEmpty;
        onEmpty = null;
        return r;
    }

    private static void run(Runnable action) {
        if (action != null) {
            action.run();
        }
    }
}
