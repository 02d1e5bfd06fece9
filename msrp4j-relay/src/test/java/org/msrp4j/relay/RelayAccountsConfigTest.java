package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.relay.accounts.AccountSource;
import org.msrp4j.relay.accounts.AccountsUnavailableException;
import org.msrp4j.relay.accounts.JdbcAccounts;
import org.msrp4j.relay.accounts.JdbcSettings;

/** The {@code accounts} setting and the {@code jdbc.*} and {@code accounts.cache.*} keys. */
class RelayAccountsConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheSettingAccountsComeFromTheUsersFile() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice:secret\n");
        Properties p = new Properties();
        p.setProperty("users.file", "users.txt");
        RelayConfig config = RelayConfig.fromProperties(p, dir);
        assertThat(config.accounts()).isSameAs(config.users());
        p.setProperty("accounts", "file");
        assertThat(RelayConfig.fromProperties(p, dir).accounts()).isInstanceOf(RelayUsers.class);
    }

    @Test
    void jdbcSettingsAreReadWithTheirDefaults() throws IOException {
        Files.writeString(dir.resolve("db-password"), "s3cret\nignored\n");
        Properties p = new Properties();
        p.setProperty("accounts", "jdbc");
        p.setProperty("jdbc.url", "jdbc:postgresql://127.0.0.1:1/kamailio?password=hidden");
        p.setProperty("jdbc.user", "relay");
        p.setProperty("jdbc.password.file", "db-password");
        p.setProperty("jdbc.pool.max", "2");
        p.setProperty("accounts.cache.ttl", "30");
        RelayConfig config = RelayConfig.fromProperties(p, dir);
        try (AccountSource accounts = config.accounts()) {
            JdbcSettings s = ((JdbcAccounts) accounts).settings();
            assertThat(s.user()).isEqualTo("relay");
            assertThat(s.password()).isEqualTo("s3cret");
            assertThat(s.poolMax()).isEqualTo(2);
            assertThat(s.cacheTtl()).isEqualTo(Duration.ofSeconds(30));
            assertThat(s.query()).isEqualTo(JdbcSettings.SUBSCRIBER_QUERY);
            assertThat(s.negativeCacheTtl()).isEqualTo(Duration.ofSeconds(10));
            assertThat(s.cacheMax()).isEqualTo(10_000);
            assertThat(s.toString()).doesNotContain("hidden").doesNotContain("s3cret");
        }
    }

    @Test
    void badAccountSettingsNameTheKey() throws IOException {
        Files.writeString(dir.resolve("users.txt"), "alice:secret\n");
        Properties p = new Properties();
        p.setProperty("accounts", "ldap");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("accounts");
        p.setProperty("accounts", "jdbc");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("jdbc.url");
        p.setProperty("jdbc.url", "jdbc:postgresql://127.0.0.1:1/x");
        p.setProperty("jdbc.pool.max", "many");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("jdbc.pool.max");
        p.remove("jdbc.pool.max");
        p.setProperty("jdbc.query", "SELECT ha1 FROM subscriber");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining(":user");
        p.remove("jdbc.query");
        p.setProperty("jdbc.password", "a");
        p.setProperty("jdbc.password.file", "b");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("jdbc.password");
        p.remove("jdbc.password.file");
        p.setProperty("users.file", "users.txt");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("users.file");
        p.remove("users.file");
        p.setProperty("jdbc.pool.min", "1");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, dir)).hasMessageContaining("jdbc.pool.min");
    }

    @Test
    void whileTheDatabaseCannotBeReachedLookupsThrowAndTheRelayStarts() throws Exception {
        Properties p = new Properties();
        p.setProperty("listen", "msrp://127.0.0.1:0");
        p.setProperty("accounts", "jdbc");
        p.setProperty("jdbc.url", "jdbc:postgresql://127.0.0.1:1/nothing?connectTimeout=1");
        p.setProperty("jdbc.timeout", "1");
        p.setProperty("jdbc.retry", "60");
        try (MsrpRelay relay = MsrpRelay.start(RelayConfig.fromProperties(p, dir))) {
            AccountSource accounts = relay.config().accounts();
            assertThatThrownBy(() -> accounts.ha1("alice", "example.org"))
                    .isInstanceOf(AccountsUnavailableException.class);
            long start = System.nanoTime();
            assertThatThrownBy(() -> accounts.ha1("bob", "example.org"))
                    .as("within jdbc.retry: refused without waiting for the pool")
                    .isInstanceOf(AccountsUnavailableException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
        }
    }
}
