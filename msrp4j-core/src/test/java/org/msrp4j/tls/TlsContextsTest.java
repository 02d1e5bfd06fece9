package org.msrp4j.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.tls.Loopback.Outcome;
import org.msrp4j.tls.pkix.PkixCredentials;

class TlsContextsTest {

    private static TlsCredentials server;
    private static TlsCredentials client;

    @BeforeAll
    static void credentials() {
        server = PkixCredentials.selfSigned("server.example.org");
        client = PkixCredentials.selfSigned("client.example.org");
    }

    @Test
    void defaultClientAcceptsASelfSignedServerAndSeesItsFingerprint() throws Exception {
        Outcome outcome = Loopback.handshake(TlsContexts.server(server), TlsContexts.client(), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.client().peerFingerprint()).contains(server.fingerprint());
        assertThat(outcome.server().peerFingerprint()).as("client presented no certificate").isEmpty();
        assertThat(outcome.client().protocol()).isEqualTo("TLSv1.3");
    }

    @Test
    void serverSeesTheClientFingerprintWhenTheClientPresentsACertificate() throws Exception {
        Outcome outcome = Loopback.handshake(TlsContexts.server(server), TlsContexts.client(client), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.client().peerFingerprint()).contains(server.fingerprint());
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void expectedServerFingerprintThatMatchesPasses() throws Exception {
        Fingerprint fromSdp = Fingerprint.parse(server.fingerprint().toString().toLowerCase());

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(server), TlsContexts.client(client, fromSdp), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.client().peerFingerprint()).contains(server.fingerprint());
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void expectedSha1FingerprintWorksToo() throws Exception {
        Fingerprint sha1 = Fingerprint.of("SHA-1", server.certificate());

        Outcome outcome = Loopback.handshake(TlsContexts.server(server), TlsContexts.client(null, sha1), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
    }

    @Test
    void expectedServerFingerprintThatDiffersFailsTheHandshakeSayingWhy() throws Exception {
        Fingerprint expected = PkixCredentials.selfSigned("impostor").fingerprint();

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(server), TlsContexts.client(client, expected), "127.0.0.1");

        assertThat(outcome.client().failure())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("fingerprint mismatch")
                .hasMessageContaining("expected " + expected)
                .hasMessageContaining("actual " + server.fingerprint());
        assertThat(outcome.server().failure()).as("server sees the client's alert").isNotNull();
    }

    @Test
    void handshakeOverIpv6Loopback() throws Exception {
        Assumptions.assumeTrue(ipv6LoopbackAvailable(), "no ::1 on this machine");
        TlsCredentials v6 = PkixCredentials.selfSigned("::1");

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(v6), TlsContexts.client(client, v6.fingerprint()), "::1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.client().peerFingerprint()).contains(v6.fingerprint());
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void serverThatUpgradesAnAcceptedSocketStillAsksForTheClientCertificate() throws Exception {
        Outcome outcome = Loopback.layeredServerHandshake(
                TlsContexts.server(server), TlsContexts.client(client), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.server().failure()).isNull();
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void rsaCredentialsLoadedFromPemWork(@TempDir Path dir) throws Exception {
        KeyPair rsa = TestPki.rsaKeyPair();
        Path cert = TestPki.writePem(dir.resolve("cert.pem"), TestPki.selfSign("rsa.example.org", rsa));
        Path key = TestPki.writePem(dir.resolve("key.pem"), rsa.getPrivate());
        TlsCredentials rsaServer = PkixCredentials.fromPem(cert, key);

        Outcome tls13 = Loopback.handshake(
                TlsContexts.server(rsaServer), TlsContexts.client(client, rsaServer.fingerprint()), "127.0.0.1");
        Outcome tls12 = Loopback.handshake(TlsContexts.server(rsaServer),
                TlsContexts.client(client, rsaServer.fingerprint()), "127.0.0.1",
                s -> s.setEnabledProtocols(new String[] {"TLSv1.2"}));

        assertThat(tls13.client().failure()).isNull();
        assertThat(tls13.server().peerFingerprint()).contains(client.fingerprint());
        assertThat(tls12.client().failure()).isNull();
        assertThat(tls12.client().protocol()).isEqualTo("TLSv1.2");
        assertThat(tls12.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void tls12HandshakeWithEcCredentials() throws Exception {
        Outcome outcome = Loopback.handshake(TlsContexts.server(server), TlsContexts.client(client), "127.0.0.1",
                s -> s.setEnabledProtocols(new String[] {"TLSv1.2"}));

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.client().protocol()).isEqualTo("TLSv1.2");
        assertThat(outcome.client().peerFingerprint()).contains(server.fingerprint());
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void onlyTls13And12AreEnabledEverywhere() throws Exception {
        for (SSLContext context : List.of(TlsContexts.server(server), TlsContexts.client(),
                TlsContexts.client(client, server.fingerprint()), TlsContexts.caValidatingClient(null, null))) {
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
                    SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory()
                            .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                SSLEngine engine = context.createSSLEngine("peer.example.org", 2855);
                assertThat(socket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                assertThat(serverSocket.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                assertThat(engine.getEnabledProtocols()).containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
                assertThat(context.getDefaultSSLParameters().getProtocols())
                        .containsExactlyInAnyOrder("TLSv1.3", "TLSv1.2");
            }
        }
        assertThat(TlsContexts.PROTOCOLS).containsExactly("TLSv1.3", "TLSv1.2");
    }

    @Test
    void serverContextsWantButDoNotNeedClientCertificates() throws Exception {
        SSLContext context = TlsContexts.server(server);
        try (SSLServerSocket serverSocket = (SSLServerSocket) context.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(false);

            assertThat(serverSocket.getWantClientAuth()).isTrue();
            assertThat(serverSocket.getNeedClientAuth()).isFalse();
            assertThat(engine.getWantClientAuth()).isTrue();
        }
    }

    @Test
    void contextsCannotBeReinitialised() {
        SSLContext context = TlsContexts.client();

        assertThatThrownBy(() -> context.init(null, null, null))
                .hasMessageContaining("cannot be re-initialised");
    }

    @Test
    void caValidatingClientAcceptsAServerCertificateFromTheTrustedCa() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("Relay CA");
        TlsCredentials relay = ca.credentials("relay", new GeneralName(GeneralName.iPAddress, "127.0.0.1"));

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(relay), TlsContexts.caValidatingClient(trustStore(ca), client), "127.0.0.1");

        assertThat(outcome.client().failure()).isNull();
        assertThat(outcome.client().peerFingerprint()).contains(relay.fingerprint());
        assertThat(outcome.server().peerFingerprint()).contains(client.fingerprint());
    }

    @Test
    void caValidatingClientRejectsAnUntrustedServer() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("Relay CA");
        TestPki.Ca otherCa = TestPki.Ca.create("Other CA");
        TlsCredentials relay = ca.credentials("relay", new GeneralName(GeneralName.iPAddress, "127.0.0.1"));

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(relay), TlsContexts.caValidatingClient(trustStore(otherCa), null), "127.0.0.1");

        assertThat(outcome.client().failure())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("PKIX path");
    }

    @Test
    void caValidatingClientChecksTheServerName() throws Exception {
        TestPki.Ca ca = TestPki.Ca.create("Relay CA");
        TlsCredentials relay = ca.credentials("relay", new GeneralName(GeneralName.dNSName, "relay.example.org"));

        Outcome outcome = Loopback.handshake(
                TlsContexts.server(relay), TlsContexts.caValidatingClient(trustStore(ca), null), "127.0.0.1");

        assertThat(outcome.client().failure())
                .isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void caValidatingClientRejectsASelfSignedServer() throws Exception {
        Outcome outcome = Loopback.handshake(TlsContexts.server(server),
                TlsContexts.caValidatingClient(trustStore(TestPki.Ca.create("Some CA")), null), "127.0.0.1");

        assertThat(outcome.client().failure()).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void caValidatingClientRejectsAnUnloadedTrustStore() throws Exception {
        KeyStore unloaded = KeyStore.getInstance("PKCS12");

        assertThatThrownBy(() -> TlsContexts.caValidatingClient(unloaded, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("cannot use trust store");
    }

    @Test
    void caValidatingClientRejectsAnEmptyTrustStore() throws Exception {
        KeyStore empty = KeyStore.getInstance("PKCS12");
        empty.load(null, null);

        assertThatThrownBy(() -> TlsContexts.caValidatingClient(empty, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot use trust store: it holds no certificates");
    }

    @Test
    void checkPeerFingerprintOnBothSides() throws Exception {
        // the server side check, done as an acceptor would after the handshake
        SSLContext serverContext = TlsContexts.server(server);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(Loopback.TIMEOUT_MILLIS);
            var serverChecks = new CompletableFuture<List<Throwable>>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                    accepted.startHandshake();
                    TlsContexts.checkPeerFingerprint(accepted, client.fingerprint());
                    Throwable mismatch = catching(() -> TlsContexts.checkPeerFingerprint(accepted,
                            server.fingerprint()));
                    accepted.getOutputStream().write(1);
                    accepted.getOutputStream().flush();
                    serverChecks.complete(Arrays.asList(mismatch));
                } catch (Throwable t) {
                    serverChecks.completeExceptionally(t);
                }
            });
            try (SSLSocket socket = (SSLSocket) TlsContexts.client(client).getSocketFactory()
                    .createSocket("127.0.0.1", listener.getLocalPort())) {
                socket.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                TlsContexts.checkPeerFingerprint(socket, server.fingerprint());
                assertThat(TlsContexts.peerCertificate(socket)).contains(server.certificate());
                assertThat(socket.getInputStream().read()).isEqualTo(1);
                assertThatThrownBy(() -> TlsContexts.checkPeerFingerprint(socket, client.fingerprint()))
                        .isInstanceOf(SSLPeerUnverifiedException.class)
                        .hasMessage("peer certificate fingerprint mismatch: expected " + client.fingerprint()
                                + ", actual " + server.fingerprint());
            }
            List<Throwable> checks = serverChecks.get(Loopback.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            assertThat(checks.get(0))
                    .isInstanceOf(SSLPeerUnverifiedException.class)
                    .hasMessageContaining("fingerprint mismatch");
            assertThat(thread.join(Duration.ofMillis(Loopback.TIMEOUT_MILLIS))).isTrue();
        }
    }

    @Test
    void checkPeerFingerprintWhenThePeerSentNoCertificate() throws Exception {
        SSLContext serverContext = TlsContexts.server(server);
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(Loopback.TIMEOUT_MILLIS);
            var result = new CompletableFuture<Throwable>();
            Thread thread = Thread.ofVirtual().start(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                    accepted.startHandshake();
                    Throwable failure = catching(() -> TlsContexts.checkPeerFingerprint(accepted,
                            client.fingerprint()));
                    accepted.getOutputStream().write(1);
                    accepted.getOutputStream().flush();
                    result.complete(failure);
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            try (SSLSocket socket = (SSLSocket) TlsContexts.client().getSocketFactory()
                    .createSocket("127.0.0.1", listener.getLocalPort())) {
                socket.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                socket.startHandshake();
                assertThat(socket.getInputStream().read()).isEqualTo(1);
            }
            assertThat(result.get(Loopback.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
                    .isInstanceOf(SSLPeerUnverifiedException.class)
                    .hasMessage("peer sent no certificate, expected " + client.fingerprint());
            assertThat(thread.join(Duration.ofMillis(Loopback.TIMEOUT_MILLIS))).isTrue();
        }
    }

    @Test
    void peerCertificateIsEmptyAfterAFailedHandshake() throws Exception {
        SSLContext impostorCheck = TlsContexts.client(null, PkixCredentials.selfSigned("impostor").fingerprint());
        try (ServerSocket listener = TlsContexts.server(server).getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(Loopback.TIMEOUT_MILLIS);
            Thread thread = Thread.ofVirtual().start(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                    accepted.startHandshake();
                } catch (Exception expected) {
                    // the client aborts the handshake
                }
            });
            try (SSLSocket socket = (SSLSocket) impostorCheck.getSocketFactory()
                    .createSocket("127.0.0.1", listener.getLocalPort())) {
                socket.setSoTimeout(Loopback.TIMEOUT_MILLIS);
                assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
                assertThat(TlsContexts.peerCertificate(socket)).isEmpty();
                assertThat(TlsContexts.peerFingerprint(socket)).isEmpty();
            }
            assertThat(thread.join(Duration.ofMillis(Loopback.TIMEOUT_MILLIS))).isTrue();
        }
    }

    private interface Action {
        void run() throws Exception;
    }

    private static Throwable catching(Action action) {
        try {
            action.run();
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static KeyStore trustStore(TestPki.Ca ca) throws Exception {
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(null, null);
        trustStore.setCertificateEntry("ca", ca.certificate());
        return trustStore;
    }

    private static boolean ipv6LoopbackAvailable() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
