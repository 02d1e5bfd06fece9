package org.msrp4j.chat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A stream's sent messages that await their fate, by Message-ID. Whatever settles a message first
 * (the session's {@code MessageOutcome}, the stream's delivery timeout, the end of the stream)
 * settles it; later attempts do nothing. Thread-safe.
 */
final class DeliveryTracker {

    /** Receives each settled message once, outside the tracker's lock. */
    interface Settled {
        void settled(OutgoingChatMessage message, DeliveryStatus status);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, OutgoingChatMessage> pending = new LinkedHashMap<>();
    private final Settled settled;

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

    /** Settles a message, if it is still pending; returns whether it was. */
    boolean settle(String messageId, DeliveryStatus status) {
        OutgoingChatMessage m;
        lock.lock();
        try {
            m = pending.remove(messageId);
        } finally {
            lock.unlock();
        }
        if (m == null) {
            return false;
        }
        settled.settled(m, status);
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
            all = new ArrayList<>(pending.values());
            pending.clear();
        } finally {
            lock.unlock();
        }
        for (OutgoingChatMessage m : all) {
            settled.settled(m, status);
        }
    }
}
