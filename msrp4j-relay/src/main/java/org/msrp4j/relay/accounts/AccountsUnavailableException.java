package org.msrp4j.relay.accounts;

/** An {@link AccountSource} cannot answer now, e.g. its database is unreachable. */
public final class AccountsUnavailableException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * With a message saying what is unavailable, and the cause.
     *
     * @param message what could not be reached, for the relay's log
     * @param cause the error of the source, e.g. an {@link java.sql.SQLException}
     */
    public AccountsUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
