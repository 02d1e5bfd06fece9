package org.msrp4j.session;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.Status;

/**
 * The incoming messages a session refuses, each with the status its chunks are answered with, and
 * those a failure REPORT went out for, so that each refused message gets one at most. Both are
 * bounded (the oldest 1024 are forgotten first). Thread-safe: the application refuses from any
 * thread, the readers ask.
 */
final class Refusals {

    private static final int REMEMBERED = 1024;

    private final ReentrantLock lock = new ReentrantLock();
    /** The codes RFC 4975 gives a receiver for a message it will not take (413: §7.3.2; 400, 403, 415: §10). */
    private static final Set<Integer> CODES = Set.of(400, 403, 413, 415);

    private final Map<String, Status> refused = bounded();
    private final Map<String, Boolean> reported = bounded();

    private static <V> Map<String, V> bounded() {
        return new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > REMEMBERED;
            }
        };
    }

    /**
     * Refuses {@code messageId} with {@code status}; a message refused already keeps its first status.
     *
     * @throws IllegalArgumentException if the code is not one of 400, 403, 413, 415
     */
    void refuse(String messageId, Status status) {
        if (!CODES.contains(status.code())) {
            throw new IllegalArgumentException("a message is refused with 400, 403, 413 or 415, not " + status.code());
        }
        lock.lock();
        try {
            refused.putIfAbsent(messageId, status);
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code messageId} (null for none) is refused. */
    boolean isRefused(String messageId) {
        return statusOf(messageId) != null;
    }

    /** The status {@code messageId} (null for none) is refused with, or null. */
    Status statusOf(String messageId) {
        if (messageId == null) {
            return null;
        }
        lock.lock();
        try {
            return refused.get(messageId);
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
