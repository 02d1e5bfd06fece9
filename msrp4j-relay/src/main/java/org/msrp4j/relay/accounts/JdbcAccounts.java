package org.msrp4j.relay.accounts;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.msrp4j.auth.Digest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relay accounts read from SQL through a HikariCP pool (see {@link JdbcSettings}), by default from
 * the {@code subscriber} table of Kamailio and OpenSIPS, so a fleet of relays shares the accounts
 * of the SIP platform beside it. A row's {@code ha1} is used when it is 32 hex digits (it is bound
 * to the realm it was made with, which the default query matches against {@code domain}), else
 * its clear-text {@code password}; a row with neither is no account.
 *
 * <p>Answers are cached briefly ({@link AccountCache}). When the database cannot answer (down,
 * unreachable, timing out, or the query failing) a lookup throws {@link
 * AccountsUnavailableException}, one warning is logged, and for {@link JdbcSettings#retry()} the
 * following lookups throw at once without waiting for the pool, so AUTHs are refused quickly; an
 * account still in the cache keeps working, and so does everything already reserved. The first
 * lookup that works again logs that the database is back.
 */
public final class JdbcAccounts implements AccountSource {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcAccounts.class);
    private static final Pattern PARAMETER = Pattern.compile("(?<!:):(user|realm)\\b");
    private static final Pattern HEX32 = Pattern.compile("[0-9a-fA-F]{32}");

    private final JdbcSettings settings;
    private final HikariDataSource pool;
    private final String sql;
    private final List<String> parameters;
    private final AccountCache cache;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long retryAt;

    private JdbcAccounts(JdbcSettings settings, HikariDataSource pool) {
        this.settings = settings;
        this.pool = pool;
        List<String> names = new ArrayList<>();
        Matcher m = PARAMETER.matcher(settings.query());
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            names.add(m.group(1));
            m.appendReplacement(b, "?");
        }
        m.appendTail(b);
        this.sql = b.toString();
        this.parameters = List.copyOf(names);
        this.cache = new AccountCache(settings.cacheTtl().toNanos(), settings.negativeCacheTtl().toNanos(),
                settings.cacheMax(), System::nanoTime);
    }

    /**
     * Makes the pool; it connects on the first lookup, so the relay starts (and refuses AUTHs)
     * while the database is down.
     *
     * @param settings the database URL, credentials, query, pool and cache sizes
     * @return the source, not yet connected
     */
    public static JdbcAccounts open(JdbcSettings settings) {
        HikariConfig c = new HikariConfig();
        c.setPoolName("msrp-relay-accounts");
        c.setJdbcUrl(settings.url());
        if (settings.user() != null) {
            c.setUsername(settings.user());
        }
        if (settings.password() != null) {
            c.setPassword(settings.password());
        }
        c.setMaximumPoolSize(settings.poolMax());
        c.setMinimumIdle(0);
        c.setConnectionTimeout(settings.timeout().toMillis());
        c.setValidationTimeout(Math.max(250, settings.timeout().toMillis() / 2));
        c.setInitializationFailTimeout(-1);
        c.setReadOnly(true);
        if (settings.url().startsWith("jdbc:postgresql:")) {
            // the pool's timeout bounds only the wait for a connection: bound connecting, reading and the
            // cancel that the query timeout sends (in seconds), so a database that stops answering cannot
            // hold AUTHs; the URL may override
            long seconds = Math.max(1, settings.timeout().toSeconds());
            c.addDataSourceProperty("connectTimeout", String.valueOf(seconds));
            c.addDataSourceProperty("socketTimeout", String.valueOf(2 * seconds));
            c.addDataSourceProperty("cancelSignalTimeout", String.valueOf(seconds));
        }
        return new JdbcAccounts(settings, new HikariDataSource(c));
    }

    /**
     * The settings this source was made with.
     *
     * @return the settings given to {@link #open}
     */
    public JdbcSettings settings() {
        return settings;
    }

    @Override
    public Optional<String> ha1(String user, String realm) throws AccountsUnavailableException {
        AccountCache.Cached cached = cache.get(user, realm);
        if (cached != null) {
            return Optional.ofNullable(cached.ha1());
        }
        if (down.get() && System.nanoTime() - retryAt < 0) {
            throw new AccountsUnavailableException("account database unavailable", null);
        }
        String ha1;
        try {
            ha1 = query(user, realm);
        } catch (SQLException | RuntimeException e) {
            retryAt = System.nanoTime() + settings.retry().toNanos();
            String why = describe(e);
            if (down.compareAndSet(false, true)) {
                LOG.warn("Account database {} unavailable ({}): AUTHs are refused with 403 until it answers "
                        + "(tried again after {} s); reservations already made keep relaying", settings.safeUrl(),
                        why, settings.retry().toSeconds());
            } else {
                LOG.debug("Account database {} still unavailable: {}", settings.safeUrl(), why);
            }
            throw new AccountsUnavailableException("account database unavailable: " + why, e);
        }
        if (down.compareAndSet(true, false)) {
            LOG.info("Account database {} answers again: AUTHs are checked again", settings.safeUrl());
        }
        cache.put(user, realm, ha1);
        return Optional.ofNullable(ha1);
    }

    private String query(String user, String realm) throws SQLException {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setQueryTimeout((int) Math.max(1, settings.timeout().toSeconds()));
            for (int i = 0; i < parameters.size(); i++) {
                s.setString(i + 1, parameters.get(i).equals("user") ? user : realm);
            }
            try (ResultSet r = s.executeQuery()) {
                ResultSetMetaData meta = r.getMetaData();
                int passwordColumn = 0;
                int ha1Column = 0;
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String label = meta.getColumnLabel(i).toLowerCase(Locale.ROOT);
                    if (label.equals("password")) {
                        passwordColumn = i;
                    } else if (label.equals("ha1")) {
                        ha1Column = i;
                    }
                }
                if (passwordColumn == 0 && ha1Column == 0) {
                    throw new SQLException("jdbc.query returns neither a password nor an ha1 column");
                }
                if (!r.next()) {
                    return null;
                }
                String ha1 = ha1Column == 0 ? null : r.getString(ha1Column);
                if (ha1 != null && HEX32.matcher(ha1.strip()).matches()) {
                    return ha1.strip().toLowerCase(Locale.ROOT);
                }
                String password = passwordColumn == 0 ? null : r.getString(passwordColumn);
                return password == null || password.isEmpty() ? null : Digest.ha1(user, realm, password);
            }
        }
    }

    /** Whether a pooled connection to the database answers a validity check within {@link JdbcSettings#timeout()}. */
    @Override
    public boolean available() {
        try (Connection c = pool.getConnection()) {
            return c.isValid((int) Math.max(1, settings.timeout().toSeconds()));
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    /** The failure and, when the pool's timeout hides it, what made the last connection attempt fail. */
    private static String describe(Exception e) {
        Throwable cause = e.getCause();
        return cause == null || cause.getMessage() == null ? e.getMessage() : e.getMessage() + ": "
                + cause.getMessage();
    }

    /** Closes the pool. */
    @Override
    public void close() {
        pool.close();
    }
}
