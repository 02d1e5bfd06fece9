package org.msrp4j;

import java.io.IOException;

/**
 * Base of the checked exceptions msrp4j raises on the I/O path: parse errors of wire data,
 * session and transaction failures, timeouts. It extends {@link IOException} so a caller that
 * reads or writes MSRP can handle network and protocol failures in one place.
 */
public class MsrpException extends IOException {

    /**
     * Creates an exception with a message.
     *
     * @param message the detail message
     */
    public MsrpException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message the detail message
     * @param cause the cause, or null
     */
    public MsrpException(String message, Throwable cause) {
        super(message, cause);
    }
}
