package org.msrp4j.session;

import org.msrp4j.MsrpException;

/**
 * The session cannot do what was asked (msrplib's MSRPSessionError): it is shut down, or its
 * connection has failed (the cause, when there is one, says how).
 */
public class MsrpSessionException extends MsrpException {

    /**
     * Creates the exception.
     *
     * @param message the detail message
     */
    public MsrpSessionException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the failure that ended the session.
     *
     * @param message the detail message
     * @param cause the cause, or null
     */
    public MsrpSessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
