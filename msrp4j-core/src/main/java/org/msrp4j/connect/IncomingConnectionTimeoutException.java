package org.msrp4j.connect;

import java.time.Duration;
import org.msrp4j.MsrpTimeoutException;

/**
 * No usable connection arrived within the incoming-connection timeout; the message lists the attempts that were
 * refused.
 */
public class IncomingConnectionTimeoutException extends MsrpTimeoutException {

    /**
     * Creates the exception; {@code timeout} is the limit that ran out.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     */
    public IncomingConnectionTimeoutException(String message, Duration timeout) {
        super(message, timeout);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     * @param cause the cause, or null
     */
    public IncomingConnectionTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, timeout, cause);
    }
}
