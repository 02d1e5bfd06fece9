package org.msrp4j.protocol.internal;

import java.lang.invoke.MethodHandles;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The one change to a chunk that only the library makes: marking a segment of a chunk read in parts
 * ({@link MsrpChunk#segment()}, {@link MsrpChunk#hasMoreSegments()}). {@link MsrpChunk} installs the
 * implementation when its class is initialised, so the setters stay off its public API.
 */
public final class ChunkInternals {

    /** The operation behind {@link ChunkInternals#markSegment}, implemented by {@link MsrpChunk}. */
    public interface Access {

        /**
         * See {@link ChunkInternals#markSegment}.
         *
         * @param chunk the segment
         * @param number its number, from 1
         * @param more whether more segments of the chunk follow
         */
        void markSegment(MsrpChunk chunk, int number, boolean more);
    }

    private static volatile Access access;

    private ChunkInternals() {
    }

    /**
     * Installs the implementation; {@link MsrpChunk} does so once, when initialised.
     *
     * @param implementation the operation
     * @throws IllegalStateException if one is installed already
     */
    public static synchronized void install(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("the chunk's internals are installed already");
        }
        access = implementation;
    }

    /**
     * Marks {@code chunk} as segment {@code number} of a chunk read in parts.
     *
     * @param chunk the segment, a copy of the chunk's start with its part of the body
     * @param number the segment's number, from 1
     * @param more whether more segments of the same chunk follow
     * @return {@code chunk}
     * @throws IllegalArgumentException if {@code number} is negative
     */
    public static MsrpChunk markSegment(MsrpChunk chunk, int number, boolean more) {
        Access a = access;
        if (a == null) {
            try {
                MethodHandles.lookup().ensureInitialized(MsrpChunk.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException(e);
            }
            a = access;
        }
        a.markSegment(chunk, number, more);
        return chunk;
    }
}
