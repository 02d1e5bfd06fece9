package org.msrp4j.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream's sent messages that await their fate, by Message-ID. Whatever settles a message first
 * (the session's {@code MessageOutcome}, the stream's delivery timeout, the end of the stream)
 * settles it; later attempts do nothing. Lets {@link ChatStream#end()} wait until none is pending.
 * Thread-safe.
 */
final class DeliveryTracker {

    /** Receives each settled message once, outside the tracker's lock. */
    interface Settled {
        void settled(OutgoingChatMessage message, DeliveryStatus status);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, OutgoingChatMessage> pending = new LinkedHashMap<>();
    private final Settled settled;
    private Runnable onEmpty;

    DeliveryTracker(Settled settled) {
        this.settled = settled;
    }

    /** Starts tracking {@code message}. */
    void track(OutgoingChatMessage message) {
        lock.lock();
        try {
            pending.put(message.messageId(), message);
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
        OutgoingChatMessage m;
        Runnable empty;
        lock.lock();
        try {
            m = pending.remove(messageId);
            empty = emptied();
        } finally {
            lock.unlock();
        }
        if (m == null) {
            return false;
        }
        settled.settled(m, status);
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
            all = new ArrayList<>(pending.values());
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
