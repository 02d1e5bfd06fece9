package org.msrp4j.log;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;

/**
 * A {@link TrafficLogger} writing to an SLF4J {@link Logger}.
 *
 * <p>By default every chunk sent or received is one concise line at DEBUG, e.g. {@code received
 * MSRP a786hjs2 SEND on <transport>}; body pieces and end-lines are byte counts and the
 * continuation flag at TRACE. With {@link #logWire(boolean) logWire(true)} the wire text is logged
 * instead, at {@link #wireLevel(Level) wireLevel} (DEBUG by default): start lines and headers in
 * full, at most {@link #maxBodyBytes(int) maxBodyBytes} body bytes per chunk, and the end-line
 * preceded by {@code … (N more bytes)} when body bytes were left out. If the wire level is
 * disabled, the concise lines are logged as without {@code logWire}.
 *
 * <p>Wire text shows printable ASCII as is, a CRLF pair as a line break, a backslash as {@code \\},
 * and every other byte escaped ({@code \r}, {@code \n}, {@code \t}, else {@code \xNN}).
 *
 * <p>The library's messages map to the SLF4J level of the same name; {@link #fatal(String)} logs at
 * ERROR with the {@link #FATAL} marker and a {@code FATAL: } prefix.
 *
 * <p>Instances are immutable apart from an internal count of the body bytes shown per chunk in
 * progress, and thread-safe. Nothing is formatted for a disabled level. The count of a chunk is
 * keyed by transport identity, direction and transaction id and removed at the chunk's end-line;
 * counts of chunks that never end are dropped, oldest first, once more than {@value
 * #MAX_OPEN_CHUNKS} are kept (such a chunk, if it does continue, is shown again from then on).
 */
public final class Slf4jTrafficLogger implements TrafficLogger {

    /** The name of the logger used by {@link #Slf4jTrafficLogger()}. */
    public static final String DEFAULT_LOGGER_NAME = "org.msrp4j.traffic";

    /** The default of {@link #maxBodyBytes(int)}. */
    public static final int DEFAULT_MAX_BODY_BYTES = 512;

    /** How many chunks in progress the wire log tracks at most. */
    public static final int MAX_OPEN_CHUNKS = 1024;

    /** The marker of {@link #fatal(String)} messages; not attached to any marker factory. */
    public static final Marker FATAL = new BasicMarkerFactory().getDetachedMarker("FATAL");

    private static final String ELLIPSIS = "\u2026";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final Logger logger;
    private final boolean logWire;
    private final int maxBodyBytes;
    private final Level wireLevel;
    private final Map<ChunkKey, BodyCount> open = new ConcurrentHashMap<>();
    private final AtomicLong sequence = new AtomicLong();

    /** Logs to the logger named {@value #DEFAULT_LOGGER_NAME}, concise lines only. */
    public Slf4jTrafficLogger() {
        this(LoggerFactory.getLogger(DEFAULT_LOGGER_NAME));
    }

    /**
     * Logs to {@code logger}, concise lines only.
     *
     * @param logger the traffic logger
     */
    public Slf4jTrafficLogger(Logger logger) {
        this(Objects.requireNonNull(logger, "logger"), false, DEFAULT_MAX_BODY_BYTES, Level.DEBUG);
    }

    private Slf4jTrafficLogger(Logger logger, boolean logWire, int maxBodyBytes, Level wireLevel) {
        this.logger = logger;
        this.logWire = logWire;
        this.maxBodyBytes = maxBodyBytes;
        this.wireLevel = wireLevel;
    }

    /**
     * A logger like this one that logs the wire text if {@code on} (see the class description).
     *
     * @param on the on
     * @return a logger like this one that logs the wire text if {@code on} (see the class description)
     */
    public Slf4jTrafficLogger logWire(boolean on) {
        return new Slf4jTrafficLogger(logger, on, maxBodyBytes, wireLevel);
    }

    /**
     * A logger like this one that shows at most {@code max} body bytes per chunk in the wire log.
     *
     * @param max the max
     * @return a logger like this one that shows at most {@code max} body bytes per chunk in the wire log
     * @throws IllegalArgumentException if {@code max} is negative
     */
    public Slf4jTrafficLogger maxBodyBytes(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("maxBodyBytes must not be negative: " + max);
        }
        return new Slf4jTrafficLogger(logger, logWire, max, wireLevel);
    }

    /**
     * A logger like this one that writes the wire log at {@code level}.
     *
     * @param level the level
     * @return a logger like this one that writes the wire log at {@code level}
     */
    public Slf4jTrafficLogger wireLevel(Level level) {
        return new Slf4jTrafficLogger(logger, logWire, maxBodyBytes, Objects.requireNonNull(level, "level"));
    }

    /**
     * The SLF4J logger written to.
     *
     * @return the SLF4J logger written to
     */
    public Logger logger() {
        return logger;
    }

    /**
     * Whether the wire text is logged.
     *
     * @return whether the wire text is logged
     */
    public boolean logWire() {
        return logWire;
    }

    /**
     * The most body bytes shown per chunk in the wire log.
     *
     * @return the most body bytes shown per chunk in the wire log
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * The level of the wire log.
     *
     * @return the level of the wire log
     */
    public Level wireLevel() {
        return wireLevel;
    }

    @Override
    public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
        newChunk("received", data, transport, chunk);
    }

    @Override
    public void receivedChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
        chunkData("received", false, data, transport, transactionId);
    }

    @Override
    public void receivedChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
        chunkEnd("received", false, data, transport, transactionId);
    }

    @Override
    public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
        newChunk("sent", data, transport, chunk);
    }

    @Override
    public void sentChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
        chunkData("sent", true, data, transport, transactionId);
    }

    @Override
    public void sentChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
        chunkEnd("sent", true, data, transport, transactionId);
    }

    @Override
    public void debug(String message) {
        logger.debug("{}", message);
    }

    @Override
    public void info(String message) {
        logger.info("{}", message);
    }

    @Override
    public void warn(String message) {
        logger.warn("{}", message);
    }

    @Override
    public void error(String message) {
        logger.error("{}", message);
    }

    @Override
    public void fatal(String message) {
        logger.error(FATAL, "FATAL: {}", message);
    }

    @Override
    public String toString() {
        return "Slf4jTrafficLogger[" + logger.getName()
                + (logWire ? ", wire at " + wireLevel + ", maxBodyBytes " + maxBodyBytes : "") + "]";
    }

    /** How many chunks in progress are tracked; for tests. */
    int openChunks() {
        return open.size();
    }

    private boolean wireEnabled() {
        return logWire && logger.isEnabledForLevel(wireLevel);
    }

    private void newChunk(String direction, ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
        if (wireEnabled()) {
            StringBuilder sb = new StringBuilder(64 + (data == null ? 0 : 2 * data.remaining()));
            sb.append(direction).append(" on ").append(String.valueOf(transport)).append(":\n");
            appendEscaped(sb, data, data == null ? 0 : data.remaining(), true);
            log(wireLevel, sb.toString());
        } else if (logger.isDebugEnabled()) {
            StringBuilder sb = new StringBuilder(96);
            sb.append(direction).append(" MSRP ").append(chunk.transactionId()).append(' ');
            if (chunk.isRequest()) {
                sb.append(chunk.method());
            } else {
                sb.append(chunk.code());
                if (chunk.comment() != null) {
                    sb.append(' ').append(chunk.comment());
                }
            }
            sb.append(" on ").append(String.valueOf(transport));
            logger.debug(sb.toString());
        }
    }

    private void chunkData(String direction, boolean sent, ByteBuffer data, MsrpTransport transport, String tid) {
        if (wireEnabled()) {
            int length = data.remaining();
            BodyCount count = count(new ChunkKey(transport, sent, tid));
            long before = count.seen.getAndAdd(length);
            if (before >= maxBodyBytes) {
                return; // already cut; the end-line reports how much was left out
            }
            int shown = (int) Math.min(length, maxBodyBytes - before);
            StringBuilder sb = new StringBuilder(64 + 2 * shown);
            sb.append(direction).append(' ').append(length).append(" body bytes of ").append(tid)
                    .append(" on ").append(String.valueOf(transport)).append(":\n");
            appendEscaped(sb, data, shown, false);
            if (shown < length) {
                sb.append(ELLIPSIS);
            }
            log(wireLevel, sb.toString());
        } else if (logger.isTraceEnabled()) {
            logger.trace(direction + ' ' + data.remaining() + " body bytes of " + tid + " on "
                    + String.valueOf(transport));
        }
    }

    private void chunkEnd(String direction, boolean sent, ByteBuffer data, MsrpTransport transport, String tid) {
        BodyCount count = logWire && !open.isEmpty() ? open.remove(new ChunkKey(transport, sent, tid)) : null;
        if (wireEnabled()) {
            long omitted = count == null ? 0 : count.seen.get() - maxBodyBytes;
            StringBuilder sb = new StringBuilder(96);
            sb.append(direction).append(" end of ").append(tid).append(" on ").append(String.valueOf(transport))
                    .append(":\n");
            if (omitted > 0) {
                sb.append(ELLIPSIS).append(" (").append(omitted).append(" more bytes)\n");
            }
            appendEscaped(sb, data, data == null ? 0 : data.remaining(), true);
            log(wireLevel, sb.toString());
        } else if (logger.isTraceEnabled()) {
            logger.trace(direction + " end of " + tid + " (" + flag(data) + ") on " + String.valueOf(transport));
        }
    }

    private BodyCount count(ChunkKey key) {
        BodyCount count = open.get(key);
        if (count == null) {
            BodyCount fresh = new BodyCount(sequence.getAndIncrement());
            count = open.putIfAbsent(key, fresh);
            if (count == null) {
                count = fresh;
                if (open.size() > MAX_OPEN_CHUNKS) {
                    evictOldest();
                }
            }
        }
        return count;
    }

    /** Drops the counts of the chunks that started longest ago until the bound holds again. */
    private void evictOldest() {
        while (open.size() > MAX_OPEN_CHUNKS) {
            Map.Entry<ChunkKey, BodyCount> oldest = null;
            for (Map.Entry<ChunkKey, BodyCount> e : open.entrySet()) {
                if (oldest == null || e.getValue().sequence < oldest.getValue().sequence) {
                    oldest = e;
                }
            }
            if (oldest == null) {
                return;
            }
            open.remove(oldest.getKey(), oldest.getValue());
        }
    }

    private void log(Level level, String text) {
        switch (level) {
            case ERROR -> logger.error(text);
            case WARN -> logger.warn(text);
            case INFO -> logger.info(text);
            case DEBUG -> logger.debug(text);
            case TRACE -> logger.trace(text);
        }
    }

    /** The continuation flag of an end-line: its last character before the CRLF. */
    private static char flag(ByteBuffer endLine) {
        if (endLine != null) {
            for (int i = endLine.limit() - 1; i >= endLine.position(); i--) {
                byte b = endLine.get(i);
                if (b != '\r' && b != '\n') {
                    return (char) (b & 0xFF);
                }
            }
        }
        return '?';
    }

    /**
     * Appends the first {@code count} bytes of {@code data} as wire text, reading with absolute
     * gets so the caller's buffer position stays put; leading and trailing CRLFs are left out if
     * {@code trim}.
     */
    private static void appendEscaped(StringBuilder sb, ByteBuffer data, int count, boolean trim) {
        if (data == null) {
            return;
        }
        int start = data.position();
        int end = start + count;
        if (trim) {
            while (end - start >= 2 && data.get(start) == '\r' && data.get(start + 1) == '\n') {
                start += 2;
            }
            while (end - start >= 2 && data.get(end - 2) == '\r' && data.get(end - 1) == '\n') {
                end -= 2;
            }
        }
        for (int i = start; i < end; i++) {
            int b = data.get(i) & 0xFF;
            if (b == '\r' && i + 1 < end && data.get(i + 1) == '\n') {
                sb.append('\n');
                i++;
            } else if (b == '\\') {
                sb.append("\\\\");
            } else if (b >= 0x20 && b < 0x7F) {
                sb.append((char) b);
            } else if (b == '\r') {
                sb.append("\\r");
            } else if (b == '\n') {
                sb.append("\\n");
            } else if (b == '\t') {
                sb.append("\\t");
            } else {
                sb.append("\\x").append(HEX[b >>> 4]).append(HEX[b & 0xF]);
            }
        }
    }

    /** A chunk in progress: the transport by identity, the direction and the transaction id. */
    private static final class ChunkKey {
        private final Object transport;
        private final boolean sent;
        private final String transactionId;

        ChunkKey(Object transport, boolean sent, String transactionId) {
            this.transport = transport;
            this.sent = sent;
            this.transactionId = transactionId;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ChunkKey k && k.transport == transport && k.sent == sent
                    && Objects.equals(k.transactionId, transactionId);
        }

        @Override
        public int hashCode() {
            return (31 * System.identityHashCode(transport) + Objects.hashCode(transactionId)) * 2 + (sent ? 1 : 0);
        }
    }

    /** The body bytes seen so far of one chunk, and when its count was created. */
    private static final class BodyCount {
        final long sequence;
        final AtomicLong seen = new AtomicLong();

        BodyCount(long sequence) {
            this.sequence = sequence;
        }
    }
}
