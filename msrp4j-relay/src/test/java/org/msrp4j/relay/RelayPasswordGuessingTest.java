package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.relay.RelayTestKit.Client;

/**
 * Issue 16, item 2: password guessing, pipelined on one connection, reconnecting from one
 * address, and spread over many addresses against one account; with the honest client served
 * while each attack runs. The relay runs with the default {@link AbuseLimits}.
 */
@Timeout(120)
class RelayPasswordGuessingTest {

    private static final InetAddress ATTACKER = address("127.0.0.2");

    @Test
    void pipelinedGuessesAreEachCountedAndTheConnectionClosesAtTheLimit() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(); HonestClient honest = HonestClient.start(relay)) {
            int limit = relay.config().auth().maxAuthFailures();
            try (Attack attack = Attack.start(1, () -> pipelinedGuesses(relay, ATTACKER, "bob", 60))) {
                honest.assertServed();
                assertThat(attack.rounds()).isPositive();
            }
            // 60 wrong guesses and then the right password, all in one write, from a fresh address
            try (Client c = Client.connect(relay.listenerUri(false), address("127.0.0.3"))) {
                List<Integer> codes = answersUntilClosed(c, guesses(c, "bob", 60, true));
                assertThat(codes).as("one 401 per failure up to the limit, then the connection closes, the right "
                        + "password unanswered").containsExactlyElementsOf(repeat(Status.UNAUTHORIZED, limit));
            }
        }
    }

    @Test
    void guessesFromOneAddressAreThrottledAcrossConnections() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(); HonestClient honest = HonestClient.start(relay)) {
            int budget = relay.config().abuseLimits().addressFailures();
            try (Attack attack = Attack.start(2, () -> pipelinedGuesses(relay, ATTACKER, "bob", 1))) {
                honest.assertServed();
                RelayAuthTest.waitFor(() -> attack.rounds() > budget);
            }
            try (Client c = Client.connect(relay.listenerUri(false), ATTACKER)) {
                MsrpChunk r = c.auth("bob", "secret", null);
                assertThat(r.code()).as("the right password from the banned address").isEqualTo(Status.FORBIDDEN);
                assertThat(r.comment()).contains("try again later");
            }
            try (Client c = Client.connect(relay.listenerUri(true), address("127.0.0.3"))) {
                assertThat(c.auth("bob", "secret", null).code()).as("bob from another address").isEqualTo(200);
            }
        }
    }

    @Test
    void guessesForOneAccountFromManyAddressesAreThrottledButNotForAddressesItUsed() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(); HonestClient honest = HonestClient.start(relay)) {
            InetAddress carolsOwn = address("127.0.0.7");
            try (Client c = Client.connect(relay.listenerUri(false), carolsOwn)) {
                c.authOk("carol");
            }
            int budget = relay.config().abuseLimits().userFailures();
            AtomicInteger next = new AtomicInteger();
            // each guess from another address, none of which comes near its own budget in this test
            try (Attack attack = Attack.start(2, () -> pipelinedGuesses(relay,
                    address("127.0.1." + (1 + next.getAndIncrement() % 200)), "carol", 1))) {
                honest.assertServed();
                RelayAuthTest.waitFor(() -> attack.rounds() > budget);
            }
            try (Client c = Client.connect(relay.listenerUri(false), address("127.0.0.8"))) {
                assertThat(c.auth("carol", "secret", null).code()).as("carol from a new address")
                        .isEqualTo(Status.FORBIDDEN);
            }
            try (Client c = Client.connect(relay.listenerUri(false), carolsOwn)) {
                assertThat(c.auth("carol", "secret", null).code()).as("carol from where she logged in before")
                        .isEqualTo(200);
            }
        }
    }

    /** One connection from {@code from}: a challenge, then {@code n} wrong guesses in one write. */
    private static void pipelinedGuesses(MsrpRelay relay, InetAddress from, String user, int n) throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false), from)) {
            answersUntilClosed(c, guesses(c, user, n, false));
        }
    }

    /** Takes a challenge and writes {@code wrong} wrong guesses for it, then the right one if asked, at once. */
    private static List<MsrpChunk> guesses(Client c, String user, int wrong, boolean thenRight) throws IOException {
        WwwAuthenticateHeader ch = c.challenge();
        List<MsrpChunk> batch = new ArrayList<>();
        for (int i = 1; i <= wrong; i++) {
            batch.add(c.authRequest(c.answer(ch, user, "guess" + i, i), null));
        }
        if (thenRight) {
            batch.add(c.authRequest(c.answer(ch, user, "secret", wrong + 1), null));
        }
        c.transport.writeChunks(batch);
        return batch;
    }

    /** The codes of the responses that come until the relay closes the connection (an error if it does not). */
    private static List<Integer> answersUntilClosed(Client c, List<MsrpChunk> sent) {
        List<Integer> codes = new ArrayList<>();
        try {
            while (true) {
                MsrpChunk r = c.poll(RelayTestKit.WAIT);
                if (r == null) {
                    throw new AssertionError("the relay left the connection open after " + codes);
                }
                codes.add(r.code());
                if (codes.size() == sent.size()) {
                    return codes;
                }
            }
        } catch (IOException e) {
            return codes; // closed by the relay
        }
    }

    private static List<Integer> repeat(int code, int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(code);
        }
        return l;
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
