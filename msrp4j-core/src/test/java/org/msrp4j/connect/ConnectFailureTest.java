package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.millisSince;
import static org.msrp4j.connect.ConnectFixtures.refuses;
import static org.msrp4j.connect.ConnectFixtures.sawEof;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;
import static org.msrp4j.testing.LoopbackSockets.closedPort;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.connect.ConnectFixtures.RawServer;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.Async;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.transport.BindingException;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.ConnectionLostException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** Each way a connection can fail, with the exact exception type, over loopback only. */
@Timeout(20)
class ConnectFailureTest {

    private static final Duration SHORT = Duration.ofMillis(400);
    private static final Duration LIMIT = Duration.ofSeconds(5);

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {V4, V6})
    void connectionRefusedIsConnectFailed(String host) throws Exception {
        int port = closedPort(host);
        for (boolean tls : new boolean[] {false, true}) {
            ConnectorDirect connector = new ConnectorDirect(settings(SHORT));
            connector.prepare(local(host, tls));
            MsrpUri nobody = local(host, tls).withPort(port);
            long start = System.nanoTime();
            assertThatThrownBy(() -> connector.complete(List.of(nobody)))
                    .isExactlyInstanceOf(ConnectFailedException.class)
                    .hasCauseInstanceOf(ConnectException.class)
                    .satisfies(e -> {
                        InetSocketAddress a = ((ConnectFailedException) e).address();
                        assertThat(a.getPort()).isEqualTo(port);
                        assertThat(a.getAddress()).isEqualTo(InetAddress.getByName(host));
                    });
            assertThat(millisSince(start)).isLessThan(2000);
            connector.cleanup();
        }
    }

    @Test
    void tlsHandshakeWithASilentServerIsConnectTimeout() throws Exception {
        try (RawServer silent = new RawServer(V4)) {
            ConnectorDirect connector = new ConnectorDirect(ConnectFixtures.limits(LIMIT).connectTimeout(SHORT)
                    .build());
            connector.prepare(local(V4, true));
            long start = System.nanoTime();
            assertThatThrownBy(() -> connector.complete(List.of(silent.uri(true))))
                    .isExactlyInstanceOf(ConnectTimeoutException.class)
                    .hasMessageContaining("TLS handshake")
                    .satisfies(e -> assertThat(((ConnectTimeoutException) e).timeout()).isEqualTo(SHORT));
            assertThat(millisSince(start)).isBetween(300L, 3000L);
            assertThat(silent.count.get()).isEqualTo(1);
            // the connector closed its end
            assertThat(sawEof(silent.accepted.get(0), Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void aSilentPeerIsBindTimeout() throws Exception {
        try (RawServer silent = new RawServer(V6)) {
            ConnectorDirect connector = new ConnectorDirect(ConnectFixtures.limits(LIMIT).bindTimeout(SHORT).build());
            connector.prepare(local(V6, false));
            long start = System.nanoTime();
            assertThatThrownBy(() -> connector.complete(List.of(silent.uri(false))))
                    .isExactlyInstanceOf(BindTimeoutException.class)
                    .satisfies(e -> assertThat(((BindTimeoutException) e).timeout()).isEqualTo(SHORT));
            assertThat(millisSince(start)).isBetween(300L, 3000L);
            // it did send its binding SEND before giving up, and closed the connection after
            Socket seen = silent.accepted.get(0);
            seen.setSoTimeout(2000);
            byte[] head = seen.getInputStream().readNBytes(5);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("MSRP ");
            assertThat(sawEof(seen, Duration.ofSeconds(2))).isTrue();
        }
    }

    @Test
    void anAcceptorNobodyConnectsToIsIncomingConnectionTimeout() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(SHORT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        long start = System.nanoTime();
        assertThatThrownBy(() -> acceptor.complete(List.of(local(V4, false).withPort(9))))
                .isExactlyInstanceOf(IncomingConnectionTimeoutException.class)
                .satisfies(e -> assertThat(((IncomingConnectionTimeoutException) e).timeout()).isEqualTo(SHORT))
                .message().doesNotContain("refused");
        assertThat(millisSince(start)).isBetween(300L, 3000L);
        assertThat(refuses(V4, a.get(0).port())).as("listener closed after the timeout").isTrue();
    }

    @Test
    void wrongPathsGet481AndTheTimeoutNamesTheRefusedAttempt() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofMillis(1200)));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        ConnectorDirect expected = new ConnectorDirect(settings(LIMIT));
        List<MsrpUri> c = expected.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));

        ConnectorDirect wrong = new ConnectorDirect(settings(LIMIT));
        int wrongPort = wrong.prepare(local(V4, false)).get(0).port();
        List<MsrpUri> wrongTo = List.of(a.get(0).withSessionId("notThisOne"));
        assertThatThrownBy(() -> wrong.complete(wrongTo)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThatThrownBy(() -> await(passive)).isExactlyInstanceOf(IncomingConnectionTimeoutException.class)
                .hasMessageContaining("refused 1")
                .hasMessageContaining(":" + wrongPort)
                .hasMessageContaining("notThisOne");
        expected.cleanup();
    }

    @Test
    void aCorrectConnectorArrivingAfterARefusedOneStillBinds() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        ConnectorDirect right = new ConnectorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        List<MsrpUri> c = right.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));

        ConnectorDirect wrong = new ConnectorDirect(settings(LIMIT));
        wrong.prepare(local(V4, false)); // right To-Path, but a From-Path the acceptor does not expect
        assertThatThrownBy(() -> wrong.complete(a)).isInstanceOfSatisfying(BindingException.class,
                e -> assertThat(e.code()).isEqualTo(481));
        assertThat(passive).isNotDone();

        CompletableFuture<MsrpTransport> active = async(() -> right.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(((InetSocketAddress) b.passive().remoteAddress()).getPort()).isEqualTo(c.get(0).port());
            exchange(b, "second try", "welcome");
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http", "binary", "truncated"})
    void garbageDuringBindingIsNotBoundTo(String kind) throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        ConnectorDirect right = new ConnectorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        List<MsrpUri> c = right.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));

        byte[] junk = switch (kind) {
            case "http" -> "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            case "binary" -> {
                byte[] b = new byte[300];
                Arrays.fill(b, (byte) 0xC3);
                b[150] = '\r';
                b[151] = '\n';
                b[298] = '\r';
                b[299] = '\n';
                yield b;
            }
            default -> "MSRP abcd SEND\r\nTo-Path: ".getBytes(StandardCharsets.US_ASCII);
        };
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            OutputStream out = raw.getOutputStream();
            out.write(junk);
            out.flush();
            if (kind.equals("truncated")) {
                raw.shutdownOutput(); // ends in the middle of a chunk
            }
            assertThat(sawEof(raw, Duration.ofSeconds(3))).as("the acceptor drops the junk connection").isTrue();
        }
        assertThat(passive).isNotDone();
        CompletableFuture<MsrpTransport> active = async(() -> right.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(((InetSocketAddress) b.passive().remoteAddress()).getPort()).isEqualTo(c.get(0).port());
            exchange(b, "after junk", "clean");
        }
    }

    /**
     * A well-framed binding SEND that lacks To-Path and From-Path is garbage too, and the class
     * comment of AcceptorDirect says garbage is closed and the wait goes on. It is not: the
     * transport answers it 400 and keeps reading, acceptBinding waits on that connection for
     * the bind timeout, and complete() then fails with BindTimeoutException and stops listening,
     * so the right peer arriving afterwards is refused.
     */
    @Test
    void aMalformedBindingSendIsRefusedAndTheWaitGoesOn() throws Exception {
        AcceptorDirect acceptor =
                new AcceptorDirect(ConnectFixtures.limits(LIMIT).bindTimeout(Duration.ofMillis(2500)).build());
        ConnectorDirect right = new ConnectorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        List<MsrpUri> c = right.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            raw.getOutputStream().write(("MSRP abcd SEND\r\nMessage-ID: abcd1234\r\nByte-Range: 1-0/0\r\n"
                    + "-------abcd$\r\n").getBytes(StandardCharsets.US_ASCII));
            raw.setSoTimeout(3000);
            byte[] head = raw.getInputStream().readNBytes(13);
            assertThat(new String(head, StandardCharsets.US_ASCII)).isEqualTo("MSRP abcd 400");
            long start = System.nanoTime();
            assertThat(sawEof(raw, Duration.ofSeconds(3))).as("the acceptor drops the malformed binding").isTrue();
            assertThat(millisSince(start)).as("ms until the acceptor dropped it (bind timeout is 2500)")
                    .isLessThan(1200);
        }
        CompletableFuture<MsrpTransport> active = async(() -> right.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            exchange(b, "after a malformed SEND", "clean");
        } finally {
            right.cleanup();
            acceptor.cleanup();
        }
    }

    /** A TCP connection that stays silent past the bind timeout is closed and listed; the wait goes on. */
    @Test
    void aSilentTcpConnectionIsRefusedAfterTheBindTimeoutAndListed() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(ConnectFixtures.limits(LIMIT).bindTimeout(SHORT).build());
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() ->
                acceptor.complete(List.of(local(V4, false).withPort(9))));
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            assertThat(sawEof(silent, LIMIT)).isTrue();
            assertThatThrownBy(() -> await(passive)).isExactlyInstanceOf(IncomingConnectionTimeoutException.class)
                    .hasMessageContaining("refused 1: ")
                    .hasMessageContaining(silent.getLocalPort() + ": sent no binding SEND within " + SHORT.toMillis());
        }
        assertThat(refuses(V4, a.get(0).port())).isTrue();
    }

    /** On TLS a connection that never starts its handshake is refused and the wait goes on. */
    @Test
    void aSilentTlsConnectionIsRefusedAndTheRightPeerStillBinds() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(ConnectFixtures.limits(LIMIT).bindTimeout(SHORT).build());
        ConnectorDirect right = new ConnectorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, true));
        List<MsrpUri> c = right.prepare(local(V4, true));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            assertThat(sawEof(silent, Duration.ofSeconds(3))).isTrue();
        }
        CompletableFuture<MsrpTransport> active = async(() -> right.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            exchange(b, "after a silent one", "ok");
        }
    }

    @Test
    void aPeerClosingMidChunkIsConnectionLost() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        MsrpUri peerUri = local(V4, false).withPort(40000);
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(List.of(peerUri)));
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
        // a hand-driven peer: binds properly, then dies half-way through a chunk
        MsrpTransport peer = TransportInternals.open(raw, peerUri, List.of(), TransportSettings.DEFAULT);
        Binding.active(peer, a, LIMIT);
        MsrpTransport bound = await(passive);
        try {
            MsrpChunk chunk = peer.newChunk().data("0123456789abcdefghij").build();
            OutputStream out = raw.getOutputStream();
            out.write(chunk.encodeStart());
            out.write(Arrays.copyOf(chunk.data(), 8));
            out.flush();
            Thread.sleep(100);
            peer.close();
            assertThatThrownBy(() -> bound.readChunk(1 << 20, LIMIT)).isExactlyInstanceOf(ConnectionLostException.class)
                    .satisfies(e -> assertThat(((ConnectionLostException) e).byPeer()).isTrue());
            assertThat(bound.isClosed()).isTrue();
        } finally {
            bound.close();
        }
    }

    @Test
    void aPeerClosingBetweenChunksIsAConnectionClosedByThePeer() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = BoundPair.bind(connector, local(V4, false), acceptor, local(V4, false))) {
            ConnectFixtures.send(b.active(), b.passive(), "last words");
            b.active().close();
            assertThatThrownBy(() -> b.passive().readChunk(1 << 20, LIMIT))
                    .isExactlyInstanceOf(ConnectionClosedException.class)
                    .satisfies(e -> assertThat(((ConnectionClosedException) e).byPeer()).isTrue());
            assertThatThrownBy(() -> b.active().writeChunk(b.active().newChunk().data("x").build()))
                    .isInstanceOfSatisfying(ConnectionClosedException.class, e -> assertThat(e.byPeer()).isFalse());
        }
    }

    @Test
    void cleanupAbortsABlockedAcceptorComplete() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofSeconds(15)));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() ->
                acceptor.complete(List.of(local(V4, false).withPort(9))));
        Thread.sleep(200);
        long start = System.nanoTime();
        acceptor.cleanup();
        assertThatThrownBy(() -> await(passive, Duration.ofSeconds(3))).isInstanceOf(IOException.class);
        assertThat(millisSince(start)).isLessThan(2000);
        assertThat(refuses(V4, a.get(0).port())).isTrue();
    }

    @Test
    void cleanupAbortsAnAcceptorWaitingForABindingSend() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofSeconds(15)));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() ->
                acceptor.complete(List.of(local(V4, false).withPort(9))));
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            Thread.sleep(300); // accepted; the acceptor now waits for a binding SEND
            long start = System.nanoTime();
            acceptor.cleanup();
            assertThatThrownBy(() -> await(passive, Duration.ofSeconds(3))).isInstanceOf(IOException.class);
            assertThat(millisSince(start)).isLessThan(2000);
            assertThat(sawEof(silent, Duration.ofSeconds(2))).isTrue();
        }
    }

    @ParameterizedTest(name = "tls {0}")
    @ValueSource(booleans = {false, true})
    void cleanupAbortsABlockedConnectorComplete(boolean tls) throws Exception {
        try (RawServer silent = new RawServer(V4)) {
            ConnectorDirect connector = new ConnectorDirect(settings(Duration.ofSeconds(15)));
            connector.prepare(local(V4, tls));
            CompletableFuture<MsrpTransport> active = async(() -> connector.complete(List.of(silent.uri(tls))));
            assertThat(Async.eventually(Duration.ofSeconds(3), () -> silent.count.get() == 1)).isTrue();
            Thread.sleep(200); // in the TLS handshake, or waiting for the 200
            long start = System.nanoTime();
            connector.cleanup();
            assertThatThrownBy(() -> await(active, Duration.ofSeconds(3))).isInstanceOf(IOException.class)
                    .isNotInstanceOf(MsrpTimeoutException.class);
            assertThat(millisSince(start)).isLessThan(2000);
            assertThat(sawEof(silent.accepted.get(0), Duration.ofSeconds(2))).isTrue();
        }
    }

}
