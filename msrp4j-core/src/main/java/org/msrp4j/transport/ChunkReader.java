package org.msrp4j.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkListener;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.internal.ChunkInternals;

/**
 * The read side of a transport: feeds the socket's bytes to the parser, returns whole chunks or
 * size-bounded segments, keeps chunks pushed back by a binding, and hands responses somebody
 * awaits to their futures. One thread reads at a time (under {@code readLock}).
 */
final class ChunkReader {

    /** The least room left in a body array for a read to go straight into it. */
    private static final int DIRECT_READ_MIN = 4096;
    /** A body at least this long is read mostly in place; see {@link #HEADER_READ}. */
    private static final int LARGE_BODY = 16 * 1024;
    /** How much is read after a large body, when the next chunk's headers come first. */
    private static final int HEADER_READ = 2048;

    private final MsrpTransport transport;
    private final Socket socket;
    private final InputStream in;
    private final int maxChunkInMemory;
    private final ConcurrentHashMap<String, CompletableFuture<MsrpChunk>> awaited = new ConcurrentHashMap<>();

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

    ChunkReader(MsrpTransport transport, Socket socket, TransportSettings options) throws IOException {
        this.transport = transport;
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxChunkInMemory = options.maxChunkInMemory();
        this.parser = new ChunkParser(new Events(), options.limits());
        this.readBuffer = new byte[options.readBufferSize()];
    }

    /** See {@code MsrpTransport.awaitResponse}. */
    CompletableFuture<MsrpChunk> awaitResponse(String transactionId) {
        Objects.requireNonNull(transactionId, "transactionId");
        CompletableFuture<MsrpChunk> future = new CompletableFuture<>();
        future.whenComplete((c, e) -> awaited.remove(transactionId, future));
        awaited.put(transactionId, future);
        if (transport.isClosed()) {
            future.completeExceptionally(new ConnectionClosedException("the transport is closed",
                    !transport.isClosedLocally()));
        }
        return future;
    }

    /** Fails every awaited response with {@code ended}; called once the transport has closed. */
    void failAwaited(ConnectionClosedException ended) {
        for (CompletableFuture<MsrpChunk> f : awaited.values()) {
            f.completeExceptionally(ended);
        }
    }

    /** Puts chunks back in front of what the next reads return, in their order. */
    void pushBack(List<MsrpChunk> chunks) {
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

    /**
     * Reads as {@link #read} does, except that a malformed request ends the read with {@link
     * BindingException} once answered: a passive binding accepts nothing else first.
     */
    MsrpChunk readRefusingMalformed(int sizeHint, Duration timeout) throws IOException {
        readLock.lock();
        try {
            refuseMalformed = true;
            return read(sizeHint, timeout);
        } finally {
            refuseMalformed = false;
            readLock.unlock();
        }
    }

    /** See {@code MsrpTransport.readChunk(int, Duration)}. */
    MsrpChunk read(int sizeHint, Duration timeout) throws IOException {
        if (sizeHint < 0) {
            throw new IllegalArgumentException("sizeHint must be >= 0: " + sizeHint);
        }
        int cut = Math.max(1, Math.min(sizeHint, maxChunkInMemory));
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

    /** See {@code MsrpTransport.hasInputWaiting}. */
    boolean hasInputWaiting() {
        readLock.lock();
        try {
            if (!pushedBack.isEmpty() || !ready.isEmpty() || current != null || !parser.isIdle()) {
                return true;
            }
            return !transport.isClosed() && in.available() > 0;
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
                transport.closeAfterFailure();
                return;
            }
            throw new MsrpTimeoutException("no chunk within " + timeout.toMillis() + " ms", timeout, e);
        } catch (IOException e) {
            readFailure = transport.failure("reading", e);
            transport.closeAfterFailure();
            return;
        }
        if (n < 0) {
            readFailure = endOfInput();
            transport.closeAfterFailure();
            return;
        }
        try {
            parser.feed(target, offset, n);
        } catch (ChunkParseException e) {
            if (transport.logging()) {
                transport.logger().fatal("closing " + transport + ": " + e.getMessage());
            }
            readFailure = e;
            transport.closeAfterFailure();
        }
    }

    /** What the reader says once the socket has no more input. */
    private IOException endOfInput() {
        if (transport.isClosedLocally()) {
            return new ConnectionClosedException("the transport was closed", false);
        }
        if (parser.isIdle()) {
            return new ConnectionClosedException("the peer closed the connection", true);
        }
        String what = current == null ? "a chunk's headers" : "chunk " + current.transactionId()
                + " (" + (nextStart - 1 + bodyLength) + " body bytes read)";
        return new ConnectionLostException("the peer closed the connection in the middle of " + what);
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
        MsrpChunk segment = segmentOf(current, data, Continuation.MORE, true);
        body = new byte[Math.min(body.length, maxChunkInMemory)];
        bodyLength = 0;
        return segment;
    }

    private MsrpChunk segmentOf(MsrpChunk chunk, byte[] data, Continuation continuation, boolean more) {
        MsrpChunk segment = ChunkInternals.markSegment(chunk.copy(), ++segments, more);
        segment.setData(data).setContinuation(continuation);
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
        if (transport.logging()) {
            transport.logger().error("malformed chunk " + e.transactionId() + " on " + transport + ": "
                    + e.getMessage());
        }
        if (partial == null || !partial.isRequest()) {
            return;
        }
        MsrpChunk response = transport.makeResponse(partial, e.statusCode(), e.getMessage());
        if (response != null) {
            try {
                transport.writeChunk(response);
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
            body = new byte[(int) Math.min(expected, Math.min(256 * 1024, maxChunkInMemory))];
            if (transport.logging()) {
                transport.logger().receivedNewChunk(ByteBuffer.wrap(chunk.encodeStart()).asReadOnlyBuffer(),
                        transport, chunk);
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
            if (transport.logging()) {
                transport.logger().receivedChunkData(data.asReadOnlyBuffer(), transport, chunk.transactionId());
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
                ready.add(segments == 0 ? withActualRange(chunk.setData(data))
                        : segmentOf(chunk, data, continuation, false));
            }
            overflowed = false;
            lastBodyLarge = bodyLength >= LARGE_BODY;
            current = null;
            body = null;
            bodyLength = 0;
            if (transport.logging()) {
                transport.logger().receivedChunkEnd(ByteBuffer.wrap(chunk.encodeEnd(continuation)).asReadOnlyBuffer(),
                        transport, chunk.transactionId());
            }
        }

        @Override
        public void chunkMalformed(ChunkParseException error) {
            ready.add(error);
        }
    }
}
