package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.refuses;
import static org.msrp4j.connect.ConnectFixtures.sawEof;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.WAIT;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.Async.eventually;
import static org.msrp4j.testing.LoopbackSockets.V4;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Stray connections at an {@link AcceptorDirect} (issue 17, item 7): one that connects first and
 * sends nothing, over TCP or before a TLS handshake, must neither fail {@code complete()} nor hold up
 * the real peer; refused attempts are closed and listed, a bounded number of them by name.
 */
class AcceptorDirectStrayTest {

    /** Long enough that a stray connection served first would outlast the real peer's patience. */
    private static final Duration PATIENT = Duration.ofMinutes(5);

    @ParameterizedTest(name = "tls={0}")
    @ValueSource(booleans = {false, true})
    void aSilentConnectionArrivingFirstDoesNotHoldUpTheRealPeer(boolean tls) throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(ConnectFixtures.limits(PATIENT).build());
        ConnectorDirect right = new ConnectorDirect(settings(WAIT));
        List<MsrpUri> a = acceptor.prepare(local(V4, tls));
        List<MsrpUri> c = right.prepare(local(V4, tls));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        try (Socket silent = new Socket()) {
            silent.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
            CompletableFuture<MsrpTransport> active = async(() -> right.complete(a));
            try (BoundPair b = new BoundPair(await(active), await(passive))) {
                exchange(b, "past a silent " + (tls ? "TLS" : "TCP") + " connection", "ok");
                assertThat(sawEof(silent, WAIT)).as("the stray connection is closed once the peer is bound").isTrue();
            }
        } finally {
            right.cleanup();
            acceptor.cleanup();
        }
    }

    @Test
    void aConnectionThatArrivedBeforeTheIncomingTimeoutMayStillBindWithinItsBindTimeout() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(ConnectFixtures.limits(PATIENT)
                .incomingConnectionTimeout(Duration.ofMillis(500)).build());
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        MsrpUri peerUri = local(V4, false).withPort(40001);
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(List.of(peerUri)));
        Socket raw = new Socket();
        raw.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
        try (MsrpTransport peer = TransportInternals.open(raw, peerUri, List.of(), TransportSettings.DEFAULT)) {
            assertThat(eventually(WAIT, () -> refuses(V4, a.get(0).port())))
                    .as("the incoming-connection timeout passed: no new connections").isTrue();
            Binding.active(peer, a, WAIT);
            try (MsrpTransport bound = await(passive)) {
                assertThat(bound.fullRemotePath()).containsExactly(peerUri);
            }
        } finally {
            acceptor.cleanup();
        }
    }

    @Test
    void refusedAttemptsAreClosedAndListedUpToABound() throws Exception {
        int strays = AcceptorDirect.MAX_LISTED + 2;
        AcceptorDirect acceptor = new AcceptorDirect(ConnectFixtures.limits(Duration.ofSeconds(6))
                .bindTimeout(PATIENT).build());
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(List.of(local(V4, false)
                .withPort(9))));
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < strays; i++) {
                Socket s = new Socket();
                sockets.add(s);
                s.connect(new InetSocketAddress(V4, a.get(0).port()), 2000);
                s.getOutputStream().write(("GET /" + i + " HTTP/1.0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            }
            for (Socket s : sockets) {
                assertThat(sawEof(s, WAIT)).as("garbage is closed at once, not after the bind timeout").isTrue();
            }
            assertThatThrownBy(() -> await(passive, Duration.ofSeconds(30)))
                    .isExactlyInstanceOf(IncomingConnectionTimeoutException.class)
                    .hasMessageContaining("refused " + strays + ": ")
                    .hasMessageContaining(":" + sockets.get(0).getLocalPort() + ": ")
                    .hasMessageEndingWith("; and 2 more");
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
            acceptor.cleanup();
        }
    }
}
