package org.msrp4j.session;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;

/**
 * The outcomes of the messages a session sent with {@link MsrpSession#sendMessage}: each is
 * settled once, by the first of an error response, a failure REPORT, success REPORTs covering the
 * whole message (when asked for), 200s to all its chunks (when not), or a timeout. A message is
 * forgotten once settled, so the table holds only messages still in flight; the transactions of
 * its chunks sent under {@code Failure-Report: partial}, whose responses come only on failure, go
 * to the session's {@code release} then, so that it waits for them no longer. Thread-safe.
 *
 * <p>The wait for success REPORTs costs no timer task per message: every message waits the same
 * {@code reportTimeout} after its last response, so deadlines come in that order, and one delayed
 * task, armed for the oldest one, settles what is overdue and re-arms itself while any wait.
 */
final class MessageOutcomes {

    /** One message in flight. */
    final class Tracked {
        final String messageId;
        /** The message's length as its chunks say: the total, or the last byte sent. */
        final long length;
        final boolean successReport;
        final CompletableFuture<MessageOutcome> future = new CompletableFuture<>();
        final RangeSet reported = new RangeSet();
        /** The transactions of its chunks under Failure-Report {@code partial}. */
        final List<String> partial;
        int responsesLeft;

        Tracked(String messageId, long length, boolean successReport, int responsesLeft, List<String> partial) {
            this.messageId = messageId;
            this.length = length;
            this.successReport = successReport;
            this.responsesLeft = responsesLeft;
            this.partial = partial;
        }

        /** The callback for the response to one of its chunks. */
        Consumer<MsrpChunk> onResponse() {
            return response -> responded(this, response);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Tracked> tracked = new HashMap<>();
    /** Messages answered in full that wait for success REPORTs, with their deadlines, oldest first. */
    private final LinkedHashMap<Tracked, Long> awaitingReport = new LinkedHashMap<>();
    private final Duration reportTimeout;
    private final Consumer<List<String>> release;
    private boolean armed;

    /**
     * @param release takes the transactions under Failure-Report {@code partial} of each message
     *     once it is settled
     */
    MessageOutcomes(Duration reportTimeout, Consumer<List<String>> release) {
        this.reportTimeout = reportTimeout;
        this.release = release;
    }

    /**
     * Starts tracking the message made of {@code chunks} (all with its Message-ID, in order).
     *
     * @throws IllegalArgumentException if the chunks are not SENDs of one message, or that message
     *     is tracked already
     */
    Tracked track(List<MsrpChunk> chunks) {
        if (chunks.isEmpty()) {
            throw new IllegalArgumentException("a message has at least one chunk");
        }
        String messageId = chunks.get(0).messageId();
        long length = 0;
        boolean successReport = false;
        int responses = 0;
        List<String> partial = new ArrayList<>();
        for (MsrpChunk c : chunks) {
            if (!c.isRequest() || !"SEND".equals(c.method()) || messageId == null
                    || !messageId.equals(c.messageId())) {
                throw new IllegalArgumentException("not a SEND of message " + messageId + ": " + c);
            }
            ByteRange range = c.byteRange();
            long start = range == null ? 1 : range.start();
            length = Math.max(length, range != null && range.hasTotal() ? range.total() : start - 1 + c.size());
            successReport |= c.successReport() == ReportMode.YES;
            if (c.failureReport() != ReportMode.NO) {
                responses++;
            }
            if (c.failureReport() == ReportMode.PARTIAL) {
                partial.add(c.transactionId());
            }
        }
        Tracked t = new Tracked(messageId, length, successReport, responses, List.copyOf(partial));
        lock.lock();
        try {
            if (tracked.putIfAbsent(messageId, t) != null) {
                throw new IllegalArgumentException("message " + messageId + " is being sent already");
            }
        } finally {
            lock.unlock();
        }
        t.future.whenComplete((o, e) -> forget(t));
        return t;
    }

    /**
     * Called once the message's chunks are queued: a message that asks for no response (all its
     * chunks under Failure-Report {@code no}) and no success report has nothing to wait for.
     */
    void queued(Tracked t) {
        boolean answered;
        lock.lock();
        try {
            answered = t.responsesLeft == 0;
        } finally {
            lock.unlock();
        }
        if (answered && !t.successReport) {
            settle(t, 200, "sent; Failure-Report no asks for no confirmation");
        } else if (answered) {
            allAnswered(t);
        }
    }

    /** How many messages await their outcome. */
    int inFlight() {
        lock.lock();
        try {
            return tracked.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops tracking a message whose chunks could not be queued. */
    void cancel(Tracked t, Throwable why) {
        t.future.completeExceptionally(why);
    }

    private void forget(Tracked t) {
        lock.lock();
        try {
            tracked.remove(t.messageId, t);
            awaitingReport.remove(t);
        } finally {
            lock.unlock();
        }
        if (!t.partial.isEmpty()) {
            release.accept(t.partial);
        }
    }

    private void responded(Tracked t, MsrpChunk response) {
        if (response.code() / 100 != 2) {
            settle(t, response.code(), response.comment() == null ? "refused" : response.comment());
            return;
        }
        boolean last;
        lock.lock();
        try {
            last = --t.responsesLeft == 0;
        } finally {
            lock.unlock();
        }
        if (last) {
            allAnswered(t);
        }
    }

    private void allAnswered(Tracked t) {
        if (!t.successReport) {
            settle(t, 200, "OK");
            return;
        }
        lock.lock();
        try {
            if (t.future.isDone()) {
                return;
            }
            awaitingReport.put(t, System.nanoTime() + reportTimeout.toNanos());
            if (!armed) {
                arm(reportTimeout.toNanos());
            }
        } finally {
            lock.unlock();
        }
    }

    /** Schedules {@link #expire} in {@code nanos}; under the lock. */
    private void arm(long nanos) {
        armed = true;
        CompletableFuture.delayedExecutor(nanos, TimeUnit.NANOSECONDS).execute(this::expire);
    }

    /** The delayed task: settles the overdue messages as 408, re-arming for the next deadline. */
    private void expire() {
        List<Tracked> overdue = new ArrayList<>();
        lock.lock();
        try {
            armed = false;
            long now = System.nanoTime();
            for (Iterator<Map.Entry<Tracked, Long>> it = awaitingReport.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Tracked, Long> e = it.next();
                if (e.getValue() - now > 0) {
                    arm(e.getValue() - now);
                    break;
                }
                it.remove();
                overdue.add(e.getKey());
            }
        } finally {
            lock.unlock();
        }
        for (Tracked t : overdue) {
            settle(t, 408, "no success report within " + reportTimeout.toMillis() + " ms");
        }
    }

    /**
     * Takes a REPORT: a failure settles its message as failed; success REPORTs settle it as
     * delivered once they cover all of it. REPORTs for other messages are ignored.
     */
    void onReport(MsrpChunk report) {
        String messageId = report.messageId();
        Status status = report.status();
        if (messageId == null || status == null) {
            return;
        }
        Tracked t;
        boolean complete = false;
        lock.lock();
        try {
            t = tracked.get(messageId);
            if (t == null) {
                return;
            }
            if (status.code() / 100 == 2) {
                ByteRange range = report.byteRange();
                long start = range == null ? 1 : range.start();
                long end = range == null || !range.hasEnd() ? t.length : range.end();
                if (end >= start) {
                    t.reported.add(start, end);
                }
                complete = t.reported.size() == 1 && t.reported.covered() >= t.length
                        && t.reported.highest() == t.reported.covered();
            }
        } finally {
            lock.unlock();
        }
        if (status.code() / 100 != 2) {
            settle(t, status.code(), status.comment() == null ? "failure report" : status.comment());
        } else if (complete) {
            settle(t, status.code(), status.comment() == null ? "OK" : status.comment());
        }
    }

    private static void settle(Tracked t, int code, String reason) {
        t.future.complete(new MessageOutcome(t.messageId, code, reason));
    }
}
