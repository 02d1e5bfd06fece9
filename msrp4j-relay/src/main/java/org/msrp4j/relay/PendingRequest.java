package org.msrp4j.relay;

import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request (or a piece of one, see {@link ForwardedChunk}) forwarded to a next hop whose response
 * is awaited there (see {@link PendingRequests}), and what to do with that response: for a SEND,
 * a failure becomes a failure REPORT to the sender (RFC 4975 §7.1.2), or the reader's answer at
 * the end of the chunk when it came while the chunk was still streaming; for other methods, the
 * response is passed back to the previous hop.
 */
final class PendingRequest {

    private static final Logger LOG = LoggerFactory.getLogger(PendingRequest.class);
    private static final AtomicReferenceFieldUpdater<PendingRequest, State> STATE =
            AtomicReferenceFieldUpdater.newUpdater(PendingRequest.class, State.class, "state");

    /** Where the request is in its transit. */
    enum State {
        /** The reader is still passing the request's bytes on. */
        STREAMING,
        /** All of it went on; the response is awaited. */
        STREAMED,
        /** Answered, given up or timed out: nothing more is to be done for it. */
        DONE
    }

    /** The connection the request came in on, where the answer goes back. */
    final PeerConnection from;
    final MsrpChunk request;
    final boolean send;
    /** Body bytes of the request that went on in earlier pieces (see {@link ForwardedChunk}). */
    final long offset;
    /** Where it is (its transitions are compare-and-sets through {@link #STATE}: no object of its own). */
    private volatile State state = State.STREAMING;
    /** A response that came while the SEND was still being streamed: answered at its end instead of 200. */
    private volatile int earlyCode;
    private volatile String earlyComment;
    private volatile long bytes;
    /** System.nanoTime() by which the response must come, 0 while streaming; guarded by the table's lock. */
    private long deadline;

    PendingRequest(PeerConnection from, MsrpChunk request, long offset) {
        this.from = from;
        this.request = request;
        this.send = "SEND".equals(request.method());
        this.offset = offset;
    }

    /** {@code bytes} body bytes of the request (after {@link #offset}) went on so far. */
    void passedOn(long bytes) {
        this.bytes = bytes;
    }

    /** The reader finished streaming the request; false if the response came first (see {@link #early}). */
    boolean streamed() {
        return STATE.compareAndSet(this, State.STREAMING, State.STREAMED);
    }

    /** The reader gave up on the request: nothing more is to be done for it. */
    void abandon() {
        state = State.DONE;
    }

    /** A failure response that came while the request was still being streamed, or 0. */
    int early() {
        return state == State.DONE ? earlyCode : 0;
    }

    String earlyComment() {
        return earlyComment;
    }

    /** System.nanoTime() by which the response must come, 0 while the request is streaming. */
    long deadline() {
        return deadline;
    }

    /** The response must come by {@code deadline} (System.nanoTime(), never 0). */
    void deadline(long deadline) {
        this.deadline = deadline;
    }

    /** Acts on the next hop's answer (response null: timeout or connection lost). */
    void complete(int code, String comment, MsrpChunk response) {
        if (send) {
            earlyCode = code;
            earlyComment = comment;
            if (STATE.compareAndSet(this, State.STREAMING, State.DONE)) {
                return; // the reader answers the sender at the end of the chunk
            }
        }
        if (!STATE.compareAndSet(this, State.STREAMED, State.DONE)
                && !(!send && STATE.compareAndSet(this, State.STREAMING, State.DONE))) {
            return;
        }
        MsrpChunk back;
        try {
            if (send) {
                ReportMode mode = RelayChunks.failureReport(request);
                // RFC 4975 §7.1.2: the relay answered 200 (or nothing, under partial) itself; a failure
                // further on becomes a REPORT to the sender
                back = code == Status.OK || mode == ReportMode.NO ? null
                        : RelayChunks.failureReport(request, offset, bytes, code, comment);
            } else {
                back = response != null ? RelayChunks.routeBack(request, response)
                        : RelayChunks.response(request, code, comment);
            }
        } catch (RuntimeException e) {
            // what one peer sent must never end another peer's connection or the thread that got it
            LOG.debug("{}: cannot pass on the answer to {}: {}", from, request.transactionId(), e.toString());
            return;
        }
        if (back != null) {
            from.writer().sendSoon(back);
        }
    }
}
