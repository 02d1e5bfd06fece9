package org.msrp4j.relay;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Per-user caps on what one account may hold at once: relay URIs (reservations), over all its
 * connections, and connections holding them. One account cannot fill the relay's memory with
 * reservations, nor its connection slots, however many connections it opens.
 */
final class UserLimits {

    private final int maxReservations;
    private final int maxConnections;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Usage> users = new HashMap<>();
    private final RelayMetrics metrics;

    /** One user's reservations, counted per connection. */
    private static final class Usage {
        int reservations;
        final Map<PeerConnection, Integer> connections = new HashMap<>(2);
    }

    UserLimits(int maxReservations, int maxConnections, RelayMetrics metrics) {
        this.maxReservations = maxReservations;
        this.maxConnections = maxConnections;
        this.metrics = metrics;
    }

    /** Counts one more reservation of {@code user} on {@code conn}; false, counting nothing, if over a cap. */
    boolean tryReserve(String user, PeerConnection conn) {
        lock.lock();
        try {
            Usage u = users.computeIfAbsent(user, k -> new Usage());
            boolean newConnection = !u.connections.containsKey(conn);
            if (u.reservations >= maxReservations || newConnection && u.connections.size() >= maxConnections) {
                metrics.refused(u.reservations >= maxReservations ? RelayMetrics.Refusal.USER_RESERVATIONS
                        : RelayMetrics.Refusal.USER_CONNECTIONS);
                if (u.reservations == 0) {
                    users.remove(user);
                }
                return false;
            }
            u.reservations++;
            u.connections.merge(conn, 1, Integer::sum);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** One reservation of {@code user} on {@code conn} ended. */
    void release(String user, PeerConnection conn) {
        lock.lock();
        try {
            Usage u = users.get(user);
            if (u == null) {
                return;
            }
            u.reservations--;
            u.connections.computeIfPresent(conn, (k, n) -> n > 1 ? n - 1 : null);
            if (u.reservations <= 0) {
                users.remove(user);
            }
        } finally {
            lock.unlock();
        }
    }
}
