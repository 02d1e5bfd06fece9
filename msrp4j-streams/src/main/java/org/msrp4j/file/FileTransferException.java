package org.msrp4j.file;

import org.msrp4j.stream.StreamException;

/**
 * A file transfer did not complete, with an MSRP-style code: {@link #REFUSED} (413, the peer
 * refused or cancelled), {@link #CANCELLED} (this side cancelled), {@link #INTEGRITY} (the file
 * that arrived does not match its hashes or size), {@link #LOST} (the session ended before the
 * transfer did), {@link #LOCAL_IO} (this side could not read or store the file, e.g. the disk is
 * full), {@link #NOT_FOUND} (a pull for a file this side does not have), or the code of the error
 * response the peer sent.
 */
public class FileTransferException extends StreamException {

    /** The peer refused the file or cancelled the transfer (413). */
    public static final int REFUSED = 413;
    /** This side cancelled. */
    public static final int CANCELLED = 499;
    /** The file that arrived does not match its hashes or size. */
    public static final int INTEGRITY = 400;
    /** The session ended before the transfer did. */
    public static final int LOST = 408;
    /** This side could not read or store the file. */
    public static final int LOCAL_IO = 500;
    /** A pull asked for a file this side does not have. */
    public static final int NOT_FOUND = 404;

    /** One of the constants, or the peer's error response code. */
    private final int code;

    /**
     * Creates the exception.
     *
     * @param code one of the constants, or a peer's error status
     * @param message what went wrong
     */
    public FileTransferException(int code, String message) {
        super(message);
        this.code = code;
    }

    /**
     * Creates the exception with its cause.
     *
     * @param code one of the constants, or a peer's error status
     * @param message what went wrong
     * @param cause the error that caused it
     */
    public FileTransferException(int code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    /**
     * The code: one of the constants, or the peer's error response code.
     *
     * @return the code
     */
    public int code() {
        return code;
    }

    /**
     * Whether the transfer was cancelled by either side rather than failed.
     *
     * @return true for a cancellation
     */
    public boolean isCancelled() {
        return code == REFUSED || code == CANCELLED;
    }
}
