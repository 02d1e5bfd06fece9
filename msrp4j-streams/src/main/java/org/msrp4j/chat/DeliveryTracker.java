package org.msrp4j.chat;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;

/**
 * The sender's view of its messages in flight, by Message-ID: success REPORTs add the bytes they
 * cover, and the message is delivered once all its bytes are covered; a failure REPORT, an error
 * response, a timeout or the end of the session settle it as not delivered. Each message is
 * settled once, then forgotten. Thread-safe.
 */
final class DeliveryTracker {

    /** Receives each settled message once, outside the tracker's lock. */
    interface Settled {
        void settled(OutgoingChatMessage message, DeliveryStatus status);
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Pending> pending = new HashMap<>();
    private final Settled settled;

    DeliveryTracker(Settled settled) {
        this.settled = settled;
    }

    /** Starts tracking {@code message} of {@code total} bytes. */
    void track(OutgoingChatMessage message, long total) {
        lock.lock();
        try {
            pending.put(message.messageId(), new Pending(message, total));
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
     * Takes a REPORT: a success one adds its Byte-Range, a failure one settles the message. A REPORT
     * for no tracked message, without a Status, or with a range outside the message is ignored.
     *
     * @return whether the REPORT concerned a tracked message
     */
    boolean onReport(MsrpChunk report) {
        String id = report.messageId();
        Status status = report.status();
        if (id == null || status == null) {
            return false;
        }
        OutgoingChatMessage done;
        DeliveryStatus outcome;
        lock.lock();
        try {
            Pending p = pending.get(id);
            if (p == null) {
                return false;
            }
            if (status.code() != 200) {
                outcome = new DeliveryStatus(status.code(), status.comment());
            } else {
                ByteRange range = report.byteRange();
                long start = range == null ? 1 : range.start();
                long end = range == null || !range.hasEnd() ? p.total : range.end();
                if (start < 1 || end > p.total || end < start) {
                    return true;
                }
                if (!p.add(start, end)) {
                    return true;
                }
                outcome = DeliveryStatus.DELIVERED;
            }
            pending.remove(id);
            done = p.message;
        } finally {
            lock.unlock();
        }
        settled.settled(done, outcome);
        return true;
    }

    /** Settles a message as not delivered, if it is still pending; returns whether it was. */
    boolean fail(String messageId, int code, String reason) {
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
        settled.settled(p.message, new DeliveryStatus(code, reason));
        return true;
    }

    /** Settles every pending message as not delivered. */
    void failAll(int code, String reason) {
        Map<String, Pending> all;
        lock.lock();
        try {
            all = new HashMap<>(pending);
            pending.clear();
        } finally {
            lock.unlock();
        }
        for (Pending p : all.values()) {
            settled.settled(p.message, new DeliveryStatus(code, reason));
        }
    }

    /** A message in flight and the bytes success REPORTs covered so far (disjoint, merged). */
    private static final class Pending {
        final OutgoingChatMessage message;
        final long total;
        final TreeMap<Long, Long> covered = new TreeMap<>();

        Pending(OutgoingChatMessage message, long total) {
            this.message = message;
            this.total = total;
        }

        /** Adds {@code [start, end]}; returns whether all bytes {@code 1..total} are now covered. */
        boolean add(long start, long end) {
            long s = start;
            long e = end;
            Map.Entry<Long, Long> floor = covered.floorEntry(s);
            if (floor != null && floor.getValue() >= s - 1) {
                s = floor.getKey();
                e = Math.max(e, floor.getValue());
            }
            Map.Entry<Long, Long> next = covered.ceilingEntry(s);
            while (next != null && next.getKey() <= e + 1) {
                e = Math.max(e, next.getValue());
                covered.remove(next.getKey());
                next = covered.ceilingEntry(s);
            }
            covered.put(s, e);
            return covered.size() == 1 && covered.firstKey() == 1 && covered.firstEntry().getValue() >= total;
        }
    }
}
