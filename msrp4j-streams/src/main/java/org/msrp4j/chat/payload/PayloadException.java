package org.msrp4j.chat.payload;

import org.msrp4j.MsrpException;

/**
 * An isComposing or IMDN document is malformed: not well-formed XML, a DOCTYPE (refused, as it
 * could carry external or expanding entities), the wrong root element, or a missing or malformed
 * element. The message says which.
 */
public class PayloadException extends MsrpException {

    /**
     * Creates an exception saying what was wrong.
     *
     * @param message what was wrong
     */
    public PayloadException(String message) {
        super(message);
    }

    /**
     * Creates an exception saying what was wrong, with its cause.
     *
     * @param message what was wrong
     * @param cause the parser's error
     */
    public PayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
