package org.msrp4j.screen;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.ConnectionSettings;

/**
 * How a {@link ScreenSharingStream} connects and moves bytes. Immutable; {@link #DEFAULT} or
 * {@link #builder()}.
 *
 * <ul>
 *   <li>{@code connection}: how the MSRP side reaches the peer (direct or relay, TLS). Default
 *       {@link ConnectionSettings#DEFAULT}.
 *   <li>{@code sessionSettings}: the MSRP session's; its accept-types are always {@code
 *       application/x-rfb}. Its response timeout is also how long the peer's TCP side may take
 *       nothing before the stream fails. Default {@link SessionSettings#DEFAULT}.
 *   <li>{@code vncServer}: where the server role finds its VNC server. Default 127.0.0.1:5900.
 *   <li>{@code viewerAddress}: where the viewer role listens for its one VNC viewer; port 0 picks
 *       a free one ({@link ScreenSharingStream#viewerAddress()} tells which). Default loopback,
 *       port 0: only local programs can connect, and the first one that does is the viewer.
 *   <li>{@code connectTimeout}: the longest wait to reach the VNC server. Default 5 s.
 *   <li>{@code acceptTimeout}: the longest wait for the viewer to connect once the stream has
 *       started. Default 5 min.
 *   <li>{@code chunkSize}: the most bytes read from TCP at once, each read sent as one MSRP
 *       message; a relay's smaller chunk limit caps it. Default 16 KiB.
 *   <li>{@code window}: chunks sent and not yet answered, at most; TCP is not read while the
 *       window is full. Default 16.
 *   <li>{@code receiveBuffer}: bytes from MSRP held for the TCP side, at most; MSRP is not read
 *       while they are not written. Default 256 KiB.
 * </ul>
 */
public final class ScreenSettings {

    /** The defaults listed in the class comment. */
    public static final ScreenSettings DEFAULT = builder().build();

    private final ConnectionSettings connection;
    private final SessionSettings sessionSettings;
    private final InetSocketAddress vncServer;
    private final InetSocketAddress viewerAddress;
    private final Duration connectTimeout;
    private final Duration acceptTimeout;
    private final int chunkSize;
    private final int window;
    private final int receiveBuffer;

    private ScreenSettings(Builder b) {
        this.connection = b.connection;
        this.sessionSettings = b.sessionSettings;
        this.vncServer = b.vncServer;
        this.viewerAddress = b.viewerAddress;
        this.connectTimeout = b.connectTimeout;
        this.acceptTimeout = b.acceptTimeout;
        this.chunkSize = b.chunkSize;
        this.window = b.window;
        this.receiveBuffer = b.receiveBuffer;
    }

    /**
     * A builder holding the defaults.
     *
     * @return a new builder; {@code build()} on it alone gives the default settings
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding these settings.
     *
     * @return a new builder; changing it leaves these settings as they are
     */
    public Builder toBuilder() {
        return new Builder().connection(connection).sessionSettings(sessionSettings).vncServer(vncServer)
                .viewerAddress(viewerAddress).connectTimeout(connectTimeout).acceptTimeout(acceptTimeout)
                .chunkSize(chunkSize).window(window).receiveBuffer(receiveBuffer);
    }

    /**
     * How the MSRP side reaches the peer.
     *
     * @return the relay, connection settings, TLS choice and local host
     */
    public ConnectionSettings connection() {
        return connection;
    }

    /**
     * The MSRP session's options.
     *
     * @return the options of the MSRP session the stream starts
     */
    public SessionSettings sessionSettings() {
        return sessionSettings;
    }

    /**
     * Where the server role finds its VNC server.
     *
     * @return the VNC server's address
     */
    public InetSocketAddress vncServer() {
        return vncServer;
    }

    /**
     * Where the viewer role listens for its viewer (port 0: any free one).
     *
     * @return the listening address
     */
    public InetSocketAddress viewerAddress() {
        return viewerAddress;
    }

    /**
     * The longest wait to reach the VNC server.
     *
     * @return a positive duration
     */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /**
     * The longest wait for the viewer to connect.
     *
     * @return a positive duration
     */
    public Duration acceptTimeout() {
        return acceptTimeout;
    }

    /**
     * The most bytes read from TCP and sent as one MSRP message.
     *
     * @return bytes
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Chunks awaiting their responses, at most.
     *
     * @return the number of chunks
     */
    public int window() {
        return window;
    }

    /**
     * Bytes from MSRP waiting for the TCP side, at most.
     *
     * @return bytes
     */
    public int receiveBuffer() {
        return receiveBuffer;
    }

    @Override
    public String toString() {
        return "ScreenSettings[" + connection + ", vnc " + vncServer + ", viewer " + viewerAddress + ", chunk "
                + chunkSize + ", window " + window + ", buffer " + receiveBuffer + "]";
    }

    /** Builds {@link ScreenSettings}. */
    public static final class Builder {
        private ConnectionSettings connection = ConnectionSettings.DEFAULT;
        private SessionSettings sessionSettings = SessionSettings.DEFAULT;
        private InetSocketAddress vncServer = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5900);
        private InetSocketAddress viewerAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration acceptTimeout = Duration.ofMinutes(5);
        private int chunkSize = 16 * 1024;
        private int window = 16;
        private int receiveBuffer = 256 * 1024;

        private Builder() {
        }

        /**
         * How the MSRP side reaches the peer.
         *
         * @param value the relay, connection settings, TLS choice and local host
         * @return this builder
         */
        public Builder connection(ConnectionSettings value) {
            this.connection = Objects.requireNonNull(value, "connection");
            return this;
        }

        /**
         * The MSRP session's options (their accept-types are replaced by {@code application/x-rfb}).
         *
         * @param value the MSRP session's options
         * @return this builder
         */
        public Builder sessionSettings(SessionSettings value) {
            this.sessionSettings = Objects.requireNonNull(value, "sessionSettings");
            return this;
        }

        /**
         * Where the server role finds its VNC server.
         *
         * @param value the VNC server's address
         * @return this builder
         */
        public Builder vncServer(InetSocketAddress value) {
            this.vncServer = Objects.requireNonNull(value, "vncServer");
            return this;
        }

        /**
         * Where the viewer role listens (port 0: any free one).
         *
         * @param value the listening address
         * @return this builder
         */
        public Builder viewerAddress(InetSocketAddress value) {
            this.viewerAddress = Objects.requireNonNull(value, "viewerAddress");
            return this;
        }

        /**
         * The longest wait to reach the VNC server.
         *
         * @param value the longest wait
         * @return this builder
         */
        public Builder connectTimeout(Duration value) {
            this.connectTimeout = positive(value, "connectTimeout");
            return this;
        }

        /**
         * The longest wait for the viewer to connect.
         *
         * @param value the longest wait
         * @return this builder
         */
        public Builder acceptTimeout(Duration value) {
            this.acceptTimeout = positive(value, "acceptTimeout");
            return this;
        }

        /**
         * The most bytes read from TCP and sent as one MSRP message (at least 1).
         *
         * @param value bytes
         * @return this builder
         */
        public Builder chunkSize(int value) {
            this.chunkSize = atLeastOne(value, "chunkSize");
            return this;
        }

        /**
         * Chunks awaiting their responses, at most (at least 1).
         *
         * @param value the number of chunks
         * @return this builder
         */
        public Builder window(int value) {
            this.window = atLeastOne(value, "window");
            return this;
        }

        /**
         * Bytes from MSRP waiting for the TCP side, at most (at least 1).
         *
         * @param value bytes
         * @return this builder
         */
        public Builder receiveBuffer(int value) {
            this.receiveBuffer = atLeastOne(value, "receiveBuffer");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings
         */
        public ScreenSettings build() {
            return new ScreenSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }

        private static int atLeastOne(int value, String name) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1: " + value);
            }
            return value;
        }
    }
}
