package org.msrp4j.session;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;

/**
 * The requests a session sent that await their responses, each with its deadline (sent + the
 * response timeout), in the order they were sent, so the first one is always the next to expire;
 * the rule for the response made locally when none came (RFC 4975 §7.1.1: 408 when the sender
 * asked for failure responses, else 200); and the timer's other rules: a keep-alive after an idle
 * interval, one at a time, and the end of a session whose write has stalled for the response
 * timeout. Guarded by the session's lock.
 */
final class Transactions {

    /**
     * A sent request awaiting its response.
     *
     * @param deadline when it expires ({@link System#nanoTime()})
     * @param failureReport the request's Failure-Report mode
     * @param callback receives the response, or null
     * @param file the file the request is a chunk of, or null
     * @param bytes the body bytes of a file chunk
     * @param keepAlive whether the request is a keep-alive, whose expiry ends the session
     * @param unfinished the Message-ID of the message a {@code +} chunk is part of, or null
     */
    record Pending(long deadline, ReportMode failureReport, Consumer<MsrpChunk> callback, FileTransfer file,
            long bytes, boolean keepAlive, String unfinished) {
    }

    private final LinkedHashMap<String, Pending> pending = new LinkedHashMap<>();
    private final long timeoutNanos;
    private final long keepAliveNanos;
    private boolean keepAliveOutstanding;

    /**
     * @param timeoutNanos the response timeout
     * @param keepAliveNanos the idle time after which a keep-alive goes out, or 0 for none
     */
    Transactions(long timeoutNanos, long keepAliveNanos) {
        this.timeoutNanos = timeoutNanos;
        this.keepAliveNanos = keepAliveNanos;
    }

    /** Awaits the response to {@code chunk}, from now to the response timeout. */
    void register(MsrpChunk chunk, Consumer<MsrpChunk> callback, FileTransfer file, long bytes, boolean keepAlive) {
        long deadline = System.nanoTime() + timeoutNanos;
        String unfinished = chunk.continuation() == Continuation.MORE ? chunk.messageId() : null;
        pending.put(chunk.transactionId(), new Pending(deadline, chunk.failureReport(), callback, file, bytes,
                keepAlive, unfinished));
    }

    /** The transaction {@code transactionId} answered now, or null when it is not awaited. */
    Pending answered(String transactionId) {
        return pending.remove(transactionId);
    }

    /** Forgets transactions that need no response any more. */
    void release(List<String> transactionIds) {
        transactionIds.forEach(pending::remove);
    }

    /** Whether a response other than to a keep-alive is awaited. */
    boolean awaitsResponses() {
        for (Pending p : pending.values()) {
            if (!p.keepAlive()) {
                return true;
            }
        }
        return false;
    }

    /** Removes and returns the transactions whose deadline has passed at {@code now}, oldest first. */
    List<Map.Entry<String, Pending>> expire(long now) {
        List<Map.Entry<String, Pending>> expired = new ArrayList<>();
        for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Pending> e = it.next();
            if (e.getValue().deadline() - now > 0) {
                break;
            }
            it.remove();
            expired.add(e);
        }
        return expired;
    }

    /**
     * Nanoseconds from {@code now} until the timer must look again: the next deadline, or the
     * response timeout when none is awaited (every deadline is "registered + response timeout", so
     * a timer that never sleeps longer than that wakes before any deadline it has not seen yet), or
     * sooner when a write that has stalled for {@code stalledNanos} would reach the response timeout.
     */
    long untilNextCheck(long now, long stalledNanos) {
        long wake = pending.isEmpty() ? timeoutNanos : pending.values().iterator().next().deadline() - now;
        return stalledNanos > 0 ? Math.min(wake, timeoutNanos - stalledNanos) : wake;
    }

    /** Whether a write that has waited {@code stalledNanos} for the peer to read ends the session. */
    boolean writeStalledTooLong(long stalledNanos) {
        return stalledNanos >= timeoutNanos;
    }

    /**
     * When the next keep-alive is due after traffic at {@code lastTraffic}: 0 when one goes out now
     * (it is then outstanding until {@link #keepAliveAnswered}), else the nanoseconds until it is
     * due; {@link Long#MAX_VALUE} when none is (keep-alive off, or one outstanding).
     */
    long keepAliveDue(long now, long lastTraffic) {
        if (keepAliveNanos <= 0 || keepAliveOutstanding) {
            return Long.MAX_VALUE;
        }
        long due = lastTraffic + keepAliveNanos - now;
        if (due > 0) {
            return due;
        }
        keepAliveOutstanding = true;
        return 0;
    }

    /** The outstanding keep-alive was answered: the next is due an interval after the last traffic. */
    void keepAliveAnswered() {
        keepAliveOutstanding = false;
    }

    /** Removes and returns every transaction, for a session that ends. */
    List<Map.Entry<String, Pending>> clear() {
        List<Map.Entry<String, Pending>> all = new ArrayList<>(pending.entrySet());
        pending.clear();
        return all;
    }

    /**
     * The response made locally for a request that got none: 200 under Failure-Report {@code
     * partial} or {@code no} (no news is good news), else 408.
     */
    static MsrpChunk localResponse(String transactionId, ReportMode failureReport, String comment) {
        boolean success = failureReport == ReportMode.PARTIAL || failureReport == ReportMode.NO;
        return MsrpChunk.response(transactionId, success ? 200 : 408,
                success ? "OK (no response; " + comment + ")" : comment);
    }
}
