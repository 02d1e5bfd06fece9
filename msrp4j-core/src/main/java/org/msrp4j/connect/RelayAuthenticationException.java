package org.msrp4j.connect;

/**
 * The relay refused this client's credentials: 403, or 401 to an AUTH that already carried an
 * answer to a fresh (not stale) challenge; or the relay granted AUTH with a 200 whose {@code
 * rspauth} does not prove that it knows the password. Retrying with the same settings will not help.
 */
public class RelayAuthenticationException extends RelayException {

    /**
     * Creates the exception for the relay's response {@code code} (401, 403 or 200) and {@code comment}.
     *
     * @param code the MSRP status code
     * @param comment the status comment, or null
     * @param message the detail message
     */
    public RelayAuthenticationException(int code, String comment, String message) {
        super(code, comment, message);
    }
}
