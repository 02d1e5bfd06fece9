package org.msrp4j.transport;

import java.util.Objects;
import org.msrp4j.protocol.ChunkParser;

/**
 * How a {@link MsrpTransport} behaves: its traffic logger, session matching, buffer sizes and
 * parser limits. Immutable; start from {@link #DEFAULT} and change fields with the {@code with…}
 * methods.
 *
 * @param logger receives the traffic and diagnostics; {@link TrafficLogger#NULL} for none
 * @param useSessmatch compare only session ids when checking paths (RFC 6714, CEMA), not whole URIs
 * @param readBufferSize bytes read from the socket at a time
 * @param maxChunkInMemory the most body bytes {@link MsrpTransport#readChunk()} holds for one chunk;
 *     a longer chunk is returned in segments of about this size (see {@link MsrpTransport#readChunk(int)})
 * @param limits the parser's limits on start line, header block, header count and URI length
 * @param relayedChunkSize the most body bytes per chunk a session sends when the remote path goes
 *     through relays (it has more than one URI) and no {@link MsrpTransport#setMaxChunkSize cap}
 *     is set: relays may cap frame sizes (Kamailio 5.6 drops frames over 11238 bytes); 0 for none
 */
public record TransportOptions(TrafficLogger logger, boolean useSessmatch, int readBufferSize, int maxChunkInMemory,
        ChunkParser.Limits limits, int relayedChunkSize) {

    /**
     * No logging, whole-URI path checks, 64 KiB reads, chunks up to 8 MiB held whole, default
     * limits, 8 KiB chunks through the peer's relays.
     */
    public static final TransportOptions DEFAULT = new TransportOptions(TrafficLogger.NULL, false, 64 * 1024,
            8 * 1024 * 1024, ChunkParser.Limits.DEFAULT, 8 * 1024);

    /** Checks the values. */
    public TransportOptions {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(limits, "limits");
        if (readBufferSize < 256) {
            throw new IllegalArgumentException("readBufferSize must be at least 256: " + readBufferSize);
        }
        if (maxChunkInMemory < 1) {
            throw new IllegalArgumentException("maxChunkInMemory must be positive: " + maxChunkInMemory);
        }
        if (relayedChunkSize < 0) {
            throw new IllegalArgumentException("relayedChunkSize must be >= 0: " + relayedChunkSize);
        }
    }

    /**
     * These options with another logger.
     *
     * @param value the value
     * @return these options with another logger
     */
    public TransportOptions withLogger(TrafficLogger value) {
        return new TransportOptions(value, useSessmatch, readBufferSize, maxChunkInMemory, limits, relayedChunkSize);
    }

    /**
     * These options with session matching on or off.
     *
     * @param value the value
     * @return these options with session matching on or off
     */
    public TransportOptions withSessmatch(boolean value) {
        return new TransportOptions(logger, value, readBufferSize, maxChunkInMemory, limits, relayedChunkSize);
    }

    /**
     * These options with another read buffer size.
     *
     * @param value the value
     * @return these options with another read buffer size
     */
    public TransportOptions withReadBufferSize(int value) {
        return new TransportOptions(logger, useSessmatch, value, maxChunkInMemory, limits, relayedChunkSize);
    }

    /**
     * These options with another limit on the body held for one chunk.
     *
     * @param value the value
     * @return these options with another limit on the body held for one chunk
     */
    public TransportOptions withMaxChunkInMemory(int value) {
        return new TransportOptions(logger, useSessmatch, readBufferSize, value, limits, relayedChunkSize);
    }

    /**
     * These options with other parser limits.
     *
     * @param value the value
     * @return these options with other parser limits
     */
    public TransportOptions withLimits(ChunkParser.Limits value) {
        return new TransportOptions(logger, useSessmatch, readBufferSize, maxChunkInMemory, value, relayedChunkSize);
    }

    /**
     * These options with another chunk size for paths through relays; 0 for no cap.
     *
     * @param value the value
     * @return these options with another chunk size for paths through relays; 0 for no cap
     */
    public TransportOptions withRelayedChunkSize(int value) {
        return new TransportOptions(logger, useSessmatch, readBufferSize, maxChunkInMemory, limits, value);
    }
}
