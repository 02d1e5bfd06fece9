package org.msrp4j.relay;

import java.nio.ByteBuffer;
import java.util.Arrays;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;

/**
 * A chunk the relay's reader is reading, and how it goes on (RFC 4976 §7.2 lets a relay split
 * chunks). A body of up to {@link #STORE_LIMIT} bytes is gathered and goes on whole once its
 * end-line has come, exactly as it came: a sender that drips it holds nobody up. A longer SEND
 * body streams in <em>pieces</em>: each piece is a chunk of its own (a new transaction id) whose
 * Byte-Range starts where the previous piece ended, with an open end ({@code *}; the total as it
 * came), so the relay may end it with {@code +} after any byte and let other senders' chunks to
 * the same destination go first; the last piece ends with the sender's flag. Requests other than
 * SEND with a body beyond the limit are refused (413): RFC 4975 and 4976 give them no bodies worth
 * streaming. State of one reader thread only: its {@link ChunkForwarder} sets it as the chunk goes
 * on; the reader asks it.
 */
final class ForwardedChunk {

    /** The largest body that goes on whole, gathered before it is sent. */
    static final int STORE_LIMIT = 16 * 1024;

    /** The chunk as it came (for a reused response chunk, the one being read; see {@link #reuseFor}). */
    MsrpChunk request;
    /** Where it goes; null when the relay answers it itself (or it is a response). */
    final PeerConnection dest;
    /** How it goes there (its rewritten paths); null when it does not go on. */
    private final Router.Route route;
    final boolean send;
    /** System.nanoTime() when its start line and headers had come. */
    long startedAt = System.nanoTime();
    /** The most body bytes its Byte-Range allows (to its end, else its total), or Long.MAX_VALUE. */
    final long maxBytes;

    /** Body bytes read so far. */
    long bytes;
    /** Body bytes in the pieces that ended already. */
    long sent;
    /** Body bytes in the open (or last) piece. */
    long pieceBytes;
    /** System.nanoTime() when the open piece began. */
    long pieceStartedAt;
    /** Pieces began to go on: from now on the body streams. */
    boolean committed;
    /** A piece is open: the reader holds the destination's write lock for it. */
    boolean open;
    /** Nothing more goes on (the destination failed, refused it, or the chunk was cut). */
    boolean failed;
    /** The destination was busy beyond the response timeout. */
    boolean busy;
    /** The transaction id of the open (or last) piece. */
    String pieceTid;
    /** Whether its pieces have a body section (a Content-Type), which their end-lines follow. */
    boolean body;
    /** The response awaited for the open (or last) piece, if any. */
    PendingRequest pending;
    /** Why the chunk is refused at its end, and with which code; null if it is not. */
    String invalid;
    int invalidCode;
    /** The next hop's refusal of a piece seen while the chunk was still coming, or 0. */
    int refused;
    String refusedComment;

    /** Where the store comes from when the reader lends one (see {@link #lendStore}); null: made for this chunk. */
    private ChunkForwarder lender;
    /** Body bytes gathered in earlier reads. */
    private byte[] store;
    private int stored;
    /** Body bytes gathered in this read, still in the reader's buffer; null if none. */
    private ByteBuffer fresh;

    ForwardedChunk(MsrpChunk request, Router.Route route) {
        this.request = request;
        this.dest = route == null ? null : route.dest();
        this.route = route;
        this.send = "SEND".equals(request.method());
        this.maxBytes = maxBytes(request.isRequest() ? request.byteRange() : null);
    }

    /** A chunk the reader only reads (a response, or a request the relay answers itself). */
    static ForwardedChunk local(MsrpChunk chunk) {
        return new ForwardedChunk(chunk, null);
    }

    /**
     * This local chunk, made for a response, now stands for {@code response}, just begun: a reader
     * reuses one for all the responses it reads (of a response only its time and body bytes are
     * counted, for the minimum rate).
     */
    ForwardedChunk reuseFor(MsrpChunk response) {
        request = response;
        startedAt = System.nanoTime();
        bytes = 0;
        return this;
    }

    /** The response this reused chunk stood for ended: it is not kept (see {@link #reuseFor}). */
    void forget() {
        request = null;
    }

    private static long maxBytes(ByteRange range) {
        if (range == null) {
            return Long.MAX_VALUE;
        }
        if (range.hasEnd()) {
            return range.end() - range.start() + 1;
        }
        return range.hasTotal() ? Math.max(0, range.total() - range.start() + 1) : Long.MAX_VALUE;
    }

    /** Body bytes read so far. */
    long bodyBytes() {
        return bytes;
    }

    /** Whether a piece is open: the reader holds the destination's write lock for it. */
    boolean pieceOpen() {
        return open;
    }

    /** Whether nothing more of it goes on (the destination failed, refused it, or the chunk was cut). */
    boolean hasFailed() {
        return failed;
    }

    /** Whether the destination was busy beyond the response timeout. */
    boolean destinationBusy() {
        return busy;
    }

    /** Why the chunk is refused at its end, or null if it is not. */
    String invalidReason() {
        return invalid;
    }

    /** The status it is refused with at its end (see {@link #invalidReason()}). */
    int invalidCode() {
        return invalidCode;
    }

    /** Whether {@code n} more body bytes still fit the store. */
    boolean fitsStore(int n) {
        return gatheredLength() + (long) n <= STORE_LIMIT;
    }

    /**
     * Gathers body bytes of a chunk that has not begun to go on. They stay where the parser
     * reported them (the reader's buffer) until {@link #keepGathered()} at the end of the read, so
     * a chunk that is complete within one read is copied only once, when it goes on.
     */
    void gather(ByteBuffer data) {
        if (fresh != null || !data.hasArray()) {
            keepGathered();
        }
        if (data.hasArray()) {
            fresh = data;
        } else {
            keep(data);
        }
    }

    /** The read ends: body bytes gathered in it are copied into the store, the reader's buffer being reused. */
    void keepGathered() {
        if (fresh != null) {
            ByteBuffer f = fresh;
            fresh = null;
            keep(f);
        }
    }

    /**
     * The reader lends this chunk its store for bytes gathered past a read ({@link
     * ChunkForwarder#spareStore()}, {@link #STORE_LIMIT} bytes), so that no store is made per chunk.
     */
    void lendStore(ChunkForwarder from) {
        lender = from;
    }

    private void keep(ByteBuffer data) {
        int n = data.remaining();
        if (store == null && lender != null) {
            store = lender.spareStore();
        }
        if (store == null || store.length < stored + n) {
            int size = Math.min(STORE_LIMIT, Math.max(stored + n, Math.max(512, stored * 2)));
            store = store == null ? new byte[size] : Arrays.copyOf(store, size);
        }
        data.duplicate().get(store, stored, n);
        stored += n;
    }

    /** Body bytes gathered (in earlier reads and in this one) that have not gone on. */
    int gatheredLength() {
        return stored + (fresh == null ? 0 : fresh.remaining());
    }

    /** Passes the gathered bytes in order to {@code sink}: those kept from earlier reads, then this read's. */
    void drainGathered(ByteSink sink) {
        if (stored > 0) {
            sink.accept(store, 0, stored);
        }
        if (fresh != null) {
            sink.accept(fresh.array(), fresh.arrayOffset() + fresh.position(), fresh.remaining());
        }
        dropStore();
    }

    /** Where {@link #drainGathered} passes the gathered bytes. */
    @FunctionalInterface
    interface ByteSink {
        void accept(byte[] b, int off, int len);
    }

    /** Forgets the gathered bytes (they went on, or never will). */
    void dropStore() {
        store = null;
        stored = 0;
        fresh = null;
    }

    /**
     * Opens the next piece, the reader holding the destination's write lock: makes its head in
     * {@code wire} with transaction id {@code tid} (registered at the destination when a response
     * is to be awaited). {@code whole}: the chunk goes on in one piece, its Byte-Range as it came;
     * else the Byte-Range goes on from the bytes sent so far with an open end.
     */
    void openPiece(PeerConnection from, boolean whole, String tid, RelayWire wire) {
        ByteRange range = whole ? null : openRange();
        if (RelayWire.headFits(request, range)) {
            wire.head(request, tid, route.toLine(), route.fromLine(), range);
        } else {
            wire.clear();
            wire.append(RelayChunks.rewrite(request, tid, route.toPath(), route.fromPath(), range).encodeStart());
        }
        if (pieceTid == null) {
            body = RelayWire.hasBody(request);
        }
        pieceTid = tid;
        pending = null;
        if (!"REPORT".equals(request.method()) && RelayChunks.failureReport(request) != ReportMode.NO) {
            pending = new PendingRequest(from, request, sent);
            dest.pending().add(tid, pending);
        }
        long now = System.nanoTime();
        if (!committed) {
            from.metrics().forwardLatency(now - startedAt); // the first piece, whole or not
        }
        committed |= !whole;
        open = true;
        pieceBytes = 0;
        pieceStartedAt = now;
    }

    /** The open piece ended after {@link #pieceBytes}: they count as sent. */
    void pieceEnded() {
        open = false;
        sent += pieceBytes;
    }

    private ByteRange openRange() {
        ByteRange r = request.byteRange();
        long start = r == null ? 1 : r.start();
        return new ByteRange(start + sent, ByteRange.UNKNOWN, r == null ? ByteRange.UNKNOWN : r.total());
    }

    /**
     * When {@link #tooSlow} would first hold, with the same limits, if no more bytes came; or
     * {@code otherwise} if not before then.
     */
    long tooSlowAt(long maxTime, long grace, long minRate, long otherwise) {
        long at = otherwise;
        if (maxTime > 0 && startedAt + maxTime + 1 - at < 0) {
            at = startedAt + maxTime + 1;
        }
        if (minRate > 0) {
            long atRate = startedAt + Math.max(grace, (long) (bytes * 1e9 / minRate)) + 1;
            if (atRate - at < 0) {
                at = atRate;
            }
        }
        return at;
    }

    /**
     * Whether the chunk has taken too long: longer than {@code maxTime} (0: no limit), or, once
     * older than {@code grace}, an average below {@code minRate} bytes per second (0: none).
     */
    boolean tooSlow(long now, long maxTime, long grace, long minRate) {
        long elapsed = now - startedAt;
        if (maxTime > 0 && elapsed > maxTime) {
            return true;
        }
        return minRate > 0 && elapsed > grace && bytes * 1e9 / elapsed < minRate;
    }
}
