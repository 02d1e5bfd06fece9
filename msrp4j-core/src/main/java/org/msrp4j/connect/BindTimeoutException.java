package org.msrp4j.connect;

import java.time.Duration;
import org.msrp4j.MsrpTimeoutException;

/**
 * The connection was open but binding (the empty SEND and its 200, RFC 4975 §5.4) did not finish within the bind
 * timeout.
 */
public class BindTimeoutException extends MsrpTimeoutException {

    /**
     * Creates the exception; {@code timeout} is the limit that ran out.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     */
    public BindTimeoutException(String message, Duration timeout) {
        super(message, timeout);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     * @param cause the cause, or null
     */
    public BindTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, timeout, cause);
    }
}
