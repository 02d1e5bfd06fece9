package org.msrp4j.relay;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ToPathHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The forwarding side of one {@link PeerConnection}'s reader: passes the chunks it reads on to
 * their destinations as each {@link ForwardedChunk} says (a short one whole once it is complete, a
 * long one streamed in pieces). The rewritten header block, the body bytes and the end-line are
 * staged in a buffer as the parser reports them, and what one read produced goes on in one write
 * to the destination. While a piece is being streamed the reader holds the destination's write
 * lock, so chunks never interleave on a connection and a slow destination slows the reading of the
 * source (backpressure through the sockets' own buffers); but once other writers have waited for
 * that lock for {@link #SLICE_MILLIS}, the reader ends its piece and queues behind them (the lock
 * is fair), so a slow or stalled sender never holds a destination. Chunks that end in the same
 * read and go to the same destination share that write; the reader gives the lock back at the end
 * of the read or before it needs any other. State of the reader thread only, but for {@link
 * #bufferBytes()}.
 */
final class ChunkForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(ChunkForwarder.class);

    /**
     * The longest a reader keeps a destination to a piece of a chunk while other writers wait for
     * it (and how often it looks for them while its sender is silent).
     */
    static final int SLICE_MILLIS = 100;

    /** The connection whose reader this is: the waiter for destinations' write locks. */
    private final PeerConnection source;
    /** The chunk being read, or null between chunks. */
    private ForwardedChunk current;
    /** What this read produced for the destination whose write lock the reader holds. */
    private byte[] stage;
    private int staged;
    /** Bytes of {@link #stage} and {@link #spare}, for {@link MsrpRelay#bufferBytes()}. */
    private volatile int bufferBytes;
    /**
     * The store lent to the chunk being read when its body must be kept past a read (see {@link
     * ForwardedChunk#gather}); made when first needed, dropped with the forwarding buffer. Only
     * the current chunk gathers, and it is done with the store before the next one begins.
     */
    private byte[] spare;
    /** The destination of chunks that ended in this read, whose write lock is still held; or null. */
    private PeerConnection held;
    /** The reader gave {@link #held}'s write lock back while it reads on (see {@link #unlockHeld()}). */
    private boolean heldUnlocked;
    /** The To-Path header of the last chunk sent to {@link #held} (the parser reuses equal ones). */
    private Object heldToPath;
    /** The chunks whose bytes for {@link #held} are still staged. */
    private final List<ForwardedChunk> heldChunks = new ArrayList<>();
    /** Where the heads and end-lines of forwarded pieces are made. */
    private final RelayWire wire = new RelayWire();
    /** The transaction ids of forwarded pieces. */
    private final TransactionIds ids = new TransactionIds();

    /** What the sender of a forwarded chunk is answered at its end. */
    record Answer(int code, String comment) {
        /** The answer to nearly every chunk. */
        static final Answer OK = new Answer(Status.OK, "OK");
    }

    ChunkForwarder(PeerConnection source) {
        this.source = source;
    }

    /** The chunk being read, or null between chunks. */
    ForwardedChunk current() {
        return current;
    }

    /** The parser began {@code c}. */
    void begin(ForwardedChunk c) {
        current = c;
        if (c.dest != null) {
            c.lendStore(this);
        }
    }

    /** The store lent to the current chunk (see {@link #spare}). */
    byte[] spareStore() {
        if (spare == null) {
            spare = new byte[ForwardedChunk.STORE_LIMIT];
            bufferBytes = (stage == null ? 0 : stage.length) + spare.length;
        }
        return spare;
    }

    /** The current chunk's end-line came: it is no longer current. */
    ForwardedChunk take() {
        ForwardedChunk c = current;
        current = null;
        return c;
    }

    /** Bytes of the forwarding buffer now (0 when there is none). */
    int bufferBytes() {
        return bufferBytes;
    }

    /** Whether there is a forwarding buffer (it is empty after each read). */
    boolean hasBuffer() {
        return stage != null;
    }

    /** Drops the forwarding buffer, empty after each read: made again, at the read buffer's size, when next needed. */
    void dropBuffer() {
        stage = null;
        spare = null;
        bufferBytes = 0;
        wire.release();
    }

    /**
     * A request with To-Path header {@code toPathHeader} begins: the destination of chunks that
     * ended in this read is given up unless the request has the same To-Path (then most likely
     * the same destination; routing may even connect to another).
     */
    void requestStarts(Object toPathHeader) {
        if (held != null && toPathHeader != heldToPath) {
            releaseHeld();
        }
    }

    /**
     * Body bytes of the current chunk came: gathered while the chunk may still go on whole, else
     * staged for its destination in the open piece (opened if none is); dropped, but counted for
     * the minimum rate, once nothing more of it goes on.
     */
    void data(ByteBuffer data) {
        ForwardedChunk c = current;
        if (c == null) {
            return;
        }
        int n = data.remaining();
        if (c.dest == null || c.failed) {
            c.bytes += n; // read and dropped, but counted for the minimum rate
            return;
        }
        if (n > c.maxBytes - c.bytes) {
            overrun(c, data);
            return;
        }
        c.bytes += n;
        if (!c.committed) {
            if (c.fitsStore(n)) {
                c.gather(data);
                return;
            }
            if (!c.send) {
                refuse(c, Status.STOP_SENDING, "Request body too large to relay");
                return;
            }
            if (!openPiece(c, false)) {
                return;
            }
        } else if (!c.open && !openPiece(c, false)) {
            return;
        }
        c.pieceBytes += n;
        if (c.pending != null) {
            c.pending.passedOn(c.pieceBytes);
            int early = c.pending.early();
            if (early != 0 && early != Status.OK) {
                // the next hop refused the message: end the forwarded piece, drop the rest
                c.refused = early;
                c.refusedComment = c.pending.earlyComment();
                cut(c);
                return;
            }
        }
        if (data.hasArray()) {
            stage(c, data.array(), data.arrayOffset() + data.position(), n);
        } else {
            byte[] copy = new byte[n];
            data.get(copy);
            stage(c, copy, 0, n);
        }
    }

    /**
     * Opens the next piece of {@code c} (see {@link ForwardedChunk}): takes the destination's
     * write lock (from the chunks that ended in this read if they hold it) and stages the piece's
     * head and the body bytes gathered so far. False if the destination stayed busy or failed.
     */
    private boolean openPiece(ForwardedChunk c, boolean whole) {
        PeerConnection dest = c.dest;
        if (held == dest && relockHeld()) {
            held = null; // the lock the reader holds passes on to this piece
            heldToPath = null;
        } else {
            releaseHeld();
            if (!dest.writer().acquire(source)) {
                c.failed = true;
                c.busy = !dest.isClosed(); // a destination that closed meanwhile is gone: 481, not 408
                c.dropStore();
                return false;
            }
        }
        c.openPiece(source, whole, ids.next(), wire);
        stage(c, wire.array(), 0, wire.length());
        int gathered = c.gatheredLength();
        if (gathered > 0) {
            c.drainGathered((b, off, len) -> stage(c, b, off, len));
            c.pieceBytes = gathered;
        }
        return !c.failed;
    }

    /**
     * The end-line of forwarded chunk {@code c} came with {@code continuation}: it goes on (in a
     * piece of its own if none is open) and its bytes for the destination wait for the end of
     * the read; the answer to its sender is decided here.
     */
    Answer end(ForwardedChunk c, Continuation continuation) {
        if (!c.failed && (c.open || openPiece(c, !c.committed))) {
            stageEnd(c, continuation);
        }
        if (c.open) {
            c.pieceEnded();
            if (c.failed) {
                c.dest.writer().release();
            } else {
                // its staged bytes go on with what follows for the same destination, or at the end of the read
                held = c.dest;
                heldToPath = c.request.headers().get(ToPathHeader.class);
                heldChunks.add(c);
            }
        }
        PendingRequest p = c.pending;
        int code = Status.OK;
        String comment = "OK";
        if (c.refused != 0) {
            // the next hop answered before the chunk was through: its verdict goes back hop by hop
            code = c.refused;
            comment = c.refusedComment;
        } else if (p != null && p.streamed()) {
            // the usual case: the next hop's response is still to come
            if (c.failed) {
                code = Status.NO_SESSION;
                comment = "Next hop connection failed";
                c.dest.pending().remove(c.pieceTid);
                p.abandon();
            } else {
                p.passedOn(c.pieceBytes);
                c.dest.pending().awaitResponse(p);
            }
        } else if (p != null && p.send && p.early() != 0) {
            code = p.early();
            comment = p.earlyComment();
        } else if (c.busy) {
            code = Status.TIMEOUT;
            comment = "Next hop busy or gone";
        } else if (c.failed) {
            code = Status.NO_SESSION;
            comment = "Next hop connection failed";
        }
        return code == Status.OK && "OK".equals(comment) ? Answer.OK : new Answer(code, comment);
    }

    /**
     * Ends the open piece of {@code c} with '+' and gives the destination up, when other writers
     * have waited for it for a {@link #SLICE_MILLIS slice}: the rest of the chunk goes on in the
     * next piece, behind them.
     */
    private void yieldDestination(ForwardedChunk c, long now) {
        if (!c.open || c.failed || now - c.pieceStartedAt < TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)
                || !c.dest.writer().hasWaiters()) {
            return;
        }
        stageEnd(c, Continuation.MORE);
        try {
            flushTo(c.dest);
        } catch (IOException e) {
            destinationFailed(c, e);
        }
        PendingRequest p = c.pending;
        c.pieceEnded();
        source.metrics().resplit();
        if (p != null && !c.failed) {
            p.passedOn(c.pieceBytes);
            if (p.streamed()) {
                c.dest.pending().awaitResponse(p);
            } else if (p.early() != Status.OK) {
                c.refused = p.early();
                c.refusedComment = p.earlyComment();
                c.failed = true;
            }
        }
        c.dest.writer().release();
    }

    /**
     * The body goes on past what its Byte-Range allows: it is refused with 400 at its end and the
     * rest dropped. A body still being gathered never reaches the destination; of one already
     * streaming, the bytes within the range go on and the forwarded piece ends there with '#'.
     * (The receiver could not place the extra bytes, and a failure REPORT naming them could not
     * even be written.)
     */
    private void overrun(ForwardedChunk c, ByteBuffer data) {
        int within = (int) (c.maxBytes - c.bytes);
        c.bytes += data.remaining();
        boolean streams = c.committed || !c.fitsStore(within) && c.send;
        if (streams && (c.open || openPiece(c, false)) && within > 0) {
            byte[] copy = new byte[within];
            data.slice(data.position(), within).get(copy);
            c.pieceBytes += within;
            stage(c, copy, 0, within);
        }
        refuse(c, Status.BAD_REQUEST, "Body longer than its Byte-Range " + c.request.byteRange());
    }

    /** Refuses {@code c} with {@code code} at its end; what went on of it is cut, the rest dropped. */
    private void refuse(ForwardedChunk c, int code, String why) {
        c.invalid = why;
        c.invalidCode = code;
        cut(c);
        if (c.pending != null) {
            c.dest.pending().remove(c.pieceTid);
            c.pending.abandon();
            c.pending = null;
        }
    }

    /**
     * The sender's connection ended, stalled or was too slow inside a chunk: what went on of it is
     * ended with '#', the rest dropped.
     */
    void abortCurrent() {
        ForwardedChunk c = current;
        current = null;
        if (c == null || c.dest == null) {
            return;
        }
        cut(c);
        if (c.pending != null) {
            c.dest.pending().remove(c.pieceTid);
            c.pending.abandon();
        }
    }

    /**
     * Ends what went on of {@code c} with '#' (RFC 4975 §7.1), in a piece of its own if none is
     * open, and frees the destination; nothing more of it goes on. A chunk still being gathered
     * simply never goes on.
     */
    private void cut(ForwardedChunk c) {
        c.dropStore();
        if (!c.failed && c.committed && (c.open || openPiece(c, false))) {
            stageEnd(c, Continuation.ABORT);
            try {
                flushTo(c.dest);
            } catch (IOException e) {
                destinationFailed(c, e);
            }
        }
        c.failed = true;
        if (c.open) {
            c.pieceEnded();
            c.dest.writer().release();
        }
    }

    // ------------------------------------------------------------------ staging of forwarded bytes

    /** Stages the end-line of the open piece of {@code c} with {@code continuation}. */
    private void stageEnd(ForwardedChunk c, Continuation continuation) {
        wire.end(c.pieceTid, c.body, continuation);
        stage(c, wire.array(), 0, wire.length());
    }

    private void stage(ForwardedChunk c, byte[] b, int off, int len) {
        if (c.failed) {
            return;
        }
        try {
            if (stage == null) {
                stage = new byte[source.readBufferLength()];
                bufferBytes = stage.length + (spare == null ? 0 : spare.length);
            }
            if (staged + len <= stage.length) {
                System.arraycopy(b, off, stage, staged, len);
                staged += len;
                return;
            }
            flushTo(c.dest);
            if (len >= stage.length) {
                c.dest.writer().write(b, off, len);
            } else {
                System.arraycopy(b, off, stage, 0, len);
                staged = len;
            }
        } catch (IOException e) {
            destinationFailed(c, e);
        }
    }

    private void flushTo(PeerConnection dest) throws IOException {
        if (staged > 0) {
            int n = staged;
            staged = 0;
            dest.writer().write(stage, 0, n);
        }
        heldChunks.clear(); // what they had staged went on
    }

    /**
     * After each read: what was staged goes on, and the write lock of chunks that ended (or of the
     * open piece, when other writers have waited for it for a slice) is given back.
     */
    void endOfRead() {
        ForwardedChunk c = current;
        if (c != null && !c.committed) {
            c.keepGathered();
        }
        if (c != null && c.open) {
            if (!c.failed) {
                try {
                    flushTo(c.dest);
                } catch (IOException e) {
                    destinationFailed(c, e);
                }
                yieldDestination(c, System.nanoTime());
            }
            if (c.failed && c.open) {
                c.pieceEnded();
                c.dest.writer().release();
            }
        }
        releaseHeld();
    }

    /** The sender is silent inside the current chunk: its open piece ends if other writers wait. */
    void yieldDestination(long now) {
        if (current != null) {
            yieldDestination(current, now);
        }
    }

    /**
     * Sends what is staged for the chunks that ended and frees their destination. If that write
     * fails, those chunks are answered 481 like any chunk the next hop's connection failed under.
     */
    void releaseHeld() {
        PeerConnection dest = held;
        if (dest == null || !relockHeld()) {
            return;
        }
        held = null;
        heldToPath = null;
        try {
            flushTo(dest);
        } catch (IOException e) {
            forwardFailed(dest, e);
        } finally {
            dest.writer().release();
        }
    }

    /**
     * The reader is about to read on before the end of the read (see {@link
     * PeerConnection#readOn}): the destination of the chunks that ended so far is given up
     * meanwhile, their bytes staged until it is taken again, so that a read that waits holds no
     * other connection's writers up.
     */
    void unlockHeld() {
        if (held != null && !heldUnlocked) {
            heldUnlocked = true;
            held.writer().release();
        }
    }

    /**
     * Takes {@link #held}'s write lock again if {@link #unlockHeld()} gave it up; if it cannot be
     * had, the chunks staged for it failed. False then.
     */
    private boolean relockHeld() {
        if (!heldUnlocked) {
            return true;
        }
        heldUnlocked = false;
        if (held.writer().acquire(source)) {
            return true;
        }
        failHeld();
        return false;
    }

    /** The chunks whose bytes are staged for {@link #held} failed: those bytes never go on. */
    private void failHeld() {
        staged = 0;
        for (ForwardedChunk c : heldChunks) {
            c.failed = true;
            if (c.pending != null) {
                c.pending.abandon();
            }
        }
        heldChunks.clear();
        held = null;
        heldToPath = null;
    }

    private void destinationFailed(ForwardedChunk c, IOException e) {
        c.failed = true;
        forwardFailed(c.dest, e);
    }

    /** A write to {@code dest} failed: it is closed, and chunks that ended with bytes still staged failed too. */
    private void forwardFailed(PeerConnection dest, IOException e) {
        LOG.debug("{}: next hop {} failed while forwarding: {}", source, dest, e.toString());
        source.metrics().nextHopFailed(RelayMetrics.NextHopFailure.WRITE);
        failHeld();
        dest.close();
    }
}
