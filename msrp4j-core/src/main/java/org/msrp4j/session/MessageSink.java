package org.msrp4j.session;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Where the content of one incoming message goes while its chunks arrive, in any order: bytes are
 * written at their offset in the message, and a sink must accept writes anywhere, repeated or
 * overlapping (the last write of a byte wins).
 *
 * <p>A {@link MessageAssembler} makes one sink per message, calls it from one thread at a time,
 * and ends it with exactly one of {@link #close()} (the message is complete or aborted, or the
 * assembler closed) or {@link #discard()} (the message was refused or dropped). Two are built in:
 * {@link #memory(int)} and {@link #file(Path)}.
 */
public interface MessageSink extends Closeable {

    /**
     * Tells the sink the message's size, once, as soon as a chunk reveals it; nothing is written
     * past it afterwards. The default accepts any size.
     *
     * @param size the size in bytes
     * @throws MessageTooLargeException if the sink will not hold that many bytes
     * @throws IOException if the sink cannot prepare for the size
     */
    default void expectSize(long size) throws IOException {
    }

    /**
     * Writes (and consumes) the remaining bytes of {@code data} at {@code offset}.
     *
     * @param offset the position of the first byte in the message, from 0 (Byte-Range start - 1)
     * @param data the bytes
     * @throws MessageTooLargeException if the bytes would end beyond the sink's limit
     * @throws IOException if the bytes cannot be stored, or the sink is closed
     */
    void write(long offset, ByteBuffer data) throws IOException;

    /** No more bytes will come: releases resources and keeps the content. Idempotent. */
    @Override
    void close() throws IOException;

    /**
     * Drops the content (frees the memory, deletes the file the sink created) and closes the sink.
     * Idempotent, and allowed after {@link #close()}. The default just closes.
     *
     * @throws IOException if an I/O error occurs
     */
    default void discard() throws IOException {
        close();
    }

    /**
     * A sink holding the message in a heap array of at most {@code maxBytes}, grown as bytes
     * arrive (never allocated up front for a size a peer announces).
     *
     * @param maxBytes the max bytes
     * @return a sink holding the message in a heap array of at most {@code maxBytes}, grown as bytes arrive (never
     *     allocated up front for a size a peer announces)
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    static MemorySink memory(int maxBytes) {
        return new MemorySink(maxBytes);
    }

    /**
     * A sink writing the message to {@code path} with positional writes, in constant memory
     * whatever the size and order of the chunks. Without a size limit; see {@link #file(Path, long)}.
     *
     * @param path the path
     * @return a sink writing the message to {@code path} with positional writes, in constant memory whatever the size
     *     and order of the chunks
     */
    static FileSink file(Path path) {
        return new FileSink(path, Long.MAX_VALUE, true);
    }

    /**
     * A sink writing the message to {@code path}, refusing messages of more than {@code maxBytes}.
     * The file is created (or replaced, if it exists) at the first write or, for an empty
     * message, at {@link #close()}.
     *
     * @param maxBytes the max bytes
     * @param path the path
     * @return a sink writing the message to {@code path}, refusing messages of more than {@code maxBytes}
     * @throws IllegalArgumentException if {@code maxBytes} is negative
     */
    static FileSink file(Path path, long maxBytes) {
        return new FileSink(path, maxBytes, true);
    }
}
