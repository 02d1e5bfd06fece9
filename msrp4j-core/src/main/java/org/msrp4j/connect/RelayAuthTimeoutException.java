package org.msrp4j.connect;

import java.time.Duration;
import org.msrp4j.MsrpTimeoutException;

/**
 * A relay accepted the connection but did not answer an AUTH request within {@link
 * RelaySettings#authTimeout()}; the message names the relay.
 */
public class RelayAuthTimeoutException extends MsrpTimeoutException {

    /**
     * Creates the exception; {@code timeout} is the limit that ran out, {@code cause} may be null.
     *
     * @param message the detail message
     * @param timeout the limit that ran out
     * @param cause the cause, or null
     */
    public RelayAuthTimeoutException(String message, Duration timeout, Throwable cause) {
        super(message, timeout, cause);
    }
}
