package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.accounts.JdbcAccounts;
import org.msrp4j.relay.examples.InboundRelayConnection;
import org.msrp4j.relay.examples.OutboundRelayConnection;

/**
 * The relay's AUTH against accounts in a real PostgreSQL (Kamailio's {@code subscriber} table, the
 * fixture of {@code interop/postgres}): clear-text and HA1 accounts, refusals, the cache and its
 * bound, and the database going away and coming back under a relay that keeps forwarding.
 */
@Timeout(300)
class RelayJdbcAccountsTest {

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<String> madeUsers = new ArrayList<>();

    @BeforeEach
    void database() {
        PostgresFixture.require();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        if (!madeUsers.isEmpty()) {
            try (Connection c = PostgresFixture.connect();
                    PreparedStatement s = c.prepareStatement("DELETE FROM subscriber WHERE username = ?")) {
                for (String user : madeUsers) {
                    s.setString(1, user);
                    s.executeUpdate();
                }
            }
        }
    }

    private MsrpRelay relay(Properties p) throws IOException {
        RelayConfig config = RelayConfig.fromProperties(p, Path.of("."));
        assertThat(config.accounts()).isInstanceOf(JdbcAccounts.class);
        MsrpRelay relay = MsrpRelay.start(config);
        closing.add(relay);
        return relay;
    }

    private Client client(MsrpRelay relay) throws IOException {
        Client c = Client.connect(relay.listenerUri(true));
        closing.add(c);
        return c;
    }

    /** AUTHs on a fresh connection (so refusals do not add up on one) and returns the final response. */
    private MsrpChunk auth(MsrpRelay relay, String user, String password) throws IOException {
        try (Client c = Client.connect(relay.listenerUri(true))) {
            return c.auth(user, password, null);
        }
    }

    /**
     * As {@link #auth}, but waiting up to a minute for the answer to the credentials: with the
     * database frozen, the lookups run into their timeouts (about three jdbc.timeout at most).
     */
    private MsrpChunk patientAuth(MsrpRelay relay, String user, String password) throws IOException {
        try (Client c = Client.connect(relay.listenerUri(true))) {
            c.write(c.authRequest(c.answer(c.challenge(), user, password, 1), null));
            MsrpChunk r = c.poll(Duration.ofSeconds(60));
            assertThat(r).as("the answer to AUTH within a minute").isNotNull();
            return r;
        }
    }

    /** A subscriber row for this test only, with a clear-text password. */
    private String account(String password) throws SQLException {
        String user = "t" + MsrpGrammar.randomIdent(10).toLowerCase();
        madeUsers.add(user);
        setPassword(user, password);
        return user;
    }

    private static void setPassword(String user, String password) throws SQLException {
        try (Connection c = PostgresFixture.connect();
                PreparedStatement s = c.prepareStatement("INSERT INTO subscriber (username, domain, password) "
                        + "VALUES (?, ?, ?) ON CONFLICT (username, domain) DO UPDATE SET password = ?")) {
            s.setString(1, user);
            s.setString(2, RelayTestKit.REALM);
            s.setString(3, password);
            s.setString(4, password);
            s.executeUpdate();
        }
    }

    @Test
    void clearTextAndHa1AccountsAuthenticate() throws Exception {
        MsrpRelay relay = relay(PostgresFixture.relayProperties());
        for (String user : List.of("alice", "bob", "carol")) { // password only, HA1 only, both
            MsrpChunk ok = auth(relay, user, "secret");
            assertThat(ok.code()).as("AUTH of %s", user).isEqualTo(200);
        }
    }

    @Test
    void realClientsTalkThroughTheRelayAsPasswordAndHa1Accounts() throws Exception {
        MsrpRelay relay = relay(PostgresFixture.relayProperties());
        MsrpUri listener = relay.listenerUri(true);
        CompletableFuture<List<MsrpUri>> offer = new CompletableFuture<>();
        CompletableFuture<List<MsrpUri>> answer = new CompletableFuture<>();
        MsrpChunk atOfferer;
        MsrpChunk atAnswerer;
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MsrpChunk> answerer = threads.submit(() -> InboundRelayConnection.run(
                    settings(relay, "bob"), path -> {
                        answer.complete(path);
                        return offer.orTimeout(30, TimeUnit.SECONDS).join();
                    }));
            atOfferer = OutboundRelayConnection.run(settings(relay, "alice"), path -> {
                offer.complete(path);
                return answer.orTimeout(30, TimeUnit.SECONDS).join();
            });
            atAnswerer = answerer.get(60, TimeUnit.SECONDS);
        }
        assertThat(new String(atAnswerer.data(), StandardCharsets.UTF_8)).isEqualTo("Hello through the relay!");
        assertThat(new String(atOfferer.data(), StandardCharsets.UTF_8)).isEqualTo("Hello world!");
        assertThat(offer.join().get(0).host()).as("alice's path starts at the relay").isEqualTo("127.0.0.1");
        assertThat(answer.join().get(0).port()).as("bob's path starts at the relay").isEqualTo(listener.port());
    }

    /** Relay-client settings for {@code user} on {@code relay}'s TLS listener, its certificate pinned. */
    private static RelaySettings settings(MsrpRelay relay, String user) {
        MsrpUri listener = relay.listenerUri(true);
        return RelaySettings.builder(RelayTestKit.REALM, user, "secret").host(listener.host()).port(listener.port())
                .useTls(true).relayFingerprint(relay.tlsCredentials().fingerprint()).build();
    }

    @Test
    void wrongPasswordsUnknownUsersAndOtherRealmsAreRefused() throws Exception {
        MsrpRelay relay = relay(PostgresFixture.relayProperties());
        assertThat(auth(relay, "alice", "guess").code()).as("wrong clear-text password").isEqualTo(401);
        assertThat(auth(relay, "bob", "guess").code()).as("wrong password of an HA1 account").isEqualTo(401);
        assertThat(auth(relay, "nobody", "secret").code()).as("not in the table").isEqualTo(401);
        assertThat(auth(relay, "dave", "secret").code()).as("an account of another domain").isEqualTo(401);
        assertThat(auth(relay, "alice", "secret").code()).as("and the right one still works").isEqualTo(200);
    }

    @Test
    void aCustomQueryMayReturnOnlyAnHa1() throws Exception {
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("jdbc.query", "SELECT md5(username || ':' || :realm || ':' || 'secret') AS ha1 "
                + "FROM subscriber WHERE username = :user");
        MsrpRelay relay = relay(p);
        assertThat(auth(relay, "dave", "secret").code()).as("dave, whatever his domain").isEqualTo(200);
        assertThat(auth(relay, "dave", "guess").code()).isEqualTo(401);
    }

    @Test
    void answersAreCachedWithinTheirBound() throws Exception {
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("accounts.cache.ttl", "600");
        p.setProperty("accounts.cache.negative-ttl", "600");
        p.setProperty("accounts.cache.max", "2");
        MsrpRelay relay = relay(p);
        String first = account("old");
        String second = account("secret");
        String third = account("secret");

        assertThat(auth(relay, first, "old").code()).isEqualTo(200);
        setPassword(first, "new");
        assertThat(auth(relay, first, "old").code()).as("the cached account, not the changed row")
                .isEqualTo(200);

        String later = "t" + MsrpGrammar.randomIdent(10).toLowerCase();
        madeUsers.add(later);
        assertThat(auth(relay, later, "secret").code()).as("no such account yet").isEqualTo(401);
        setPassword(later, "secret");
        assertThat(auth(relay, later, "secret").code()).as("its absence is cached too").isEqualTo(401);

        assertThat(auth(relay, second, "secret").code()).isEqualTo(200);
        assertThat(auth(relay, third, "secret").code()).isEqualTo(200);
        assertThat(auth(relay, first, "old").code()).as("pushed out of the two-entry cache, read again")
                .isEqualTo(401);
        assertThat(auth(relay, first, "new").code()).isEqualTo(200);
        assertThat(auth(relay, later, "secret").code()).as("pushed out as well").isEqualTo(200);
    }

    @Test
    void whileTheDatabaseIsDownAuthsGet403AndReservationsKeepRelaying() throws Exception {
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("accounts.cache.ttl", "0");
        p.setProperty("accounts.cache.negative-ttl", "0");
        p.setProperty("jdbc.timeout", "3");
        p.setProperty("jdbc.retry", "1");
        MsrpRelay relay = relay(p);
        Client a = client(relay).authOk("alice");
        Client b = client(relay).authOk("bob");
        try {
            PostgresFixture.stop();
            assertThat(PostgresFixture.answers()).isFalse();

            for (int i = 0; i < 3; i++) {
                MsrpChunk refused = patientAuth(relay, "carol", "secret");
                assertThat(refused.code()).as("AUTH %d while the database is down", i).isEqualTo(403);
                assertThat(refused.comment()).isEqualTo(AuthHandler.ACCOUNTS_UNAVAILABLE);
            }
            try (Client c = Client.connect(relay.listenerUri(true))) {
                for (int i = 1; i <= 6; i++) { // more than auth.max-failures (5): these are no failed attempts
                    c.write(c.authRequest(c.answer(c.challenge(), "carol", "secret", i), null));
                    MsrpChunk refused = c.poll(Duration.ofSeconds(60));
                    assertThat(refused).as("answer %d on one connection", i).isNotNull();
                    assertThat(refused.code()).isEqualTo(403);
                }
            }

            MsrpChunk req = send(toPath(a, b.fullPath()), List.of(a.localUri), "while the database is down");
            a.write(req);
            MsrpChunk got = b.read();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("while the database is down");
            assertThat(a.read().code()).as("the relay's 200 for the SEND").isEqualTo(200);
        } finally {
            PostgresFixture.start();
        }

        MsrpChunk last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            last = patientAuth(relay, "carol", "secret");
            if (last.code() == 200) {
                break;
            }
            assertThat(last.code()).as("refused only for the database").isEqualTo(403);
            Thread.sleep(200);
        }
        assertThat(last.code()).as("AUTH once the database is back").isEqualTo(200);
        assertThat(auth(relay, "carol", "guess").code()).as("and checked again").isEqualTo(401);

        MsrpChunk req = send(toPath(b, a.fullPath()), List.of(b.localUri), "and after");
        b.write(req);
        assertThat(new String(a.read().data(), StandardCharsets.UTF_8)).isEqualTo("and after");
        assertThat(b.read().code()).isEqualTo(200);
    }

    @Test
    void aDatabaseThatStopsAnsweringHoldsNoAuth() throws Exception {
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("accounts.cache.ttl", "0");
        p.setProperty("accounts.cache.negative-ttl", "0");
        p.setProperty("jdbc.timeout", "2");
        p.setProperty("jdbc.retry", "1");
        p.setProperty("jdbc.pool.max", "2");
        MsrpRelay relay = relay(p);
        Client a = client(relay).authOk("alice");
        Client b = client(relay).authOk("bob");
        List<Long> cluster = PostgresFixture.processes();
        PostgresFixture.signal("STOP", cluster);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<MsrpChunk>> auths = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                auths.add(threads.submit(() -> patientAuth(relay, "carol", "secret")));
            }
            for (Future<MsrpChunk> f : auths) {
                MsrpChunk refused = f.get(60, TimeUnit.SECONDS);
                assertThat(refused.code()).as("AUTH while the database is frozen").isEqualTo(403);
                assertThat(refused.comment()).isEqualTo(AuthHandler.ACCOUNTS_UNAVAILABLE);
            }
            a.write(send(toPath(a, b.fullPath()), List.of(a.localUri), "while the database is frozen"));
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("while the database is frozen");
            assertThat(a.read().code()).isEqualTo(200);
        } finally {
            PostgresFixture.signal("CONT", cluster);
        }
        MsrpChunk last = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() - deadline < 0) {
            last = patientAuth(relay, "carol", "secret");
            if (last.code() == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(last.code()).as("AUTH once the database answers again").isEqualTo(200);
    }
}
