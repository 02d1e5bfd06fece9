package org.msrp4j.protocol;

import java.nio.ByteBuffer;

/**
 * Receives the events of a {@link ChunkParser}, in wire order: for each well-formed chunk one
 * {@link #chunkStarted}, any number of {@link #chunkData}, one {@link #chunkEnded}; for a chunk
 * that is framed but malformed one {@link #chunkMalformed} instead.
 *
 * <p>The listener runs on the thread that calls {@link ChunkParser#feed}. An exception it throws
 * propagates out of {@code feed} and leaves the parser unusable.
 */
public interface ChunkListener {

    /**
     * The start line and headers of a chunk have arrived. The chunk's {@link MsrpChunk#data()} is
     * empty; its body follows in {@link #chunkData} events.
     *
     * @param chunk the chunk
     */
    void chunkStarted(MsrpChunk chunk);

    /**
     * A piece of the body of {@code chunk}. {@code data} is a view of the parser's or the caller's
     * buffer, valid only during the call: copy what must be kept, and never modify it.
     *
     * @param data the bytes
     * @param chunk the chunk
     */
    void chunkData(MsrpChunk chunk, ByteBuffer data);

    /**
     * The end-line of {@code chunk} has arrived; {@link MsrpChunk#continuation()} is set to its flag.
     *
     * @param chunk the chunk
     * @param continuation the continuation
     */
    void chunkEnded(MsrpChunk chunk, Continuation continuation);

    /**
     * A chunk whose end-line can be found but which is malformed (a bad header, a missing path, a
     * bad method); the parser skips it and goes on. The receiver should answer a request with
     * {@link ChunkParseException#statusCode()}. The default does nothing.
     *
     * @param error the error
     */
    default void chunkMalformed(ChunkParseException error) {
    }
}
