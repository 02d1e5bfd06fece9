package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.exchange;
import static org.msrp4j.connect.ConnectFixtures.limits;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.connect.ConnectFixtures.millisSince;
import static org.msrp4j.connect.ConnectFixtures.settings;
import static org.msrp4j.testing.Async.async;
import static org.msrp4j.testing.Async.await;
import static org.msrp4j.testing.BoundPair.bind;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.MsrpTransport;

/** msrps: certificates, fingerprints both ways, pinning, explicit credentials; AcceptorDirect and MsrpServer. */
@Timeout(20)
class TlsConnectTest {

    private static final Duration LIMIT = Duration.ofSeconds(5);
    private static final TlsCredentials CLIENT = PkixCredentials.selfSigned("client.test");
    private static final TlsCredentials SERVER = PkixCredentials.selfSigned("server.test");

    private MsrpServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "host {0}")
    @ValueSource(strings = {V4, V6})
    void peerFingerprintsAreKnownOnBothSides(String host) throws Exception {
        ConnectorDirect connector = new ConnectorDirect(limits(LIMIT).tlsCredentials(CLIENT).build());
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = bind(connector, local(host, true), acceptor, local(host, true))) {
            assertThat(acceptor.localFingerprint()).isPresent();
            assertThat(b.active().peerFingerprint()).isEqualTo(acceptor.localFingerprint());
            assertThat(b.passive().peerFingerprint()).contains(CLIENT.fingerprint());
            assertThat(b.passive().peerCertificate()).contains(CLIENT.certificate());
            exchange(b, "secret up", "secret down");
        }
    }

    @Test
    void aConnectorWithoutCredentialsPresentsNoCertificate() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        try (BoundPair b = bind(connector, local(V4, true), acceptor, local(V4, true))) {
            assertThat(b.passive().isTls()).isTrue();
            assertThat(b.passive().peerFingerprint()).isEmpty();
            assertThat(b.active().peerFingerprint()).isEqualTo(acceptor.localFingerprint());
        }
    }

    @Test
    void credentialsCarriedByTheLocalUrisAreUsed() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(LIMIT));
        AcceptorDirect acceptor = new AcceptorDirect(settings(LIMIT));
        MsrpUri connectorUri = local(V4, true).withCredentials(CLIENT);
        MsrpUri acceptorUri = local(V4, true).withCredentials(SERVER);
        try (BoundPair b = bind(connector, connectorUri, acceptor, acceptorUri)) {
            assertThat(acceptor.localFingerprint()).contains(SERVER.fingerprint());
            assertThat(b.active().peerFingerprint()).contains(SERVER.fingerprint());
            assertThat(b.passive().peerFingerprint()).contains(CLIENT.fingerprint());
        }
    }

    @Test
    void explicitCredentialsInTheSettingsAreUsed() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(limits(LIMIT).tlsCredentials(CLIENT).build());
        AcceptorDirect acceptor = new AcceptorDirect(limits(LIMIT).tlsCredentials(SERVER).build());
        try (BoundPair b = bind(connector, local(V4, true), acceptor, local(V4, true))) {
            assertThat(acceptor.localFingerprint()).contains(SERVER.fingerprint());
            assertThat(b.active().peerFingerprint()).contains(SERVER.fingerprint());
            assertThat(b.active().peerCertificate()).contains(SERVER.certificate());
            assertThat(b.passive().peerFingerprint()).contains(CLIENT.fingerprint());
        }
    }

    @Test
    void eachAcceptorWithoutCredentialsMakesItsOwnCertificate() throws Exception {
        AcceptorDirect one = new AcceptorDirect(settings(LIMIT));
        AcceptorDirect two = new AcceptorDirect(settings(LIMIT));
        try {
            one.prepare(local(V4, true));
            two.prepare(local(V4, true));
            assertThat(one.localFingerprint()).isPresent().isNotEqualTo(two.localFingerprint());
        } finally {
            one.cleanup();
            two.cleanup();
        }
        AcceptorDirect plain = new AcceptorDirect(settings(LIMIT));
        plain.prepare(local(V4, false));
        plain.cleanup();
        assertThat(plain.localFingerprint()).isEmpty();
    }

    @Test
    void thePinnedFingerprintOfTheAcceptorIsAccepted() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(limits(LIMIT).tlsCredentials(SERVER).build());
        ConnectorDirect connector = new ConnectorDirect(limits(LIMIT).peerFingerprint(SERVER.fingerprint()).build());
        try (BoundPair b = bind(connector, local(V4, true), acceptor, local(V4, true))) {
            assertThat(b.active().peerFingerprint()).contains(SERVER.fingerprint());
            exchange(b, "pinned", "ok");
        }
    }

    @Test
    void aWrongPinnedFingerprintFailsTheConnector() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(limits(Duration.ofMillis(1500)).tlsCredentials(SERVER).build());
        ConnectorDirect connector = new ConnectorDirect(limits(LIMIT).peerFingerprint(CLIENT.fingerprint()).build());
        List<MsrpUri> a = acceptor.prepare(local(V4, true));
        List<MsrpUri> c = connector.prepare(local(V4, true));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        CompletableFuture<MsrpTransport> active = async(() -> connector.complete(a));

        assertThatThrownBy(() -> await(active)).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("TLS handshake").hasRootCauseInstanceOf(CertificateException.class)
                .satisfies(e -> assertThat(((ConnectFailedException) e).address().getPort())
                        .isEqualTo(a.get(0).port()));
        assertThat(((ConnectFailedException) catchFailure(active)).getCause())
                .isInstanceOf(SSLHandshakeException.class);
        // the acceptor refused that attempt and went on waiting
        assertThatThrownBy(() -> await(passive)).isInstanceOf(IncomingConnectionTimeoutException.class)
                .hasMessageContaining("refused 1");
        connector.cleanup();
    }

    @Test
    void anAcceptorPinningTheClientFingerprintTakesOnlyThatClient() throws Exception {
        AcceptorDirect acceptor =
                new AcceptorDirect(limits(Duration.ofSeconds(4)).peerFingerprint(CLIENT.fingerprint()).build());
        List<MsrpUri> a = acceptor.prepare(local(V4, true));
        ConnectorDirect stranger = new ConnectorDirect(limits(LIMIT).tlsCredentials(SERVER).build());
        ConnectorDirect friend = new ConnectorDirect(limits(LIMIT).tlsCredentials(CLIENT).build());
        List<MsrpUri> s = stranger.prepare(local(V4, true));
        List<MsrpUri> f = friend.prepare(local(V4, true));
        // the acceptor expects the friend's path; the stranger comes first with the right To-Path
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(f));
        CompletableFuture<MsrpTransport> refused = async(() -> stranger.complete(a));
        assertThatThrownBy(() -> await(refused)).isInstanceOf(IOException.class);
        CompletableFuture<MsrpTransport> active = async(() -> friend.complete(a));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(b.passive().peerFingerprint()).contains(CLIENT.fingerprint());
            exchange(b, "friend", "welcome");
        }
        stranger.cleanup();
        assertThat(s).isNotEmpty();
    }

    @Test
    void serverFingerprintIsWhatConnectorsSee() throws Exception {
        server = new MsrpServer(settings(LIMIT));
        assertThat(server.localFingerprint()).isEmpty();
        List<MsrpUri> s1 = server.prepare(local(V4, true));
        List<MsrpUri> s2 = server.prepare(local(V4, true));
        assertThat(server.localFingerprint()).isPresent();
        assertThat(s2.get(0).port()).isEqualTo(s1.get(0).port());
        for (List<MsrpUri> s : List.of(s1, s2)) {
            ConnectorDirect connector = new ConnectorDirect(limits(LIMIT).tlsCredentials(CLIENT).build());
            List<MsrpUri> c = connector.prepare(local(V4, true));
            CompletableFuture<MsrpTransport> passive = async(() -> server.complete(c));
            CompletableFuture<MsrpTransport> active = async(() -> connector.complete(s));
            try (BoundPair b = new BoundPair(await(active), await(passive))) {
                assertThat(b.active().peerFingerprint()).isEqualTo(server.localFingerprint());
                assertThat(b.passive().peerFingerprint()).contains(CLIENT.fingerprint());
                exchange(b, "to server " + s, "from server " + s);
            }
        }
    }

    @Test
    void serverUsesExplicitCredentialsAndPinningWorks() throws Exception {
        server = new MsrpServer(limits(LIMIT).tlsCredentials(SERVER).build());
        List<MsrpUri> s = server.prepare(local(V6, true));
        assertThat(server.localFingerprint()).contains(SERVER.fingerprint());

        ConnectorDirect wrong = new ConnectorDirect(limits(LIMIT).peerFingerprint(CLIENT.fingerprint()).build());
        wrong.prepare(local(V6, true));
        assertThatThrownBy(() -> wrong.complete(s)).isInstanceOf(ConnectFailedException.class);

        ConnectorDirect right = new ConnectorDirect(limits(LIMIT).peerFingerprint(SERVER.fingerprint()).build());
        List<MsrpUri> c = right.prepare(local(V6, true));
        CompletableFuture<MsrpTransport> passive = async(() -> server.complete(c));
        CompletableFuture<MsrpTransport> active = async(() -> right.complete(s));
        try (BoundPair b = new BoundPair(await(active), await(passive))) {
            assertThat(b.active().peerFingerprint()).contains(SERVER.fingerprint());
            exchange(b, "v6 tls", "v6 tls back");
        }
    }

    @Test
    void aTlsConnectorAgainstAPlainListenerFailsToConnect() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofMillis(1500)));
        List<MsrpUri> a = acceptor.prepare(local(V4, false));
        ConnectorDirect connector = new ConnectorDirect(settings(Duration.ofSeconds(3)));
        List<MsrpUri> c = connector.prepare(local(V4, true));
        CompletableFuture<MsrpTransport> passive = async(() -> acceptor.complete(c));
        // the path says msrps: the connector speaks TLS to a plain MSRP listener
        List<MsrpUri> asTls = List.of(a.get(0).toBuilder().useTls(true).build());
        assertThatThrownBy(() -> connector.complete(asTls))
                .isInstanceOfAny(ConnectFailedException.class, ConnectTimeoutException.class);
        assertThatThrownBy(() -> await(passive)).isInstanceOf(IncomingConnectionTimeoutException.class);
    }

    /**
     * Closing one side of a bound TLS connection must not wait for the peer. It does: {@code
     * MsrpTransport.close()} closes the SSLSocket, whose JDK close reads one byte from the peer
     * (waiting for its close_notify) whenever SO_TIMEOUT is positive, and readChunk(size, timeout)
     * and bind leave SO_TIMEOUT at the last timeout used. So close() blocks until that timeout
     * (the bind timeout, 30 s by default) unless the peer closes too.
     */
    @Test
    void closingATlsTransportDoesNotWaitForThePeer() throws Exception {
        ConnectorDirect connector = new ConnectorDirect(settings(Duration.ofSeconds(3)));
        AcceptorDirect acceptor = new AcceptorDirect(settings(Duration.ofSeconds(3)));
        BoundPair b = bind(connector, local(V4, true), acceptor, local(V4, true));
        try {
            long start = System.nanoTime();
            b.active().close(); // the peer stays open and silent
            long closeMillis = millisSince(start);
            assertThat(closeMillis).as("milliseconds MsrpTransport.close() took on TLS").isLessThan(1000);
        } finally {
            b.passive().close();
        }
    }

    private static Throwable catchFailure(CompletableFuture<?> f) {
        try {
            await(f);
            return null;
        } catch (Exception e) {
            return e;
        }
    }
}
