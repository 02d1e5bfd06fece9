package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.refuses;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.BoundPair.bind;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** ConnectorDirect against AcceptorDirect over real loopback sockets, TCP and TLS, IPv4 and IPv6. */
@Timeout(20)
class DirectConnectTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);

    static Stream<Arguments> hostTlsSessmatch() {
        return Stream.of(V4, V6).flatMap(h -> Stream.of(false, true)
                .flatMap(tls -> Stream.of(false, true).map(sm -> Arguments.of(h, tls, sm))));
    }

    @ParameterizedTest(name = "host {0}, tls {1}, sessmatch {2}")
    @MethodSource("hostTlsSessmatch")
    @Timeout(15)
    void bindsAndChunksFlowBothWays(String host, boolean tls, boolean sessmatch) throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT, sessmatch));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT, sessmatch));
        MsrpUri acceptorUri = local(host, tls);
        MsrpUri connectorUri = local(host, tls);

        List<MsrpUri> a = acceptor.prepare(acceptorUri);
        List<MsrpUri> c = connector.prepare(connectorUri);

        // prepare() returns the path actually used: same host, scheme and session id, the real port
        assertThat(a).hasSize(1);
        assertThat(a.get(0).port()).isPositive();
        assertThat(a.get(0).host()).isEqualTo(host);
        assertThat(a.get(0).useTls()).isEqualTo(tls);
        assertThat(a.get(0).sessionId()).isEqualTo(acceptorUri.sessionId());
        assertThat(acceptor.localUri()).isEqualTo(a.get(0));
        assertThat(c).hasSize(1);
        assertThat(c.get(0).port()).isPositive();
        assertThat(c.get(0).sessionId()).isEqualTo(connectorUri.sessionId());
        assertThat(connector.localUri()).isEqualTo(c.get(0));
        assertThat(acceptor.localFingerprint().isPresent()).isEqualTo(tls);

        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        CompletableFuture<MsrpTransport> active = async(() -> connector.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(b.active().isTls()).isEqualTo(tls);
            assertThat(b.passive().isTls()).isEqualTo(tls);
            assertThat(b.active().localUri()).isEqualTo(c.get(0));
            assertThat(b.active().fullRemotePath()).isEqualTo(a);
            assertThat(b.passive().localUri()).isEqualTo(a.get(0));
            assertThat(b.passive().fullRemotePath()).isEqualTo(c);
            // the ports in the paths are the real ones at both ends of the connection
            InetSocketAddress acceptorEnd = (InetSocketAddress) b.active().remoteAddress();
            InetSocketAddress connectorEnd = (InetSocketAddress) b.passive().remoteAddress();
            assertThat(acceptorEnd.getPort()).isEqualTo(a.get(0).port());
            assertThat(connectorEnd.getPort()).as("connector connects from the port its path names")
                    .isEqualTo(c.get(0).port());
            assertThat(acceptorEnd.getAddress().isLoopbackAddress()).isTrue();

            exchange(b, "hi from the connector", "hi from the acceptor");
            exchange(b, "second, ünïcödé", "second back");
            if (tls) {
                assertThat(b.active().peerFingerprint()).isEqualTo(acceptor.localFingerprint());
            }
        } finally {
            connector.cleanup();
            acceptor.cleanup();
        }
        // the acceptor stops listening once bound
        assertThat(refuses(host, a.get(0).port())).isTrue();
    }

    @ParameterizedTest(name = "tls {0}")
    @ValueSource(booleans = {false, true})
    void withSessmatchTheAcceptorTakesAFromPathThatDiffersButForTheSessionId(boolean tls) throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT, true));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT, true));
        try (BoundPair b = bind(connector, local(V4, tls), acceptor, local(V4, tls), path -> {
            MsrpUri real = path.get(0);
            // what the peer's SDP said is not where its connection comes from (NAT, a B2BUA)
            return List.of(real.toBuilder().host(V6).port(real.port() == 65535 ? 1 : real.port() + 1).build());
        })) {
            assertThat(b.passive().fullRemotePath().get(0).port()).isNotEqualTo(connector.localUri().port());
            exchange(b, "sessmatch up", "sessmatch down");
        }
    }

    @ParameterizedTest(name = "tls {0}")
    @ValueSource(booleans = {false, true})
    void withoutAPathTheFirstPeerThatBindsToTheLocalUriIsTaken(boolean tls) throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT, false));
        List<MsrpUri> a = acceptor.prepare(local(V4, tls));
        CompletableFuture<MsrpTransport> passive = async(acceptor::completeWithFirstPeer);

        // a peer addressing another session id on the same port is refused with 481; the wait goes on
        ConnectorDirect stray = new ConnectorDirect(settings(LIMIT, false));
        stray.prepare(local(V4, tls));
        MsrpUri elsewhere = a.get(0).withSessionId("notTheListener");
        assertThatThrownBy(() -> stray.complete(List.of(elsewhere))).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThat(passive).isNotDone();

        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT, false));
        List<MsrpUri> c = connector.prepare(local(V4, tls));
        try (BoundPair b = new BoundPair(connector.complete(a), await(passive))) {
            assertThat(b.passive().fullRemotePath()).isEqualTo(c);
            assertThat(b.passive().localUri()).isEqualTo(a.get(0));
            exchange(b, "first peer up", "first peer down");
        }
    }

    @Test
    void withoutAPathASilentListenerTimesOutListingTheRefusedAttempts() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofMillis(1500), false));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(acceptor::completeWithFirstPeer);
        try (Socket garbage = new Socket(a.get(0).host(), a.get(0).port())) {
            garbage.getOutputStream().write("MSRP x1 SEND\r\n\r\n-------x1$\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThatThrownBy(() -> await(passive)).isInstanceOf(IncomingConnectionTimeoutException.class)
                    .hasMessageContaining("refused 1");
        }
    }

    @Test
    void withoutSessmatchTheSameFromPathIsRefusedWith481() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT, false));
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofMillis(1500), false));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        List<MsrpUri> c = connector.prepare(local(V4, false));
        MsrpUri real = c.get(0);
        List<MsrpUri> wrong = List.of(real.withPort(real.port() + 1));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(wrong));
        CompletableFuture<MsrpTransport> active = async(() -> connector.complete(a));

        assertThatThrownBy(() -> await(active)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThatThrownBy(() -> await(passive)).isInstanceOf(IncomingConnectionTimeoutException.class)
                .hasMessageContaining("refused 1").hasMessageContaining("From-Path");
        connector.cleanup();
    }

    @Test
    void withSessmatchADifferentSessionIdIsStillRefused() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT, true));
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofMillis(1500), true));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        List<MsrpUri> c = connector.prepare(local(V4, false));
        List<MsrpUri> other = List.of(c.get(0).withSessionId("someoneElse"));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(other));
        CompletableFuture<MsrpTransport> active = async(() -> connector.complete(a));

        assertThatThrownBy(() -> await(active)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThatThrownBy(() -> await(passive)).isInstanceOf(IncomingConnectionTimeoutException.class)
                .hasMessageContaining("refused 1");
        connector.cleanup();
    }

    @Test
    void connectorOfTheOtherAddressFamilyStillBinds() throws Exception {
        // the connector's path says 127.0.0.1, the acceptor listens on [::1]: it connects from a fresh socket
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = bind(connector, local(V4, false), acceptor, local(V6, false))) {
            assertThat(((InetSocketAddress) b.active().remoteAddress()).getAddress().getHostAddress())
                    .isIn("0:0:0:0:0:0:0:1", "::1");
            exchange(b, "v4 path over v6", "fine");
        }
    }

    @Test
    void acceptorOnAGivenPortUsesIt() throws Exception {
        int port = LoopbackSockets.closedPort(V4);
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        MsrpUri fixed = local(V4, false).withPort(port);
        try (BoundPair b = bind(connector, local(V4, false), acceptor, fixed)) {
            assertThat(acceptor.localUri().port()).isEqualTo(port);
            assertThat(b.passive().localUri()).isEqualTo(fixed);
            exchange(b, "to a fixed port", "from a fixed port");
        }
    }

    @Test
    void uriWithoutAPortGetsTheRealOne() throws Exception {
        MsrpUri noPort = MsrpUri.builder().host(V4).sessionId("noPortA").build();
        MsrpUri noPortToo = MsrpUri.builder().host(V4).sessionId("noPortC").build();
        assertThat(noPort.hasPort()).isFalse();
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = bind(connector, noPortToo, acceptor, noPort)) {
            assertThat(acceptor.localUri().port()).isPositive();
            assertThat(connector.localUri().port()).isPositive();
            assertThat(((InetSocketAddress) b.active().remoteAddress()).getPort())
                    .isEqualTo(acceptor.localUri().port());
            exchange(b, "no port", "given");
        }
    }

    @Test
    void aBindingSendCarryingDataIsLeftForTheReader() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        MsrpUri peerUri = local(V4, false).withPort(40001);
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(List.of(peerUri)));
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
        // a peer that binds with its first message instead of an empty SEND
        try (MsrpTransport peer = TransportInternals.open(raw, peerUri, List.of(), TransportSettings.DEFAULT)) {
            peer.setFullRemotePath(a);
            MsrpChunk first = peer.newChunk().data("first message binds").build();
            peer.writeChunk(first);
            try (MsrpTransport bound = await(passive)) {
                MsrpChunk got = bound.readChunk(1 << 20, LIMIT);
                assertThat(got.transactionId()).isEqualTo(first.transactionId());
                assertThat(ConnectFixtures.text(got)).isEqualTo("first message binds");
                bound.writeResponse(got, 200, "OK");
                MsrpChunk response = peer.readChunk(1 << 20, LIMIT);
                assertThat(response.code()).isEqualTo(200);
                assertThat(response.transactionId()).isEqualTo(first.transactionId());
            }
        }
    }

    @Test
    void cleanupIsIdempotentAndSafeAfterComplete() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = bind(connector, local(V4, false), acceptor, local(V4, false))) {
            connector.cleanup();
            connector.cleanup();
            acceptor.cleanup();
            acceptor.cleanup();
            // the bound transports are not the connectors' to close
            exchange(b, "still", "open");
        }
    }

    @Test
    void completeBeforePrepareIsAnIllegalState() {
        assertThatThrownBy(() -> new ConnectorDirect().complete(List.of(local(V4, false).withPort(2855))))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new AcceptorDirect().complete(List.of(local(V4, false).withPort(2855))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void preparingAgainReleasesTheFirstSocket() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        int first = acceptor.prepare(local(V4, false)).get(0).port();
        int second = acceptor.prepare(local(V4, false)).get(0).port();
        try {
            assertThat(refuses(V4, first)).as("first listener closed").isTrue();
            assertThat(refuses(V4, second)).as("second listener open").isFalse();
        } finally {
            acceptor.cleanup();
        }
        assertThat(refuses(V4, second)).isTrue();
    }
}
