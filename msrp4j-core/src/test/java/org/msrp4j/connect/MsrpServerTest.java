package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.millisSince;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.Async.closeWhenDone;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.Async;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.LoopbackSockets;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** MsrpServer: many sessions per listening port, TCP and TLS, 481 for the unknown, timeouts, close. */
@Timeout(20)
class MsrpServerTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);
    private MsrpServer server;
    private final List<Connector> connectors = new ArrayList<>();

    @BeforeEach
    void open() {
        server = new MsrpServer(settings(LIMIT));
    }

    @AfterEach
    void close() {
        server.close();
        connectors.forEach(Connector::cleanup);
    }

    private ConnectorDirect connector(Duration limit) {
        ConnectorDirect c = new ConnectorDirect(settings(limit));
        connectors.add(c);
        return c;
    }

    private record Session(List<MsrpUri> serverPath, ConnectorDirect connector, List<MsrpUri> connectorPath) {
    }

    private Session session(String host, boolean tls) throws Exception {
        List<MsrpUri> s = server.prepare(local(host, tls));
        ConnectorDirect c = connector(LIMIT);
        return new Session(s, c, c.prepare(local(host, tls)));
    }

    private BoundPair bindBoth(Session s) throws Exception {
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(s.connectorPath()));
        CompletableFuture<MsrpTransport> active = async(() -> s.connector().complete(s.serverPath()));
        try {
            return new BoundPair(await(active), await(passive));
        } catch (Exception e) {
            closeWhenDone(active);
            closeWhenDone(passive);
            throw e;
        }
    }

    @Test
    void severalSessionsShareOnePortAndEachGetsItsOwnConnection() throws Exception {
        int n = 6;
        List<Session> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add(session(V4, false));
        }
        int port = sessions.get(0).serverPath().get(0).port();
        assertThat(port).isPositive();
        assertThat(sessions).allSatisfy(s -> assertThat(s.serverPath().get(0).port()).isEqualTo(port));
        assertThat(server.listenAddresses()).containsExactly(new InetSocketAddress(V4, port));
        assertThat(server.registrations()).isEqualTo(n);

        // the server completes in the reverse order of the connectors' arrival
        List<CompletableFuture<MsrpTransport>> passive = new ArrayList<>();
        for (int i = n - 1; i >= 0; i--) {
            Session s = sessions.get(i);
            passive.add(0, async(() -> server.complete(s.connectorPath())));
        }
        List<CompletableFuture<MsrpTransport>> active = new ArrayList<>();
        for (Session s : sessions) {
            active.add(async(() -> s.connector().complete(s.serverPath())));
        }
        List<BoundPair> bound = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                bound.add(new BoundPair(await(active.get(i)), await(passive.get(i))));
            }
            for (int i = 0; i < n; i++) {
                BoundPair b = bound.get(i);
                Session s = sessions.get(i);
                assertThat(b.passive().localUri()).isEqualTo(s.serverPath().get(0));
                assertThat(b.passive().fullRemotePath()).isEqualTo(s.connectorPath());
                assertThat(((InetSocketAddress) b.passive().remoteAddress()).getPort())
                        .isEqualTo(s.connectorPath().get(0).port());
                exchange(b, "up " + i, "down " + i);
            }
        } finally {
            active.forEach(Async::closeWhenDone);
            passive.forEach(Async::closeWhenDone);
        }
    }

    @Test
    void tcpAndTlsListenersAndBothAddressFamiliesCoexist() throws Exception {
        Session tcp = session(V4, false);
        Session tls = session(V4, true);
        Session tcp6 = session(V6, false);
        Session tls6 = session(V6, true);
        Session tcpAgain = session(V4, false);
        assertThat(server.listenAddresses()).hasSize(4);
        assertThat(tls.serverPath().get(0).port()).isNotEqualTo(tcp.serverPath().get(0).port());
        assertThat(tcpAgain.serverPath().get(0).port()).isEqualTo(tcp.serverPath().get(0).port());
        for (Session s : List.of(tls, tcp, tls6, tcpAgain, tcp6)) {
            try (BoundPair b = bindBoth(s)) {
                boolean isTls = s.serverPath().get(0).useTls();
                assertThat(b.active().isTls()).isEqualTo(isTls);
                assertThat(b.passive().isTls()).isEqualTo(isTls);
                if (isTls) {
                    assertThat(b.active().peerFingerprint()).isEqualTo(server.localFingerprint());
                }
                exchange(b, "to " + s.serverPath(), "from " + s.serverPath());
            }
        }
    }

    @Test
    void anExplicitPortGetsItsOwnListener() throws Exception {
        int free = LoopbackSockets.closedPort(V4);
        List<MsrpUri> shared = server.prepare(local(V4, false));
        List<MsrpUri> fixed = server.prepare(local(V4, false).withPort(free));
        List<MsrpUri> fixedAgain = server.prepare(local(V4, false).withPort(free));
        assertThat(fixed.get(0).port()).isEqualTo(free);
        assertThat(fixedAgain.get(0).port()).isEqualTo(free);
        assertThat(server.listenAddresses()).hasSize(2);
        ConnectorDirect c = connector(LIMIT);
        Session s = new Session(fixedAgain, c, c.prepare(local(V4, false)));
        try (BoundPair b = bindBoth(s)) {
            exchange(b, "fixed", "port");
        }
        assertThat(shared).isNotEmpty();
    }

    @Test
    void anUnknownToPathIsAnswered481AndTheServerGoesOn() throws Exception {
        Session s = session(V4, false);
        ConnectorDirect stranger = connector(LIMIT);
        stranger.prepare(local(V4, false));
        List<MsrpUri> unknown = List.of(s.serverPath().get(0).withSessionId("nobodyHere"));
        long start = System.nanoTime();
        assertThatThrownBy(() -> stranger.complete(unknown)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThat(millisSince(start)).as("481 comes at once").isLessThan(2000);
        try (BoundPair b = bindBoth(s)) {
            exchange(b, "after the stranger", "ok");
        }
    }

    @Test
    void afterCleanupABindingIsAnswered481() throws Exception {
        Session s = session(V4, false);
        Session kept = session(V4, false);
        assertThat(server.registrations()).isEqualTo(2);
        server.cleanup(s.serverPath().get(0));
        server.cleanup(s.serverPath().get(0));
        assertThat(server.registrations()).isEqualTo(1);
        assertThatThrownBy(() -> s.connector().complete(s.serverPath()))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.code()).isEqualTo(481));
        try (BoundPair b = bindBoth(kept)) {
            exchange(b, "kept", "still here");
        }
    }

    @Test
    void cleanupByTheUriAsGivenToPrepareAlsoForgetsIt() throws Exception {
        MsrpUri asGiven = local(V4, false); // port 0; prepare returns the real port
        List<MsrpUri> s = server.prepare(asGiven);
        server.cleanup(asGiven);
        assertThat(server.registrations()).isZero();
        ConnectorDirect c = connector(LIMIT);
        c.prepare(local(V4, false));
        assertThatThrownBy(() -> c.complete(s)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
    }

    @Test
    void completeCalledBeforeTheConnectionArrives() throws Exception {
        Session s = session(V4, false);
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(s.connectorPath()));
        Thread.sleep(300);
        assertThat(passive).isNotDone();
        CompletableFuture<MsrpTransport> active = async(() -> s.connector().complete(s.serverPath()));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            exchange(b, "early", "complete");
        }
    }

    @Test
    void completeCalledAfterTheConnectionArrived() throws Exception {
        Session s = session(V4, false);
        CompletableFuture<MsrpTransport> active = async(() -> s.connector().complete(s.serverPath()));
        Thread.sleep(300);
        assertThat(active).as("the connector waits for its 200").isNotDone();
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(s.connectorPath()));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            exchange(b, "late", "complete");
        }
    }

    @Test
    void aBindingNobodyCompletesGets481AfterTheServersBindTimeout() throws Exception {
        server.close();
        server = new MsrpServer(settings(Duration.ofMillis(500)));
        Session s = session(V4, false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> s.connector().complete(s.serverPath()))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.code()).isEqualTo(481));
        assertThat(millisSince(start)).isBetween(400L, 3000L);
    }

    @Test
    void aBindingNobodyCompletesTimesOutOnTheConnectorsOwnBindTimeoutWhenShorter() throws Exception {
        List<MsrpUri> s = server.prepare(local(V4, false));
        ConnectorDirect c = connector(Duration.ofMillis(400));
        c.prepare(local(V4, false));
        long start = System.nanoTime();
        assertThatThrownBy(() -> c.complete(s)).isInstanceOf(BindTimeoutException.class);
        assertThat(millisSince(start)).isBetween(300L, 3000L);
    }

    @Test
    void aCompleteNobodyConnectsToTimesOut() throws Exception {
        server.close();
        server = new MsrpServer(settings(Duration.ofMillis(400)));
        Session s = session(V4, false);
        long start = System.nanoTime();
        assertThatThrownBy(() -> server.complete(s.connectorPath())).isInstanceOf(BindTimeoutException.class);
        assertThat(millisSince(start)).isBetween(300L, 3000L);
    }

    @Test
    void aFromPathOtherThanTheExpectedOneIsNotHandedOut() throws Exception {
        server.close();
        server = new MsrpServer(settings(Duration.ofMillis(800)));
        Session s = session(V4, false);
        MsrpUri real = s.connectorPath().get(0);
        CompletableFuture<MsrpTransport> passive = async(() ->
                server.complete(List.of(real.withPort(real.port() + 1))));
        assertThatThrownBy(() -> s.connector().complete(s.serverPath()))
                .isInstanceOfSatisfying(BindingException.class, e -> assertThat(e.code()).isEqualTo(481));
        assertThatThrownBy(() -> await(passive)).isInstanceOf(BindTimeoutException.class);
    }

    @Test
    void withSessmatchAFromPathDifferingButForTheSessionIdIsHandedOut() throws Exception {
        server.close();
        server = new MsrpServer(settings(LIMIT, true));
        List<MsrpUri> s = server.prepare(local(V4, false));
        ConnectorDirect c = new ConnectorDirect(settings(LIMIT, true));
        connectors.add(c);
        MsrpUri real = c.prepare(local(V4, false)).get(0);
        List<MsrpUri> announced = List.of(real.toBuilder().host(V6).port(real.port() + 1).build());
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(announced));
        CompletableFuture<MsrpTransport> active = async(() -> c.complete(s));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(b.passive().fullRemotePath()).isEqualTo(announced);
            exchange(b, "sessmatch", "server");
        }
    }

    @Test
    void closeWakesAWaitingCompleteWithConnectionClosed() throws Exception {
        server.close();
        server = new MsrpServer(settings(Duration.ofSeconds(15)));
        Session s = session(V4, false);
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(s.connectorPath()));
        Thread.sleep(200);
        long start = System.nanoTime();
        server.close();
        assertThatThrownBy(() -> await(passive, Duration.ofSeconds(3))).isInstanceOf(ConnectionClosedException.class);
        assertThat(millisSince(start)).isLessThan(2000);
        assertThatThrownBy(() -> server.complete(s.connectorPath())).isInstanceOf(ConnectionClosedException.class);
        assertThatThrownBy(() -> server.prepare(local(V4, false))).isInstanceOf(IllegalStateException.class);
        assertThat(ConnectFixtures.refuses(V4, s.serverPath().get(0).port())).isTrue();
    }

    @Test
    void closeDropsABindingWaitingToBeClaimed() throws Exception {
        server.close();
        server = new MsrpServer(settings(Duration.ofSeconds(15)));
        Session s = session(V4, false);
        CompletableFuture<MsrpTransport> active = async(() -> s.connector().complete(s.serverPath()));
        Thread.sleep(300);
        server.close();
        // the connector is not left waiting for its bind timeout
        assertThatThrownBy(() -> await(active, Duration.ofSeconds(3))).isInstanceOf(IOException.class)
                .isNotInstanceOf(BindTimeoutException.class);
    }

    /**
     * msrplib's MSRPServer pops the local URI from its expected URIs when the binding arrives, so
     * a registration serves one binding and the server holds nothing for finished sessions
     * (DESIGN §5b: no per-session maps that are never pruned). MsrpServer keeps every
     * registration until cleanup(uri): after N sessions it holds N entries, and a second binding
     * to a used URI is not answered 481 but left waiting for a complete() until the bind timeout.
     */
    @Test
    void aRegistrationServesOneBinding() throws Exception {
        Session s = session(V4, false);
        try (BoundPair b = bindBoth(s)) {
            exchange(b, "first", "only");
            assertThat(server.registrations()).as("registrations once the session is bound").isZero();
        }
        ConnectorDirect again = connector(LIMIT);
        again.prepare(local(V4, false));
        long start = System.nanoTime();
        assertThatThrownBy(() -> again.complete(s.serverPath())).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThat(millisSince(start)).as("481 comes at once").isLessThan(2000);
    }

    @Test
    void aBindingSendCarryingDataIsLeftForTheReader() throws Exception {
        List<MsrpUri> s = server.prepare(local(V6, false));
        MsrpUri peerUri = local(V6, false).withPort(40002);
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(List.of(peerUri)));
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(V6, s.get(0).port()), 2000);
        try (MsrpTransport peer = TransportInternals.open(raw, peerUri, List.of(), TransportSettings.DEFAULT)) {
            peer.setFullRemotePath(s);
            MsrpChunk first = peer.newChunk().data("hello server").build();
            peer.writeChunk(first);
            try (MsrpTransport bound = await(passive)) {
                assertThat(bound.localUri()).isEqualTo(s.get(0));
                MsrpChunk got = bound.readChunk(1 << 20, LIMIT);
                assertThat(ConnectFixtures.text(got)).isEqualTo("hello server");
                bound.writeResponse(got, 200, "OK");
                assertThat(peer.readChunk(1 << 20, LIMIT).code()).isEqualTo(200);
            }
        }
    }

    @Test
    void aUriWithoutAPortSharesTheListener() throws Exception {
        List<MsrpUri> first = server.prepare(local(V4, false));
        List<MsrpUri> noPort = server.prepare(MsrpUri.builder().host(V4).sessionId("serverNoPort").build());
        assertThat(noPort.get(0).port()).isEqualTo(first.get(0).port());
        ConnectorDirect c = connector(LIMIT);
        Session s = new Session(noPort, c, c.prepare(local(V4, false)));
        try (BoundPair b = bindBoth(s)) {
            exchange(b, "no port", "shared");
        }
    }

    @Test
    void transportsHandedOutStayOpenAfterClose() throws Exception {
        for (int round = 0; round < 100; round++) {
            server.close();
            server = new MsrpServer(settings(LIMIT));
            Session s = session(V4, false);
            try (BoundPair b = bindBoth(s)) {
                server.close();
                exchange(b, "server gone " + round, "transport stays");
            }
        }
    }
}
