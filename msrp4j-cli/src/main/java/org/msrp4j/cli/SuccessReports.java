package org.msrp4j.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
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
    private long bytes;
    private boolean any;

    SuccessReports(String messageId, long size) {
        this.messageId = messageId;
        this.size = size;
    }

    @Override
    public void accept(MsrpChunk chunk) {
        if (!"REPORT".equals(chunk.method()) || !messageId.equals(chunk.messageId())) {
            return;
        }
        Status status = chunk.status();
        ByteRange range = chunk.byteRange();
        if (status == null || status.code() != Status.OK || range == null || !range.hasEnd()) {
            return;
        }
        long first = Math.max(1, range.start());
        long last = Math.min(size, range.end());
        lock.lock();
        try {
            any = true;
            if (first <= last) {
                add(first, last);
            }
        } finally {
            lock.unlock();
        }
    }

    private void add(long first, long last) {
        Map.Entry<Long, Long> before = ranges.floorEntry(first);
        if (before != null && before.getValue() >= first - 1) {
            first = before.getKey();
            last = Math.max(last, before.getValue());
            bytes -= before.getValue() - before.getKey() + 1;
            ranges.remove(before.getKey());
        }
        for (Map.Entry<Long, Long> e = ranges.ceilingEntry(first); e != null && e.getKey() <= last + 1;
                e = ranges.ceilingEntry(first)) {
            last = Math.max(last, e.getValue());
            bytes -= e.getValue() - e.getKey() + 1;
            ranges.remove(e.getKey());
        }
        ranges.put(first, last);
        bytes += last - first + 1;
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
