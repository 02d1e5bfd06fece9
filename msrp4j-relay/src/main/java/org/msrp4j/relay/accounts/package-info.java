/**
 * Where the relay's AUTH finds accounts: the {@link org.msrp4j.relay.accounts.AccountSource} interface
 * (the users file implements it, and so can an application), and accounts from SQL:
 * {@link org.msrp4j.relay.accounts.JdbcAccounts} reads the digest secrets
 * of the relay's AUTH from a database through a small connection pool, by default from the
 * {@code subscriber} table that Kamailio and OpenSIPS keep, with a short bounded cache.
 */
package org.msrp4j.relay.accounts;
