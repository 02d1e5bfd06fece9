package org.msrp4j.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A {@link MessageSink} that keeps the message in a heap array bounded by {@link #maxBytes()}. The
 * array grows by doubling as bytes arrive, up to the announced size when it is known, so a peer
 * announcing a large total costs nothing until it sends the bytes. Made by {@link
 * MessageSink#memory(int)}.
 *
 * <p>Not thread-safe by itself: a {@link MessageAssembler} serialises the calls, and {@link
 * IncomingMessage#bytes()} reads the content under the same lock.
 */
public final class MemorySink implements MessageSink {

    private static final byte[] EMPTY = new byte[0];
    private static final int MIN_CAPACITY = 1024;

    private final int maxBytes;
    private byte[] buffer = EMPTY;
    private int size;
    private long expected = -1;
    private boolean closed;

    MemorySink(int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must be >= 0: " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    /**
     * The most bytes this sink holds.
     *
     * @return the most bytes this sink holds
     */
    public int maxBytes() {
        return maxBytes;
    }

    /**
     * The number of bytes up to the last one written (gaps count, as zeros).
     *
     * @return the number of bytes up to the last one written (gaps count, as zeros)
     */
    public int size() {
        return size;
    }

    /**
     * A copy of the bytes from the start to the last one written; bytes never written read as 0.
     * Empty after {@link #discard()}.
     *
     * @return a copy of the bytes from the start to the last one written; bytes never written read as 0
     */
    public byte[] bytes() {
        return Arrays.copyOf(buffer, size);
    }

    /** @throws MessageTooLargeException if {@code size} exceeds {@link #maxBytes()} */
    @Override
    public void expectSize(long size) throws IOException {
        if (size > maxBytes) {
            throw new MessageTooLargeException(null, maxBytes, size);
        }
        expected = size;
    }

    @Override
    public void write(long offset, ByteBuffer data) throws IOException {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be >= 0: " + offset);
        }
        if (closed) {
            throw new IOException("the sink is closed");
        }
        int n = data.remaining();
        long end = offset + n;
        if (end > maxBytes) {
            throw new MessageTooLargeException(null, maxBytes, end);
        }
        if (n == 0) {
            return;
        }
        ensureCapacity((int) end);
        data.get(buffer, (int) offset, n);
        size = Math.max(size, (int) end);
    }

    private void ensureCapacity(int needed) {
        if (needed <= buffer.length) {
            return;
        }
        long cap = expected >= 0 ? expected : maxBytes;
        long grown = Math.min(Math.max(buffer.length * 2L, MIN_CAPACITY), cap);
        buffer = Arrays.copyOf(buffer, (int) Math.max(needed, grown));
    }

    @Override
    public void close() {
        closed = true;
    }

    /** Frees the array; {@link #bytes()} is empty afterwards. */
    @Override
    public void discard() {
        closed = true;
        buffer = EMPTY;
        size = 0;
    }

    @Override
    public String toString() {
        return "MemorySink(" + size + " of at most " + maxBytes + " bytes)";
    }
}
