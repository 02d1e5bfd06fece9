package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.testing.SessionPair.file;
import static org.msrp4j.testing.SessionPair.message;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.connect.AcceptorRelay;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.Connector;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.Connectors;
import org.msrp4j.connect.RelayAuthenticationException;
import org.msrp4j.connect.RelayConnection;
import org.msrp4j.connect.RelayException;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ExpiresHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.testing.Async;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.testing.SessionPair;
import org.msrp4j.testing.ThreadDump;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;

/**
 * Core's relay client (every seed class and mode) against this relay, on real loopback sockets:
 * TLS and TCP, IPv4 and IPv6, sessions exchanging messages with success reports and a multi-chunk
 * file each way; reservation refresh (through stale nonces too), fallback to the next relay, and
 * every AUTH failure. After each test no connection, socket or relay-client thread is left.
 */
@Timeout(60)
class RelayClientInteropTest {

    private static final String V4 = "127.0.0.1";
    private static final String V6 = "::1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int FILE_SIZE = 150_000;

    private static MsrpRelay relay;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private long fdsBefore;

    /** The seed's connector classes, on the side of the session each one takes. */
    enum Side {
        CONNECTOR_RELAY, RELAY_CONNECTION_ACTIVE, CONNECTOR_DIRECT,
        ACCEPTOR_RELAY, RELAY_CONNECTION_PASSIVE, ACCEPTOR_DIRECT;

        boolean viaRelay() {
            return this != CONNECTOR_DIRECT && this != ACCEPTOR_DIRECT;
        }

        Connector make(RelaySettings relay) {
            ConnectSettings s = settings(null);
            return switch (this) {
                case CONNECTOR_RELAY -> new ConnectorRelay(relay, s);
                case RELAY_CONNECTION_ACTIVE -> new RelayConnection(relay, RelayConnection.Mode.ACTIVE, s);
                case CONNECTOR_DIRECT -> Connectors.connector(null, s);
                case ACCEPTOR_RELAY -> new AcceptorRelay(relay, s);
                case RELAY_CONNECTION_PASSIVE -> new RelayConnection(relay, RelayConnection.Mode.PASSIVE, s);
                case ACCEPTOR_DIRECT -> Connectors.acceptor(null, s);
            };
        }
    }

    @BeforeAll
    static void startRelay() throws IOException {
        relay = RelayTestKit.relay(b -> b.host(null)
                .listener(RelayListener.tls(V6, 0))
                .listener(RelayListener.tcp(V6, 0))
                .allowed(user -> !user.equals("carol")));
    }

    @AfterAll
    static void stopRelay() {
        relay.close();
    }

    @BeforeEach
    void countFds() throws IOException {
        fdsBefore = openFds();
    }

    @AfterEach
    void nothingLeft() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        assertThat(Async.eventually(WAIT, () -> relay.connectionCount() == 0 && relay.sessionCount() == 0))
                .as("relay connections and sessions after the test: %d, %d", relay.connectionCount(),
                        relay.sessionCount()).isTrue();
        assertThat(Async.eventually(WAIT, () -> refreshThreads() == 0)).as("msrp-relay-refresh threads left").isTrue();
        assertThat(Async.eventually(WAIT, () -> openFdsQuietly() <= fdsBefore))
                .as("file descriptors: %d before, %d after", fdsBefore, openFdsQuietly()).isTrue();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        Side[] active = {Side.CONNECTOR_RELAY, Side.RELAY_CONNECTION_ACTIVE, Side.CONNECTOR_DIRECT};
        Side[] passive = {Side.ACCEPTOR_RELAY, Side.RELAY_CONNECTION_PASSIVE, Side.ACCEPTOR_DIRECT};
        for (Side a : active) {
            for (Side p : passive) {
                if (!a.viaRelay() && !p.viaRelay()) {
                    continue;
                }
                for (boolean tls : new boolean[] {true, false}) {
                    for (String host : new String[] {V4, V6}) {
                        out.add(Arguments.of(a, p, tls, host));
                    }
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}, tls={2}, {3}")
    @MethodSource("pairs")
    void sessionsTalkThroughTheRelay(Side active, Side passive, boolean tls, String host) throws Exception {
        SessionPair s = converse(active.make(settings("alice", tls, host).build()),
                passive.make(settings("bob", tls, host).build()), local(host, tls), local(host, tls));
        int viaRelay = (active.viaRelay() ? 1 : 0) + (passive.viaRelay() ? 1 : 0);
        assertThat(relay.sessionCount()).isEqualTo(viaRelay);
        MsrpUri listener = listenerUri(tls, host);
        for (MsrpSession session : List.of(s.active(), s.passive())) {
            Side side = session == s.active() ? active : passive;
            MsrpTransport t = session.transport();
            assertThat(t.isTls()).isEqualTo(tls);
            assertThat(t.localRelayPath()).as("%s's relay path", side).hasSize(side.viaRelay() ? 1 : 0)
                    .allSatisfy(u -> assertThat(u.withSessionId(null)).isEqualTo(listener));
        }
    }

    @Test
    void theReservationOutlivesItsFirstExpiresThroughRefreshes() throws Exception {
        List<MsrpUri> authedPaths = new CopyOnWriteArrayList<>();
        TrafficLogger grants = new TrafficLogger() {
            @Override
            public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if (chunk.isResponse() && chunk.code() == 200
                        && chunk.header(UsePathHeader.NAME) instanceof UsePathHeader use) {
                    authedPaths.add(use.path().get(0));
                }
            }
        };
        try (MsrpRelay shortLived = RelayTestKit.relay(b -> b.expires(2, 1, 10))) {
            RelaySettings.Builder base = RelayTestKit.clientSettings("alice", "secret")
                    .relays(List.of(shortLived.listenerUri(true))).expires(2);
            Connector a = new ConnectorRelay(base.build(), settings(grants));
            Connector p = new AcceptorRelay(base.relays(List.of(shortLived.listenerUri(false))).build(),
                    settings(grants));
            SessionPair s = converse(a, p, null, null);
            Thread.sleep(4_500);
            assertThat(shortLived.sessionCount()).as("both reservations alive after two Expires").isEqualTo(2);
            message(s.active(), s.passive(), "still here", "text/plain");
            message(s.passive(), s.active(), "me too", "text/plain");
            assertThat(authedPaths).as("two grants each at set-up plus refreshes, every one for the same URI")
                    .hasSizeGreaterThanOrEqualTo(2 + 2 * 3);
            assertThat(authedPaths.stream().distinct()).hasSize(2);
            s.close();
            assertThat(Async.eventually(WAIT, () -> shortLived.sessionCount() == 0)).isTrue();
        }
    }

    @Test
    void aRefreshMeetingAStaleNonceSucceedsWithTheFreshOne() throws Exception {
        List<String> answers = new CopyOnWriteArrayList<>();
        TrafficLogger auth = new TrafficLogger() {
            @Override
            public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if (chunk.isResponse() && chunk.header(WwwAuthenticateHeader.NAME) instanceof WwwAuthenticateHeader w) {
                    answers.add(chunk.code() + ("true".equals(w.get("stale")) ? " stale" : ""));
                } else if (chunk.isResponse() && chunk.header(UsePathHeader.NAME) != null) {
                    answers.add(String.valueOf(chunk.code()));
                }
            }
        };
        // every refresh (halfway through Expires 2 s) offers a nonce older than its lifetime
        try (MsrpRelay quick = RelayTestKit.relay(b -> b.expires(2, 1, 10).nonceLifetime(Duration.ofMillis(600)))) {
            RelaySettings viaRelay = RelayTestKit.clientSettings("alice", "secret")
                    .relays(List.of(quick.listenerUri(true))).expires(2).authTimeout(WAIT).build();
            SessionPair s = converse(new RelayConnection(viaRelay, RelayConnection.Mode.ACTIVE, settings(auth)),
                    Connectors.acceptor(null, settings(null)), null, local(V4, false));
            Thread.sleep(3_500);
            assertThat(quick.sessionCount()).as("the reservation outlived its first Expires").isEqualTo(1);
            message(s.active(), s.passive(), "after the refreshes", "text/plain");
            message(s.passive(), s.active(), "seen", "text/plain");
            List<String> seen = List.copyOf(answers);
            List<String> refreshes = seen.subList(seen.indexOf("200") + 1, seen.size());
            refreshes = refreshes.subList(0, refreshes.size() - refreshes.size() % 2); // one may be under way
            assertThat(refreshes).as("refresh answers in %s", seen).hasSizeGreaterThanOrEqualTo(4);
            for (int i = 0; i < refreshes.size(); i += 2) {
                assertThat(refreshes.subList(i, i + 2)).as("refresh answers in %s", seen)
                        .containsExactly("401 stale", "200");
            }
            s.close();
            assertThat(Async.eventually(WAIT, () -> quick.sessionCount() == 0)).isTrue();
        }
    }

    @Test
    void theNextRelayIsUsedWhenTheFirstIsDown() throws Exception {
        MsrpUri down = MsrpUri.parse("msrps://127.0.0.1:" + LoopbackSockets.closedPort(V4) + ";tcp");
        RelaySettings settings = RelayTestKit.clientSettings("alice", "secret")
                .relays(List.of(down, relay.listenerUri(true))).build();
        RelayConnection c = track(new RelayConnection(settings, RelayConnection.Mode.ACTIVE, settings(null)));
        List<MsrpUri> path = c.prepare(null);
        assertThat(path.get(0).port()).isEqualTo(relay.listenerUri(true).port());
        assertThat(relay.sessionCount()).isEqualTo(1);
        SessionPair s = converse(new ConnectorRelay(settings, settings(null)),
                new AcceptorRelay(settings("bob", false, V6).build(), settings(null)), null, null);
        assertThat(s.active().transport().localRelayPath().get(0).port()).isEqualTo(relay.listenerUri(true).port());
    }

    @Test
    void aWrongPasswordOrAnUnknownUserIsA401AuthenticationError() throws IOException {
        for (String[] login : new String[][] {{"alice", "wrong"}, {"mallory", "secret"}}) {
            RelaySettings bad = RelayTestKit.clientSettings(login[0], login[1])
                    .relays(List.of(relay.listenerUri(true))).build();
            RelayConnection c = track(new RelayConnection(bad, RelayConnection.Mode.ACTIVE, settings(null)));
            assertThatThrownBy(() -> c.prepare(null)).isInstanceOfSatisfying(RelayAuthenticationException.class,
                    e -> assertThat(e.code()).isEqualTo(401));
            assertThat(c.relayPath()).isNull();
        }
    }

    @Test
    void aUserNotAllowedIsA403AuthenticationError() {
        RelayConnection c = track(new RelayConnection(settings("carol", false, V4).build(),
                RelayConnection.Mode.PASSIVE,
                settings(null)));
        assertThatThrownBy(() -> c.prepare(null)).isInstanceOfSatisfying(RelayAuthenticationException.class,
                e -> assertThat(e.code()).isEqualTo(403));
    }

    @Test
    void expiresOutsideTheRelaysBoundsIsRetriedInsideThemAfter423() throws Exception {
        List<Integer> codes = new CopyOnWriteArrayList<>();
        List<Long> asked = new CopyOnWriteArrayList<>();
        TrafficLogger log = new TrafficLogger() {
            @Override
            public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if (chunk.isResponse()) {
                    codes.add(chunk.code());
                }
            }

            @Override
            public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if (chunk.header(ExpiresHeader.NAME) instanceof ExpiresHeader expires) {
                    asked.add(expires.seconds());
                }
            }
        };
        try (MsrpRelay bounded = RelayTestKit.relay(b -> b.expires(600, 300, 900))) {
            for (long wanted : new long[] {10, 7200}) {
                codes.clear();
                asked.clear();
                RelaySettings s = RelayTestKit.clientSettings("alice", "secret").expires(wanted)
                        .relays(List.of(bounded.listenerUri(wanted < 300))).build();
                RelayConnection c = track(new RelayConnection(s, RelayConnection.Mode.ACTIVE, settings(log)));
                assertThat(c.prepare(null)).hasSize(2);
                assertThat(codes).contains(423).endsWith(200);
                assertThat(asked).first().isEqualTo(wanted);
                assertThat(asked).last().isEqualTo(wanted < 300 ? 300L : 900L);
                c.cleanup();
            }
            assertThat(Async.eventually(WAIT, () -> bounded.sessionCount() == 0)).isTrue();
        }
    }

    @Test
    void aRelayClosingMidAuthFailsThatRelayAndTheNextOneIsTried() throws Exception {
        try (ServerSocket closer = new ServerSocket(0, 50, InetAddress.getByName(V4))) {
            Thread hangUp = Thread.ofVirtual().name("closes-mid-auth").start(() -> {
                while (!closer.isClosed()) {
                    try (Socket s = closer.accept(); InputStream in = s.getInputStream()) {
                        in.read(new byte[64]); // the AUTH has started to arrive: hang up
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            MsrpUri closing = MsrpUri.parse("msrp://127.0.0.1:" + closer.getLocalPort() + ";tcp");
            RelaySettings alone = RelayTestKit.clientSettings("alice", "secret").relays(List.of(closing))
                    .build();
            RelayConnection c = track(new RelayConnection(alone, RelayConnection.Mode.ACTIVE, settings(null)));
            assertThatThrownBy(() -> c.prepare(null)).isInstanceOf(IOException.class)
                    .isNotInstanceOf(RelayException.class);

            RelaySettings withNext = alone.toBuilder().relays(List.of(closing, relay.listenerUri(false))).build();
            RelayConnection d = track(new RelayConnection(withNext, RelayConnection.Mode.ACTIVE, settings(null)));
            assertThat(d.prepare(null).get(0).port()).isEqualTo(relay.listenerUri(false).port());
            d.cleanup();
            closer.close();
            hangUp.join(WAIT.toMillis());
        }
    }

    @Test
    void ourRelayStoppingBetweenChallengeAndAnswerIsAnIoErrorAndTheNextRelayIsTried() throws Exception {
        for (boolean withNext : new boolean[] {false, true}) {
            MsrpRelay stopping = RelayTestKit.relay();
            TrafficLogger stopAtChallenge = new TrafficLogger() {
                @Override
                public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                    if (chunk.isResponse() && chunk.code() == 401) {
                        stopping.close(); // before the client can send its answer
                    }
                }
            };
            List<MsrpUri> relays = withNext ? List.of(stopping.listenerUri(true), relay.listenerUri(true))
                    : List.of(stopping.listenerUri(true));
            RelaySettings s = RelayTestKit.clientSettings("alice", "secret").relays(relays).build();
            RelayConnection c = track(new RelayConnection(s, RelayConnection.Mode.ACTIVE, settings(stopAtChallenge)));
            if (withNext) {
                assertThat(c.prepare(null).get(0).port()).isEqualTo(relay.listenerUri(true).port());
                c.cleanup();
            } else {
                assertThatThrownBy(() -> c.prepare(null)).isInstanceOf(IOException.class)
                        .isNotInstanceOf(RelayException.class);
            }
            assertThat(stopping.isClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPassiveRelayConnectionWithoutThePeersPathBindsTheFirstPeer(boolean peerViaRelay) throws Exception {
        RelayConnection passive = track(new RelayConnection(settings("bob", true, V6).build(),
                RelayConnection.Mode.PASSIVE, settings(null)));
        Connector active = track(peerViaRelay ? new ConnectorRelay(settings("alice", false, V6).build(), settings(null))
                : Connectors.connector(null, settings(null)));
        List<MsrpUri> passivePath = passive.prepare(local(V6, true));
        List<MsrpUri> activePath = active.prepare(local(V6, !peerViaRelay));
        CompletableFuture<MsrpTransport> p = Async.async(passive::completeWithFirstPeer);
        MsrpTransport at = active.complete(passivePath);
        MsrpTransport pt = p.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(pt.fullRemotePath()).as("the path taken from the binding SEND's From-Path").isEqualTo(activePath);
        SessionPair s = sessions(new BoundPair(at, pt));
        message(s.active(), s.passive(), "hello, first peer", "text/plain");
        message(s.passive(), s.active(), "hello back", "text/plain");
        assertThatThrownBy(passive::completeWithFirstPeer).as("bound already")
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> passive.complete(activePath)).isInstanceOf(IllegalStateException.class);
    }

    // ------------------------------------------------------------------ helpers

    private <C extends Connector> C track(C c) {
        closing.add(c::cleanup);
        return c;
    }

    private static RelaySettings.Builder settings(String user, boolean tls, String host) {
        return RelayTestKit.clientSettings(user, "secret").host(host).port(listenerUri(tls, host).port())
                .useTls(tls).authTimeout(WAIT);
    }

    /** The shared relay's listener for TLS or TCP on {@code host}. */
    private static MsrpUri listenerUri(boolean tls, String host) {
        return relay.listenerUris().stream()
                .filter(u -> u.useTls() == tls && u.host().replace("[", "").replace("]", "").equals(host))
                .findFirst().orElseThrow();
    }

    private static ConnectSettings settings(TrafficLogger logger) {
        ConnectSettings.Builder b = ConnectSettings.builder().connectTimeout(WAIT).bindTimeout(WAIT)
                .incomingConnectionTimeout(WAIT);
        return logger == null ? b.build() : b.logger(logger).build();
    }

    private static MsrpUri local(String host, boolean tls) {
        return MsrpUri.builder().host(host).port(0).useTls(tls).build();
    }

    /**
     * Binds {@code active} and {@code passive} as a session offer/answer would, starts a queued
     * session on each, and checks messages with success reports and a multi-chunk file both ways.
     */
    private SessionPair converse(Connector active, Connector passive, MsrpUri activeUri, MsrpUri passiveUri)
            throws Exception {
        track(active);
        track(passive);
        SessionPair s = sessions(BoundPair.bind(active, activeUri, passive, passiveUri));
        message(s.active(), s.passive(), "hello from the active side", "text/plain");
        message(s.passive(), s.active(), "hello from the passive side", "text/plain");
        file(s.active(), s.passive(), FILE_SIZE, c -> { });
        file(s.passive(), s.active(), FILE_SIZE + 1, c -> { });
        return s;
    }

    /** A queued session on each transport, closed after the test. */
    private SessionPair sessions(BoundPair bound) {
        SessionSettings options = SessionSettings.builder().responseTimeout(WAIT).build();
        SessionPair s = SessionPair.start(bound, t -> options);
        closing.add(s);
        return s;
    }

    private static long openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long openFdsQuietly() {
        try {
            return openFds();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** Live relay-client refresh threads (virtual ones too). */
    private static long refreshThreads() {
        try {
            return ThreadDump.names().stream().filter("msrp-relay-refresh"::equals).count();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }
}
