package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.relay.RelayTestKit.Client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/**
 * Issue 16 item 8: one account can hold only so many reservations and connections, however it
 * spreads them; the caps free up as reservations end, and other users are not affected.
 */
@Timeout(60)
class RelayUserLimitsTest {

    /** AUTHs {@code user} on {@code c} for the AUTH sender {@code from} (as a relay in front would). */
    private static MsrpChunk authFrom(Client c, String user, MsrpUri from) throws IOException {
        WwwAuthenticateHeader challenge = c.challenge();
        MsrpChunk auth = c.authRequest(c.answer(challenge, user, "secret", 1), null);
        auth.addHeader(new FromPathHeader(List.of(from)));
        return c.exchange(auth);
    }

    private static MsrpUri behind(int i) {
        return MsrpUri.builder().host("127.0.0.1").port(40000 + i).sessionId(MsrpGrammar.randomIdent(10)).build();
    }

    @Test
    void oneConnectionCannotReserveMoreThanTheUsersCap() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.maxReservationsPerUser(5));
                Client front = Client.connect(relay.listenerUri(false))) {
            for (int i = 0; i < 5; i++) {
                assertThat(authFrom(front, "alice", behind(i)).code()).as("reservation %d", i).isEqualTo(200);
            }
            MsrpChunk refused = authFrom(front, "alice", behind(5));
            assertThat(refused.code()).isEqualTo(403);
            assertThat(relay.sessionCount()).isEqualTo(5);
            // another user on the same connection is not held back by alice's cap
            assertThat(authFrom(front, "bob", behind(6)).code()).isEqualTo(200);
            honestMessage(relay);
        }
    }

    @Test
    void reservationsOverManyConnectionsAreCappedAndFreedWhenTheyEnd() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.maxReservationsPerUser(3))) {
            List<Client> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(Client.connect(relay.listenerUri(false)).authOk("alice"));
                }
                try (Client fourth = Client.connect(relay.listenerUri(false))) {
                    assertThat(fourth.auth("alice", "secret", null).code()).isEqualTo(403);
                }
                honestMessage(relay);
                held.remove(0).close();
                awaitSessions(relay, 2);
                held.add(Client.connect(relay.listenerUri(false)).authOk("alice"));
            } finally {
                held.forEach(Client::close);
            }
        }
    }

    @Test
    void connectionsHoldingReservationsAreCappedPerUser() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.maxConnectionsPerUser(3));
                Client one = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client two = Client.connect(relay.listenerUri(true)).authOk("alice");
                Client three = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client four = Client.connect(relay.listenerUri(false))) {
            assertThat(four.auth("alice", "secret", null).code()).isEqualTo(403);
            // more reservations on a connection already counted are fine
            assertThat(authFrom(one, "alice", behind(1)).code()).isEqualTo(200);
            // refreshing does not count again
            assertThat(two.auth("alice", "secret", null).code()).isEqualTo(200);
            honestMessage(relay);
        }
    }

    @Test
    void theCapsComeFromTheConfigurationFileWithSafeDefaults() throws IOException {
        RelayConfig defaults = RelayConfig.fromProperties(new Properties(), Path.of("."));
        assertThat(defaults.capacity().maxReservationsPerUser()).isEqualTo(100);
        assertThat(defaults.capacity().maxConnectionsPerUser()).isEqualTo(20);
        Properties p = new Properties();
        p.setProperty("users.max-reservations", "7");
        p.setProperty("users.max-connections", "3");
        RelayConfig c = RelayConfig.fromProperties(p, Path.of("."));
        assertThat(c.capacity().maxReservationsPerUser()).isEqualTo(7);
        assertThat(c.capacity().maxConnectionsPerUser()).isEqualTo(3);
        p.setProperty("users.max-connections", "0");
        assertThatThrownBy(() -> RelayConfig.fromProperties(p, Path.of(".")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("users.max-connections");
    }

    /** Carol's AUTHs and SENDs to bob each complete within a second, 20 of 20, while alice is at her caps. */
    private static void honestMessage(MsrpRelay relay) throws IOException {
        try (HonestClient honest = HonestClient.start(relay, true, InetAddress.getLoopbackAddress(), "carol",
                "bob")) {
            honest.assertServed();
        }
    }

    private static void awaitSessions(MsrpRelay relay, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (relay.sessionCount() != count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(relay.sessionCount()).isEqualTo(count);
    }
}
