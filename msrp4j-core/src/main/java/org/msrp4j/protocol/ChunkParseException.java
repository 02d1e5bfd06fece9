package org.msrp4j.protocol;

import org.msrp4j.MsrpException;

/**
 * Bytes received from the wire are not a well-formed MSRP chunk (the seed's ChunkParseError).
 *
 * <p>{@link #isFatal() Fatal} errors lose the framing: the parser stops and the connection
 * cannot continue. Non-fatal errors concern one chunk whose end-line can still be found: the
 * parser skips that chunk and goes on, and the receiver should answer a request with
 * {@link #statusCode()} (RFC 4975 §7.3) when {@link #partialChunk()} gives it the paths to.
 */
public class ChunkParseException extends MsrpException {

    /** The MSRP status a receiver should answer with. */
    private final int statusCode;
    /** Whether the framing is lost. */
    private final boolean fatal;
    /** The transaction id of the chunk at fault, or null. */
    private final String transactionId;
    private final transient MsrpChunk partialChunk;

    /**
     * Creates a parse error.
     *
     * @param message what is wrong
     * @param statusCode the MSRP status a receiver should answer with, usually 400
     * @param fatal whether the framing is lost
     * @param transactionId the transaction id of the chunk at fault, or null when unknown
     * @param partialChunk what could be parsed of the chunk (start line and the headers that
     *     decoded), or null
     * @param cause the underlying syntax error, or null
     */
    public ChunkParseException(String message, int statusCode, boolean fatal, String transactionId,
            MsrpChunk partialChunk, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
        this.fatal = fatal;
        this.transactionId = transactionId;
        this.partialChunk = partialChunk;
    }

    /**
     * The MSRP status code a receiver should answer with (400 unless stated otherwise).
     *
     * @return the MSRP status code a receiver should answer with (400 unless stated otherwise)
     */
    public int statusCode() {
        return statusCode;
    }

    /**
     * Whether the framing is lost and the connection must be closed.
     *
     * @return whether the framing is lost and the connection must be closed
     */
    public boolean isFatal() {
        return fatal;
    }

    /**
     * The transaction id of the offending chunk, or null if it could not be read.
     *
     * @return the transaction id of the offending chunk, or null if it could not be read
     */
    public String transactionId() {
        return transactionId;
    }

    /**
     * The offending chunk as far as it could be parsed: its start line and the headers that
     * decoded before the error. Null when not even the start line could be parsed.
     *
     * @return the offending chunk as far as it could be parsed: its start line and the headers that decoded before the
     *     error
     */
    public MsrpChunk partialChunk() {
        return partialChunk;
    }
}
