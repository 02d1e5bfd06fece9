package org.msrp4j.transport;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Responses;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsContexts;

/**
 * One MSRP connection (msrplib's MSRPTransport): reads and writes chunks over a TCP or TLS socket,
 * builds chunks addressed along the session's paths, checks the paths of incoming chunks and binds
 * the connection to the session. Connectors ({@code org.msrp4j.connect}) create transports already
 * bound; the constructors are for servers and tests that bring their own socket.
 *
 * <p>Threading: everything blocks the calling thread only, which is meant to be a virtual thread.
 * One thread reads at a time ({@link #readChunk} calls are serialised), any number write (whole
 * chunks never interleave), and {@link #close()} from any thread wakes a blocked reader and writer.
 *
 * <p>Reading: chunks come back whole, bodies as bytes. A chunk longer than the size hint of {@link
 * #readChunk(int)} (or {@link TransportOptions#maxChunkInMemory()}) comes back as "virtual chunks",
 * segments numbered from 1 by {@link MsrpChunk#segment()}, each with its Byte-Range narrowed to its
 * bytes and the {@code +} flag except the last, which carries the chunk's own flag ({@link
 * MsrpChunk#hasMoreSegments()} tells the last from the others). A well-framed
 * but malformed request is answered here (with 400, or what the parser names) and skipped; input
 * that cannot be framed closes the connection and raises {@link ChunkParseException}.
 */
public final class MsrpTransport implements Closeable {

    /** Chunks up to this size on the wire go out in one socket write. */
    private static final int COALESCE_LIMIT = 64 * 1024 + 4096;
    /** The most a single socket write is given, so that a large body shows its progress. */
    private static final int WRITE_PIECE = 64 * 1024;
    /** The least room left in a body array for a read to go straight into it. */
    private static final int DIRECT_READ_MIN = 4096;
    /** A body at least this long is read mostly in place; see {@link #HEADER_READ}. */
    private static final int LARGE_BODY = 16 * 1024;
    /** How much is read after a large body, when the next chunk's headers come first. */
    private static final int HEADER_READ = 2048;

    private final Socket socket;
    private final Socket underlying;
    private final InputStream in;
    private final OutputStream out;
    private final TransportOptions options;
    private volatile TrafficLogger logger;
    private volatile boolean logging;
    private volatile List<MsrpUri> localRelayPath;
    private volatile int maxChunkSize;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final ConcurrentHashMap<String, CompletableFuture<MsrpChunk>> awaited = new ConcurrentHashMap<>();
    private volatile MsrpUri localUri;
    private volatile List<MsrpUri> fullRemotePath;

    private final ReentrantLock readLock = new ReentrantLock();
    private final ChunkParser parser;
    private final byte[] readBuffer;
    private final ArrayDeque<MsrpChunk> pushedBack = new ArrayDeque<>();
    private final ArrayDeque<Object> ready = new ArrayDeque<>();
    private MsrpChunk current;
    private byte[] body;
    private int bodyLength;
    /** Whether the last chunk's body was large: the next read then stops early, see {@link #fill}. */
    private boolean lastBodyLarge;
    private long nextStart;
    private int segments;
    private IOException readFailure;
    private int soTimeout;
    private boolean refuseMalformed;
    /** Whether the current chunk's body went past its Byte-Range total; see {@link #overflows}. */
    private boolean overflowed;

    private final ReentrantLock writeLock = new ReentrantLock();
    private byte[] writeBuffer = new byte[0];
    /** When the write in progress last saw the socket take bytes (or began); 0 when none is. */
    private volatile long writeProgress;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closedLocally;

    private final ReentrantLock asyncLock = new ReentrantLock();
    private final ArrayDeque<PendingWrite> asyncWrites = new ArrayDeque<>();
    private boolean asyncDraining;

    private record PendingWrite(MsrpChunk chunk, CompletableFuture<Void> done) {
    }

    /**
     * A transport over a connected socket (TCP, or TLS created directly with an {@code
     * SSLSocketFactory}). Sets TCP_NODELAY.
     *
     * @param socket the connected socket; the transport owns it from now on
     * @param localUri this endpoint's URI (the From-Path of what it sends), or null when not known
     *     until {@link #acceptBinding(MsrpUri, List, MsrpChunk, Duration)}
     * @param localRelayPath the URIs of this endpoint's relays (the relay's Use-Path), empty without
     * @param options logging, session matching, buffers and limits
     * @throws IOException if the socket is closed or its streams cannot be had
     */
    public MsrpTransport(Socket socket, MsrpUri localUri, List<MsrpUri> localRelayPath, TransportOptions options)
            throws IOException {
        this(socket, socket, localUri, localRelayPath, options);
    }

    /**
     * A transport over a TLS socket layered on a plain one (as {@code SSLSocketFactory.createSocket(
     * socket, host, port, true)} makes). Knowing the plain socket lets {@link #close()} end the
     * connection at once even while a write is blocked inside TLS.
     *
     * @param tls the TLS socket, layered with auto-close on {@code tcp}
     * @param tcp the connected plain socket under it
     * @param localUri this endpoint's URI, or null for a server side that learns it when binding
     * @param localRelayPath this endpoint's relays in Use-Path order, empty for a direct connection
     * @param options logging, session matching, buffers and limits
     * @throws IOException if a socket is closed or its streams cannot be had
     */
    public MsrpTransport(SSLSocket tls, Socket tcp, MsrpUri localUri, List<MsrpUri> localRelayPath,
            TransportOptions options) throws IOException {
        this((Socket) tls, tcp, localUri, localRelayPath, options);
    }

    private MsrpTransport(Socket socket, Socket underlying, MsrpUri localUri, List<MsrpUri> localRelayPath,
            TransportOptions options) throws IOException {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.underlying = Objects.requireNonNull(underlying, "underlying socket");
        this.options = Objects.requireNonNull(options, "options");
        this.localUri = localUri;
        this.localRelayPath = List.copyOf(localRelayPath);
        this.logger = options.logger();
        this.logging = logger != TrafficLogger.NULL;
        underlying.setTcpNoDelay(true);
        socket.setSoTimeout(0);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.parser = new ChunkParser(new Events(), options.limits());
        this.readBuffer = new byte[options.readBufferSize()];
    }

    // ---------------------------------------------------------------- state

    /**
     * The options this transport was made with.
     *
     * @return the options given to the constructor
     */
    public TransportOptions options() {
        return options;
    }

    /**
     * The traffic logger in use.
     *
     * @return the logger, {@link TrafficLogger#NULL} when nothing is logged
     */
    public TrafficLogger logger() {
        return logger;
    }

    /**
     * Replaces the traffic logger, e.g. once a server knows which session a connection serves.
     * Takes effect for the next event on each thread.
     *
     * @param value the new logger; {@link TrafficLogger#NULL} logs nothing
     */
    public void setLogger(TrafficLogger value) {
        this.logger = Objects.requireNonNull(value, "logger");
        this.logging = value != TrafficLogger.NULL;
    }

    /**
     * This endpoint's URI, or null before a server-side binding has named it.
     *
     * @return the local URI, or null
     */
    public MsrpUri localUri() {
        return localUri;
    }

    /**
     * This endpoint's relays (the Use-Path its relay gave), empty for a direct connection.
     *
     * @return an unmodifiable list, first hop first
     */
    public List<MsrpUri> localRelayPath() {
        return localRelayPath;
    }

    /**
     * Replaces this endpoint's relays, for a relay client that learns them (the relay's Use-Path)
     * over this very connection; {@link #newChunk()} and the path checks use the new path from now on.
     *
     * @param path the relays in Use-Path order
     */
    public void setLocalRelayPath(List<MsrpUri> path) {
        this.localRelayPath = List.copyOf(path);
    }

    /**
     * The most body bytes a chunk sent on this connection should carry, or 0 for no limit: the cap
     * {@linkplain #setMaxChunkSize set} (a relay connection sets its relay's), else {@link
     * TransportOptions#relayedChunkSize()} when the remote path goes through relays, else 0.
     * {@code MsrpSession} cuts files to it.
     *
     * @return the most body bytes per chunk, or 0
     */
    public int maxChunkSize() {
        int cap = maxChunkSize;
        if (cap > 0) {
            return cap;
        }
        List<MsrpUri> remote = fullRemotePath;
        return remote != null && remote.size() > 1 ? options.relayedChunkSize() : 0;
    }

    /**
     * Sets {@link #maxChunkSize()}; 0 for no limit.
     *
     * @param value the most body bytes per chunk, or 0
     * @throws IllegalArgumentException if {@code value} is negative
     */
    public void setMaxChunkSize(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("maxChunkSize must be >= 0: " + value);
        }
        this.maxChunkSize = value;
    }

    /**
     * The path to put in SDP {@code a=path}: the relays, then the local URI.
     *
     * @return an unmodifiable list ending with the local URI
     */
    public List<MsrpUri> fullLocalPath() {
        List<MsrpUri> path = new ArrayList<>(localRelayPath);
        if (localUri != null) {
            path.add(localUri);
        }
        return List.copyOf(path);
    }

    /**
     * The peer's full path from its SDP {@code a=path}, or null before binding.
     *
     * @return an unmodifiable list ending with the peer's URI, or null
     */
    public List<MsrpUri> fullRemotePath() {
        return fullRemotePath;
    }

    /**
     * The peer's own URI, the last of its path, or null before binding.
     *
     * @return the peer's URI, or null
     */
    public MsrpUri remoteUri() {
        List<MsrpUri> p = fullRemotePath;
        return p == null ? null : p.get(p.size() - 1);
    }

    /**
     * Sets the peer's full path, which {@link #newChunk()} addresses and {@link
     * #checkIncomingSendChunk} expects. The binding methods set it; call this only when binding is
     * done elsewhere.
     *
     * @param path the peer's path, first hop first and its own URI last
     * @throws IllegalArgumentException if the path is empty
     */
    public void setFullRemotePath(List<MsrpUri> path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        this.fullRemotePath = List.copyOf(path);
    }

    /**
     * The address of the peer (or of the relay) at the other end of the socket.
     *
     * @return the socket's remote address
     */
    public SocketAddress remoteAddress() {
        return underlying.getRemoteSocketAddress();
    }

    /**
     * The local address of the socket.
     *
     * @return the socket's local address
     */
    public SocketAddress localAddress() {
        return underlying.getLocalSocketAddress();
    }

    /**
     * Whether the connection runs over TLS.
     *
     * @return true for {@code msrps} connections
     */
    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    /**
     * The peer's TLS certificate, empty on TCP or when the peer sent none.
     *
     * @return the certificate, or empty
     */
    public Optional<X509Certificate> peerCertificate() {
        return socket instanceof SSLSocket ssl ? TlsContexts.peerCertificate(ssl) : Optional.empty();
    }

    /**
     * The SHA-256 fingerprint of the peer's TLS certificate (SDP {@code a=fingerprint} form), if any.
     *
     * @return the fingerprint, or empty on TCP or without a certificate
     */
    public Optional<Fingerprint> peerFingerprint() {
        return peerCertificate().map(Fingerprint::of);
    }

    /**
     * Whether {@link #close()} has been called or the connection has failed.
     *
     * @return true once the transport is closed
     */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * A future completed when the transport closes (by {@link #close()} or a failure); never fails.
     *
     * @return a future that completes normally once the transport is closed
     */
    public CompletableFuture<Void> closeFuture() {
        return closeFuture.copy();
    }

    /**
     * Takes the response to transaction {@code transactionId} away from the readers: whichever
     * thread reads it completes the returned future instead of getting it from {@link #readChunk}.
     * For a request sent on a connection that someone else reads, such as a relay client's AUTH
     * refresh under a running session. The future fails with {@link ConnectionClosedException} if
     * the transport closes first; cancel it to stop waiting.
     *
     * @param transactionId the transaction id of the request sent
     * @return completes with the response
     */
    public CompletableFuture<MsrpChunk> awaitResponse(String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        CompletableFuture<MsrpChunk> future = new CompletableFuture<>();
        future.whenComplete((c, e) -> awaited.remove(transactionId, future));
        awaited.put(transactionId, future);
        if (closed.get()) {
            future.completeExceptionally(new ConnectionClosedException("the transport is closed", !closedLocally));
        }
        return future;
    }

    // ---------------------------------------------------------------- building chunks

    /**
     * Starts a chunk addressed along this connection (msrplib's {@code make_chunk}): To-Path is the
     * local relay path followed by the remote path, From-Path the local URI; a SEND by default, with
     * a fresh transaction id and Message-ID. See {@link ChunkBuilder}.
     *
     * @return a builder for the chunk; {@link ChunkBuilder#build()} makes it
     * @throws IllegalStateException when the remote path or local URI is not known yet
     */
    public ChunkBuilder newChunk() {
        if (fullRemotePath == null || localUri == null) {
            throw new IllegalStateException("the transport is not bound: remote path or local URI unknown");
        }
        List<MsrpUri> to = new ArrayList<>(localRelayPath);
        to.addAll(fullRemotePath);
        return new ChunkBuilder(to, localUri);
    }

    /**
     * The response to {@code request} per RFC 4975 §7.2 ({@link Responses#to}): To-Path the first URI
     * of the request's From-Path (the previous hop), From-Path the request's To-Path's first URI
     * (this hop); a request without From-Path is answered to the last local relay or the peer's first
     * hop, one without To-Path from the local URI. Null when no response may be sent: REPORT
     * requests, Failure-Report {@code no}, and 200 under Failure-Report {@code partial}.
     *
     * @param request the request to answer
     * @param code the status code
     * @param comment the comment, or null
     * @return the response, or null when none may be sent
     * @throws IllegalArgumentException if {@code request} is a response
     */
    public MsrpChunk makeResponse(MsrpChunk request, int code, String comment) {
        return Responses.to(request, code, comment, localUri, previousHop());
    }

    private static MsrpUri first(List<MsrpUri> path) {
        return path == null || path.isEmpty() ? null : path.get(0);
    }

    /** The hop that sent what arrives here: the last local relay, or the peer's first hop. */
    private MsrpUri previousHop() {
        if (!localRelayPath.isEmpty()) {
            return localRelayPath.get(localRelayPath.size() - 1);
        }
        return first(fullRemotePath);
    }

    /**
     * Checks the paths of an incoming SEND against this connection (msrplib's {@code
     * check_incoming_SEND_chunk}). Without session matching the To-Path must be exactly the local
     * URI and the From-Path this side's relays (latest first) followed by the peer's full path,
     * comparing URIs per RFC 4975 §6.1; with it, only the session ids of the last URIs count.
     *
     * @param chunk an incoming SEND
     * @return empty when the paths are right, else the status to answer with (481 and why)
     */
    public Optional<Status> checkIncomingSendChunk(MsrpChunk chunk) {
        return checkSendPaths(chunk, localUri, localRelayPath, fullRemotePath, options.useSessmatch());
    }

    /**
     * The path check of {@link #checkIncomingSendChunk} for a connection not (yet) described by a
     * transport: a server uses it to find which waiting session an incoming binding belongs to.
     *
     * @param chunk an incoming SEND
     * @param localUri the URI the SEND must be addressed to, or null when not known (481)
     * @param localRelayPath this side's relays, in Use-Path order
     * @param fullRemotePath the peer's path from SDP, or null when not known (481)
     * @param sessmatch compare session ids only (RFC 6714)
     * @return the status to answer with when the paths do not match, or empty when they do
     */
    public static Optional<Status> checkSendPaths(MsrpChunk chunk, MsrpUri localUri, List<MsrpUri> localRelayPath,
            List<MsrpUri> fullRemotePath, boolean sessmatch) {
        List<MsrpUri> to = chunk.toPath();
        List<MsrpUri> from = chunk.fromPath();
        if (to == null || to.isEmpty() || from == null || from.isEmpty()) {
            return Optional.of(new Status(400, "To-Path and From-Path are required"));
        }
        if (localUri == null || fullRemotePath == null || fullRemotePath.isEmpty()) {
            return Optional.of(new Status(481, "session not bound yet"));
        }
        if (sessmatch) {
            if (!to.get(to.size() - 1).sameSessionId(localUri)) {
                return Optional.of(new Status(481, "To-Path session id does not match"));
            }
            if (!from.get(from.size() - 1).sameSessionId(fullRemotePath.get(fullRemotePath.size() - 1))) {
                return Optional.of(new Status(481, "From-Path session id does not match"));
            }
            return Optional.empty();
        }
        if (to.size() != 1 || !to.get(0).equals(localUri)) {
            return Optional.of(new Status(481, "To-Path is not this session"));
        }
        List<MsrpUri> expected = new ArrayList<>(localRelayPath.size() + fullRemotePath.size());
        for (int i = localRelayPath.size() - 1; i >= 0; i--) {
            expected.add(localRelayPath.get(i));
        }
        expected.addAll(fullRemotePath);
        if (!from.equals(expected)) {
            return Optional.of(new Status(481, "From-Path does not match the remote path"));
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------- binding

    /**
     * Binds actively (RFC 4975 §5.4): sends an empty SEND and waits for its 200. An empty SEND from
     * the peer meanwhile (both sides active) is checked and answered; other requests that arrive
     * meanwhile are kept for {@link #readChunk}.
     *
     * @param fullRemotePath the peer's path from its SDP {@code a=path}
     * @param timeout how long to wait for the 200
     * @throws BindingException if the peer answers with an error
     * @throws MsrpTimeoutException if no answer comes in time
     * @throws IOException if the connection fails
     */
    public void bind(List<MsrpUri> fullRemotePath, Duration timeout) throws IOException {
        setFullRemotePath(fullRemotePath);
        MsrpChunk send = newChunk().build();
        writeChunk(send);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<MsrpChunk> held = new ArrayList<>();
        try {
            while (true) {
                MsrpChunk c = readChunk(options.maxChunkInMemory(), remaining(deadline, timeout));
                if (c.isResponse()) {
                    if (!c.transactionId().equals(send.transactionId())) {
                        continue;
                    }
                    if (c.code() == 200) {
                        return;
                    }
                    throw new BindingException(c.code(), c.comment(),
                            "the peer refused the binding SEND: " + c.code()
                                    + (c.comment() == null ? "" : " " + c.comment()));
                }
                if (isEmptySend(c)) {
                    Optional<Status> error = checkIncomingSendChunk(c);
                    writeResponse(c, error.map(Status::code).orElse(200), error.map(Status::comment).orElse("OK"));
                } else {
                    held.add(c);
                }
            }
        } finally {
            pushBack(held);
        }
    }

    /**
     * Binds passively: waits for the peer's first SEND, checks its paths and answers it. An empty
     * SEND is answered 200 here; a SEND with data is left for {@link #readChunk} to return
     * (unanswered, like any chunk). Responses and REPORTs before it are ignored, other requests
     * answered 481.
     *
     * @param fullRemotePath the peer's path from SDP, or null to take it from the From-Path of
     *     the first SEND addressed to the local URI (a listener that learns no path in advance)
     * @param timeout the longest wait for the SEND
     * @throws BindingException (481) if the SEND's paths are wrong, (400) if a malformed request
     *     came instead; either was answered with that code
     * @throws MsrpTimeoutException if no SEND comes in time
     */
    public void acceptBinding(List<MsrpUri> fullRemotePath, Duration timeout) throws IOException {
        acceptBinding(localUri, fullRemotePath, null, timeout);
    }

    /**
     * Binds passively after the caller has read the first chunk itself (a server that dispatches
     * connections on their To-Path).
     *
     * @param localUri the local URI the chunk was addressed to (sets {@link #localUri()})
     * @param fullRemotePath the peer's path, or null to take the binding SEND's From-Path
     * @param first the chunk already read, or null to read one
     * @param timeout the longest wait for the SEND
     * @throws IOException if binding fails, as {@link #acceptBinding(List, Duration)} says
     */
    public void acceptBinding(MsrpUri localUri, List<MsrpUri> fullRemotePath, MsrpChunk first, Duration timeout)
            throws IOException {
        this.localUri = Objects.requireNonNull(localUri, "localUri");
        if (fullRemotePath != null) {
            setFullRemotePath(fullRemotePath);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        MsrpChunk c = first;
        while (true) {
            if (c == null) {
                c = readBindingChunk(deadline, timeout);
            }
            if (c.isRequest() && "SEND".equals(c.method())) {
                if (fullRemotePath == null) {
                    setFullRemotePath(c.fromPath());
                }
                Optional<Status> error = checkIncomingSendChunk(c);
                if (error.isPresent()) {
                    Status s = error.get();
                    writeResponse(c, s.code(), s.comment());
                    throw new BindingException(s.code(), s.comment(), "refused the peer's binding SEND: " + s.comment()
                            + " (To-Path " + c.toPath() + ", From-Path " + c.fromPath() + ")");
                }
                if (isEmptySend(c)) {
                    writeResponse(c, 200, "OK");
                } else {
                    pushBack(List.of(c));
                }
                return;
            }
            if (c.isRequest()) {
                writeResponse(c, 481, "session not bound yet");
            }
            c = null;
        }
    }

    /** Reads for a passive binding, where a malformed request ends the attempt. */
    private MsrpChunk readBindingChunk(long deadline, Duration timeout) throws IOException {
        readLock.lock();
        try {
            refuseMalformed = true;
            return readChunk(options.maxChunkInMemory(), remaining(deadline, timeout));
        } finally {
            refuseMalformed = false;
            readLock.unlock();
        }
    }

    private static boolean isEmptySend(MsrpChunk c) {
        return c.isRequest() && "SEND".equals(c.method()) && c.segment() == 0 && !c.hasBody();
    }

    private static Duration remaining(long deadline, Duration timeout) throws MsrpTimeoutException {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new MsrpTimeoutException("no answer within " + timeout.toMillis() + " ms", timeout);
        }
        return Duration.ofNanos(left);
    }

    private void pushBack(List<MsrpChunk> chunks) {
        if (chunks.isEmpty()) {
            return;
        }
        readLock.lock();
        try {
            for (int i = chunks.size() - 1; i >= 0; i--) {
                pushedBack.addFirst(chunks.get(i));
            }
        } finally {
            readLock.unlock();
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Waits for the next chunk; a chunk longer than {@link TransportOptions#maxChunkInMemory()}
     * comes in segments (see the class comment).
     *
     * @return the next chunk or segment, in the order received
     * @throws ConnectionClosedException when the connection has ended (cleanly, or {@link
     *     ConnectionLostException} when not); chunks received before the end are returned first
     * @throws ChunkParseException when the input cannot be framed; the connection is closed
     */
    public MsrpChunk readChunk() throws IOException {
        return readChunk(options.maxChunkInMemory(), null);
    }

    /**
     * Waits for the next chunk, or for a segment of one once {@code sizeHint} body bytes of it have
     * arrived (msrplib's {@code read_chunk(size)}). The hint only says when to cut: a segment holds
     * whatever has been read, so it may be larger; 0 returns a segment as soon as any body bytes
     * are there.
     *
     * @param sizeHint body bytes after which a segment is returned; 0 for as soon as there are any
     * @return the next chunk or segment, in the order received
     * @throws IllegalArgumentException if {@code sizeHint} is negative
     * @throws IOException as {@link #readChunk()} says
     */
    public MsrpChunk readChunk(int sizeHint) throws IOException {
        return readChunk(sizeHint, null);
    }

    /**
     * Like {@link #readChunk(int)}, giving up after {@code timeout}. A timeout leaves the transport
     * usable: a chunk that was partly read is continued by the next call.
     *
     * @param sizeHint body bytes after which a segment is returned; 0 for as soon as there are any
     * @param timeout the longest wait, or null to wait until a chunk comes or the connection ends
     * @return the next chunk or segment, in the order received
     * @throws MsrpTimeoutException if nothing was complete in time
     */
    public MsrpChunk readChunk(int sizeHint, Duration timeout) throws IOException {
        if (sizeHint < 0) {
            throw new IllegalArgumentException("sizeHint must be >= 0: " + sizeHint);
        }
        int cut = Math.max(1, Math.min(sizeHint, options.maxChunkInMemory()));
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        readLock.lock();
        try {
            while (true) {
                MsrpChunk held = pushedBack.poll();
                if (held != null) {
                    return held;
                }
                Object next = ready.poll();
                if (next instanceof MsrpChunk chunk) {
                    CompletableFuture<MsrpChunk> taker = chunk.isResponse() ? awaited.get(chunk.transactionId()) : null;
                    if (taker != null) {
                        taker.complete(chunk);
                        continue;
                    }
                    return chunk;
                }
                if (next instanceof ChunkParseException malformed) {
                    answerMalformed(malformed);
                    if (refuseMalformed) {
                        throw new BindingException(malformed.statusCode(), malformed.getMessage(),
                                "refused a malformed binding request: " + malformed.getMessage());
                    }
                    continue;
                }
                if (current != null && !overflowed && bodyLength >= cut && !bodyComplete()) {
                    return cutSegment();
                }
                if (readFailure != null) {
                    throw readFailure;
                }
                fill(deadline, timeout);
            }
        } finally {
            readLock.unlock();
        }
    }

    /**
     * Whether input has arrived that the next {@link #readChunk(int)} would take without waiting
     * for the peer: a chunk already read, part of one, or bytes the socket holds unread (over TLS,
     * bytes already decrypted). A session writes its answers itself only when there is none.
     *
     * @return true if the next read can return without waiting for the peer
     */
    public boolean hasInputWaiting() {
        readLock.lock();
        try {
            if (!pushedBack.isEmpty() || !ready.isEmpty() || current != null || !parser.isIdle()) {
                return true;
            }
            return !closed.get() && in.available() > 0;
        } catch (IOException e) {
            return false;
        } finally {
            readLock.unlock();
        }
    }

    private void fill(long deadline, Duration timeout) throws IOException {
        int millis = 0;
        if (timeout != null) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new MsrpTimeoutException("no chunk within " + timeout.toMillis() + " ms", timeout);
            }
            millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, TimeUnit.NANOSECONDS.toMillis(left + 999_999)));
        }
        byte[] target = readBuffer;
        int offset = 0;
        int length = readBuffer.length;
        if (current != null && body.length - bodyLength >= DIRECT_READ_MIN && parser.holdsNoBodyBytes()) {
            // body bytes go straight into the chunk's body array; Events.chunkData sees them in place
            target = body;
            offset = bodyLength;
            length = body.length - bodyLength;
        } else if (current == null && lastBodyLarge) {
            // large chunks follow each other: read little more than the next headers, so that most
            // of the next body is read in place rather than copied out of the read buffer
            length = Math.min(length, HEADER_READ);
        }
        int n;
        try {
            if (millis != soTimeout) {
                socket.setSoTimeout(millis);
                soTimeout = millis;
            }
            n = in.read(target, offset, length);
        } catch (SocketTimeoutException e) {
            if (timeout == null) {
                readFailure = new ConnectionLostException("the socket's read timed out", e);
                closeInternal();
                return;
            }
            throw new MsrpTimeoutException("no chunk within " + timeout.toMillis() + " ms", timeout, e);
        } catch (IOException e) {
            readFailure = failure("reading", e);
            closeInternal();
            return;
        }
        if (n < 0) {
            if (closedLocally) {
                readFailure = new ConnectionClosedException("the transport was closed", false);
            } else if (parser.isIdle()) {
                readFailure = new ConnectionClosedException("the peer closed the connection", true);
            } else {
                String what = current == null ? "a chunk's headers" : "chunk " + current.transactionId()
                        + " (" + (nextStart - 1 + bodyLength) + " body bytes read)";
                readFailure = new ConnectionLostException("the peer closed the connection in the middle of " + what);
            }
            closeInternal();
            return;
        }
        try {
            parser.feed(target, offset, n);
        } catch (ChunkParseException e) {
            if (logging) {
                logger.fatal("closing " + this + ": " + e.getMessage());
            }
            readFailure = e;
            closeInternal();
        }
    }

    private IOException failure(String doing, IOException cause) {
        if (closedLocally) {
            return new ConnectionClosedException("the transport was closed", false, cause);
        }
        return new ConnectionLostException("connection lost while " + doing + ": " + cause.getMessage(), cause);
    }

    /**
     * Whether the current chunk's Byte-Range says all its body has arrived: then only the end-line
     * is missing, and the chunk is returned whole (or as its last segment) once it comes, rather
     * than cut into a segment followed by an empty one.
     */
    private boolean bodyComplete() {
        ByteRange range = current.byteRange();
        return range != null && range.hasEnd() && nextStart + bodyLength - 1 == range.end();
    }

    private MsrpChunk cutSegment() {
        byte[] data = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
        MsrpChunk segment = segmentOf(current, data, Continuation.MORE).setMoreSegments(true);
        body = new byte[Math.min(body.length, options.maxChunkInMemory())];
        bodyLength = 0;
        return segment;
    }

    private MsrpChunk segmentOf(MsrpChunk chunk, byte[] data, Continuation continuation) {
        MsrpChunk segment = chunk.copy();
        segment.setData(data).setContinuation(continuation).setSegment(++segments);
        ByteRange range = chunk.byteRange();
        long total = range == null ? ByteRange.UNKNOWN : range.total();
        segment.headers().set(new ByteRangeHeader(new ByteRange(nextStart, nextStart + data.length - 1, total)));
        nextStart += data.length;
        return segment;
    }

    /**
     * Whether {@code n} more body bytes take the current chunk past the total its Byte-Range
     * names: the receiver takes a chunk's length from its payload (RFC 4975 §7.3.1), so a body
     * longer than the range's end is fine, but not one that ends beyond the whole message. Such a
     * chunk is answered 400 at once (under readLock), and the rest of it is read and dropped.
     */
    private boolean overflows(MsrpChunk chunk, int n) {
        ByteRange range = chunk.byteRange();
        if (range == null || !range.hasTotal() || nextStart + bodyLength - 1 + n <= range.total()) {
            return false;
        }
        overflowed = true;
        bodyLength = 0;
        ready.add(new ChunkParseException("malformed chunk " + chunk.transactionId()
                + ": the body goes past the message's total of " + range.total() + " bytes (Byte-Range "
                + range.encode() + ")", Status.BAD_REQUEST, false, chunk.transactionId(), chunk, null));
        return true;
    }

    /**
     * {@code chunk} with its Byte-Range end set to its payload's last byte, where a number named
     * differs: the receiver takes the length from the payload.
     */
    private static MsrpChunk withActualRange(MsrpChunk chunk) {
        ByteRange range = chunk.byteRange();
        if (range != null && range.hasEnd() && range.end() != range.start() + chunk.size() - 1 && chunk.size() > 0) {
            chunk.headers().set(new ByteRangeHeader(new ByteRange(range.start(), range.start() + chunk.size() - 1,
                    range.total())));
        }
        return chunk;
    }

    private void answerMalformed(ChunkParseException e) throws IOException {
        MsrpChunk partial = e.partialChunk();
        if (logging) {
            logger.error("malformed chunk " + e.transactionId() + " on " + this + ": " + e.getMessage());
        }
        if (partial == null || !partial.isRequest()) {
            return;
        }
        MsrpChunk response = makeResponse(partial, e.statusCode(), e.getMessage());
        if (response != null) {
            try {
                writeChunk(response);
            } catch (ConnectionClosedException closedMeanwhile) {
                // the next read reports the end of the connection
            }
        }
    }

    /** Receives the parser's events on the reading thread (under readLock). */
    private final class Events implements ChunkListener {

        @Override
        public void chunkStarted(MsrpChunk chunk) {
            current = chunk;
            segments = 0;
            bodyLength = 0;
            overflowed = false;
            ByteRange range = chunk.byteRange();
            nextStart = range == null ? 1 : range.start();
            long expected = range != null && range.hasEnd() ? range.end() - range.start() + 1 : 0;
            body = new byte[(int) Math.min(expected, Math.min(256 * 1024, options.maxChunkInMemory()))];
            if (logging) {
                logger.receivedNewChunk(ByteBuffer.wrap(chunk.encodeStart()).asReadOnlyBuffer(), MsrpTransport.this,
                        chunk);
            }
        }

        @Override
        public void chunkData(MsrpChunk chunk, ByteBuffer data) {
            int n = data.remaining();
            if (overflowed || overflows(chunk, n)) {
                data.position(data.limit());
                return;
            }
            if (bodyLength + n > body.length) {
                body = Arrays.copyOf(body, Math.max(bodyLength + n, Math.max(4096, body.length * 2)));
            }
            if (logging) {
                logger.receivedChunkData(data.asReadOnlyBuffer(), MsrpTransport.this, chunk.transactionId());
            }
            if (!data.hasArray() || data.array() != body || data.arrayOffset() + data.position() != bodyLength) {
                data.get(body, bodyLength, n);
            }
            bodyLength += n;
        }

        @Override
        public void chunkEnded(MsrpChunk chunk, Continuation continuation) {
            // a chunk that overflowed was answered 400 when that was seen: nothing of it is returned
            if (!overflowed) {
                byte[] data = bodyLength == body.length ? body : Arrays.copyOf(body, bodyLength);
                ready.add(segments == 0 ? withActualRange(chunk.setData(data)) : segmentOf(chunk, data, continuation));
            }
            overflowed = false;
            lastBodyLarge = bodyLength >= LARGE_BODY;
            current = null;
            body = null;
            bodyLength = 0;
            if (logging) {
                logger.receivedChunkEnd(ByteBuffer.wrap(chunk.encodeEnd(continuation)).asReadOnlyBuffer(),
                        MsrpTransport.this, chunk.transactionId());
            }
        }

        @Override
        public void chunkMalformed(ChunkParseException error) {
            ready.add(error);
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes a chunk as it is (start line, headers, body, end-line with its continuation flag),
     * blocking until the socket has taken it (msrplib's {@code write_chunk(chunk, wait=True)}).
     *
     * @param chunk a request or response with its headers and body set
     * @throws ConnectionClosedException if the transport is closed or the connection fails
     */
    public void writeChunk(MsrpChunk chunk) throws IOException {
        writeChunks(List.of(chunk));
    }

    /**
     * Writes several chunks in order, coalescing small ones into few socket writes (up to about
     * 68 KiB each); blocks until the socket has taken them all. Chunks from concurrent callers
     * never interleave with these.
     *
     * @param chunks the chunks to write, in order
     * @throws ConnectionClosedException if the transport is closed or the connection fails
     */
    public void writeChunks(List<MsrpChunk> chunks) throws IOException {
        writeLock.lock();
        try {
            if (closed.get()) {
                throw new ConnectionClosedException(closedLocally ? "the transport is closed"
                        : "the connection has ended", !closedLocally);
            }
            writeProgress = System.nanoTime();
            int fill = 0;
            for (MsrpChunk chunk : chunks) {
                byte[] start = chunk.encodeStart();
                byte[] data = chunk.data();
                byte[] end = chunk.encodeEnd(chunk.continuation());
                int total = start.length + data.length + end.length;
                if (fill > 0 && fill + total > COALESCE_LIMIT) {
                    write(writeBuffer, fill);
                    fill = 0;
                }
                if (total <= COALESCE_LIMIT) {
                    if (writeBuffer.length < fill + total) {
                        writeBuffer = Arrays.copyOf(writeBuffer,
                                Math.min(COALESCE_LIMIT, Math.max(fill + total, 2 * writeBuffer.length)));
                    }
                    System.arraycopy(start, 0, writeBuffer, fill, start.length);
                    System.arraycopy(data, 0, writeBuffer, fill + start.length, data.length);
                    System.arraycopy(end, 0, writeBuffer, fill + start.length + data.length, end.length);
                    fill += total;
                } else {
                    write(start, start.length);
                    write(data, data.length);
                    write(end, end.length);
                }
                if (logging) {
                    logSent(chunk, start, data, end);
                }
            }
            if (fill > 0) {
                write(writeBuffer, fill);
            }
        } catch (ConnectionClosedException e) {
            throw e;
        } catch (IOException e) {
            IOException failure = failure("writing", e);
            closeInternal();
            throw failure;
        } finally {
            writeProgress = 0;
            writeLock.unlock();
        }
    }

    /**
     * Writes a chunk whose Byte-Range end is {@code *}, one the sender may interrupt (RFC 4975
     * §7.1.1), asking {@code stop} before each 64 KiB piece of its body: once it says yes, the
     * chunk ends at the byte boundary written so far with the {@code #} flag (§7.1: the message is
     * aborted, no more of it follows), e.g. when the peer has answered 413 for its message
     * (§7.3.2). Blocks until the socket has taken what is written.
     *
     * @param chunk the chunk, its Byte-Range end {@code *}
     * @param stop says whether to stop; asked before each piece of the body
     * @return the body bytes written: all of them, or fewer when stopped
     * @throws IllegalArgumentException if the chunk's Byte-Range end is not {@code *}
     * @throws ConnectionClosedException if the transport is closed or the connection fails
     */
    public int writeInterruptible(MsrpChunk chunk, BooleanSupplier stop) throws IOException {
        ByteRange range = chunk.byteRange();
        if (range == null || range.hasEnd()) {
            throw new IllegalArgumentException("only a chunk whose range end is * may be interrupted: " + chunk);
        }
        writeLock.lock();
        try {
            if (closed.get()) {
                throw new ConnectionClosedException(closedLocally ? "the transport is closed"
                        : "the connection has ended", !closedLocally);
            }
            writeProgress = System.nanoTime();
            byte[] start = chunk.encodeStart();
            byte[] data = chunk.data();
            write(start, start.length);
            int written = 0;
            while (written < data.length && !stop.getAsBoolean()) {
                int n = Math.min(WRITE_PIECE, data.length - written);
                out.write(data, written, n);
                written += n;
                writeProgress = System.nanoTime();
            }
            byte[] end = chunk.encodeEnd(written < data.length ? Continuation.ABORT : chunk.continuation());
            write(end, end.length);
            if (logging) {
                logSent(chunk, start, written < data.length ? Arrays.copyOf(data, written) : data, end);
            }
            return written;
        } catch (ConnectionClosedException e) {
            throw e;
        } catch (IOException e) {
            IOException failure = failure("writing", e);
            closeInternal();
            throw failure;
        } finally {
            writeProgress = 0;
            writeLock.unlock();
        }
    }

    /** Writes {@code b[0, length)} in pieces, noting the time each is taken (under writeLock). */
    private void write(byte[] b, int length) throws IOException {
        for (int off = 0; off < length; off += WRITE_PIECE) {
            out.write(b, off, Math.min(WRITE_PIECE, length - off));
            writeProgress = System.nanoTime();
        }
    }

    /**
     * How long the write in progress has waited for the socket to take more bytes, in nanoseconds;
     * 0 when no write is in progress. A write that waits long has a peer that is not reading (or a
     * connection that is gone without a word): sessions end on it after their response timeout.
     *
     * @return nanoseconds, or 0
     */
    public long writeStalledNanos() {
        long since = writeProgress;
        return since == 0 ? 0 : Math.max(0, System.nanoTime() - since);
    }

    private void logSent(MsrpChunk chunk, byte[] start, byte[] data, byte[] end) {
        logger.sentNewChunk(ByteBuffer.wrap(start).asReadOnlyBuffer(), this, chunk);
        if (data.length > 0) {
            logger.sentChunkData(ByteBuffer.wrap(data).asReadOnlyBuffer(), this, chunk.transactionId());
        }
        logger.sentChunkEnd(ByteBuffer.wrap(end).asReadOnlyBuffer(), this, chunk.transactionId());
    }

    /**
     * Writes a chunk without waiting (msrplib's {@code write_chunk(chunk, wait=False)}): chunks
     * written this way go out in call order, on a virtual thread that exists only while some are
     * pending. The future fails with the write's exception.
     *
     * @param chunk a request or response with its headers and body set
     * @return completes once the socket has taken the chunk
     */
    public CompletableFuture<Void> writeChunkAsync(MsrpChunk chunk) {
        Objects.requireNonNull(chunk, "chunk");
        CompletableFuture<Void> done = new CompletableFuture<>();
        asyncLock.lock();
        try {
            asyncWrites.add(new PendingWrite(chunk, done));
            if (!asyncDraining) {
                asyncDraining = true;
                Thread.ofVirtual().name("msrp-async-write").start(this::drainAsyncWrites);
            }
        } finally {
            asyncLock.unlock();
        }
        return done;
    }

    private void drainAsyncWrites() {
        while (true) {
            PendingWrite next;
            asyncLock.lock();
            try {
                next = asyncWrites.poll();
                if (next == null) {
                    asyncDraining = false;
                    return;
                }
            } finally {
                asyncLock.unlock();
            }
            try {
                writeChunk(next.chunk());
                next.done().complete(null);
            } catch (IOException | RuntimeException e) {
                next.done().completeExceptionally(e);
            }
        }
    }

    /**
     * Answers {@code request} with {@code code} and {@code comment} (msrplib's {@code
     * write_response}), unless RFC 4975 says no response is sent (see {@link #makeResponse}).
     *
     * @param request the request to answer
     * @param code the status code, e.g. 200
     * @param comment the status comment, or null
     * @return whether a response was written
     * @throws IOException if the response cannot be written
     */
    public boolean writeResponse(MsrpChunk request, int code, String comment) throws IOException {
        MsrpChunk response = makeResponse(request, code, comment);
        if (response == null) {
            return false;
        }
        writeChunk(response);
        return true;
    }

    // ---------------------------------------------------------------- closing

    /**
     * Closes the connection; idempotent, callable from any thread. A blocked reader wakes with
     * {@link ConnectionClosedException} (after any chunks already received), a blocked writer too.
     * On TLS a close_notify is sent unless a write is in progress.
     */
    @Override
    public void close() {
        closedLocally = true;
        closeInternal();
    }

    /** Closes after a failure: the exceptions then say the connection ended, not that it was closed here. */
    private void closeInternal() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeSockets();
        } finally {
            ConnectionClosedException ended = new ConnectionClosedException(
                    closedLocally ? "the transport was closed" : "the connection has ended", !closedLocally);
            for (CompletableFuture<MsrpChunk> f : awaited.values()) {
                f.completeExceptionally(ended);
            }
            closeFuture.complete(null);
        }
    }

    private void closeSockets() {
        if (socket != underlying && writeLock.tryLock()) {
            try {
                // With a read timeout set, the JDK's TLS close waits that long for the peer's close_notify.
                underlying.setSoTimeout(0);
                // close_notify alone: close() on TLS 1.3 sends user_canceled first, a fatal alert to GnuTLS
                socket.shutdownOutput();
                socket.close();
            } catch (IOException e) {
                // the plain socket is closed next in any case
            } finally {
                writeLock.unlock();
            }
        }
        try {
            underlying.close();
        } catch (IOException e) {
            // nothing more can be done about a socket that fails to close
        }
        if (socket != underlying) {
            try {
                socket.close();
            } catch (IOException e) {
                // as above
            }
        }
    }

    @Override
    public String toString() {
        return "MsrpTransport[" + (isTls() ? "tls " : "tcp ") + underlying.getLocalSocketAddress() + " -> "
                + underlying.getRemoteSocketAddress() + (localUri == null ? "" : ", " + localUri) + "]";
    }
}
