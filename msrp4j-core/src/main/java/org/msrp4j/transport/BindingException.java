package org.msrp4j.transport;

import org.msrp4j.MsrpTransactionException;

/**
 * Binding the connection to the session failed (RFC 4975 §5.4): the peer answered the binding SEND
 * with an error, or the peer's binding SEND did not carry the expected paths and was refused with
 * {@link #code()} (481).
 */
public class BindingException extends MsrpTransactionException {

    /**
     * Creates the exception.
     *
     * @param code the MSRP status code
     * @param comment the status comment, or null
     * @param message the detail message
     */
    public BindingException(int code, String comment, String message) {
        super(code, comment, message);
    }
}
