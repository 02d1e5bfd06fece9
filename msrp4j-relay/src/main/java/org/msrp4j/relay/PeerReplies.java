package org.msrp4j.relay;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Responses;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answers a connection's reader owes its peer (the relay's own 200s and errors to the peer's
 * requests), gathered during a read and sent in order in one write at its end. The 200 to a
 * forwarded chunk, the answer to nearly every request, is written straight into the write's
 * buffer ({@link RelayWire#appendOk}), its paths made once per session. State of the reader
 * thread only.
 */
final class PeerReplies {

    private static final Logger LOG = LoggerFactory.getLogger(PeerReplies.class);

    /**
     * An answer to a request of the peer: made already ({@code made}), or the response to {@code
     * request}, where a 200 to a forwarded chunk becomes 481 if its bytes could not go on after all.
     */
    private record Reply(MsrpChunk made, MsrpChunk request, ForwardedChunk forwarded, int code, String comment) {

        /** The chunk to send, or null when none may be sent. */
        MsrpChunk answer() {
            if (made != null) {
                return made;
            }
            if (forwarded != null && forwarded.hasFailed() && code == Status.OK) {
                return RelayChunks.response(request, Status.NO_SESSION, "Next hop connection failed");
            }
            return RelayChunks.response(request, code, comment);
        }
    }

    private final PeerConnection conn;
    private final List<Reply> replies = new ArrayList<>();
    /** Where the answers of one write are made. */
    private final RelayWire wire = new RelayWire();
    /** The To-Path and From-Path headers of the request last answered 200 here, and that 200's paths. */
    private Object okToHeader;
    private Object okFromHeader;
    private byte[] okPaths;

    PeerReplies(PeerConnection conn) {
        this.conn = conn;
    }

    /** Sends {@code answer}, made already, at the end of the read. */
    void add(MsrpChunk answer) {
        replies.add(new Reply(answer, null, null, 0, null));
    }

    /** Answers {@code request} at the end of the read (if a response may be sent to it). */
    void answer(MsrpChunk request, int code, String comment) {
        replies.add(new Reply(null, request, null, code, comment));
    }

    /** As {@link #answer}, for forwarded chunk {@code c}: a 200 becomes 481 if its bytes fail to go on after all. */
    void answer(MsrpChunk request, ForwardedChunk c, int code, String comment) {
        replies.add(new Reply(null, request, c, code, comment));
    }

    /** Whether there is a buffer answers are made in (it is empty after each read). */
    boolean hasBuffer() {
        return wire.hasBuffer();
    }

    /** Drops the buffer answers are made in and the paths of the last 200 (the connection is idle). */
    void dropBuffer() {
        wire.release();
        okPaths = null;
        okToHeader = null;
        okFromHeader = null;
    }

    /** Whether no answer waits to be sent. */
    boolean isEmpty() {
        return replies.isEmpty();
    }

    /**
     * Sends the answers gathered so far, in order, in one write. While the reader still holds the
     * write lock of {@code current}, a chunk in progress, they go only if this connection's lock
     * is free at once, and otherwise wait for a later read: two readers each streaming to the
     * other's connection must not wait for each other's lock.
     */
    void send(ForwardedChunk current) {
        if (replies.isEmpty()) {
            return;
        }
        PeerWriter writer = conn.writer();
        if (current != null && current.pieceOpen()) {
            if (current.dest == conn || !writer.tryAcquire()) {
                return;
            }
        } else if (!writer.acquire(null)) {
            replies.clear();
            return;
        }
        try {
            wire.clear();
            for (Reply r : replies) {
                if (isPlainOk(r)) {
                    wire.appendOk(r.request.transactionId(), okPaths(r.request));
                    continue;
                }
                MsrpChunk answer;
                try {
                    answer = r.answer();
                } catch (RuntimeException e) {
                    // e.g. a comment the next hop chose: it must not end this peer's connection
                    LOG.debug("{}: cannot make an answer: {}", conn, e.toString());
                    continue;
                }
                if (answer != null) {
                    wire.append(answer.encode());
                }
            }
            replies.clear();
            if (wire.length() > 0) {
                writer.write(wire.array(), 0, wire.length());
            }
            wire.trim();
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", conn, e.toString());
            conn.close();
        } finally {
            writer.release();
        }
    }

    /**
     * Whether {@code r} is the 200 OK to a forwarded chunk whose bytes went on, a response RFC 4975
     * lets the relay send (not under Failure-Report {@code no} or {@code partial}).
     */
    private static boolean isPlainOk(Reply r) {
        return r.made == null && r.forwarded != null && !r.forwarded.hasFailed() && r.code == Status.OK
                && "OK".equals(r.comment) && Responses.mayAnswer(r.request, Status.OK);
    }

    /** The To-Path and From-Path lines of a response to {@code request}, made again only when its paths change. */
    private byte[] okPaths(MsrpChunk request) {
        Object to = request.headers().get(ToPathHeader.class);
        Object from = request.headers().get(FromPathHeader.class);
        if (okPaths == null || to != okToHeader || from != okFromHeader) {
            okPaths = RelayWire.responsePaths(request);
            okToHeader = to;
            okFromHeader = from;
        }
        return okPaths;
    }
}
