package org.msrp4j.transport;

import java.util.Objects;
import org.msrp4j.protocol.ChunkParser;

/**
 * How a {@link MsrpTransport} behaves: its traffic logger, session matching, buffer sizes and
 * parser limits. Immutable; {@link #DEFAULT} or {@link #builder()}.
 *
 * <ul>
 *   <li>{@code logger}: receives the traffic and diagnostics; {@link TrafficLogger#NULL} (the
 *       default) for none.
 *   <li>{@code useSessmatch}: compare only session ids when checking paths (RFC 6714, CEMA), not
 *       whole URIs. Default false.
 *   <li>{@code readBufferSize}: bytes read from the socket at a time, at least 256. Default 64 KiB.
 *   <li>{@code maxChunkInMemory}: the most body bytes {@link MsrpTransport#readChunk()} holds for
 *       one chunk; a longer chunk is returned in segments of about this size (see {@link
 *       MsrpTransport#readChunk(int)}). Default 8 MiB.
 *   <li>{@code limits}: the parser's limits on start line, header block, header count and URI
 *       length. Default {@link ChunkParser.Limits#DEFAULT}.
 *   <li>{@code relayedChunkSize}: the most body bytes per chunk a session sends when the remote
 *       path goes through relays (it has more than one URI) and no cap is set (a relay
 *       connection sets its relay's): relays may cap frame sizes (Kamailio 5.6 drops
 *       frames over 11238 bytes); 0 for none. Default 8 KiB.
 * </ul>
 */
public final class TransportSettings {

    /** The defaults listed in the class comment. */
    public static final TransportSettings DEFAULT = builder().build();

    private final TrafficLogger logger;
    private final boolean useSessmatch;
    private final int readBufferSize;
    private final int maxChunkInMemory;
    private final ChunkParser.Limits limits;
    private final int relayedChunkSize;

    private TransportSettings(Builder b) {
        this.logger = b.logger;
        this.useSessmatch = b.useSessmatch;
        this.readBufferSize = b.readBufferSize;
        this.maxChunkInMemory = b.maxChunkInMemory;
        this.limits = b.limits;
        this.relayedChunkSize = b.relayedChunkSize;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options.
     *
     * @return a new builder; changing it leaves these options as they are
     */
    public Builder toBuilder() {
        return new Builder().logger(logger).useSessmatch(useSessmatch).readBufferSize(readBufferSize)
                .maxChunkInMemory(maxChunkInMemory).limits(limits).relayedChunkSize(relayedChunkSize);
    }

    /**
     * The traffic logger.
     *
     * @return the traffic logger; {@link TrafficLogger#NULL} for none
     */
    public TrafficLogger logger() {
        return logger;
    }

    /**
     * Whether paths are checked by session id only (RFC 6714).
     *
     * @return true when only session ids are compared
     */
    public boolean useSessmatch() {
        return useSessmatch;
    }

    /**
     * Bytes read from the socket at a time.
     *
     * @return the read buffer's size
     */
    public int readBufferSize() {
        return readBufferSize;
    }

    /**
     * The most body bytes held for one chunk before it is returned in segments.
     *
     * @return the limit in bytes
     */
    public int maxChunkInMemory() {
        return maxChunkInMemory;
    }

    /**
     * The parser's limits.
     *
     * @return the limits on start line, header block, header count and URI length
     */
    public ChunkParser.Limits limits() {
        return limits;
    }

    /**
     * The most body bytes per chunk sent through the peer's relays.
     *
     * @return the size in bytes; 0 for no cap
     */
    public int relayedChunkSize() {
        return relayedChunkSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TransportSettings t && logger.equals(t.logger) && useSessmatch == t.useSessmatch
                && readBufferSize == t.readBufferSize && maxChunkInMemory == t.maxChunkInMemory
                && limits.equals(t.limits) && relayedChunkSize == t.relayedChunkSize;
    }

    @Override
    public int hashCode() {
        return Objects.hash(logger, useSessmatch, readBufferSize, maxChunkInMemory, limits, relayedChunkSize);
    }

    @Override
    public String toString() {
        return "TransportSettings[logger=" + logger + ", useSessmatch=" + useSessmatch + ", readBufferSize="
                + readBufferSize + ", maxChunkInMemory=" + maxChunkInMemory + ", limits=" + limits
                + ", relayedChunkSize=" + relayedChunkSize + "]";
    }

    /** Builds {@link TransportSettings}; each setter checks its value and sets only it. */
    public static final class Builder {
        private TrafficLogger logger = TrafficLogger.NULL;
        private boolean useSessmatch;
        private int readBufferSize = 64 * 1024;
        private int maxChunkInMemory = 8 * 1024 * 1024;
        private ChunkParser.Limits limits = ChunkParser.Limits.DEFAULT;
        private int relayedChunkSize = 8 * 1024;

        private Builder() {
        }

        /**
         * The traffic logger (msrplib's {@code logger} argument).
         *
         * @param value the logger; {@link TrafficLogger#NULL} for none
         * @return this builder
         */
        public Builder logger(TrafficLogger value) {
            this.logger = Objects.requireNonNull(value, "logger");
            return this;
        }

        /**
         * Session matching by session id (msrplib's {@code use_sessmatch}, RFC 6714).
         *
         * @param value true to compare only session ids
         * @return this builder
         */
        public Builder useSessmatch(boolean value) {
            this.useSessmatch = value;
            return this;
        }

        /**
         * Bytes read from the socket at a time; at least 256.
         *
         * @param value the read buffer's size
         * @return this builder
         */
        public Builder readBufferSize(int value) {
            if (value < 256) {
                throw new IllegalArgumentException("readBufferSize must be at least 256: " + value);
            }
            this.readBufferSize = value;
            return this;
        }

        /**
         * The most body bytes held for one chunk; at least 1.
         *
         * @param value the limit in bytes
         * @return this builder
         */
        public Builder maxChunkInMemory(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("maxChunkInMemory must be positive: " + value);
            }
            this.maxChunkInMemory = value;
            return this;
        }

        /**
         * The parser's limits.
         *
         * @param value the limits on start line, header block, header count and URI length
         * @return this builder
         */
        public Builder limits(ChunkParser.Limits value) {
            this.limits = Objects.requireNonNull(value, "limits");
            return this;
        }

        /**
         * The most body bytes per chunk sent through the peer's relays; 0 for no cap.
         *
         * @param value the size in bytes, at least 0
         * @return this builder
         */
        public Builder relayedChunkSize(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("relayedChunkSize must be >= 0: " + value);
            }
            this.relayedChunkSize = value;
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the transport options
         */
        public TransportSettings build() {
            return new TransportSettings(this);
        }
    }
}
