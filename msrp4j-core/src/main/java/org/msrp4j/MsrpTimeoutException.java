package org.msrp4j;

import java.time.Duration;

/**
 * Something did not happen within its time limit: a read, a connection, a binding, a response.
 * Subclasses say which.
 */
public class MsrpTimeoutException extends MsrpException {

    /** The limit that ran out. */
    private final Duration timeout;

    /**
     * Creates the exception; {@code timeout} is the limit that ran out.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     */
    public MsrpTimeoutException(String message, Duration timeout) {
        super(message);
        this.timeout = timeout;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     * @param cause the cause, or null
     */
    public MsrpTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, cause);
        this.timeout = timeout;
    }

    /**
     * The limit that ran out.
     *
     * @return the limit that ran out
     */
    public Duration timeout() {
        return timeout;
    }
}
