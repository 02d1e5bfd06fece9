package org.msrp4j.session;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * How a {@link MsrpSession} behaves. Immutable; {@link #DEFAULT} or {@link #builder()}.
 *
 * <ul>
 *   <li>{@code acceptTypes}: MIME types accepted in incoming SENDs, {@code *} and {@code type/*}
 *       allowed (msrplib's {@code accept_types}); others are answered 415. Default {@code *}.
 *   <li>{@code responseTimeout}: how long a sent chunk waits for its response before a local 408
 *       (or 200 under Failure-Report {@code partial}/{@code no}) is made (msrplib's {@code
 *       RESPONSE_TIMEOUT}). Default 30 s. A write that the connection takes nothing of for this
 *       long (a peer that reads nothing, or is gone without a word) ends the session with an
 *       {@link MsrpSessionException}, since nothing queued behind it could go out.
 *   <li>{@code fileChunkSize}: body bytes per chunk when sending files. Default 64 KiB; a
 *       transport with a smaller {@link org.msrp4j.transport.MsrpTransport#maxChunkSize()} (a relay
 *       connection) caps it. Over TLS, a multiple of 16 KiB is the size of the whole frame instead
 *       (the body a few hundred bytes less), so that frames fill whole TLS records.
 *   <li>{@code window}: how many file chunks may await their responses at once. Default 128, so
 *       that with the default {@code windowBytes} 64 KiB chunks are held to 16 and the 8 KiB chunks
 *       sent through a relay to 128.
 *   <li>{@code windowBytes}: how many body bytes of file chunks may await their responses at once;
 *       a chunk goes while both windows have room for it, and one always may when none awaits its
 *       response. Default 1 MiB.
 *   <li>{@code reportWindow}: for a file sent with {@code Success-Report: yes}, how many of its
 *       bytes may be sent before success REPORTs cover them (RFC 4975 §7.1.2; relays pass REPORTs
 *       through, RFC 4976). A relay answers each chunk at once and queues it for the receiver, so
 *       only the REPORTs pace a sender by its receiver, end to end. When a file waits at this bound
 *       for a whole response timeout: if no success REPORT for it ever came, the peer is taken not
 *       to send them and the file goes on paced by its responses only; if some did, it fails with an
 *       {@link org.msrp4j.MsrpTransactionException} of code 408. 0 turns this pacing off. Default 0:
 *       a receiver may send one success REPORT only when the whole file is in (RFC 4975 allows
 *       it), and such a peer would hold each file at the bound for a response timeout. Turn it on
 *       for receivers known to report as they go, as an msrp4j receiver does ({@code
 *       FileTransferStream} does so for them), with {@link #REPORT_WINDOW}.
 *   <li>{@code reportProbeInterval}: a file that waits at its {@code reportWindow} and sees no
 *       success REPORT make room for this long sends its next chunk anyway, a probe, so that a
 *       receiver gone meanwhile is noticed by the relay's answer to it (481 or 408), not only at the
 *       response timeout. Each further probe of the same wait comes twice as long after the one
 *       before, and a file has at most {@value #REPORT_PROBES} probes beyond its {@code reportWindow}
 *       until its success REPORTs cover them: a receiver that is only slow is sent at most that many
 *       chunks more than the window, and none when it reports within this interval. {@link
 *       Duration#ZERO} turns probes off. Default 1 s: a receiver that reports as it goes answers a
 *       chunk within a round trip, so a second of silence means it stalled or went away.
 *   <li>{@code keepAliveInterval}: after this long without traffic an empty SEND with {@code
 *       Keep-Alive: yes} goes out, and a peer that does not answer it within the response timeout is
 *       taken for dead; {@link Duration#ZERO} turns keep-alive off. Default 60 s.
 *   <li>{@code readSegmentSize}: incoming chunks longer than this are delivered in segments (see
 *       {@link org.msrp4j.transport.MsrpTransport#readChunk(int)}). Default 64 KiB.
 *   <li>{@code queueCapacity}: chunks a queue-style session holds for {@link
 *       MsrpSession#receiveChunk()} before reading pauses. Default 256.
 *   <li>{@code shutdownTimeout}: how long {@link MsrpSession#shutdown(boolean) shutdown(true)}
 *       waits for queued sends and outstanding responses. Default 10 s.
 *   <li>{@code threadFactory}: makes the session's four threads (two readers, a writer, a timer),
 *       which the session names and starts. Default virtual threads. Platform threads (e.g. {@code
 *       Thread.ofPlatform().daemon().factory()}) answer one request at a time sooner on a machine
 *       with few cores (see docs/benchmarks.md), at the cost of four platform threads per session.
 * </ul>
 */
public final class SessionSettings {

    /** The defaults listed in the class comment. */
    public static final SessionSettings DEFAULT = builder().build();

    /**
     * A {@code reportWindow} for receivers that report as they go: through Kamailio at its default
     * write queue (32 KiB) a 40 MB file whose receiver pauses for a second at a time arrives whole
     * at 1 and 2 MiB, and is cut off at 4 MiB.
     */
    public static final long REPORT_WINDOW = 1024 * 1024;

    /** How many probe chunks a file may have sent beyond its {@code reportWindow} (see the class comment). */
    public static final int REPORT_PROBES = 6;

    private final List<String> acceptTypes;
    private final Duration responseTimeout;
    private final int fileChunkSize;
    private final int window;
    private final long windowBytes;
    private final long reportWindow;
    private final Duration reportProbeInterval;
    private final Duration keepAliveInterval;
    private final int readSegmentSize;
    private final int queueCapacity;
    private final Duration shutdownTimeout;
    private final ThreadFactory threadFactory;

    private SessionSettings(Builder b) {
        this.acceptTypes = b.acceptTypes;
        this.responseTimeout = b.responseTimeout;
        this.fileChunkSize = b.fileChunkSize;
        this.window = b.window;
        this.windowBytes = b.windowBytes;
        this.reportWindow = b.reportWindow;
        this.reportProbeInterval = b.reportProbeInterval;
        this.keepAliveInterval = b.keepAliveInterval;
        this.readSegmentSize = b.readSegmentSize;
        this.queueCapacity = b.queueCapacity;
        this.shutdownTimeout = b.shutdownTimeout;
        this.threadFactory = b.threadFactory;
    }

    /**
     * A builder holding the defaults.
     *
     * @return this builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these options.
     *
     * @return this builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.acceptTypes = acceptTypes;
        b.responseTimeout = responseTimeout;
        b.fileChunkSize = fileChunkSize;
        b.window = window;
        b.windowBytes = windowBytes;
        b.reportWindow = reportWindow;
        b.reportProbeInterval = reportProbeInterval;
        b.keepAliveInterval = keepAliveInterval;
        b.readSegmentSize = readSegmentSize;
        b.queueCapacity = queueCapacity;
        b.shutdownTimeout = shutdownTimeout;
        b.threadFactory = threadFactory;
        return b;
    }

    /**
     * The accepted MIME types.
     *
     * @return the accepted MIME types
     */
    public List<String> acceptTypes() {
        return acceptTypes;
    }

    /**
     * The response timeout.
     *
     * @return the response timeout
     */
    public Duration responseTimeout() {
        return responseTimeout;
    }

    /**
     * Body bytes per file chunk.
     *
     * @return body bytes per file chunk
     */
    public int fileChunkSize() {
        return fileChunkSize;
    }

    /**
     * File chunks that may await responses at once.
     *
     * @return file chunks that may await responses at once
     */
    public int window() {
        return window;
    }

    /**
     * Body bytes of file chunks that may await responses at once.
     *
     * @return body bytes of file chunks that may await responses at once
     */
    public long windowBytes() {
        return windowBytes;
    }

    /**
     * Bytes of a file sent with {@code Success-Report: yes} that may be sent before success REPORTs
     * cover them; 0 when off.
     *
     * @return bytes of a file that may be sent before success REPORTs cover them; 0 when off
     */
    public long reportWindow() {
        return reportWindow;
    }

    /**
     * How long a file waiting for success REPORTs goes without them before it sends a probe chunk.
     *
     * @return the first probe interval of a wait for success REPORTs, zero when probes are off
     */
    public Duration reportProbeInterval() {
        return reportProbeInterval;
    }

    /**
     * The keep-alive interval, zero when off.
     *
     * @return the keep-alive interval, zero when off
     */
    public Duration keepAliveInterval() {
        return keepAliveInterval;
    }

    /**
     * The segment size for incoming chunks.
     *
     * @return the segment size for incoming chunks
     */
    public int readSegmentSize() {
        return readSegmentSize;
    }

    /**
     * The incoming queue's capacity (queue style).
     *
     * @return the incoming queue's capacity (queue style)
     */
    public int queueCapacity() {
        return queueCapacity;
    }

    /**
     * The bound on a synchronous shutdown.
     *
     * @return the bound on a synchronous shutdown
     */
    public Duration shutdownTimeout() {
        return shutdownTimeout;
    }

    /**
     * What makes the session's threads.
     *
     * @return what makes the session's threads
     */
    public ThreadFactory threadFactory() {
        return threadFactory;
    }

    /**
     * Whether {@code contentType} (parameters ignored, case-insensitive) matches the accepted types.
     *
     * @param contentType the content type
     * @return whether {@code contentType} (parameters ignored, case-insensitive) matches the accepted types
     */
    public boolean accepts(String contentType) {
        if (contentType == null) {
            return true;
        }
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
        for (String accepted : acceptTypes) {
            if (accepted.equals("*") || accepted.equalsIgnoreCase(type)) {
                return true;
            }
            if (accepted.endsWith("/*")) {
                int slash = type.indexOf('/');
                if (slash > 0 && type.regionMatches(true, 0, accepted, 0, accepted.length() - 1)
                        && slash == accepted.length() - 2) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Builds {@link SessionSettings}. */
    public static final class Builder {
        private List<String> acceptTypes = List.of("*");
        private Duration responseTimeout = Duration.ofSeconds(30);
        private int fileChunkSize = 64 * 1024;
        private int window = 128;
        private long windowBytes = 1024 * 1024;
        private long reportWindow;
        private Duration reportProbeInterval = Duration.ofSeconds(1);
        private Duration keepAliveInterval = Duration.ofSeconds(60);
        private int readSegmentSize = 64 * 1024;
        private int queueCapacity = 256;
        private Duration shutdownTimeout = Duration.ofSeconds(10);
        private ThreadFactory threadFactory = Thread.ofVirtual().factory();

        private Builder() {
        }

        /**
         * The accepted MIME types ({@code *} and {@code type/*} allowed); not empty.
         *
         * @param value the accepted MIME types ({@code *} and {@code type/*} allowed); not empty
         * @return this builder
         */
        public Builder acceptTypes(List<String> value) {
            if (value.isEmpty()) {
                throw new IllegalArgumentException("acceptTypes must not be empty (use \"*\" for any)");
            }
            this.acceptTypes = List.copyOf(value);
            return this;
        }

        /**
         * The response timeout; positive.
         *
         * @param value the response timeout; positive
         * @return this builder
         */
        public Builder responseTimeout(Duration value) {
            this.responseTimeout = positive(value, "responseTimeout");
            return this;
        }

        /**
         * Body bytes per file chunk, 1 .. 16 MiB.
         *
         * @param value body bytes per file chunk, 1
         * @return this builder
         */
        public Builder fileChunkSize(int value) {
            if (value < 1 || value > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("fileChunkSize must be 1..16 MiB: " + value);
            }
            this.fileChunkSize = value;
            return this;
        }

        /**
         * File chunks that may await responses at once; at least 1 (stop-and-wait).
         *
         * @param value file chunks that may await responses at once; at least 1 (stop-and-wait)
         * @return this builder
         */
        public Builder window(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("window must be at least 1: " + value);
            }
            this.window = value;
            return this;
        }

        /**
         * Body bytes of file chunks that may await responses at once; at least 1 (one chunk always
         * may go, however large).
         *
         * @param value body bytes of file chunks that may await responses at once; at least 1
         * @return this builder
         */
        public Builder windowBytes(long value) {
            if (value < 1) {
                throw new IllegalArgumentException("windowBytes must be at least 1: " + value);
            }
            this.windowBytes = value;
            return this;
        }

        /**
         * Bytes of a file sent with {@code Success-Report: yes} that may be sent before success
         * REPORTs cover them; 0 turns this pacing off (one chunk always may go).
         *
         * @param value bytes that may be sent before success REPORTs cover them; 0 for no bound
         * @return this builder
         */
        public Builder reportWindow(long value) {
            if (value < 0) {
                throw new IllegalArgumentException("reportWindow must not be negative: " + value);
            }
            this.reportWindow = value;
            return this;
        }

        /**
         * How long a file waiting for success REPORTs goes without them before its first probe
         * chunk; {@link Duration#ZERO} for no probes.
         *
         * @param value the first probe interval; {@link Duration#ZERO} for no probes
         * @return this builder
         */
        public Builder reportProbeInterval(Duration value) {
            this.reportProbeInterval = notNegative(value, "reportProbeInterval");
            return this;
        }

        /**
         * The keep-alive interval; {@link Duration#ZERO} for none.
         *
         * @param value the keep-alive interval; {@link Duration#ZERO} for none
         * @return this builder
         */
        public Builder keepAliveInterval(Duration value) {
            this.keepAliveInterval = notNegative(value, "keepAliveInterval");
            return this;
        }

        /**
         * The segment size for incoming chunks; at least 1.
         *
         * @param value the segment size for incoming chunks; at least 1
         * @return this builder
         */
        public Builder readSegmentSize(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("readSegmentSize must be at least 1: " + value);
            }
            this.readSegmentSize = value;
            return this;
        }

        /**
         * The incoming queue's capacity (queue style); at least 1.
         *
         * @param value the incoming queue's capacity (queue style); at least 1
         * @return this builder
         */
        public Builder queueCapacity(int value) {
            if (value < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1: " + value);
            }
            this.queueCapacity = value;
            return this;
        }

        /**
         * The bound on a synchronous shutdown; positive.
         *
         * @param value the bound on a synchronous shutdown; positive
         * @return this builder
         */
        public Builder shutdownTimeout(Duration value) {
            this.shutdownTimeout = positive(value, "shutdownTimeout");
            return this;
        }

        /**
         * What makes the session's threads: unstarted ones, which the session names and starts.
         *
         * @param value what makes the session's threads: unstarted ones, which the session names and starts
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory value) {
            this.threadFactory = Objects.requireNonNull(value, "threadFactory");
            return this;
        }

        /**
         * Builds the options.
         *
         * @return the session options
         */
        public SessionSettings build() {
            return new SessionSettings(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + d);
            }
            return d;
        }

        private static Duration notNegative(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative()) {
                throw new IllegalArgumentException(name + " must not be negative: " + d);
            }
            return d;
        }
    }
}
