package org.msrp4j.relay.accounts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * How {@link JdbcAccounts} reaches its database and caches what it reads. Relay configuration
 * keys (see the relay's sample {@code relay.properties}):
 *
 * <pre>
 * jdbc.url = jdbc:postgresql://db.example.org/kamailio   # required; any JDBC URL whose driver is on the class path
 * jdbc.user = msrprelay
 * jdbc.password = ...                 # or jdbc.password.file = path (first line)
 * jdbc.query = SELECT password, ha1 FROM subscriber WHERE username = :user AND domain = :realm
 * jdbc.pool.max = 4                   # connections at most
 * jdbc.timeout = 5                    # seconds to wait for a connection, and for the query (PostgreSQL:
 *                                     # connecting, and twice it for a read, unless the URL says otherwise)
 * jdbc.retry = 5                      # after a failure, AUTHs are refused without asking for this long
 * accounts.cache.ttl = 60             # seconds a found account is remembered (0 = not cached)
 * accounts.cache.negative-ttl = 10    # seconds an unknown user is remembered (0 = not cached)
 * accounts.cache.max = 10000          # accounts remembered at most, least recently used dropped
 * </pre>
 *
 * @param url the JDBC URL
 * @param user the database user, or null for none (or one in the URL)
 * @param password the database password, or null for none
 * @param query the lookup: SQL naming the user as {@code :user} and the digest realm as {@code
 *     :realm}, returning a column {@code password} (clear text) and/or {@code ha1} (32 hex digits of
 *     {@code MD5(user:realm:password)}); the first row counts
 * @param poolMax the most connections the pool opens
 * @param timeout how long a lookup waits for a connection, and for its query; for PostgreSQL also
 *     the connect timeout, and half the socket (read) timeout, unless the URL sets them
 * @param retry after a failed lookup, how long AUTHs are refused without trying the database
 * @param cacheTtl how long a found account is remembered (zero: not at all)
 * @param negativeCacheTtl how long an unknown user is remembered (zero: not at all)
 * @param cacheMax how many lookups are remembered at most
 */
public record JdbcSettings(String url, String user, String password, String query, int poolMax, Duration timeout,
        Duration retry, Duration cacheTtl, Duration negativeCacheTtl, int cacheMax) {

    /**
     * The default query: Kamailio's and OpenSIPS' {@code subscriber} table, whose {@code domain} is
     * the digest realm its {@code ha1} was made with.
     */
    public static final String SUBSCRIBER_QUERY =
            "SELECT password, ha1 FROM subscriber WHERE username = :user AND domain = :realm";

    /** The configuration keys read by {@link #fromProperties}. */
    public static final Set<String> KEYS = Set.of("jdbc.url", "jdbc.user", "jdbc.password", "jdbc.password.file",
            "jdbc.query", "jdbc.pool.max", "jdbc.timeout", "jdbc.retry", "accounts.cache.ttl",
            "accounts.cache.negative-ttl", "accounts.cache.max");

    /** Checks the values. */
    public JdbcSettings {
        Objects.requireNonNull(url, "jdbc.url");
        Objects.requireNonNull(query, "jdbc.query");
        if (!query.contains(":user")) {
            throw new IllegalArgumentException("jdbc.query must name the user as :user");
        }
        if (poolMax < 1 || cacheMax < 1) {
            throw new IllegalArgumentException("jdbc.pool.max and accounts.cache.max must be positive");
        }
        if (timeout.toMillis() < 250 || retry.isNegative() || cacheTtl.isNegative() || negativeCacheTtl.isNegative()) {
            throw new IllegalArgumentException("jdbc.timeout must be at least 250 ms, jdbc.retry and the cache TTLs "
                    + "not negative");
        }
    }

    /**
     * The defaults for the database at {@code url}: the subscriber query, no user or password.
     *
     * @param url the JDBC URL, e.g. {@code jdbc:postgresql://localhost/msrp}
     * @return settings for that database with the default query, timeouts and cache
     */
    public static JdbcSettings defaults(String url) {
        return new JdbcSettings(url, null, null, SUBSCRIBER_QUERY, 4, Duration.ofSeconds(5), Duration.ofSeconds(5),
                Duration.ofSeconds(60), Duration.ofSeconds(10), 10_000);
    }

    /**
     * Reads the keys above from relay configuration properties; relative paths are resolved
     * against {@code dir}.
     *
     * @param p the relay's configuration properties
     * @param dir the directory relative paths are resolved against
     * @return the settings the {@code jdbc.*} and {@code accounts.cache.*} keys describe
     * @throws IOException if {@code jdbc.password.file} cannot be read
     * @throws IllegalArgumentException for a missing URL or a bad value, naming the key
     */
    public static JdbcSettings fromProperties(Properties p, Path dir) throws IOException {
        String url = text(p, "jdbc.url");
        if (url == null) {
            throw new IllegalArgumentException("accounts = jdbc needs jdbc.url");
        }
        JdbcSettings d = defaults(url);
        String password = text(p, "jdbc.password");
        String passwordFile = text(p, "jdbc.password.file");
        if (password != null && passwordFile != null) {
            throw new IllegalArgumentException("jdbc.password and jdbc.password.file exclude each other");
        }
        if (passwordFile != null) {
            password = Files.readAllLines(dir.resolve(passwordFile), StandardCharsets.UTF_8).stream().findFirst()
                    .orElse("");
        }
        String query = text(p, "jdbc.query");
        return new JdbcSettings(url, text(p, "jdbc.user"), password, query != null ? query : d.query,
                (int) number(p, "jdbc.pool.max", d.poolMax),
                Duration.ofSeconds(number(p, "jdbc.timeout", d.timeout.toSeconds())),
                Duration.ofSeconds(number(p, "jdbc.retry", d.retry.toSeconds())),
                Duration.ofSeconds(number(p, "accounts.cache.ttl", d.cacheTtl.toSeconds())),
                Duration.ofSeconds(number(p, "accounts.cache.negative-ttl", d.negativeCacheTtl.toSeconds())),
                (int) number(p, "accounts.cache.max", d.cacheMax));
    }

    /** The URL without its query part (which may hold a password), for log lines. */
    String safeUrl() {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    @Override
    public String toString() {
        return "JdbcSettings[" + safeUrl() + ", user " + user + "]";
    }

    private static String text(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static long number(Properties p, String key, long dflt) {
        String v = text(p, key);
        if (v == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0 && n <= Integer.MAX_VALUE) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("relay setting '" + key + "' must be a non-negative integer: " + v);
    }
}
