package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ScriptedRelay.challenge;
import static org.msrp4j.connect.ScriptedRelay.proof;
import static org.msrp4j.connect.ScriptedRelay.respond;
import static org.msrp4j.connect.ScriptedRelay.verifies;
import static org.msrp4j.testing.Async.WAIT;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.Async.eventually;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthenticationInfoHeader;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MaxExpiresHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.MinExpiresHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.testing.ThreadDump;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;

/**
 * The relay client's AUTH state machine and binding against {@link ScriptedRelay}: the digest
 * challenge forms, stale nonces, refusals, 423, refresh before expiry, and both binding modes.
 */
class RelayConnectionTest {

    private static final String NONCE = "MTcwMDAwMDAwMDpkZWFkYmVlZg==";
    /** A peer's path as SDP gives it; no socket is ever opened to it. */
    private static final MsrpUri SDP_PEER = MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private ScriptedRelay relay(ScriptedRelay.Script script) throws Exception {
        ScriptedRelay r = new ScriptedRelay(script);
        closing.add(r);
        return r;
    }

    private static RelaySettings.Builder settings(ScriptedRelay relay, String password) {
        return RelaySettings.builder("example.org", "alice", password).host("127.0.0.1").port(relay.port())
                .useTls(false).authTimeout(Duration.ofSeconds(5));
    }

    private RelayConnection connection(RelaySettings settings, RelayConnection.Mode mode) {
        RelayConnection c = new RelayConnection(settings, mode, ConnectFixtures.settings(WAIT));
        closing.add(c::cleanup);
        return c;
    }

    /** The usual relay: challenges with qop=auth, grants a checked answer. */
    private static MsrpChunk digestRelay(ScriptedRelay relay, MsrpChunk auth, Long expires) {
        if (auth.headers().get(AuthorizationHeader.class) == null) {
            return challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth", "algorithm", "MD5");
        }
        return verifies(auth, "secret") ? relay.grant(auth, "granted", expires)
                : challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth");
    }

    @Test
    void aQopChallengeIsAnsweredAndTheUsePathLeadsTheLocalPath() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        MsrpUri me = local(V4, false);

        List<MsrpUri> path = c.prepare(me);

        assertThat(path).hasSize(2);
        assertThat(path.get(0)).isEqualTo(relay.usePath("granted"));
        assertThat(path.get(1).sessionId()).isEqualTo(me.sessionId());
        assertThat(path.get(1).port()).as("port 0 becomes the connection's port").isPositive();
        assertThat(relay.auths).hasSize(2);
        MsrpChunk first = relay.auths.get(0);
        assertThat(first.toPath()).containsExactly(relay.uri());
        assertThat(first.fromPath()).containsExactly(path.get(1));
        assertThat(first.headers().contains(AuthorizationHeader.NAME)).isFalse();
        AuthorizationHeader answer = relay.auths.get(1).headers().get(AuthorizationHeader.class);
        assertThat(answer.get("uri")).isEqualTo(relay.uri().encode());
        assertThat(answer.get("qop")).isEqualTo("auth");
        assertThat(answer.get("nc")).isEqualTo("00000001");
        assertThat(answer.get("cnonce")).isNotBlank();
        assertThat(answer.get("nonce")).isEqualTo(NONCE);
        assertThat(answer.get("username")).isEqualTo("alice");
        assertThat(answer.get("algorithm")).isEqualTo("MD5");
        assertThat(c.relayPath()).containsExactly(relay.usePath("granted"));
    }

    @Test
    void aChallengeWithoutQopGetsTheRfc2069Answer() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> {
            AuthorizationHeader a = auth.headers().get(AuthorizationHeader.class);
            if (a == null) {
                return challenge(auth, "realm", "example.org", "nonce", "plain+/nonce=");
            }
            return a.get("qop") == null && a.get("nc") == null && verifies(auth, "secret")
                    ? r.grant(auth, "s2069", 600L) : respond(auth, 403, "Forbidden");
        });
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThat(c.prepare()).first().isEqualTo(relay.usePath("s2069"));
    }

    @Test
    void aStaleNonceIsAnsweredAgainWithoutCountingAsARefusal() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> switch (i) {
            case 0 -> challenge(auth, "realm", "example.org", "nonce", "old", "qop", "auth");
            case 1 -> challenge(auth, "realm", "example.org", "nonce", "new", "qop", "auth", "stale", "true");
            default -> "new".equals(auth.headers().get(AuthorizationHeader.class).get("nonce"))
                    && verifies(auth, "secret")
                    ? r.grant(auth, "fresh", 600L) : respond(auth, 403, "Forbidden");
        });
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThat(c.prepare()).first().isEqualTo(relay.usePath("fresh"));
        assertThat(relay.auths).hasSize(3);
        assertThat(relay.auths.get(2).headers().get(AuthorizationHeader.class).get("nc")).isEqualTo("00000001");
    }

    @Test
    void aWrongPasswordIsATypedAuthenticationErrorAndClosesTheConnection() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "wrong").build(), RelayConnection.Mode.PASSIVE);

        assertThatThrownBy(c::prepare).isInstanceOfSatisfying(RelayAuthenticationException.class,
                e -> assertThat(e.code()).isEqualTo(401));
        assertThat(relay.auths).hasSize(2);
        assertThat(eventually(WAIT, () -> relay.connections.get(0).isClosed())).as("the relay sees the close").isTrue();
    }

    /** A relay that grants every answer, proving in Authentication-Info that the password is {@code password}. */
    private static MsrpChunk provingRelay(ScriptedRelay relay, MsrpChunk auth, String password) {
        if (auth.headers().get(AuthorizationHeader.class) == null) {
            return challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth");
        }
        MsrpChunk ok = relay.grant(auth, "proved", 600L);
        ok.addHeader(proof(auth, password));
        return ok;
    }

    @Test
    void aRelayProvingItKnowsThePasswordBinds() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> provingRelay(r, auth, "secret"));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThat(c.prepare()).first().isEqualTo(relay.usePath("proved"));
    }

    @Test
    void aWrongRspauthIsATypedAuthenticationErrorAndClosesTheConnection() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> provingRelay(r, auth, "a guess"));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThatThrownBy(c::prepare).isInstanceOfSatisfying(RelayAuthenticationException.class, e -> {
            assertThat(e.code()).isEqualTo(200);
            assertThat(e).hasMessageContaining("could not prove it knows the password");
        });
        assertThat(relay.auths).hasSize(2);
        assertThat(eventually(WAIT, () -> relay.connections.get(0).isClosed())).as("the relay sees the close").isTrue();
    }

    @Test
    void a200WithoutAuthenticationInfoBindsAsWithKamailio() throws Exception {
        BlockingQueue<MsrpChunk> answers = new LinkedBlockingQueue<>();
        ScriptedRelay relay = relay((r, auth, i) -> {
            MsrpChunk answer = digestRelay(r, auth, 600L);
            answers.add(answer);
            return answer;
        });
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThat(c.prepare()).first().isEqualTo(relay.usePath("granted"));
        MsrpChunk granted = answers.stream().filter(a -> a.code() == 200).findFirst().orElseThrow();
        assertThat(granted.headers().contains(AuthenticationInfoHeader.NAME)).isFalse();
    }

    @Test
    void aForbiddenAnswerIsATypedAuthenticationError() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> respond(auth, 403, "Forbidden"));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);

        assertThatThrownBy(c::prepare).isInstanceOfSatisfying(RelayAuthenticationException.class,
                e -> assertThat(e.code()).isEqualTo(403));
    }

    @Test
    void otherRefusalsAndUnusableGrantsAreTypedRelayErrors() throws Exception {
        ScriptedRelay failing = relay((r, auth, i) -> respond(auth, 500, "Server Error"));
        assertThatThrownBy(() -> connection(settings(failing, "secret").build(), RelayConnection.Mode.ACTIVE).prepare())
                .isExactlyInstanceOf(RelayException.class).hasMessageContaining("500");

        ScriptedRelay noPath = relay((r, auth, i) -> respond(auth, 200, "OK"));
        assertThatThrownBy(() -> connection(settings(noPath, "secret").build(), RelayConnection.Mode.ACTIVE).prepare())
                .isExactlyInstanceOf(RelayException.class).hasMessageContaining("Use-Path");

        ScriptedRelay md5sess = relay((r, auth, i) -> challenge(auth, "realm", "x", "nonce", "n", "algorithm",
                "MD5-sess"));
        assertThatThrownBy(() -> connection(settings(md5sess, "secret").build(), RelayConnection.Mode.ACTIVE).prepare())
                .isExactlyInstanceOf(RelayException.class).hasMessageContaining("no usable challenge");
    }

    @Test
    void a423MovesExpiresInsideTheRelaysBounds() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> {
            ExpiresHeader e = auth.headers().get(ExpiresHeader.class);
            if (e != null && e.seconds() < 60) {
                return respond(auth, 423, "Interval Out-of-Bounds", new MinExpiresHeader(60));
            }
            if (e != null && e.seconds() > 3600) {
                return respond(auth, 423, "Interval Out-of-Bounds", new MaxExpiresHeader(3600));
            }
            return digestRelay(r, auth, e == null ? 900L : e.seconds());
        });
        connection(settings(relay, "secret").expires(5).build(), RelayConnection.Mode.ACTIVE).prepare();
        assertThat(relay.auths).extracting(a -> a.headers().get(ExpiresHeader.class).seconds())
                .containsExactly(5L, 60L, 60L);

        relay.auths.clear();
        ScriptedRelay high = relay((r, auth, i) -> auth.headers().get(ExpiresHeader.class).seconds() > 3600
                ? respond(auth, 423, "Interval Out-of-Bounds", new MaxExpiresHeader(3600)) : r.grant(auth, "h", 3600L));
        connection(settings(high, "secret").expires(7200).build(), RelayConnection.Mode.ACTIVE).prepare();
        assertThat(high.auths).extracting(a -> a.headers().get(ExpiresHeader.class).seconds())
                .containsExactly(7200L, 3600L);

        ScriptedRelay unbounded = relay((r, auth, i) -> respond(auth, 423, "Interval Out-of-Bounds"));
        assertThatThrownBy(() -> connection(settings(unbounded, "secret").expires(5).build(),
                RelayConnection.Mode.ACTIVE)
                .prepare()).isInstanceOfSatisfying(RelayException.class, e -> assertThat(e.code()).isEqualTo(423));
    }

    @Test
    void theActiveSideBindsWithAnEmptySendThroughTheRelay() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        List<MsrpUri> mine = c.prepare(local(V4, false));
        List<MsrpUri> peer = List.of(MsrpUri.parse("msrp://192.0.2.9:2855/peerrelay;tcp"),
                MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp"));

        MsrpTransport t = c.complete(peer);
        closing.add(t);

        MsrpChunk bind = relay.nextSend();
        List<MsrpUri> to = new ArrayList<>(List.of(relay.usePath("granted")));
        to.addAll(peer);
        assertThat(bind.toPath()).isEqualTo(to);
        assertThat(bind.fromPath()).containsExactly(mine.get(1));
        assertThat(bind.hasBody()).isFalse();
        assertThat(t.fullLocalPath()).isEqualTo(mine);
        assertThat(t.newChunk().data("x").build().toPath()).isEqualTo(to);
        assertThat(t.maxChunkSize()).isEqualTo(RelaySettings.DEFAULT_MAX_CHUNK_SIZE);
    }

    @Test
    void sessionsCutFilesToTheRelaysChunkSizeByDefault() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        c.prepare(local(V4, false));
        MsrpTransport t = c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp")));
        MsrpSession session = MsrpSession.startQueued(t, SessionSettings.DEFAULT);
        closing.add(session);
        relay.nextSend();
        int kib8 = 8 * 1024;
        int size = 3 * kib8 + 100;

        OutgoingFile file = new OutgoingFile(new ByteArrayInputStream(new byte[size]), size, "application/octet-stream",
                0, "capped");
        session.sendFile(file);

        List<MsrpChunk> chunks = new ArrayList<>();
        for (int received = 0; received < size; received += chunks.get(chunks.size() - 1).size()) {
            chunks.add(relay.nextSend());
        }
        assertThat(chunks).extracting(MsrpChunk::size).containsExactly(kib8, kib8, kib8, 100);
        assertThat(chunks).as("each frame (re-encoded as received) fits under Kamailio's 11238-byte limit")
                .allSatisfy(chunk -> assertThat(chunk.encode().length).isLessThan(11_238));
        file.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void thePassiveSideWaitsForTheFirstSendThroughTheRelay() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").maxChunkSize(4000).build(),
                RelayConnection.Mode.PASSIVE);
        List<MsrpUri> mine = c.prepare(local(V4, false));
        List<MsrpUri> peer = List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp"));
        CompletableFuture<MsrpTransport> done =
                async(() -> c.complete(peer));

        MsrpChunk send = MsrpChunk.request("bind1", "SEND");
        send.addHeader(new ToPathHeader(List.of(mine.get(1))));
        send.addHeader(new FromPathHeader(List.of(relay.usePath("granted"), peer.get(0))));
        relay.push(0, send);
        MsrpTransport t = await(done);
        closing.add(t);

        assertThat(t.newChunk().build().toPath()).containsExactly(relay.usePath("granted"), peer.get(0));
        assertThat(t.maxChunkSize()).isEqualTo(4000);
    }

    @Test
    void aSendWithTheWrongFromPathFailsThePassiveBinding() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.PASSIVE);
        List<MsrpUri> mine = c.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> done =
                async(() -> c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp"))));

        MsrpChunk send = MsrpChunk.request("bind2", "SEND");
        send.addHeader(new ToPathHeader(List.of(mine.get(1))));
        send.addHeader(new FromPathHeader(List.of(relay.usePath("granted"),
                MsrpUri.parse("msrp://192.0.2.66:1/other;tcp"))));
        relay.push(0, send);

        assertThatThrownBy(() -> await(done)).isInstanceOf(BindingException.class);
    }

    @Test
    void withSessmatchAPeerNamingTheLocalUriInAnotherFormIsAcceptedThroughTheRelay() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = new RelayConnection(settings(relay, "secret").build(), RelayConnection.Mode.PASSIVE,
                ConnectFixtures.settings(WAIT, true));
        closing.add(c::cleanup);
        List<MsrpUri> mine = c.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> done =
                async(() -> c.complete(List.of(SDP_PEER)));

        relay.push(0, sendInOtherForms(relay, mine.get(1), "sessmatch1", null));
        MsrpTransport t = await(done);
        closing.add(t);

        assertThat(relay.nextResponse()).satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo("sessmatch1");
            assertThat(r.code()).isEqualTo(200);
        });
        MsrpSession session = MsrpSession.startQueued(t, SessionSettings.DEFAULT);
        closing.add(session);
        relay.push(0, sendInOtherForms(relay, mine.get(1), "sessmatch2", "after the binding"));
        assertThat(session.receiveChunk(WAIT).data()).asString().isEqualTo("after the binding");
        assertThat(relay.nextResponse().code()).as("the session's own path check matches session ids too")
                .isEqualTo(200);
    }

    @Test
    void withoutSessmatchThatPeerIsRefusedWith481ThroughTheRelay() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.PASSIVE);
        List<MsrpUri> mine = c.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> done =
                async(() -> c.complete(List.of(SDP_PEER)));

        relay.push(0, sendInOtherForms(relay, mine.get(1), "nosessmatch", null));

        assertThatThrownBy(() -> await(done)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThat(relay.nextResponse()).satisfies(r -> {
            assertThat(r.transactionId()).isEqualTo("nosessmatch");
            assertThat(r.code()).isEqualTo(481);
        });
    }

    /**
     * A SEND as the relay forwards it from {@link #SDP_PEER}, with the right session ids but the
     * local URI and the peer's URI in other host and port forms than the SDP ones (as a NAT or
     * an alias makes them); empty when {@code body} is null.
     */
    private static MsrpChunk sendInOtherForms(ScriptedRelay relay, MsrpUri local, String transactionId, String body) {
        MsrpChunk send = MsrpChunk.request(transactionId, "SEND");
        send.addHeader(new ToPathHeader(List.of(local.toBuilder().host("localhost").port(local.port() + 1).build())));
        send.addHeader(new FromPathHeader(List.of(relay.usePath("granted"),
                SDP_PEER.toBuilder().host("peer.example.net").port(2855).build())));
        if (body != null) {
            send.addHeader(new MessageIdHeader("m-" + transactionId));
            send.addHeader(new ByteRangeHeader(new ByteRange(1, body.length(), body.length())));
            send.addHeader(new ContentTypeHeader("text/plain"));
            send.setData(body.getBytes(StandardCharsets.US_ASCII));
        }
        return send;
    }

    @Test
    void theReservationIsRefreshedBeforeItExpiresAndTheRefresherEndsWithTheTransport() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 1L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        c.prepare(local(V4, false));
        MsrpTransport t = c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp")));
        closing.add(t);
        CompletableFuture<Void> reader = async(() -> {
            while (true) {
                t.readChunk();
            }
        });

        assertThat(eventually(Duration.ofSeconds(5), () -> relay.auths.size() >= 4)).as("refreshes").isTrue();
        AuthorizationHeader refresh = relay.auths.get(2).headers().get(AuthorizationHeader.class);
        assertThat(refresh).as("a refresh answers the known challenge at once").isNotNull();
        assertThat(refresh.get("nc")).isEqualTo("00000002");
        assertThat(ThreadDump.names()).contains("msrp-relay-refresh");

        t.close();
        assertThatThrownBy(() -> await(reader)).isInstanceOf(IOException.class);
        assertThat(eventually(WAIT, () -> {
            try {
                return !ThreadDump.names().contains("msrp-relay-refresh");
            } catch (IOException e) {
                return false;
            }
        })).as("the refresher ends with the transport").isTrue();
    }

    @Test
    void aRefreshWithANewUsePathIsOfferedToTheApplicationWhichMovesTheSessionOntoIt() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> auth.headers().get(AuthorizationHeader.class) == null
                ? challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth")
                : r.grant(auth, "grant" + i, 1L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        BlockingQueue<List<MsrpUri>> offered = new LinkedBlockingQueue<>();
        c.onUsePathChange(offered::add);
        List<MsrpUri> first = c.prepare(local(V4, false));
        MsrpTransport t = c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp")));
        closing.add(t);
        async(() -> {
            while (true) {
                t.readChunk();
            }
        });

        List<MsrpUri> next = offered.poll(5, TimeUnit.SECONDS);
        assertThat(next).as("a new path offered").isNotNull().hasSize(2).isNotEqualTo(first);
        assertThat(next.get(0).sessionId()).startsWith("grant");
        assertThat(next.get(1)).isEqualTo(first.get(1));
        assertThat(t.localRelayPath()).as("the session keeps its path until told").isEqualTo(first.subList(0, 1));
        assertThat(t.newChunk().build().toPath().get(0)).isEqualTo(first.get(0));

        t.setLocalRelayPath(next.subList(0, 1));
        assertThat(t.newChunk().build().toPath().get(0)).as("chunks go out through the new path")
                .isEqualTo(next.get(0));
        List<MsrpUri> after = offered.poll(5, TimeUnit.SECONDS);
        assertThat(after).as("the next refresh is compared with the path now in use").isNotNull()
                .isNotEqualTo(next);
    }

    @Test
    void aRefreshThatKeepsTheUsePathOffersNothing() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 1L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
        BlockingQueue<List<MsrpUri>> offered = new LinkedBlockingQueue<>();
        c.onUsePathChange(offered::add);
        c.prepare(local(V4, false));
        MsrpTransport t = c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp")));
        closing.add(t);
        async(() -> {
            while (true) {
                t.readChunk();
            }
        });

        assertThat(eventually(Duration.ofSeconds(5), () -> relay.auths.size() >= 5)).as("refreshes").isTrue();
        assertThat(offered).isEmpty();
    }

    @Test
    void cleanupBeforeCompleteClosesTheRelayConnection() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 1L));
        RelayConnection c = connection(settings(relay, "secret").build(), RelayConnection.Mode.PASSIVE);
        c.prepare();
        c.cleanup();

        assertThat(eventually(WAIT, () -> relay.connections.get(0).isClosed())).isTrue();
        assertThatThrownBy(() -> c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void cleanupAbortsAPrepareWaitingForTheRelayWithoutTryingTheNextOne() throws Exception {
        ScriptedRelay silent = relay((r, auth, i) -> null);
        ScriptedRelay next = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        RelaySettings s = RelaySettings.builder("example.org", "alice", "secret")
                .relays(List.of(silent.uri(), next.uri()))
                .authTimeout(Duration.ofSeconds(30)).build();
        RelayConnection c = connection(s, RelayConnection.Mode.ACTIVE);
        CompletableFuture<List<MsrpUri>> prepared = async(c::prepare);
        assertThat(eventually(WAIT, () -> silent.auths.size() == 1)).isTrue();

        long t0 = System.nanoTime();
        c.cleanup();

        assertThatThrownBy(() -> await(prepared)).isInstanceOf(ConnectionClosedException.class);
        assertThat(ConnectFixtures.millisSince(t0)).isLessThan(2000);
        assertThat(next.auths).isEmpty();
    }

    @Test
    void aRelayThatNeverAnswersAuthIsLeftAfterTheAuthTimeoutForTheNextWhichBinds() throws Exception {
        ScriptedRelay silent = relay((r, auth, i) -> null);
        ScriptedRelay next = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        Duration authTimeout = Duration.ofMillis(300);
        RelaySettings s = RelaySettings.builder("example.org", "alice", "secret")
                .relays(List.of(silent.uri(), next.uri()))
                .authTimeout(authTimeout).build();
        RelayConnection c = connection(s, RelayConnection.Mode.ACTIVE);

        long t0 = System.nanoTime();
        List<MsrpUri> mine = c.prepare(local(V4, false));

        assertThat(ConnectFixtures.millisSince(t0)).as("waited out the AUTH timeout, no longer")
                .isBetween(authTimeout.toMillis(), WAIT.toMillis() / 2);
        assertThat(silent.auths).hasSize(1);
        assertThat(eventually(WAIT, () -> silent.connections.get(0).isClosed())).as("the silent relay is hung up on")
                .isTrue();
        assertThat(mine).first().isEqualTo(next.usePath("granted"));
        MsrpTransport t = c.complete(List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp")));
        closing.add(t);
        assertThat(next.nextSend().toPath().get(0)).as("the binding SEND goes through the relay that answered")
                .isEqualTo(next.usePath("granted"));
        assertThat(silent.sends).isEmpty();
    }

    @Test
    void whenNoRelayAnswersAuthTheErrorNamesEachRelayAndTheTimeout() throws Exception {
        ScriptedRelay first = relay((r, auth, i) -> null);
        ScriptedRelay second = relay((r, auth, i) -> null);
        RelaySettings s = RelaySettings.builder("example.org", "alice", "secret")
                .relays(List.of(first.uri(), second.uri()))
                .authTimeout(Duration.ofMillis(200)).build();

        assertThatThrownBy(() -> connection(s, RelayConnection.Mode.ACTIVE).prepare())
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> {
                    assertThat(e.getSuppressed()).hasSize(2).allSatisfy(f -> assertThat(f)
                            .isInstanceOfSatisfying(RelayAuthTimeoutException.class,
                                    t -> assertThat(t.timeout()).isEqualTo(Duration.ofMillis(200))));
                    assertThat(e.getMessage()).contains(first.uri().encode(), second.uri().encode())
                            .contains("did not answer AUTH within 200 ms");
                });

        RelaySettings one = s.toBuilder().relays(List.of(first.uri())).build();
        assertThatThrownBy(() -> connection(one, RelayConnection.Mode.ACTIVE).prepare())
                .isInstanceOf(RelayAuthTimeoutException.class)
                .hasMessageContaining(first.uri().encode()).hasMessageContaining("did not answer AUTH within 200 ms");
    }

    @Test
    void noSocketOrThreadOutlivesManyRelayConnections() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> auth.headers().contains(AuthorizationHeader.NAME)
                && !verifies(auth, "secret") ? respond(auth, 403, "Forbidden") : digestRelay(r, auth, 1L));
        List<MsrpUri> peer = List.of(MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp"));
        cycle(relay, peer, 5);
        long before = ConnectFixtures.openFds();

        cycle(relay, peer, 40);

        assertThat(eventually(WAIT, () -> {
            try {
                return ConnectFixtures.openFds() <= before + 3
                        && !ThreadDump.names().contains("msrp-relay-refresh");
            } catch (IOException e) {
                return false;
            }
        })).as("fds back to %d and no refresher left", before).isTrue();
    }

    /** {@code n} rounds of: a bound relay connection closed, one cleaned up after prepare, one refused. */
    private static void cycle(ScriptedRelay relay, List<MsrpUri> peer, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            RelayConnection bound = new RelayConnection(settings(relay, "secret").build(), RelayConnection.Mode.ACTIVE);
            bound.prepare();
            bound.complete(peer).close();
            RelayConnection dropped = new RelayConnection(settings(relay, "secret").build(),
                    RelayConnection.Mode.PASSIVE);
            dropped.prepare();
            dropped.cleanup();
            RelayConnection refused = new RelayConnection(settings(relay, "wrong").build(),
                    RelayConnection.Mode.ACTIVE);
            assertThatThrownBy(refused::prepare).isInstanceOf(RelayAuthenticationException.class);
        }
    }

    @Test
    void theNextRelayIsTriedWhenOneIsDown() throws Exception {
        ScriptedRelay relay = relay((r, auth, i) -> digestRelay(r, auth, 600L));
        int down = LoopbackSockets.closedPort(V4);
        RelaySettings s = RelaySettings.builder("example.org", "alice", "secret")
                .relays(List.of(MsrpUri.parse("msrp://127.0.0.1:" + down + ";tcp"), relay.uri())).build();

        assertThat(connection(s, RelayConnection.Mode.ACTIVE).prepare()).first().isEqualTo(relay.usePath("granted"));

        RelaySettings allDown = s.toBuilder().relays(List.of(MsrpUri.parse("msrp://127.0.0.1:" + down + ";tcp"),
                MsrpUri.parse("msrp://127.0.0.1:" + LoopbackSockets.closedPort(V4) + ";tcp"))).build();
        assertThatThrownBy(() -> connection(allDown, RelayConnection.Mode.ACTIVE).prepare())
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.getSuppressed()).hasSize(2));
    }

    @Test
    void withoutAnSrvRecordTheFirstConnectionGoesToTheDomainOnPort2855() throws Exception {
        assumeTrue(ConnectFixtures.refuses(V4, RelaySettings.DEFAULT_PORT),
                "something listens on 127.0.0.1:2855, which this test expects to refuse its connection");
        InetAddress loopback = InetAddress.getByName(V4);
        LoopbackDns dns = new LoopbackDns(Map.of("nosrv.test", loopback));
        closing.add(dns);
        RelaySettings s = RelaySettings.builder("nosrv.test", "alice", "secret").useTls(false).dnsServer(dns.address())
                .dnsTimeout(Duration.ofSeconds(2)).build();

        assertThatThrownBy(() -> connection(s, RelayConnection.Mode.ACTIVE).prepare())
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.address())
                        .isEqualTo(new InetSocketAddress(loopback, RelaySettings.DEFAULT_PORT)));
        assertThat(dns.questions).as("the SRV look-up found nothing, then the domain itself was resolved")
                .containsExactly("_msrp._tcp.nosrv.test SRV", "nosrv.test A");
    }
}
