package org.msrp4j.tls;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.msrp4j.MsrpException;

/**
 * TLS credentials could not be loaded: a PEM file or key store is missing, unreadable, holds no
 * certificate or key, is protected by another password, or holds a key that does not belong to the
 * certificate. The message names the file (or key store entry) and the problem; {@link #problem()}
 * tells the kind for code that reacts to it.
 */
public class TlsCredentialsException extends MsrpException {

    /** What went wrong while loading credentials. */
    public enum Problem {
        /** The file does not exist. */
        NO_SUCH_FILE,
        /** The file could not be read or parsed (I/O error, malformed PEM or key store). */
        UNREADABLE,
        /** The file or key store entry holds no X.509 certificate. */
        NO_CERTIFICATE,
        /** The file or key store holds no private key (or the named alias is not a key entry). */
        NO_PRIVATE_KEY,
        /** The key store has no entry with the given alias. */
        NO_SUCH_ALIAS,
        /** The private key is not the one of the end-entity certificate's public key. */
        KEY_MISMATCH,
        /** A password is needed but none was given, or the given one is wrong. */
        WRONG_PASSWORD,
        /** The key or key store uses an algorithm or type this JDK does not support. */
        UNSUPPORTED
    }

    /** What went wrong. */
    private final Problem problem;
    /** The file at fault, or null. */
    private final Path file;

    /**
     * Creates an exception.
     *
     * @param problem the kind of failure
     * @param file the file that was being read, or {@code null} when loading from a {@code KeyStore}
     *     object
     * @param message what went wrong; the file name is prepended when {@code file} is not null
     * @param cause the underlying failure, or {@code null}
     */
    public TlsCredentialsException(Problem problem, Path file, String message, Throwable cause) {
        super(file == null ? message : file + ": " + message, cause);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.file = file;
    }

    /**
     * The kind of failure.
     *
     * @return the kind of failure
     */
    public Problem problem() {
        return problem;
    }

    /**
     * The file that was being read, empty when credentials came from a {@code KeyStore} object.
     *
     * @return the file that was being read, empty when credentials came from a {@code KeyStore} object
     */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }
}
