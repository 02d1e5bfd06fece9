package org.msrp4j.connect;

import org.msrp4j.MsrpTransactionException;

/**
 * A relay refused the AUTH request (RFC 4976 §5) or answered it unusably, e.g. a 200 without
 * Use-Path or a 423 without bounds; {@link #code()} is the status of the relay's response.
 * {@link RelayAuthenticationException} is the subclass for refused credentials.
 */
public class RelayException extends MsrpTransactionException {

    /**
     * Creates the exception for the relay's response {@code code} and {@code comment}.
     *
     * @param code the MSRP status code
     * @param comment the status comment, or null
     * @param message the detail message
     */
    public RelayException(int code, String comment, String message) {
        super(code, comment, message);
    }
}
