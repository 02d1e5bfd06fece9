package org.msrp4j.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The incoming messages a session refuses (413), and those a failure REPORT went out for, so that
 * each refused message gets one at most. Both are bounded (the oldest 1024 are forgotten first).
 * Thread-safe: the application refuses from any thread, the readers ask.
 */
final class Refusals {

    private static final int REMEMBERED = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Boolean> refused = bounded();
    private final Map<String, Boolean> reported = bounded();

    private static Map<String, Boolean> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    void refuse(String messageId) {
        lock.lock();
        try {
            refused.put(messageId, Boolean.TRUE);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code messageId} (null for none) is refused. */
    boolean isRefused(String messageId) {
        if (messageId == null) {
            return false;
        }
        lock.lock();
        try {
            return refused.containsKey(messageId);
        } finally {
            lock.unlock();
        }
    }

    /** Whether no failure REPORT went out yet for {@code messageId}; notes that one goes now. */
    boolean firstFailure(String messageId) {
        if (messageId == null) {
            return true;
        }
        lock.lock();
        try {
            return reported.put(messageId, Boolean.TRUE) == null;
        } finally {
            lock.unlock();
        }
    }
}
