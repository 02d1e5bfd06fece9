package org.msrp4j.relay;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import javax.net.ssl.SSLSocket;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ToPathHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP or TLS connection of the relay to a peer (a client or another relay), inbound (accepted
 * by a listener) or outbound (opened to a next hop). A virtual thread reads it through a {@link
 * ChunkParser}; a request to forward goes on as a {@link ForwardedChunk} says: a short one whole
 * once it is complete, a long one streamed in pieces. Its rewritten header block, the body bytes
 * and the end-line are gathered in a buffer as the parser reports them, and what one read produced
 * goes on in one write to the destination.
 * While a piece is being streamed the reader holds the destination's write lock, so chunks never
 * interleave on a connection and a slow destination slows the reading of the source (backpressure
 * through the sockets' own buffers); but once other writers have waited for that lock for {@link
 * #SLICE_MILLIS}, the reader ends its piece and queues behind them (the lock is fair), so a slow
 * or stalled sender never holds a destination. Chunks that end in the same read and go to the
 * same destination share that write; the reader gives the lock back at the end of the read or
 * before it needs any other. Its own answers (200s and errors) go back in one write at the end of
 * a read (see {@link #sendReplies()} for the one exception). A chunk slower than {@link
 * RelayConfig#chunkMinRate()} or longer than {@link RelayConfig#chunkMaxTime()} is cut and the
 * connection closed.
 *
 * <p>Buffers adapt: the read buffer starts at {@link RelayConfig#bufferSize()} and, each time a
 * read fills it, grows fourfold up to {@link RelayConfig#maxBufferSize()}; the forwarding buffer
 * is made as large as the read buffer when first needed. Both go back to the small size after
 * {@link #SHRINK_AFTER_MILLIS} between chunks without input, so an idle connection costs a small
 * read buffer only.
 */
final class PeerConnection implements ChunkListener {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    /** Time between chunks without input after which grown buffers go back to the small size. */
    static final int SHRINK_AFTER_MILLIS = 1000;

    /**
     * The longest a reader keeps a destination to a piece of a chunk while other writers wait for
     * it (and how often it looks for them while its sender is silent).
     */
    static final int SLICE_MILLIS = 100;

    final MsrpRelay relay;
    private final Socket socket;
    private final Socket tcp;
    final boolean tls;
    /** The listener's URI (no session id) for an inbound connection; null for an outbound one. */
    final MsrpUri base;
    /** The {@link OutboundLinks#key key} of an outbound connection; null for an inbound one. */
    final String outboundKey;
    /** An inbound connection's place in the {@link ConnectionGate}, given back when it closes; set before it runs. */
    private ConnectionGate.Ticket ticket;
    private final String label;
    private final InputStream in;
    private final OutputStream out;
    private final ChunkParser parser;
    private final int smallBuffer;
    private final int maxBuffer;
    /** Bytes of the read and forwarding buffers, for {@link MsrpRelay#bufferBytes()}. */
    private volatile int bufferBytes;

    /** Fair, so that a piece's writer that gave it up to waiting writers queues behind them. */
    private final ReentrantLock writeLock = new ReentrantLock(true);
    /** System.nanoTime() when a blocking write began, 0 outside writes. */
    private volatile long writeBlockedSince;

    private final AtomicBoolean closed = new AtomicBoolean();
    /** The relay URIs this connection reserved, keyed by the From-Path of their AUTH. */
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>(2);
    /** The {@link OutboundLinks} keys under which this inbound connection reaches the peer that opened it. */
    private final Set<String> peerKeys = ConcurrentHashMap.newKeySet(1);
    private volatile boolean established;
    /** The TLS handshake is done (for an inbound TLS connection; see {@link EntryDeadlines}). */
    private volatile boolean handshakeDone;
    /** The header block of a first chunk came in. */
    private volatile boolean requestSeen;
    private volatile long lastActivity = System.nanoTime();

    /** The requests forwarded on this connection whose responses are awaited. */
    private final PendingRequests pending;

    // state of the reader thread only
    private byte[] readBuffer;
    private ForwardedChunk current;
    /** What this read produced for the destination whose write lock the reader holds. */
    private byte[] stage;
    private int staged;
    /** The destination of chunks that ended in this read, whose write lock is still held; or null. */
    private PeerConnection held;
    /** The To-Path header of the last chunk sent to {@link #held} (the parser reuses equal ones). */
    private Object heldToPath;
    /** The chunks whose bytes for {@link #held} are still staged. */
    private final List<ForwardedChunk> heldChunks = new ArrayList<>();
    /** This read's answers to the peer, sent at its end. */
    private final List<Reply> replies = new ArrayList<>();
    /**
     * Counted in the relay's transit (see {@link MsrpRelay#transitStarted()}): from the start of a
     * request to route until no forwarded chunk is in progress and every answer went out.
     */
    private boolean transit;
    private int authFailures;
    private boolean closeWhenIdle;
    private int soTimeout = -1;
    /** The socket timeout set is the one after which grown buffers shrink. */
    private boolean shrinkTimeout;

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
            if (forwarded != null && forwarded.failed && code == Status.OK) {
                return RelayChunks.response(request, Status.NO_SESSION, "Next hop connection failed");
            }
            return RelayChunks.response(request, code, comment);
        }
    }

    PeerConnection(MsrpRelay relay, Socket socket, Socket tcp, MsrpUri base, String outboundKey) throws IOException {
        this.relay = relay;
        this.socket = socket;
        this.tcp = tcp;
        this.tls = socket instanceof SSLSocket;
        this.base = base;
        this.outboundKey = outboundKey;
        this.established = outboundKey != null;
        this.label = (outboundKey != null ? "out " + outboundKey : "in " + tcp.getRemoteSocketAddress());
        tcp.setTcpNoDelay(true);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.parser = new ChunkParser(this, relay.configInternal().limits());
        this.smallBuffer = relay.configInternal().bufferSize();
        this.maxBuffer = relay.configInternal().maxBufferSize();
        this.readBuffer = new byte[smallBuffer];
        this.pending = new PendingRequests(relay);
        this.bufferBytes = smallBuffer;
    }

    boolean isClosed() {
        return closed.get();
    }

    /** Bytes of this connection's read and forwarding buffers now. */
    int bufferBytes() {
        return bufferBytes;
    }

    /** The inbound connection holds {@code ticket}, its place in the {@link ConnectionGate}, until it closes. */
    void admittedWith(ConnectionGate.Ticket ticket) {
        this.ticket = ticket;
    }

    /** {@link OutboundLinks} now reaches the peer that opened this inbound connection over it, under {@code key}. */
    void knownAs(String key) {
        peerKeys.add(key);
    }

    /** Whether {@link OutboundLinks} knows this inbound connection under {@code key}. */
    boolean isKnownAs(String key) {
        return peerKeys.contains(key);
    }

    /** The {@link OutboundLinks} keys under which this inbound connection reaches the peer that opened it. */
    Set<String> peerKeys() {
        return Set.copyOf(peerKeys);
    }

    /** The relay URI reserved on this connection for the AUTH sender {@code key} (its From-Path, encoded), or null. */
    Reservation reservation(String key) {
        return reservations.get(key);
    }

    /** How many relay URIs this connection holds. */
    int reservationCount() {
        return reservations.size();
    }

    /** The relay URIs this connection holds now. */
    Collection<Reservation> reservations() {
        return List.copyOf(reservations.values());
    }

    /** This connection now holds {@code r}, reserved for the AUTH sender {@code key}. */
    void addReservation(String key, Reservation r) {
        reservations.put(key, r);
    }

    /** {@code r} ended; true if this connection holds no relay URI any more. */
    boolean dropReservation(Reservation r) {
        reservations.values().remove(r);
        return reservations.isEmpty();
    }

    /** Whether the peer AUTHed or had a request delivered: it is no longer held to {@link EntryDeadlines}. */
    boolean isEstablished() {
        return established;
    }

    boolean handshakeDone() {
        return handshakeDone;
    }

    boolean requestSeen() {
        return requestSeen;
    }

    /** The requests forwarded on this connection whose responses are awaited. */
    PendingRequests pending() {
        return pending;
    }

    /** The address of the other end of the connection. */
    InetAddress remoteAddress() {
        return tcp.getInetAddress();
    }

    /** The port of the other end of the connection. */
    int remotePort() {
        return tcp.getPort();
    }

    @Override
    public String toString() {
        return label;
    }

    // ------------------------------------------------------------------ reading

    /** The reader loop; runs on its own virtual thread until the connection ends. */
    void run() {
        try {
            if (outboundKey == null) {
                EntryDeadlines.watch(relay, this);
            }
            if (socket instanceof SSLSocket ssl && outboundKey == null) {
                setTimeout((int) relay.configInternal().authTimeout().toMillis());
                ssl.startHandshake();
                handshakeDone = true;
                RenegotiationGuard.install(ssl, this);
            }
            while (!closed.get()) {
                applyTimeout();
                int n;
                try {
                    n = in.read(readBuffer);
                } catch (SocketTimeoutException e) {
                    if (shrinkTimeout) {
                        shrink();
                        continue;
                    }
                    if (readTimedOut()) {
                        continue;
                    }
                    break;
                }
                if (n < 0) {
                    parser.endOfInput();
                    endOfRead();
                    break;
                }
                lastActivity = System.nanoTime();
                parser.feed(readBuffer, 0, n);
                endOfRead();
                if (tooSlow()) {
                    break;
                }
                if (n == readBuffer.length && readBuffer.length < maxBuffer) {
                    grow();
                }
                if (closeWhenIdle && parser.isIdle()) {
                    break;
                }
            }
        } catch (ChunkParseException e) {
            LOG.debug("{}: unreadable input, closing: {}", label, e.getMessage());
        } catch (IOException e) {
            if (!closed.get()) {
                LOG.debug("{}: connection ended: {}", label, e.toString());
            }
        } catch (RuntimeException e) {
            relay.unexpectedFailure();
            LOG.warn("{}: unexpected failure, closing", label, e);
        } finally {
            abortCurrent();
            releaseHeld();
            sendReplies();
            close();
            endTransit();
        }
    }

    /** The read filled the buffer, so more is waiting: a larger one for the next reads. */
    private void grow() {
        readBuffer = new byte[Math.min(maxBuffer, readBuffer.length * 4)];
        stage = null; // empty after each read; made again at the new size
        bufferBytes = readBuffer.length;
    }

    /** Nothing came for a while between chunks: back to the small read buffer, no forwarding buffer. */
    private void shrink() {
        readBuffer = new byte[smallBuffer];
        stage = null;
        bufferBytes = smallBuffer;
    }

    private void applyTimeout() throws IOException {
        int want;
        boolean between = current == null && parser.isIdle();
        if (!between) {
            want = (int) relay.configInternal().stallTimeout().toMillis();
            if (current != null && current.open) {
                want = Math.min(want, SLICE_MILLIS); // to give the destination up if others wait
            }
        } else if (!established) {
            want = (int) relay.configInternal().authTimeout().toMillis();
        } else {
            want = (int) Math.min(Integer.MAX_VALUE, relay.configInternal().idleTimeout().toMillis());
        }
        boolean grown = stage != null || readBuffer.length > smallBuffer;
        shrinkTimeout = between && grown && (want == 0 || want > SHRINK_AFTER_MILLIS);
        setTimeout(shrinkTimeout ? SHRINK_AFTER_MILLIS : want);
    }

    private void setTimeout(int millis) throws IOException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
    }

    /** True to keep reading after a read timeout, false to close. */
    private boolean readTimedOut() {
        if (current != null || !parser.isIdle()) {
            long now = System.nanoTime();
            if (now - lastActivity < relay.configInternal().stallTimeout().toNanos()) {
                if (current != null) {
                    yieldDestination(current, now);
                }
                return !tooSlow();
            }
            LOG.debug("{}: sender stalled inside a chunk, closing", label);
            return false;
        }
        if (!established) {
            LOG.debug("{}: nothing useful within the AUTH timeout, closing", label);
            return false;
        }
        long idle = relay.configInternal().idleTimeout().toNanos();
        // a reservation's Expires governs its connection: the client refreshes only halfway through it
        if (idle > 0 && System.nanoTime() - lastActivity >= idle && reservations.isEmpty()) {
            LOG.debug("{}: idle, closing", label);
            return false;
        }
        return true;
    }

    /**
     * Whether the chunk being read has taken longer than {@link RelayConfig#chunkMaxTime()} or
     * fallen below {@link RelayConfig#chunkMinRate()}: then the connection is closed (and what
     * went on of the chunk is cut).
     */
    private boolean tooSlow() {
        ForwardedChunk c = current;
        RelayConfig config = relay.configInternal();
        if (c == null || !c.tooSlow(System.nanoTime(), config.chunkMaxTime().toNanos(),
                config.stallTimeout().toNanos(), config.chunkMinRate())) {
            return false;
        }
        LOG.debug("{}: chunk {} too slow ({} bytes in {} ms), closing", label, c.request.transactionId(), c.bytes,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.startedAt));
        return true;
    }

    @Override
    public void chunkStarted(MsrpChunk chunk) {
        requestSeen = true;
        if (chunk.isResponse()) {
            releaseHeld(); // the response may make the relay write to that destination itself
            current = ForwardedChunk.local(chunk);
            PendingRequest p = pending.remove(chunk.transactionId());
            if (p != null) {
                p.complete(chunk.code(), chunk.comment(), chunk);
            }
            return;
        }
        current = startRequest(chunk);
    }

    private ForwardedChunk startRequest(MsrpChunk request) {
        Object toPathHeader = request.header(ToPathHeader.NAME);
        if (held != null && toPathHeader != heldToPath) {
            releaseHeld(); // most likely another destination; routing may even connect to it
        }
        List<MsrpUri> to = request.toPath();
        if ("AUTH".equals(request.method()) && to.size() == 1) {
            return ForwardedChunk.local(request); // answered at its end
        }
        if (!transit) {
            transit = true;
            relay.transitStarted();
        }
        if (relay.isShuttingDown()) {
            reply(request, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            return ForwardedChunk.local(request);
        }
        Router.Route route = relay.router().route(request, this);
        if (route.dest() == null) {
            reply(request, route.code(), route.comment());
            return ForwardedChunk.local(request);
        }
        established = true;
        return new ForwardedChunk(request, route.dest(), route.toPath(), route.fromPath());
    }

    @Override
    public void chunkData(MsrpChunk chunk, ByteBuffer data) {
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
                c.store(data);
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
        if (held == dest) {
            held = null; // the lock the reader holds passes on to this piece
            heldToPath = null;
        } else {
            releaseHeld();
            if (!dest.acquireWrite(this)) {
                c.failed = true;
                c.busy = true;
                c.dropStore();
                return false;
            }
        }
        byte[] head = c.openPiece(this, whole).encodeStart();
        stage(c, head, 0, head.length);
        if (c.storedLength() > 0) {
            stage(c, c.stored(), 0, c.storedLength());
            c.pieceBytes = c.storedLength();
            c.dropStore();
        }
        return !c.failed;
    }

    /**
     * Ends the open piece of {@code c} with '+' and gives the destination up, when other writers
     * have waited for it for a {@link #SLICE_MILLIS slice}: the rest of the chunk goes on in the
     * next piece, behind them.
     */
    private void yieldDestination(ForwardedChunk c, long now) {
        if (!c.open || c.failed || now - c.pieceStartedAt < TimeUnit.MILLISECONDS.toNanos(SLICE_MILLIS)
                || !c.dest.writeLock.hasQueuedThreads()) {
            return;
        }
        byte[] end = c.piece.encodeEnd(Continuation.MORE);
        stage(c, end, 0, end.length);
        try {
            flushTo(c.dest);
        } catch (IOException e) {
            destinationFailed(c, e);
        }
        PendingRequest p = c.pending;
        c.pieceEnded();
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
        c.dest.releaseWrite();
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
            c.dest.pending().remove(c.piece.transactionId());
            c.pending.abandon();
            c.pending = null;
        }
    }

    @Override
    public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
        ForwardedChunk c = current;
        current = null;
        if (c == null) {
            return;
        }
        MsrpChunk request = c.request;
        if (request.isResponse()) {
            return;
        }
        if (c.dest == null) {
            if ("AUTH".equals(request.method()) && request.toPath().size() == 1) {
                authenticate(request);
            }
            return;
        }
        if (c.invalid != null) {
            reply(request, c.invalidCode, c.invalid);
            return;
        }
        if (!c.failed && (c.open || openPiece(c, !c.committed))) {
            byte[] end = c.piece.encodeEnd(continuation);
            stage(c, end, 0, end.length);
        }
        if (c.open) {
            c.pieceEnded();
            if (c.failed) {
                c.dest.releaseWrite();
            } else {
                // its staged bytes go on with what follows for the same destination, or at the end of the read
                held = c.dest;
                heldToPath = request.header(ToPathHeader.NAME);
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
                c.dest.pending().remove(c.piece.transactionId());
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
        if (c.send) {
            replies.add(new Reply(null, request, c, code, comment));
        } else if (c.busy) {
            reply(request, code, comment);
        }
    }

    /**
     * A malformed request is answered (400 for a missing or bad header) when a response can be
     * addressed, from this relay's URI if it had no readable To-Path; one that cannot be answered
     * (no From-Path, or a REPORT) closes the connection once the parser has skipped it, since its
     * sender could never learn what became of it.
     */
    @Override
    public void chunkMalformed(ChunkParseException error) {
        MsrpChunk partial = error.partialChunk();
        if (partial == null || !partial.isRequest()) {
            return;
        }
        if (!RelayChunks.answerable(partial)) {
            LOG.debug("{}: malformed {} that cannot be answered, closing: {}", label, partial.method(),
                    error.getMessage());
            closeWhenIdle = true;
            return;
        }
        MsrpChunk answer = RelayChunks.response(partial, error.statusCode(), "Bad request", selfUri());
        if (answer != null) {
            replies.add(new Reply(answer, null, null, 0, null));
        }
    }

    /** The relay's URI on this connection: its listener's for an inbound one, else the relay's first. */
    private MsrpUri selfUri() {
        return base != null ? base : relay.listenerUris().get(0);
    }

    private void authenticate(MsrpChunk request) {
        if (base == null) {
            reply(request, Status.FORBIDDEN, "AUTH is for clients of this relay");
            return;
        }
        if (relay.isShuttingDown()) {
            LOG.info("{}: AUTH refused: {} {}", label, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            reply(request, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            return;
        }
        if (authFailures >= relay.configInternal().maxAuthFailures()) {
            return; // pipelined behind the last failure allowed: not even looked at, the connection closes
        }
        AuthHandler.Outcome outcome = relay.auth().handle(request, this);
        if (outcome.response() != null) {
            replies.add(new Reply(outcome.response(), null, null, 0, null));
            if (outcome.failed()) {
                LOG.debug("{}: AUTH refused: {} {}", label, outcome.response().code(), outcome.response().comment());
            }
        }
        if (outcome.failed() && ++authFailures >= relay.configInternal().maxAuthFailures()) {
            LOG.debug("{}: {} failed AUTH attempts, closing", label, authFailures);
            closeWhenIdle = true;
        }
        if (outcome.response() != null && outcome.response().code() == Status.OK) {
            established = true;
        }
    }

    /**
     * The sender's connection ended, stalled or was too slow inside a chunk: what went on of it is
     * ended with '#', the rest dropped.
     */
    private void abortCurrent() {
        ForwardedChunk c = current;
        current = null;
        if (c == null || c.dest == null) {
            return;
        }
        cut(c);
        if (c.pending != null) {
            c.dest.pending().remove(c.piece.transactionId());
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
            byte[] end = c.piece.encodeEnd(Continuation.ABORT);
            stage(c, end, 0, end.length);
            try {
                flushTo(c.dest);
            } catch (IOException e) {
                destinationFailed(c, e);
            }
        }
        c.failed = true;
        if (c.open) {
            c.pieceEnded();
            c.dest.releaseWrite();
        }
    }

    // ------------------------------------------------------------------ staging of forwarded bytes

    private void stage(ForwardedChunk c, byte[] b, int off, int len) {
        if (c.failed) {
            return;
        }
        try {
            if (stage == null) {
                stage = new byte[readBuffer.length];
                bufferBytes = readBuffer.length + stage.length;
            }
            if (staged + len <= stage.length) {
                System.arraycopy(b, off, stage, staged, len);
                staged += len;
                return;
            }
            flushTo(c.dest);
            if (len >= stage.length) {
                c.dest.rawWrite(b, off, len);
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
            dest.rawWrite(stage, 0, n);
        }
        heldChunks.clear(); // what they had staged went on
    }

    /**
     * After each read: what was staged goes on, the write lock of chunks that ended is given back,
     * and the answers to the peer go out; then, unless a forwarded chunk is still in progress or
     * an answer had to wait, nothing of this connection is in transit any more.
     */
    private void endOfRead() {
        ForwardedChunk c = current;
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
                c.dest.releaseWrite();
            }
        }
        releaseHeld();
        sendReplies();
        if (replies.isEmpty() && (c == null || c.dest == null)) {
            endTransit();
        }
    }

    /** Nothing of this connection is in transit any more (if anything was). */
    private void endTransit() {
        if (transit) {
            transit = false;
            relay.transitEnded();
        }
    }

    /**
     * Sends what is staged for the chunks that ended and frees their destination. If that write
     * fails, those chunks are answered 481 like any chunk the next hop's connection failed under.
     */
    private void releaseHeld() {
        PeerConnection dest = held;
        if (dest == null) {
            return;
        }
        held = null;
        heldToPath = null;
        try {
            flushTo(dest);
        } catch (IOException e) {
            forwardFailed(dest, e);
        } finally {
            dest.releaseWrite();
        }
    }

    private void destinationFailed(ForwardedChunk c, IOException e) {
        c.failed = true;
        forwardFailed(c.dest, e);
    }

    /** A write to {@code dest} failed: it is closed, and chunks that ended with bytes still staged failed too. */
    private void forwardFailed(PeerConnection dest, IOException e) {
        LOG.debug("{}: next hop {} failed while forwarding: {}", label, dest, e.toString());
        staged = 0;
        for (ForwardedChunk c : heldChunks) {
            c.failed = true;
            if (c.pending != null) {
                c.pending.abandon();
            }
        }
        heldChunks.clear();
        dest.close();
    }

    // ------------------------------------------------------------------ writing

    /**
     * Takes this connection's write lock for {@code waiter}'s reader (null for a one-off write),
     * waiting while another chunk is being streamed here; gives up when either side closes or the
     * wait exceeds the response timeout.
     */
    boolean acquireWrite(PeerConnection waiter) {
        long deadline = System.nanoTime() + relay.configInternal().responseTimeout().toNanos();
        try {
            while (true) {
                if (closed.get() || waiter != null && waiter.closed.get()) {
                    return false;
                }
                if (writeLock.tryLock(200, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (closed.get()) {
            writeLock.unlock();
            return false;
        }
        return true;
    }

    void releaseWrite() {
        writeLock.unlock();
    }

    /** Writes under the write lock held by the caller; the relay's write watchdog sees it meanwhile. */
    void rawWrite(byte[] b, int off, int len) throws IOException {
        writeBlockedSince = System.nanoTime() | 1;
        relay.watchdog().writeStarted(this);
        try {
            out.write(b, off, len);
        } finally {
            writeBlockedSince = 0;
            relay.watchdog().writeEnded(this);
        }
        lastActivity = System.nanoTime();
    }

    /** Closes the connection if a write has been blocked longer than the stall timeout (the receiver stopped reading). */
    void checkWriteStall(long now) {
        long since = writeBlockedSince;
        if (since != 0 && now - since > relay.configInternal().stallTimeout().toNanos()) {
            LOG.debug("{}: receiver stopped reading, closing", label);
            close();
        }
    }

    /** Sends one whole chunk the relay made (a response or REPORT); false if it could not. */
    boolean send(MsrpChunk chunk) {
        byte[] bytes = chunk.encode();
        if (!acquireWrite(null)) {
            return false;
        }
        try {
            rawWrite(bytes, 0, bytes.length);
            return true;
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", label, e.toString());
            close();
            return false;
        } finally {
            releaseWrite();
        }
    }

    /**
     * Sends {@code chunk} now if this connection's write lock is free, else on a task thread: the
     * caller (another connection's reader) must not wait for this connection's writers.
     */
    void sendSoon(MsrpChunk chunk) {
        if (writeLock.tryLock()) {
            byte[] bytes = chunk.encode();
            try {
                if (!closed.get()) {
                    rawWrite(bytes, 0, bytes.length);
                }
            } catch (IOException e) {
                LOG.debug("{}: write failed: {}", label, e.toString());
                close();
            } finally {
                writeLock.unlock();
            }
            return;
        }
        relay.execute(() -> send(chunk));
    }

    /** Answers a request of the peer at the end of the read. */
    private void reply(MsrpChunk request, int code, String comment) {
        replies.add(new Reply(null, request, null, code, comment));
    }

    /**
     * Sends the answers to the peer gathered so far, in order, in one write. While the reader still
     * holds the write lock of a chunk in progress, they go only if this connection's lock is free
     * at once, and otherwise wait for a later read: two readers each streaming to the other's
     * connection must not wait for each other's lock.
     */
    private void sendReplies() {
        if (replies.isEmpty()) {
            return;
        }
        ForwardedChunk c = current;
        if (c != null && c.open) {
            if (c.dest == this || !writeLock.tryLock()) {
                return;
            }
        } else if (!acquireWrite(null)) {
            replies.clear();
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * replies.size());
            for (Reply r : replies) {
                MsrpChunk answer;
                try {
                    answer = r.answer();
                } catch (RuntimeException e) {
                    // e.g. a comment the next hop chose: it must not end this peer's connection
                    LOG.debug("{}: cannot make an answer: {}", label, e.toString());
                    continue;
                }
                if (answer != null) {
                    bytes.writeBytes(answer.encode());
                }
            }
            replies.clear();
            if (bytes.size() > 0) {
                rawWrite(bytes.toByteArray(), 0, bytes.size());
            }
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", label, e.toString());
            close();
        } finally {
            releaseWrite();
        }
    }

    // ------------------------------------------------------------------ closing

    /** Closes the sockets (waking the reader and any blocked writer) and forgets the connection. */
    void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        // the TCP socket first: closing a TLS socket alone waits for the peer's close_notify
        try {
            tcp.close();
        } catch (IOException e) {
            // closing is all that is asked
        }
        try {
            socket.close();
        } catch (IOException | RuntimeException e) {
            // as above
        }
        relay.connectionClosed(this);
        if (ticket != null) {
            ticket.release();
        }
        pending.close();
    }
}
