package org.msrp4j.relay;

/** An {@link AccountSource} cannot answer now, e.g. its database is unreachable. */
public final class AccountsUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /** With a message saying what is unavailable, and the cause. */
    public AccountsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
