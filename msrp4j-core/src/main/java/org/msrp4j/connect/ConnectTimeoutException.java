package org.msrp4j.connect;

import java.time.Duration;
import org.msrp4j.MsrpTimeoutException;

/** Opening the connection to the peer (or relay) took longer than the connect timeout. */
public class ConnectTimeoutException extends MsrpTimeoutException {

    /**
     * Creates the exception; {@code timeout} is the limit that ran out.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     */
    public ConnectTimeoutException(String message, Duration timeout) {
        super(message, timeout);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     * @param cause the cause, or null
     */
    public ConnectTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, timeout, cause);
    }
}
