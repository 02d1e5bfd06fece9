package org.msrp4j.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
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
 * by a listener) or outbound (opened to a next hop); on a {@code ;ws} listener the MSRP bytes travel
 * in WebSocket messages (see {@link WebSocketPeer}). A virtual thread reads it through a {@link
 * ChunkParser} (the reading side, here); the requests it routes go on through its {@link
 * ChunkForwarder} (the forwarding side), and the relay's writes to its peer, whoever makes them,
 * go through its {@link PeerWriter} (the writing side). Its own answers (200s and errors) go back in
 * one write at the end of a read (see {@link PeerReplies#send} for the one exception). A chunk
 * slower than {@link CapacitySettings#chunkMinRate()} or longer than {@link CapacitySettings#chunkMaxTime()}
 * is cut and the connection closed.
 *
 * <p>Buffers adapt (see {@link ReaderBuffers}): they grow while large bodies stream and go back
 * to the small size after {@link #SHRINK_AFTER_MILLIS} between chunks without input, so an idle
 * connection costs a small read buffer only.
 */
final class PeerConnection implements ChunkListener {

    /**
     * Where a connection is in its life. It only moves on (down this list); an outbound
     * connection begins {@link #ESTABLISHED}, an inbound one at its TLS handshake or, over TCP, at
     * its first request. {@link EntryDeadlines} close an inbound one that stays too long in any of
     * the first three.
     */
    enum Life {
        /** The TLS handshake of an inbound TLS connection is under way. */
        HANDSHAKE,
        /** Connected (and the handshake done): no request has come yet. */
        AWAITING_REQUEST,
        /** Requests came, but no AUTH succeeded and none was delivered. */
        AWAITING_AUTH,
        /** The peer AUTHed or had a request delivered (an outbound connection: from the start). */
        ESTABLISHED,
        /** Closed: the sockets are closed and the relay forgot the connection. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);
    /** A refused AUTH is worth an operator's line, but a guesser must not fill the log with them. */
    private static final RateLimitedLog REFUSED_AUTH = new RateLimitedLog(LOG, Duration.ofMinutes(1));

    /** Time between chunks without input after which grown buffers go back to the small size. */
    static final int SHRINK_AFTER_MILLIS = 1000;
    /** The most bytes one TLS record takes on the wire (TLS 1.2: 2^14 plaintext, 2,048 expansion, 5 header). */
    private static final int MAX_TLS_RECORD = 16384 + 2048 + 5;

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
    /** The TCP socket's input under a TLS connection (not a WebSocket one), for {@link #readOn}; else null. */
    private final InputStream rawIn;
    /** The WebSocket side of a connection accepted by a {@code ;ws} listener, else null. */
    private final WebSocketPeer ws;
    private final PeerWriter writer;
    private final ChunkParser parser;

    private final AtomicReference<Life> life;
    /** The relay URIs this connection reserved, keyed by the From-Path of their AUTH. */
    private final Map<String, Reservation> reservations = new ConcurrentHashMap<>(2);
    /** The {@link OutboundLinks} keys under which this inbound connection reaches the peer that opened it. */
    private final Set<String> peerKeys = ConcurrentHashMap.newKeySet(1);
    private volatile long lastActivity = System.nanoTime();

    /** The requests forwarded on this connection whose responses are awaited. */
    private final PendingRequests pending;

    // state of the reader thread only (and of WaitSweep while the reader waits, see UntimedWait)
    private final ChunkForwarder forwarder = new ChunkForwarder(this);
    /** This read's answers to the peer, sent at its end. */
    private final PeerReplies replies = new PeerReplies(this);
    /** The chunk that stands for each response this connection reads (see {@link ForwardedChunk#reuseFor}). */
    private ForwardedChunk responseChunk;
    /** The route this connection's last request took, reused by the next one of the same session. */
    private final Router.Last lastRoute = new Router.Last();
    /** The read buffers, and the reader's waits without a socket timeout. */
    private final ReaderBuffers buffers;
    /** The reader's socket timeouts. */
    private final ReadTimeouts timeouts;
    /**
     * Counted in the relay's transit (see {@link MsrpRelay#transitStarted()}): from the start of a
     * request to route until no forwarded chunk is in progress and every answer went out.
     */
    private boolean transit;
    private int authFailures;
    private boolean closeWhenIdle;

    PeerConnection(MsrpRelay relay, Socket socket, Socket tcp, MsrpUri base, String outboundKey) throws IOException {
        this(relay, socket, tcp, base, outboundKey, null);
    }

    /**
     * A connection whose MSRP bytes travel in WebSocket messages ({@code ws} non-null: accepted by a
     * {@code ;ws} listener) or directly on {@code socket}.
     */
    PeerConnection(MsrpRelay relay, Socket socket, Socket tcp, MsrpUri base, String outboundKey, WebSocketPeer ws)
            throws IOException {
        this.relay = relay;
        this.socket = socket;
        this.tcp = tcp;
        this.tls = socket instanceof SSLSocket;
        this.base = base;
        this.outboundKey = outboundKey;
        this.life = new AtomicReference<>(outboundKey != null ? Life.ESTABLISHED
                : tls ? Life.HANDSHAKE : Life.AWAITING_REQUEST);
        this.label = (outboundKey != null ? "out " + outboundKey
                : (ws != null ? "in ws " : "in ") + tcp.getRemoteSocketAddress());
        tcp.setTcpNoDelay(true);
        this.in = ws != null ? ws.input() : socket.getInputStream();
        this.rawIn = tls && ws == null ? tcp.getInputStream() : null;
        this.writer = new PeerWriter(this, relay, ws != null ? ws.output() : socket.getOutputStream());
        this.ws = ws;
        if (ws != null) {
            ws.watchedBy(writer);
        }
        this.parser = new ChunkParser(this, relay.configInternal().limits());
        this.buffers = new ReaderBuffers(relay.configInternal().capacity(), forwarder, replies, lastRoute);
        this.pending = new PendingRequests(relay);
        this.timeouts = new ReadTimeouts(this, socket, in, rawIn, parser, forwarder, buffers);
    }

    boolean isClosed() {
        return life.get() == Life.CLOSED;
    }

    /** Bytes of this connection's read and forwarding buffers now. */
    int bufferBytes() {
        return buffers.bytes() + forwarder.bufferBytes();
    }

    /** The size of the read buffer now (the reader thread's to ask). */
    int readBufferLength() {
        return buffers.read().length;
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
        return life.get() == Life.ESTABLISHED;
    }

    /** Whether the TLS handshake of an inbound TLS connection is done (or the connection closed). */
    boolean handshakeDone() {
        return life.get() != Life.HANDSHAKE;
    }

    /** Whether the header block of a first chunk came in (or the connection closed). */
    boolean requestSeen() {
        return life.get().compareTo(Life.AWAITING_AUTH) >= 0;
    }

    /** The connection moved on to {@code next}, unless it is there or further already. */
    private void advance(Life next) {
        if (life.get().compareTo(next) < 0) { // nearly always there already: no update (nor lambda) per chunk
            life.getAndUpdate(now -> now.compareTo(next) < 0 ? next : now);
        }
    }

    /** The relay's counters. */
    RelayMetrics metrics() {
        return relay.metrics();
    }

    /** The writing side: everything the relay writes to this peer goes through it. */
    PeerWriter writer() {
        return writer;
    }

    /** A write to the peer completed: the connection is active. */
    void wroteTo() {
        lastActivity = System.nanoTime();
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
        int wsCode = WebSocketPeer.POLICY_VIOLATION; // why the reader ends, for a WebSocket peer
        try {
            if (outboundKey == null) {
                EntryDeadlines.watch(relay, this);
            }
            if (socket instanceof SSLSocket ssl && outboundKey == null) {
                timeouts.set((int) relay.configInternal().timeouts().auth().toMillis());
                ssl.startHandshake();
                advance(Life.AWAITING_REQUEST);
                RenegotiationGuard.install(ssl, this);
            }
            while (!isClosed()) {
                byte[] into = timeouts.beforeRead();
                int n;
                try {
                    n = in.read(into);
                } catch (SocketTimeoutException e) {
                    if (timeouts.timedOut(lastActivity)) {
                        continue;
                    }
                    break;
                }
                timeouts.readReturned();
                if (n >= 0) {
                    lastActivity = System.nanoTime();
                    parser.feed(into, 0, n);
                    if (into == buffers.read() && rawIn != null) {
                        n = readOn(n);
                    }
                }
                if (n < 0) {
                    parser.endOfInput();
                    endOfRead();
                    break;
                }
                endOfRead();
                if (timeouts.tooSlow()) {
                    break;
                }
                buffers.afterRead(n);
                if (closeWhenIdle && parser.isIdle()) {
                    break;
                }
            }
        } catch (ChunkParseException e) {
            wsCode = WebSocketPeer.PROTOCOL_ERROR;
            LOG.debug("{}: unreadable input, closing: {}", label, e.getMessage());
        } catch (IOException e) {
            if (!isClosed()) {
                LOG.debug("{}: connection ended: {}", label, e.toString());
            }
        } catch (RuntimeException e) {
            wsCode = WebSocketPeer.INTERNAL_ERROR;
            relay.unexpectedFailure();
            LOG.warn("{}: unexpected failure, closing", label, e);
        } finally {
            buffers.waitEnded(); // a wait the sweep is shrinking ends before the reader touches its buffers
            forwarder.abortCurrent();
            forwarder.releaseHeld();
            replies.send(forwarder.current());
            close(wsCode);
            endTransit();
        }
    }

    /**
     * After a TLS read of {@code filled} bytes into the read buffer: while the buffer has room and
     * more input is at hand (plaintext JSSE holds, or a whole TLS record of the largest size in the
     * socket), reads on into the rest of the buffer before the read's forwards and answers go out,
     * so that one batch of TLS records costs one write of answers and few to each destination, as
     * one TCP read of the same bytes does (an {@link SSLSocket} read returns one record at most).
     * Records other than application data (a flood of TLS 1.3 KeyUpdates, say) may keep such a
     * read busy or waiting: the destination of the chunks that ended is given up meanwhile (see
     * {@link ChunkForwarder#unlockHeld()}), as at the end of a read, and the read is timed
     * ({@link ChunkForwarder#SLICE_MILLIS}) like one inside a piece. Returns the bytes read in
     * all, or -1 if the input ended.
     */
    private int readOn(int filled) throws IOException {
        byte[] readBuffer = buffers.read();
        int total = filled;
        while (total < readBuffer.length && (in.available() > 0 || rawIn.available() >= MAX_TLS_RECORD)) {
            forwarder.unlockHeld();
            timeouts.set(ChunkForwarder.SLICE_MILLIS);
            int n;
            try {
                n = in.read(readBuffer, total, readBuffer.length - total);
            } catch (SocketTimeoutException e) {
                break;
            }
            if (n < 0) {
                return -1;
            }
            parser.feed(readBuffer, total, n);
            total += n;
        }
        return total;
    }

    /**
     * For {@link WaitSweep}: closes the connection if its reader waits, untimed, inside a chunk
     * past its deadline; else shrinks its buffers if it has waited between chunks for {@code
     * shrinkAfter} nanoseconds.
     */
    void sweepWait(long now, long shrinkAfter) {
        if (buffers.sweep(now, shrinkAfter)) {
            if (buffers.overdueTooSlow()) {
                relay.metrics().refused(RelayMetrics.Refusal.CHUNK_TOO_SLOW);
                LOG.debug("{}: chunk too slow, closing", label);
            } else {
                LOG.debug("{}: sender stalled inside a chunk, closing", label);
            }
            close();
        }
    }

    /** For {@link WaitSweep}: whether this open connection's reader waits untimed with something for it to do. */
    boolean awaitsSweep() {
        return !isClosed() && buffers.awaitsSweep();
    }

    /**
     * Whether the reader has been waiting between chunks for longer than {@code idle} nanoseconds
     * of no input or output, and the connection holds no relay URI (a reservation's Expires governs
     * its connection: the client refreshes only halfway through it).
     */
    boolean idleTooLong(long now, long idle) {
        return timeouts.waitingUntimed() && reservations.isEmpty() && now - lastActivity >= idle && !isClosed();
    }

    /** Closes the connection for {@link IdleSweep}: it stayed idle too long. */
    void closeIdle() {
        LOG.debug("{}: idle, closing", label);
        close(WebSocketPeer.NORMAL);
    }

    @Override
    public void chunkStarted(MsrpChunk chunk) {
        advance(Life.AWAITING_AUTH);
        if (chunk.isResponse()) {
            forwarder.releaseHeld(); // the response may make the relay write to that destination itself
            responseChunk = responseChunk == null ? ForwardedChunk.local(chunk) : responseChunk.reuseFor(chunk);
            forwarder.begin(responseChunk);
            PendingRequest p = pending.remove(chunk.transactionId());
            if (p != null) {
                p.complete(chunk.code(), chunk.comment(), chunk);
            }
            return;
        }
        forwarder.begin(startRequest(chunk));
    }

    private ForwardedChunk startRequest(MsrpChunk request) {
        Object toPathHeader = request.headers().get(ToPathHeader.class);
        forwarder.requestStarts(toPathHeader);
        List<MsrpUri> to = request.toPath();
        if ("AUTH".equals(request.method()) && to.size() == 1) {
            return ForwardedChunk.local(request); // answered at its end
        }
        if (!transit) {
            transit = true;
            relay.transitStarted();
        }
        if (relay.isShuttingDown()) {
            replies.answer(request, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            return ForwardedChunk.local(request);
        }
        Router.Route route = relay.router().route(request, this, lastRoute);
        if (route.dest() == null) {
            replies.answer(request, route.code(), route.comment());
            return ForwardedChunk.local(request);
        }
        advance(Life.ESTABLISHED);
        return new ForwardedChunk(request, route);
    }

    @Override
    public void chunkData(MsrpChunk chunk, ByteBuffer data) {
        forwarder.data(data);
    }

    @Override
    public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
        ForwardedChunk c = forwarder.take();
        if (c == null) {
            return;
        }
        MsrpChunk request = c.request;
        if (request.isResponse()) {
            c.forget();
            return;
        }
        if (c.dest == null) {
            if ("AUTH".equals(request.method()) && request.toPath().size() == 1) {
                authenticate(request);
            }
            return;
        }
        if (c.invalidReason() != null) {
            replies.answer(request, c.invalidCode(), c.invalidReason());
            return;
        }
        ChunkForwarder.Answer answer = forwarder.end(c, continuation);
        if (!c.failed) {
            relay.metrics().forwarded(c.bytes);
        }
        if (c.send) {
            replies.answer(request, c, answer.code(), answer.comment());
        } else if (c.destinationBusy()) {
            replies.answer(request, answer.code(), answer.comment());
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
            replies.add(answer);
        }
    }

    /** The relay's URI on this connection: its listener's for an inbound one, else the relay's first. */
    private MsrpUri selfUri() {
        return base != null ? base : relay.listenerUris().get(0);
    }

    private void authenticate(MsrpChunk request) {
        if (base == null) {
            relay.metrics().auth(RelayMetrics.AuthOutcome.REFUSED);
            replies.answer(request, Status.FORBIDDEN, "AUTH is for clients of this relay");
            return;
        }
        if (relay.isShuttingDown()) {
            relay.metrics().auth(RelayMetrics.AuthOutcome.REFUSED);
            LOG.info("{}: AUTH refused: {} {}", label, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            replies.answer(request, Status.FORBIDDEN, MsrpRelay.SHUTTING_DOWN);
            return;
        }
        if (authFailures >= relay.configInternal().auth().maxAuthFailures()) {
            return; // pipelined behind the last failure allowed: not even looked at, the connection closes
        }
        AuthHandler.Outcome outcome = relay.auth().handle(request, this);
        relay.metrics().auth(outcome.kind());
        if (outcome.response() != null) {
            replies.add(outcome.response());
            if (outcome.failed()) {
                REFUSED_AUTH.info("{}: AUTH refused: {} {}", label, outcome.response().code(),
                        outcome.response().comment());
            }
        }
        if (outcome.failed() && ++authFailures >= relay.configInternal().auth().maxAuthFailures()) {
            LOG.debug("{}: {} failed AUTH attempts, closing", label, authFailures);
            relay.metrics().refused(RelayMetrics.Refusal.AUTH_CONNECTION_FAILURES);
            closeWhenIdle = true;
        }
        if (outcome.response() != null && outcome.response().code() == Status.OK) {
            advance(Life.ESTABLISHED);
        }
    }

    // ------------------------------------------------------------------ end of a read

    /**
     * After each read: what was staged goes on, the write lock of chunks that ended is given back
     * (see {@link ChunkForwarder#endOfRead()}), and the answers to the peer go out; then, unless a
     * forwarded chunk is still in progress or an answer had to wait, nothing of this connection is
     * in transit any more.
     */
    private void endOfRead() {
        ForwardedChunk c = forwarder.current();
        forwarder.endOfRead();
        replies.send(forwarder.current());
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

    // ------------------------------------------------------------------ closing

    /**
     * Closes the sockets (waking the reader and any blocked writer) and forgets the connection; a
     * WebSocket peer is told that the relay is going away (1001) if it is, else that it broke a
     * rule of the relay (1008).
     */
    void close() {
        close(WebSocketPeer.POLICY_VIOLATION);
    }

    /**
     * As {@link #close()}, telling a WebSocket peer {@code wsCode} (RFC 6455) first; 1001 instead
     * while the relay stops. The sockets close once the close frame is out, at most the stall
     * timeout later (see {@link WebSocketPeer#close}).
     */
    private void close(int wsCode) {
        if (life.getAndSet(Life.CLOSED) == Life.CLOSED) {
            return;
        }
        if (ws != null) {
            int code = relay.isClosed() || relay.isShuttingDown() ? WebSocketPeer.GOING_AWAY : wsCode;
            ws.close(code, code == WebSocketPeer.GOING_AWAY ? "relay shutting down" : "",
                    relay.configInternal().timeouts().stall(), relay::execute, this::closeSockets);
        } else {
            closeSockets();
        }
        relay.connectionClosed(this);
        if (ticket != null) {
            ticket.release();
        }
        pending.close();
    }

    private void closeSockets() {
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
    }
}
