package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthenticationInfoHeader;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MaxExpiresHeader;
import org.msrp4j.protocol.header.MinExpiresHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

class RelayAuthTest {

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.allowed(u -> !u.equals("carol")).expires(600, 30, 1200));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void challengeThenUsePathOverTls() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(true))) {
            WwwAuthenticateHeader ch = c.challenge();
            assertThat(ch.scheme()).isEqualTo("Digest");
            assertThat(ch.get("realm")).isEqualTo(RelayTestKit.REALM);
            assertThat(ch.get("qop")).isEqualTo("auth");
            assertThat(ch.get("algorithm")).isEqualTo("MD5");
            assertThat(ch.get("stale")).isNull();
            assertThat(ch.get("nonce")).hasSizeGreaterThan(40);
            assertThat(c.challenge().get("nonce")).isNotEqualTo(ch.get("nonce"));

            MsrpChunk ok = c.exchange(c.authRequest(c.answer(ch, "alice", "secret", 1), null));
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.toPath()).containsExactly(c.localUri);
            assertThat(ok.fromPath()).containsExactly(c.relayUri);
            MsrpUri use = ((UsePathHeader) ok.header(UsePathHeader.NAME)).path().get(0);
            assertThat(use.useTls()).isTrue();
            assertThat(use.host()).isEqualTo("127.0.0.1");
            assertThat(use.port()).isEqualTo(relay.listenerUri(true).port());
            assertThat(use.transport()).isEqualTo("tcp");
            assertThat(use.sessionId()).hasSizeGreaterThanOrEqualTo(20);
            assertThat(((ExpiresHeader) ok.header(ExpiresHeader.NAME)).seconds()).isEqualTo(600);
            assertThat(relay.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void plainTcpListenerGivesMsrpUri() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            c.authOk("bob");
            assertThat(c.sessionUri.useTls()).isFalse();
            assertThat(c.sessionUri.port()).isEqualTo(relay.listenerUri(false).port());
        }
    }

    @Test
    void sessionIdsDifferPerConnection() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)); Client b = Client.connect(relay.listenerUri(false))) {
            a.authOk("alice");
            b.authOk("alice");
            assertThat(a.sessionUri.sessionId()).isNotEqualTo(b.sessionUri.sessionId());
            assertThat(relay.sessionCount()).isEqualTo(2);
        }
    }

    @Test
    void badPasswordUnknownUserAndWrongRealmGet401() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            assertThat(c.auth("alice", "wrong", null).code()).isEqualTo(401);
            assertThat(c.auth("mallory", "secret", null).code()).isEqualTo(401);
            WwwAuthenticateHeader ch = c.challenge();
            Map<String, String> p = new LinkedHashMap<>(c.answer(ch, "alice", "secret", 1));
            p.put("realm", "elsewhere.org");
            assertThat(c.exchange(c.authRequest(p, null)).code()).isEqualTo(401);
            assertThat(relay.sessionCount()).isZero();
        }
    }

    @Test
    void forgedNonceGets401() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            WwwAuthenticateHeader ch = c.challenge();
            Map<String, String> forged = new LinkedHashMap<>();
            forged.put("realm", RelayTestKit.REALM);
            forged.put("nonce", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
            WwwAuthenticateHeader fake = new WwwAuthenticateHeader(forged);
            MsrpChunk r = c.exchange(c.authRequest(c.answer(fake, "alice", "secret", 1), null));
            assertThat(r.code()).isEqualTo(401);
            WwwAuthenticateHeader again = (WwwAuthenticateHeader) r.header(WwwAuthenticateHeader.NAME);
            assertThat(again.get("stale")).as("a forged nonce is not a stale one").isNull();
            assertThat(again.get("realm")).isEqualTo(RelayTestKit.REALM);
            assertThat(again.get("qop")).isEqualTo("auth");
            assertThat(again.get("nonce")).as("a fresh nonce").isNotEqualTo(forged.get("nonce"))
                    .isNotEqualTo(ch.get("nonce"));
            assertThat(relay.sessionCount()).isZero();
            // only the nonce was wrong: the same credentials answering the new challenge get through
            assertThat(c.exchange(c.authRequest(c.answer(again, "alice", "secret", 1), null)).code()).isEqualTo(200);
        }
    }

    @Test
    void nonceCountReplayIsRefusedAndAHigherCountRefreshes() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            WwwAuthenticateHeader ch = c.challenge();
            Map<String, String> first = c.answer(ch, "alice", "secret", 1);
            MsrpChunk ok = c.exchange(c.authRequest(first, null));
            assertThat(ok.code()).isEqualTo(200);
            MsrpUri use = ((UsePathHeader) ok.header(UsePathHeader.NAME)).path().get(0);

            MsrpChunk replay = c.exchange(c.authRequest(first, null));
            assertThat(replay.code()).isEqualTo(401);

            MsrpChunk refresh = c.exchange(c.authRequest(c.answer(ch, "alice", "secret", 2), 900L));
            assertThat(refresh.code()).isEqualTo(200);
            assertThat(((UsePathHeader) refresh.header(UsePathHeader.NAME)).path()).containsExactly(use);
            assertThat(((ExpiresHeader) refresh.header(ExpiresHeader.NAME)).seconds()).isEqualTo(900);
            assertThat(relay.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void every200ToAuthCarriesAuthenticationInfoProvingTheRelayKnowsThePassword() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            WwwAuthenticateHeader ch = c.challenge();
            for (long count = 1; count <= 2; count++) { // the first AUTH, then a refresh on the same nonce
                Map<String, String> sent = c.answer(ch, "alice", "secret", count);
                MsrpChunk ok = c.exchange(c.authRequest(sent, null));
                assertThat(ok.code()).isEqualTo(200);
                AuthenticationInfoHeader info = (AuthenticationInfoHeader) ok.header(AuthenticationInfoHeader.NAME);
                assertThat(info).as("Authentication-Info in 200 number %d", count).isNotNull();
                assertThat(info.get("qop")).isEqualTo("auth");
                assertThat(info.get("cnonce")).isEqualTo(sent.get("cnonce"));
                assertThat(info.get("nc")).isEqualTo(sent.get("nc"));
                assertThat(info.get("rspauth")).isEqualTo(rspauth("alice", "secret", sent));
            }
        }
    }

    /** RFC 2617 §3.2.3 rspauth (A2 = ":" digest-uri) for the credentials {@code sent}, with MessageDigest alone. */
    private static String rspauth(String user, String password, Map<String, String> sent) {
        String ha1 = md5(user + ":" + RelayTestKit.REALM + ":" + password);
        String ha2 = md5(":" + sent.get("uri"));
        return md5(ha1 + ":" + sent.get("nonce") + ":" + sent.get("nc") + ":" + sent.get("cnonce") + ":auth:" + ha2);
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void staleNonceGets401WithStaleTrue() throws IOException, InterruptedException {
        try (MsrpRelay quick = RelayTestKit.relay(b -> b.nonceLifetime(Duration.ofMillis(300)));
                Client c = Client.connect(quick.listenerUri(false))) {
            WwwAuthenticateHeader ch = c.challenge();
            Thread.sleep(500);
            MsrpChunk r = c.exchange(c.authRequest(c.answer(ch, "alice", "secret", 1), null));
            assertThat(r.code()).isEqualTo(401);
            assertThat(((WwwAuthenticateHeader) r.header(WwwAuthenticateHeader.NAME)).get("stale")).isEqualTo("true");
            // a stale nonce with a wrong password is not "stale": the credentials are bad
            MsrpChunk bad = c.exchange(c.authRequest(c.answer(ch, "alice", "wrong", 1), null));
            assertThat(((WwwAuthenticateHeader) bad.header(WwwAuthenticateHeader.NAME)).get("stale")).isNull();
        }
    }

    @Test
    void expiresOutOfBoundsGets423() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            MsrpChunk low = c.auth("alice", "secret", 5L);
            assertThat(low.code()).isEqualTo(423);
            assertThat(((MinExpiresHeader) low.header(MinExpiresHeader.NAME)).seconds()).isEqualTo(30);
            MsrpChunk high = c.auth("alice", "secret", 5000L);
            assertThat(high.code()).isEqualTo(423);
            assertThat(((MaxExpiresHeader) high.header(MaxExpiresHeader.NAME)).seconds()).isEqualTo(1200);
            MsrpChunk ok = c.auth("alice", "secret", 30L);
            assertThat(ok.code()).isEqualTo(200);
            assertThat(((ExpiresHeader) ok.header(ExpiresHeader.NAME)).seconds()).isEqualTo(30);
        }
    }

    @Test
    void goodCredentialsButNotAllowedGets403() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            assertThat(c.auth("carol", "secret", null).code()).isEqualTo(403);
            assertThat(relay.sessionCount()).isZero();
        }
    }

    @Test
    void anAuthorizationWithoutUriIsCheckedAgainstTheToPathUriAsWritten() throws IOException {
        // what AG Projects' msrplib sends (RFC 4976 §5.1's example has no uri either): no uri, no algorithm
        try (Client c = Client.connect(relay.listenerUri(true))) {
            Map<String, String> p = c.answer(c.challenge(), "alice", "secret", 1);
            p.remove("uri");
            p.remove("algorithm");
            MsrpChunk ok = c.exchange(c.authRequest(p, null));
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.header(UsePathHeader.NAME)).isNotNull();
        }
        try (Client c = Client.connect(relay.listenerUri(true))) {
            Map<String, String> p = c.answer(c.challenge(), "alice", "wrong", 1);
            p.remove("uri");
            assertThat(c.exchange(c.authRequest(p, null)).code()).isEqualTo(401);
        }
        // the digest is over the URI as the client wrote it, not as the relay would write it
        try (Client c = Client.connect(relay.listenerUri(true))) {
            String written = c.relayUri.encode().replace("msrps://", "MSRPS://");
            Map<String, String> p = c.answer(c.challenge(), "alice", "secret", 1);
            p.remove("uri");
            p.put("response", Digest.response(Digest.ha1("alice", RelayTestKit.REALM, "secret"), p.get("nonce"),
                    p.get("nc"), p.get("cnonce"), "auth", "AUTH", written));
            MsrpChunk auth = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
            auth.addHeader(ToPathHeader.parse(written));
            auth.addHeader(new FromPathHeader(List.of(c.localUri)));
            auth.addHeader(new AuthorizationHeader(p));
            assertThat(c.exchange(auth).code()).isEqualTo(200);
        }
    }

    @Test
    void theChallengeCarriesAnOpaqueThatMustComeBack() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            WwwAuthenticateHeader ch = c.challenge();
            assertThat(ch.get("opaque")).isNotBlank();
            Map<String, String> without = c.answer(ch, "alice", "secret", 1);
            without.remove("opaque");
            MsrpChunk r = c.exchange(c.authRequest(without, null));
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.comment()).contains("opaque");

            WwwAuthenticateHeader other = c.challenge();
            Map<String, String> swapped = c.answer(ch, "alice", "secret", 2);
            swapped.put("opaque", other.get("opaque"));
            assertThat(c.exchange(c.authRequest(swapped, null)).code()).as("another challenge's opaque")
                    .isEqualTo(401);

            assertThat(c.exchange(c.authRequest(c.answer(ch, "alice", "secret", 3), null)).code()).isEqualTo(200);
        }
    }

    @Test
    void tooManyFailuresCloseTheConnection() throws IOException {
        try (Client c = Client.connect(relay.listenerUri(false))) {
            for (int i = 0; i < relay.config().auth().maxAuthFailures(); i++) {
                assertThat(c.auth("alice", "wrong", null).code()).isEqualTo(401);
            }
            assertThatClosed(c);
        }
    }

    @Test
    void sessionEndsWithItsConnection() throws Exception {
        Client c = Client.connect(relay.listenerUri(false));
        c.authOk("alice");
        assertThat(relay.sessionCount()).isEqualTo(1);
        c.close();
        waitFor(() -> relay.sessionCount() == 0 && relay.connectionCount() == 0);
    }

    @Test
    void reservationExpiresAndItsConnectionCloses() throws Exception {
        try (MsrpRelay quick = RelayTestKit.relay(b -> b.expires(1, 1, 10));
                Client c = Client.connect(quick.listenerUri(false))) {
            c.authOk("alice");
            assertThat(quick.sessionCount()).isEqualTo(1);
            waitFor(() -> quick.sessionCount() == 0);
            assertThatClosed(c);
        }
    }

    @Test
    void connectionThatNeverAuthsIsClosed() throws Exception {
        try (MsrpRelay quick = RelayTestKit.relay(b -> b.authTimeout(Duration.ofMillis(300)));
                Client c = Client.connect(quick.listenerUri(false))) {
            assertThatClosed(c);
        }
    }

    @Test
    void authOverIpv6() throws IOException {
        try (MsrpRelay v6 = MsrpRelay.start(RelayConfig.builder()
                .listener(RelayListener.tls("::1", 0))
                .realm(RelayTestKit.REALM)
                .users(RelayUsers.ofPasswords(Map.of("alice", "secret"))).build());
                Client c = Client.connect(v6.listenerUri(true))) {
            assertThat(v6.listenerUri(true).host()).isEqualTo("::1");
            c.authOk("alice");
            assertThat(c.sessionUri.isIpv6()).isTrue();
            assertThat(c.sessionUri.encode()).startsWith("msrps://[::1]:");
        }
    }

    @Test
    void ipv6HostTextIsShort() throws Exception {
        assertThat(MsrpRelay.hostText(InetAddress.getByName("::1"))).isEqualTo("::1");
        assertThat(MsrpRelay.hostText(InetAddress.getByName("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
        assertThat(MsrpRelay.hostText(InetAddress.getByName("fe80:0:0:0:0:0:0:0"))).isEqualTo("fe80::");
        assertThat(MsrpRelay.hostText(InetAddress.getByName("1:2:3:4:5:6:7:8"))).isEqualTo("1:2:3:4:5:6:7:8");
        assertThat(MsrpRelay.hostText(InetAddress.getByName("0:0:0:0:0:0:0:0"))).isEqualTo("::");
        assertThat(MsrpRelay.hostText(InetAddress.getByName("127.0.0.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void noncesAreBounded() {
        Nonces n = new Nonces(Duration.ofMinutes(5), 10);
        String first = n.issue();
        for (int i = 0; i < 100; i++) {
            n.issue();
        }
        assertThat(n.size()).isEqualTo(10);
        assertThat(n.check(first)).isEqualTo(Nonces.Verdict.STALE);
        assertThat(n.check("garbage!")).isEqualTo(Nonces.Verdict.INVALID);
        String fresh = n.issue();
        assertThat(n.check(fresh)).isEqualTo(Nonces.Verdict.FRESH);
        assertThat(n.advance(fresh, 1)).isTrue();
        assertThat(n.advance(fresh, 1)).isFalse();
        assertThat(n.advance(fresh, 3)).isTrue();
        assertThat(n.advance(fresh, 2)).isFalse();
    }

    static void assertThatClosed(Client c) throws IOException {
        long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (c.poll(Duration.ofMillis(200)) == null) {
                    continue;
                }
            } catch (IOException e) {
                return; // closed by the relay
            }
        }
        throw new AssertionError("relay did not close the connection");
    }

    static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(20);
        }
    }
}
