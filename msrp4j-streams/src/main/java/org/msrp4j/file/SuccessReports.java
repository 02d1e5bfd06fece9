package org.msrp4j.file;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;

/**
 * The bytes of one outgoing message that its receiver confirmed with success REPORTs (RFC 4975
 * §7.1.2, asked for with {@code Success-Report: yes}). Unlike a 200 response, which only
 * the next hop sends (a relay answers as soon as it has the chunk), a REPORT comes from the receiver
 * itself, through any relays. Each byte counts once however the reported ranges overlap; ranges
 * outside {@code 1..size} are cut to it. Takes REPORTs on a reader thread, answers any thread.
 */
final class SuccessReports implements Consumer<MsrpChunk> {

    private final String messageId;
    private final long size;
    private final ReentrantLock lock = new ReentrantLock();
    /** Disjoint, non-adjacent ranges: first byte to last byte. */
    private final TreeMap<Long, Long> ranges = new TreeMap<>();
    private final long first;
    private final CompletableFuture<Void> confirmed = new CompletableFuture<>();
    private long bytes;
    private boolean any;

    SuccessReports(String messageId, long size) {
        this(messageId, size, 1);
    }

    /** The REPORTs on a message of {@code size} bytes sent from byte {@code first}. */
    SuccessReports(String messageId, long size, long first) {
        this.messageId = messageId;
        this.size = size;
        this.first = first;
        if (first > size) {
            confirmed.complete(null);
        }
    }

    /**
     * Completes once REPORTs confirm every byte from the first sent to the end; fails with {@link
     * MsrpTransactionException} when a REPORT says the message failed (its status and comment).
     */
    CompletableFuture<Void> confirmed() {
        return confirmed;
    }

    @Override
    public void accept(MsrpChunk chunk) {
        if (!"REPORT".equals(chunk.method()) || !messageId.equals(chunk.messageId())) {
            return;
        }
        Status status = chunk.status();
        ByteRange range = chunk.byteRange();
        if (status != null && status.code() != Status.OK) {
            confirmed.completeExceptionally(new MsrpTransactionException(status.code(), status.comment(),
                    "the receiver reported " + status.code() + " " + status.comment()));
            return;
        }
        if (status == null || range == null || !range.hasEnd()) {
            return;
        }
        long from = Math.max(1, range.start());
        long last = Math.min(size, range.end());
        lock.lock();
        try {
            any = true;
            if (from <= last) {
                add(from, last);
            }
            Map.Entry<Long, Long> start = ranges.floorEntry(first);
            if (start != null && start.getValue() >= size) {
                confirmed.complete(null);
            }
        } finally {
            lock.unlock();
        }
    }

    private void add(long lo, long last) {
        Map.Entry<Long, Long> before = ranges.floorEntry(lo);
        if (before != null && before.getValue() >= lo - 1) {
            lo = before.getKey();
            last = Math.max(last, before.getValue());
            bytes -= before.getValue() - before.getKey() + 1;
            ranges.remove(before.getKey());
        }
        for (Map.Entry<Long, Long> e = ranges.ceilingEntry(lo); e != null && e.getKey() <= last + 1;
                e = ranges.ceilingEntry(lo)) {
            last = Math.max(last, e.getValue());
            bytes -= e.getValue() - e.getKey() + 1;
            ranges.remove(e.getKey());
        }
        ranges.put(lo, last);
        bytes += last - lo + 1;
    }

    /** Whether any success REPORT for the message has arrived: the receiver sends them. */
    boolean any() {
        lock.lock();
        try {
            return any;
        } finally {
            lock.unlock();
        }
    }

    /** The bytes confirmed so far. */
    long bytes() {
        lock.lock();
        try {
            return bytes;
        } finally {
            lock.unlock();
        }
    }
}
