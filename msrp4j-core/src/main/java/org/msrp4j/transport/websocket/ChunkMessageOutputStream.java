package org.msrp4j.transport.websocket;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import org.msrp4j.protocol.ChunkFramer;

/**
 * An output stream that sends what is written to it as WebSocket messages of one whole MSRP chunk each
 * (RFC 7977 §5.2), however the writes cut the chunks: several chunks in one write become several
 * messages, a chunk written in pieces becomes one. A chunk is held until its end-line is written and
 * then sent in one frame; a chunk larger than the buffer goes out as a fragmented message (frames
 * without FIN until the end-line), which keeps memory bounded but which some relays (Kamailio 5.6)
 * do not accept. Writes must come from one thread at a time, as {@code MsrpTransport} makes them.
 */
public final class ChunkMessageOutputStream extends OutputStream {

    private final MessageSink sink;
    private final ChunkFramer framer = new ChunkFramer();
    private final byte[] buffer;
    private int buffered;
    private boolean closed;

    /**
     * A stream sending to {@code sink}.
     *
     * @param sink where messages go
     * @param maxBuffered the largest chunk sent as a single frame, in bytes
     * @throws IllegalArgumentException if {@code maxBuffered} is not positive
     */
    public ChunkMessageOutputStream(MessageSink sink, int maxBuffered) {
        if (maxBuffered <= 0) {
            throw new IllegalArgumentException("maxBuffered must be > 0: " + maxBuffered);
        }
        this.sink = Objects.requireNonNull(sink, "sink");
        this.buffer = new byte[maxBuffered];
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    /**
     * Takes the bytes of one or more encoded chunks and sends each chunk that they complete.
     *
     * @throws IOException if the sink fails, the stream is closed, or the bytes are not MSRP chunks
     *     (a {@link org.msrp4j.protocol.ChunkParseException}; nothing more can be sent then)
     */
    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (closed) {
            throw new IOException("the WebSocket output is closed");
        }
        int off = offset;
        int left = length;
        while (left > 0) {
            int end = framer.endOfChunk(bytes, off, left);
            int take = end < 0 ? left : end - off;
            append(bytes, off, take, end >= 0);
            off += take;
            left -= take;
        }
    }

    private void append(byte[] bytes, int off, int length, boolean last) throws IOException {
        if (buffered + length <= buffer.length) {
            System.arraycopy(bytes, off, buffer, buffered, length);
            buffered += length;
            if (last) {
                sendBuffer(true);
            }
            return;
        }
        if (buffered > 0) {
            sendBuffer(false);
        }
        if (length > buffer.length || last) {
            sink.send(ByteBuffer.wrap(bytes, off, length), last);
        } else {
            System.arraycopy(bytes, off, buffer, 0, length);
            buffered = length;
        }
    }

    private void sendBuffer(boolean last) throws IOException {
        sink.send(ByteBuffer.wrap(buffer, 0, buffered), last);
        buffered = 0;
    }

    /** Does nothing: a chunk leaves when its end-line is written, never part-way by a flush. */
    @Override
    public void flush() {
        // nothing: see the method comment
    }

    /** Marks the stream closed; a chunk not yet complete is dropped. */
    @Override
    public void close() {
        closed = true;
    }
}
