package org.msrp4j.transport;

import java.io.Closeable;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Responses;
import org.msrp4j.protocol.Status;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.transport.internal.TransportInternals;
import org.msrp4j.transport.websocket.MessageSocket;

/**
 * One MSRP connection (msrplib's MSRPTransport): reads and writes chunks over a TCP or TLS socket,
 * builds chunks addressed along the session's paths and checks the paths of incoming chunks.
 * Connectors ({@code org.msrp4j.connect}) open transports and bind them to their session; an
 * application gets a transport from them, never by construction.
 *
 * <p>Threading: everything blocks the calling thread only, which is meant to be a virtual thread.
 * One thread reads at a time ({@link #readChunk} calls are serialised), any number write (whole
 * chunks never interleave), and {@link #close()} from any thread wakes a blocked reader and writer.
 *
 * <p>Reading: chunks come back whole, bodies as bytes. A chunk longer than the size hint of {@link
 * #readChunk(int)} (or {@link TransportSettings#maxChunkInMemory()}) comes back as "virtual chunks",
 * segments numbered from 1 by {@link MsrpChunk#segment()}, each with its Byte-Range narrowed to its
 * bytes and the {@code +} flag except the last, which carries the chunk's own flag ({@link
 * MsrpChunk#hasMoreSegments()} tells the last from the others). A well-framed
 * but malformed request is answered here (with 400, or what the parser names) and skipped; input
 * that cannot be framed closes the connection and raises {@link ChunkParseException}.
 */
public final class MsrpTransport implements Closeable {

    static {
        TransportInternals.install(new Internals());
    }

    private final Socket socket;
    private final Socket underlying;
    private final TransportSettings options;
    private final ChunkReader reader;
    private final ChunkWriter writer;
    private volatile TrafficLogger logger;
    private volatile boolean logging;
    private volatile int maxChunkSize;
    private final CompletableFuture<Void> closeFuture = new CompletableFuture<>();
    private final AtomicReference<SessionPaths> paths;
    /** The path headers of {@link #newChunk()}'s chunks, for the paths they were made along. */
    private volatile ChunkAddress address;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closedLocally;

    private MsrpTransport(Socket socket, Socket underlying, MsrpUri localUri, List<MsrpUri> localRelayPath,
            TransportSettings options) throws IOException {
        this.socket = Objects.requireNonNull(socket, "socket");
        this.underlying = Objects.requireNonNull(underlying, "underlying socket");
        this.options = Objects.requireNonNull(options, "options");
        this.paths = new AtomicReference<>(new SessionPaths(localUri, localRelayPath, null));
        this.logger = options.logger();
        this.logging = logger != TrafficLogger.NULL;
        underlying.setTcpNoDelay(true);
        socket.setSoTimeout(0);
        this.reader = new ChunkReader(this, socket, options);
        this.writer = new ChunkWriter(this, socket.getOutputStream());
    }

    // ---------------------------------------------------------------- state

    /**
     * The options this transport was made with.
     *
     * @return the options the transport was opened with
     */
    public TransportSettings options() {
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
        return paths.get().localUri();
    }

    /**
     * This endpoint's relays (the Use-Path its relay gave), empty for a direct connection.
     *
     * @return an unmodifiable list, first hop first
     */
    public List<MsrpUri> localRelayPath() {
        return paths.get().localRelayPath();
    }

    /**
     * Replaces this endpoint's relays, for a relay client that learns them (the relay's Use-Path)
     * over this very connection; {@link #newChunk()} and the path checks use the new path from now on.
     *
     * @param path the relays in Use-Path order
     */
    public void setLocalRelayPath(List<MsrpUri> path) {
        List<MsrpUri> relays = List.copyOf(path);
        paths.updateAndGet(p -> p.withLocalRelayPath(relays));
    }

    /**
     * The most body bytes a chunk sent on this connection should carry, or 0 for no limit: the cap
     * a relay connection sets (its relay's), else {@link TransportSettings#relayedChunkSize()} when
     * the remote path goes through relays, else 0.
     * {@code MsrpSession} cuts files to it.
     *
     * @return the most body bytes per chunk, or 0
     */
    public int maxChunkSize() {
        int cap = maxChunkSize;
        if (cap > 0) {
            return cap;
        }
        return paths.get().remoteRelayed() ? options.relayedChunkSize() : 0;
    }

    /**
     * The path to put in SDP {@code a=path}: the relays, then the local URI.
     *
     * @return an unmodifiable list ending with the local URI
     */
    public List<MsrpUri> fullLocalPath() {
        return paths.get().fullLocalPath();
    }

    /**
     * The peer's full path from its SDP {@code a=path}, or null before binding.
     *
     * @return an unmodifiable list ending with the peer's URI, or null
     */
    public List<MsrpUri> fullRemotePath() {
        return paths.get().fullRemotePath();
    }

    /**
     * The peer's own URI, the last of its path, or null before binding.
     *
     * @return the peer's URI, or null
     */
    public MsrpUri remoteUri() {
        return paths.get().remoteUri();
    }

    /**
     * Sets the peer's full path, which {@link #newChunk()} addresses and {@link
     * #checkIncomingSendChunk} expects. Binding sets it; call this only when binding is done
     * elsewhere.
     *
     * @param path the peer's path, first hop first and its own URI last
     * @throws IllegalArgumentException if the path is empty
     */
    public void setFullRemotePath(List<MsrpUri> path) {
        if (path == null || path.isEmpty()) {
            throw new IllegalArgumentException("the remote path must hold at least one URI");
        }
        List<MsrpUri> remote = List.copyOf(path);
        paths.updateAndGet(p -> p.withFullRemotePath(remote));
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
     * Whether the connection runs over TLS: a TLS socket, or a WebSocket over TLS ({@code wss}, whose
     * session the WebSocket's {@link MessageSocket} holds).
     *
     * @return true for {@code msrps} connections
     */
    public boolean isTls() {
        return socket instanceof SSLSocket || webSocketTls().isPresent();
    }

    /**
     * The peer's TLS certificate (over {@code wss}: the relay's, from the WebSocket's TLS session),
     * empty on TCP or {@code ws} or when the peer sent none.
     *
     * @return the certificate, or empty
     */
    public Optional<X509Certificate> peerCertificate() {
        return socket instanceof SSLSocket ssl ? TlsContexts.peerCertificate(ssl)
                : webSocketTls().flatMap(TlsContexts::peerCertificate);
    }

    private Optional<SSLSession> webSocketTls() {
        return socket instanceof MessageSocket ws ? ws.tlsSession() : Optional.empty();
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
        SessionPaths p = paths.get();
        ChunkAddress a = address;
        if (a == null || a.paths() != p) {
            a = ChunkAddress.of(p);
            address = a;
        }
        return new ChunkBuilder(a.toPath(), a.fromPath());
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
        SessionPaths p = paths.get();
        return Responses.to(request, code, comment, p.localUri(), p.previousHop());
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
        return paths.get().checkSend(chunk, options.useSessmatch());
    }

    // ---------------------------------------------------------------- reading

    /**
     * Waits for the next chunk; a chunk longer than {@link TransportSettings#maxChunkInMemory()}
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
        return reader.read(sizeHint, timeout);
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
        writer.writeChunks(chunks);
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
        return writer.writeInterruptible(chunk, stop);
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
        return writer.writeChunkAsync(chunk);
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
        closeAfterFailure();
    }

    /** Closes after a failure: the exceptions then say the connection ended, not that it was closed here. */
    void closeAfterFailure() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            closeSockets();
        } finally {
            reader.failAwaited(new ConnectionClosedException(
                    closedLocally ? "the transport was closed" : "the connection has ended", !closedLocally));
            closeFuture.complete(null);
        }
    }

    private void closeSockets() {
        if (socket != underlying) {
            writer.ifIdle(this::closeTls);
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

    private void closeTls() {
        try {
            // With a read timeout set, the JDK's TLS close waits that long for the peer's close_notify.
            underlying.setSoTimeout(0);
            // close_notify alone: close() on TLS 1.3 sends user_canceled first, a fatal alert to GnuTLS
            socket.shutdownOutput();
            socket.close();
        } catch (IOException e) {
            // the plain socket is closed next in any case
        }
    }

    // ---------------------------------------------------------------- for the reader and writer

    boolean logging() {
        return logging;
    }

    boolean isClosedLocally() {
        return closedLocally;
    }

    /** Throws unless the transport is open: a write starts only then. */
    void checkOpen() throws ConnectionClosedException {
        if (closed.get()) {
            throw new ConnectionClosedException(closedLocally ? "the transport is closed"
                    : "the connection has ended", !closedLocally);
        }
    }

    /** The exception a failed read or write raises. */
    IOException failure(String doing, IOException cause) {
        if (closedLocally) {
            return new ConnectionClosedException("the transport was closed", false, cause);
        }
        return new ConnectionLostException("connection lost while " + doing + ": " + cause.getMessage(), cause);
    }

    @Override
    public String toString() {
        return "MsrpTransport[" + (isTls() ? "tls " : "tcp ") + underlying.getLocalSocketAddress() + " -> "
                + underlying.getRemoteSocketAddress() + (localUri() == null ? "" : ", " + localUri()) + "]";
    }

    /** The library's calls that stay off the public API; see {@link TransportInternals}. */
    private static final class Internals implements TransportInternals.Access {

        @Override
        public MsrpTransport open(Socket socket, Socket underlying, MsrpUri localUri, List<MsrpUri> localRelayPath,
                TransportSettings options) throws IOException {
            return new MsrpTransport(socket, underlying, localUri, localRelayPath, options);
        }

        @Override
        public CompletableFuture<MsrpChunk> awaitResponse(MsrpTransport transport, String transactionId) {
            return transport.reader.awaitResponse(transactionId);
        }

        @Override
        public boolean hasInputWaiting(MsrpTransport transport) {
            return transport.reader.hasInputWaiting();
        }

        @Override
        public long writeStalledNanos(MsrpTransport transport) {
            return transport.writer.writeStalledNanos();
        }

        @Override
        public void setLocalUri(MsrpTransport transport, MsrpUri localUri) {
            Objects.requireNonNull(localUri, "localUri");
            transport.paths.updateAndGet(p -> p.withLocalUri(localUri));
        }

        @Override
        public void setMaxChunkSize(MsrpTransport transport, int value) {
            if (value < 0) {
                throw new IllegalArgumentException("maxChunkSize must be >= 0: " + value);
            }
            transport.maxChunkSize = value;
        }

        @Override
        public void pushBack(MsrpTransport transport, List<MsrpChunk> chunks) {
            transport.reader.pushBack(chunks);
        }

        @Override
        public MsrpChunk readRefusingMalformed(MsrpTransport transport, Duration timeout) throws IOException {
            return transport.reader.readRefusingMalformed(transport.options.maxChunkInMemory(), timeout);
        }
    }
}
