package org.msrp4j.relay.accounts;

import java.util.Optional;

/**
 * Where the relay's AUTH (RFC 4976 §5) finds an account's digest secret: the users file
 * ({@link org.msrp4j.relay.RelayUsers}, the default) or a database ({@link JdbcAccounts}).
 * Implementations are thread-safe; a lookup may block (the relay calls it on the AUTH sender's
 * own virtual thread).
 */
public interface AccountSource extends AutoCloseable {

    /**
     * The digest secret {@code HA1 = MD5(user:realm:password)} of {@code user} in {@code realm}.
     *
     * @param user the user name from the AUTH request's credentials
     * @param realm the realm the digest was computed for
     * @return the HA1 as 32 lower-case hex digits, or empty when there is no such account
     * @throws AccountsUnavailableException when the source cannot say now (a database down); the
     *     relay refuses the AUTH without counting it as a failed attempt
     */
    Optional<String> ha1(String user, String realm) throws AccountsUnavailableException;

    /**
     * Whether the source answers now, for the relay's {@code /health}: the users file always does;
     * a database is asked (this may block up to its timeout).
     *
     * @return true when lookups can be answered now
     */
    default boolean available() {
        return true;
    }

    /** Releases what the source holds (a connection pool); the relay calls it when it closes. */
    @Override
    default void close() {
    }
}
