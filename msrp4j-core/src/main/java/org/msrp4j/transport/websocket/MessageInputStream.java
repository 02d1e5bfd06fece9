package org.msrp4j.transport.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.ChunkFramer;
import org.msrp4j.protocol.ChunkParseException;

/**
 * The bytes of received WebSocket messages as one input stream, for an MSRP transport's streaming
 * parser. The WebSocket's receiving side {@linkplain #feed feeds} each message (in parts, as they
 * arrive) and says when the peer {@linkplain #end closed} or the connection {@linkplain #fail failed};
 * the transport reads. Each message must hold exactly one MSRP chunk (RFC 7977 §5.2) of at most
 * {@code maxMessageSize} bytes: a message with two chunks, one that ends mid-chunk, a larger one or
 * one that is not MSRP ends the stream with a {@link WebSocketFramingException} once the bytes before
 * it have been read; so does a close in the middle of a message.
 *
 * <p>Flow control: at most about {@code maxBuffered} bytes wait here; {@code demand} is called (from
 * {@link #feed} or {@link #read}) whenever the stream can take another message part, so that the
 * WebSocket asks its peer for more ({@code WebSocket.request(1)} for the JDK's). Reads honour {@link
 * #setReadTimeout}, which throws {@link SocketTimeoutException} as a socket would.
 */
public final class MessageInputStream extends InputStream {

    private final int maxMessageSize;
    private final int maxBuffered;
    private final Runnable demand;
    private final ChunkFramer framer = new ChunkFramer();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
    private long queued;
    private long messageSize;
    private boolean inMessage;
    private boolean demandPending;
    private boolean ended;
    private boolean closed;
    private IOException failure;
    private int readTimeoutMillis;

    /**
     * A stream with nothing received yet.
     *
     * @param maxMessageSize the largest message accepted, in bytes
     * @param maxBuffered how many received bytes may wait for the reader before no more are asked for
     * @param demand asks the WebSocket for one more message part; called without locks held
     * @throws IllegalArgumentException if a size is not positive
     */
    public MessageInputStream(int maxMessageSize, int maxBuffered, Runnable demand) {
        if (maxMessageSize <= 0 || maxBuffered <= 0) {
            throw new IllegalArgumentException("sizes must be > 0: " + maxMessageSize + ", " + maxBuffered);
        }
        this.maxMessageSize = maxMessageSize;
        this.maxBuffered = maxBuffered;
        this.demand = Objects.requireNonNull(demand, "demand");
    }

    /**
     * Takes a part of a received message (text is fed as its UTF-8 bytes). Copies the bytes; checks
     * the framing. Once the stream has failed or ended, parts are ignored.
     *
     * @param data the part's bytes, consumed by this call
     * @param last whether the part ends its message
     */
    public void feed(ByteBuffer data, boolean last) {
        byte[] bytes = new byte[data.remaining()];
        data.get(bytes);
        boolean ask;
        lock.lock();
        try {
            if (failure != null || ended || closed) {
                return;
            }
            IOException bad = check(bytes, last);
            if (bad != null) {
                failure = bad;
                changed.signalAll();
                return;
            }
            if (bytes.length > 0) {
                queue.add(ByteBuffer.wrap(bytes));
                queued += bytes.length;
                changed.signalAll();
            }
            ask = queued < maxBuffered;
            demandPending = !ask;
        } finally {
            lock.unlock();
        }
        if (ask) {
            demand.run();
        }
    }

    private IOException check(byte[] bytes, boolean last) {
        inMessage = !last;
        messageSize += bytes.length;
        if (messageSize > maxMessageSize) {
            return new WebSocketFramingException("a WebSocket message is larger than " + maxMessageSize + " bytes",
                    null);
        }
        int end;
        try {
            end = framer.endOfChunk(bytes, 0, bytes.length);
        } catch (ChunkParseException e) {
            return new WebSocketFramingException("a WebSocket message does not hold an MSRP chunk: " + e.getMessage(),
                    e);
        }
        if (end >= 0 && end < bytes.length) {
            return new WebSocketFramingException("a WebSocket message holds more than one MSRP chunk", null);
        }
        if (last) {
            messageSize = 0;
            if (end < 0) {
                return new WebSocketFramingException("a WebSocket message ends in the middle of an MSRP chunk", null);
            }
        } else if (end >= 0) {
            return new WebSocketFramingException("a WebSocket message holds more than one MSRP chunk", null);
        }
        return null;
    }

    /**
     * The peer closed the WebSocket: the stream ends once the bytes received have been read, cleanly
     * unless the close came in the middle of a message.
     */
    public void end() {
        lock.lock();
        try {
            if (failure == null && !ended) {
                if (inMessage) {
                    failure = new WebSocketFramingException("the WebSocket closed in the middle of a message", null);
                } else {
                    ended = true;
                }
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The connection failed: reads throw {@code error} once the bytes received have been read.
     *
     * @param error what to throw
     */
    public void fail(IOException error) {
        lock.lock();
        try {
            if (failure == null && !ended) {
                failure = Objects.requireNonNull(error, "error");
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Sets how long a read waits for bytes; 0 waits for ever.
     *
     * @param millis the timeout in milliseconds, 0 for none
     */
    public void setReadTimeout(int millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("timeout must be >= 0: " + millis);
        }
        lock.lock();
        try {
            readTimeoutMillis = millis;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The read timeout in milliseconds, 0 for none.
     *
     * @return the read timeout in milliseconds
     */
    public int readTimeout() {
        lock.lock();
        try {
            return readTimeoutMillis;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (length == 0) {
            return 0;
        }
        boolean ask = false;
        int n = 0;
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(readTimeoutMillis);
            while (queue.isEmpty()) {
                if (closed || ended) {
                    return -1;
                }
                if (failure != null) {
                    throw failure;
                }
                if (readTimeoutMillis == 0) {
                    changed.await();
                } else {
                    if (nanos <= 0) {
                        throw new SocketTimeoutException("no WebSocket data within " + readTimeoutMillis + " ms");
                    }
                    nanos = changed.awaitNanos(nanos);
                }
            }
            while (n < length && !queue.isEmpty()) {
                ByteBuffer head = queue.peek();
                int take = Math.min(length - n, head.remaining());
                head.get(bytes, offset + n, take);
                n += take;
                if (!head.hasRemaining()) {
                    queue.poll();
                }
            }
            queued -= n;
            if (demandPending && queued < maxBuffered) {
                demandPending = false;
                ask = true;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for WebSocket data");
        } finally {
            lock.unlock();
        }
        if (ask) {
            demand.run();
        }
        return n;
    }

    @Override
    public int available() {
        lock.lock();
        try {
            return (int) Math.min(Integer.MAX_VALUE, queued);
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream here: a blocked read returns -1, received bytes are dropped. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            queued = 0;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
