package org.msrp4j.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How much a {@link MsrpRelay} holds: connections, reservations per user, buffer sizes and the
 * pace a chunk in transit must keep. Part of {@link RelayConfig}, whose builder sets each value.
 *
 * @param maxConnections the most connections, inbound and outbound, the relay keeps; connections
 *     accepted beyond it are closed at once ({@code connections.max})
 * @param maxReservationsPerUser the most relay URIs one user may hold at once, over all
 *     connections ({@code users.max-reservations})
 * @param maxConnectionsPerUser the most connections one user may hold reservations on at once
 *     ({@code users.max-connections})
 * @param bufferSize the read buffer of a connection that is idle or carries small chunks, in bytes
 *     ({@code buffer.size})
 * @param maxBufferSize how far a connection's read buffer, and the buffer that gathers what it
 *     forwards, grow while it streams a large body, in bytes; both shrink back after a second
 *     without input ({@code buffer.max})
 * @param chunkMinRate the bytes per second a chunk in transit must average once it is older than
 *     the stall timeout; a slower one is cut and its sender's connection closed; 0 for no minimum
 *     ({@code chunk.min-rate})
 * @param chunkMaxTime the longest one chunk may take to pass through the relay; {@link
 *     Duration#ZERO} for no limit ({@code chunk.max-time})
 */
public record CapacitySettings(int maxConnections, int maxReservationsPerUser, int maxConnectionsPerUser,
        int bufferSize, int maxBufferSize, long chunkMinRate, Duration chunkMaxTime) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public CapacitySettings {
        Objects.requireNonNull(chunkMaxTime, "chunkMaxTime");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("connections.max must be positive: " + maxConnections);
        }
        if (maxReservationsPerUser < 1 || maxConnectionsPerUser < 1) {
            throw new IllegalArgumentException("users.max-reservations and users.max-connections must be positive: "
                    + maxReservationsPerUser + ", " + maxConnectionsPerUser);
        }
        if (bufferSize < 256) {
            throw new IllegalArgumentException("buffer.size must be at least 256: " + bufferSize);
        }
        if (maxBufferSize < bufferSize) {
            throw new IllegalArgumentException("buffer.max must be at least buffer.size: " + maxBufferSize + " < "
                    + bufferSize);
        }
        if (chunkMinRate < 0 || chunkMaxTime.isNegative()) {
            throw new IllegalArgumentException("chunk.min-rate and chunk.max-time must not be negative: "
                    + chunkMinRate + ", " + chunkMaxTime);
        }
    }
}
