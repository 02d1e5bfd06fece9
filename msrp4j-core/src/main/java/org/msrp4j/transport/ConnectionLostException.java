package org.msrp4j.transport;

/**
 * The connection ended uncleanly: an I/O error (reset, TLS failure) or the peer closing it in the
 * middle of a chunk. The cause, when there is one, is the underlying {@link java.io.IOException}.
 */
public class ConnectionLostException extends ConnectionClosedException {

    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public ConnectionLostException(String message) {
        super(message, true);
    }

    /**
     * Creates the exception with the I/O error that ended the connection.
     *
     * @param message the detail message
     * @param cause the cause, or null
     */
    public ConnectionLostException(String message, Throwable cause) {
        super(message, true, cause);
    }
}
