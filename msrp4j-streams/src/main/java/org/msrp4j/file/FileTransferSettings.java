package org.msrp4j.file;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.ConnectionSettings;

/**
 * How a {@link FileTransferStream} connects and behaves. Immutable; {@link #builder()}.
 *
 * <ul>
 *   <li>{@code connection}: direct or through a relay, TLS, session matching. Default {@link
 *       ConnectionSettings#DEFAULT}.
 *   <li>{@code downloadDirectory}: where received files go, and their partial files while they
 *       arrive (hidden, named by the file's SHA-1, so that a later transfer resumes them). Default
 *       the working directory.
 *   <li>{@code chunkSize}: body bytes per chunk sent (a relay's smaller limit wins). Default 64 KiB,
 *       as sipsimple sends.
 *   <li>{@code progressInterval}: how often {@link FileTransferListener#progress} is called at most.
 *       Default 250 ms.
 *   <li>{@code closeGrace}: how long the receiver, once the file is verified, waits for the sender
 *       to close the session before it closes it itself. Default 2 s.
 *   <li>{@code sessionSettings}: the session's options (response timeout, window, threads). Default
 *       {@link SessionSettings#DEFAULT}; its chunk size and accepted types are set by the stream.
 * </ul>
 */
public final class FileTransferSettings {

    /** The defaults listed in the class comment. */
    public static final FileTransferSettings DEFAULT = builder().build();

    private final ConnectionSettings connection;
    private final Path downloadDirectory;
    private final int chunkSize;
    private final Duration progressInterval;
    private final Duration closeGrace;
    private final SessionSettings sessionSettings;

    private FileTransferSettings(Builder b) {
        this.connection = b.connection;
        this.downloadDirectory = b.downloadDirectory;
        this.chunkSize = b.chunkSize;
        this.progressInterval = b.progressInterval;
        this.closeGrace = b.closeGrace;
        this.sessionSettings = b.sessionSettings;
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
        return new Builder().connection(connection).downloadDirectory(downloadDirectory).chunkSize(chunkSize)
                .progressInterval(progressInterval).closeGrace(closeGrace).sessionSettings(sessionSettings);
    }

    /**
     * How the stream reaches its peer.
     *
     * @return the relay, connection settings, TLS choice and local host
     */
    public ConnectionSettings connection() {
        return connection;
    }

    /**
     * Where received files go.
     *
     * @return the directory
     */
    public Path downloadDirectory() {
        return downloadDirectory;
    }

    /**
     * Body bytes per chunk sent.
     *
     * @return bytes
     */
    public int chunkSize() {
        return chunkSize;
    }

    /**
     * The most frequent progress call.
     *
     * @return a positive duration
     */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * How long a receiver waits for the sender to close after the file is verified.
     *
     * @return a positive duration
     */
    public Duration closeGrace() {
        return closeGrace;
    }

    /**
     * The session's options.
     *
     * @return the options of the MSRP session the stream starts
     */
    public SessionSettings sessionSettings() {
        return sessionSettings;
    }

    /** Builds {@link FileTransferSettings}. */
    public static final class Builder {
        private ConnectionSettings connection = ConnectionSettings.DEFAULT;
        private Path downloadDirectory = Path.of("");
        private int chunkSize = 64 * 1024;
        private Duration progressInterval = Duration.ofMillis(250);
        private Duration closeGrace = Duration.ofSeconds(2);
        private SessionSettings sessionSettings = SessionSettings.DEFAULT;

        private Builder() {
        }

        /**
         * How the stream reaches its peer.
         *
         * @param value the relay, connection settings, TLS choice and local host
         * @return this builder
         */
        public Builder connection(ConnectionSettings value) {
            this.connection = Objects.requireNonNull(value, "connection");
            return this;
        }

        /**
         * Where received files go (it must exist when a file arrives).
         *
         * @param value an existing directory
         * @return this builder
         */
        public Builder downloadDirectory(Path value) {
            this.downloadDirectory = Objects.requireNonNull(value, "downloadDirectory");
            return this;
        }

        /**
         * Body bytes per chunk sent, 1 .. 16 MiB.
         *
         * @param value bytes
         * @return this builder
         */
        public Builder chunkSize(int value) {
            if (value < 1 || value > 16 * 1024 * 1024) {
                throw new IllegalArgumentException("chunkSize must be within 1 .. 16 MiB: " + value);
            }
            this.chunkSize = value;
            return this;
        }

        /**
         * The most frequent progress call; positive.
         *
         * @param value the shortest time between two progress calls
         * @return this builder
         */
        public Builder progressInterval(Duration value) {
            this.progressInterval = positive(value, "progressInterval");
            return this;
        }

        /**
         * How long a receiver waits for the sender to close; positive.
         *
         * @param value the longest wait
         * @return this builder
         */
        public Builder closeGrace(Duration value) {
            this.closeGrace = positive(value, "closeGrace");
            return this;
        }

        /**
         * The session's options.
         *
         * @param value the MSRP session's options
         * @return this builder
         */
        public Builder sessionSettings(SessionSettings value) {
            this.sessionSettings = Objects.requireNonNull(value, "sessionSettings");
            return this;
        }

        /**
         * Builds the settings.
         *
         * @return immutable settings
         */
        public FileTransferSettings build() {
            return new FileTransferSettings(this);
        }

        private static Duration positive(Duration value, String name) {
            if (value == null || value.isZero() || value.isNegative()) {
                throw new IllegalArgumentException(name + " must be positive: " + value);
            }
            return value;
        }
    }
}
