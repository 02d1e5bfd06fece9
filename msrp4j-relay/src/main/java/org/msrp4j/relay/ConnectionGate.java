package org.msrp4j.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admits inbound connections: at most {@code connections.max} in all (outbound ones included, as
 * the relay counts them) and at most {@link AbuseLimits#connectionsPerAddress()} from one source
 * address (see {@link SourceAddresses}), so one address cannot hold every slot. A refusal closes
 * the socket at once; refusals are logged at most once a minute, with a count. The table holds
 * one entry per source address with a connection open, so it is bounded by the connection cap.
 */
final class ConnectionGate {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGate.class);

    private final int perAddress;
    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();
    private final RateLimitedLog fullLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final RateLimitedLog addressLog = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private final RelayMetrics metrics;

    ConnectionGate(RelayConfig config, RelayMetrics metrics) {
        this.perAddress = config.abuseLimits().connectionsPerAddress();
        this.max = config.capacity().maxConnections();
        this.metrics = metrics;
    }

    /** One admitted connection from a source address; {@link #release()} it exactly once when it closes. */
    final class Ticket {
        private final String key;
        private final AtomicBoolean released = new AtomicBoolean();

        private Ticket(String key) {
            this.key = key;
        }

        /** The connection closed (later calls do nothing). */
        void release() {
            if (released.compareAndSet(false, true)) {
                open.computeIfPresent(key, (k, n) -> n.decrementAndGet() == 0 ? null : n);
            }
        }
    }

    /**
     * Admits a connection from {@code address} while the relay holds {@code connections} in all;
     * null if it must be refused (the caller closes it).
     */
    Ticket admit(InetAddress address, int connections) {
        if (connections >= max) {
            metrics.refused(RelayMetrics.Refusal.CONNECTIONS_MAX);
            fullLog.warn("connection limit {} reached, refusing connections (the latest from {})", max,
                    address.getHostAddress());
            return null;
        }
        String key = SourceAddresses.key(address);
        boolean[] admitted = new boolean[1];
        open.compute(key, (k, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (count.get() < perAddress) {
                count.incrementAndGet();
                admitted[0] = true;
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            metrics.refused(RelayMetrics.Refusal.CONNECTIONS_PER_ADDRESS);
            addressLog.warn("{} connections from {} already, refusing more (connections.per-address)", perAddress,
                    key);
            return null;
        }
        return new Ticket(key);
    }

    /** Connections open from {@code address}'s source now. */
    int openFrom(InetAddress address) {
        AtomicInteger n = open.get(SourceAddresses.key(address));
        return n == null ? 0 : n.get();
    }
}
