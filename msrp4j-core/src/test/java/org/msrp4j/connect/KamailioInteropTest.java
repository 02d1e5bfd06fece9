package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ConnectFixtures.local;
import static org.msrp4j.testing.Async.WAIT;
import static org.msrp4j.testing.Kamailio.FRAME_LIMIT;
import static org.msrp4j.testing.Kamailio.TCP6_PORT;
import static org.msrp4j.testing.Kamailio.TCP_PORT;
import static org.msrp4j.testing.Kamailio.TLS6_PORT;
import static org.msrp4j.testing.Kamailio.TLS_PORT;
import static org.msrp4j.testing.Kamailio.certificateFingerprint;
import static org.msrp4j.testing.Kamailio.runDir6;
import static org.msrp4j.testing.LoopbackSockets.V4;
import static org.msrp4j.testing.LoopbackSockets.V6;
import static org.msrp4j.testing.SessionPair.file;
import static org.msrp4j.testing.SessionPair.message;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.testing.BoundPair;
import org.msrp4j.testing.Interop;
import org.msrp4j.testing.Kamailio;
import org.msrp4j.testing.SessionPair;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;

/**
 * The relay client against Debian's Kamailio msrp relay ({@code interop/kamailio}, see {@link
 * Kamailio}: TCP 127.0.0.1:2865, TLS 2866, users alice and bob with password {@code secret}; ports from {@code
 * MSRP_TCP_PORT}/{@code MSRP_TLS_PORT}), and a second one on ::1 for the IPv6 tests (2867, 2868;
 * {@code MSRP_IP6_TCP_PORT}/{@code MSRP_IP6_TLS_PORT}). Over TLS each relay's self-signed certificate
 * is pinned, read from {@code relay-cert.pem} in its run directory ({@code MSRP_RUN_DIR}, default
 * {@code /tmp/kamailio-msrp}; {@code MSRP_IP6_RUN_DIR}, default {@code /tmp/kamailio-msrp6}).
 * Skipped when a relay is not running, unless {@code MSRP4J_INTEROP=required} (as {@code .ci/run}
 * sets), when its absence fails.
 */
class KamailioInteropTest {

    private final List<AutoCloseable> closing = new ArrayList<>();

    /** Per test, so that each one shows as skipped, with the reason, when the relay is not there. */
    @BeforeEach
    void relayIsUp() {
        Kamailio.requireListening("Kamailio MSRP relay (interop/kamailio/start.sh)", TCP_PORT, TLS_PORT);
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /**
     * Settings for the relay on 127.0.0.1; over TLS its self-signed certificate is pinned, read from
     * {@code $MSRP_RUN_DIR/relay-cert.pem}.
     */
    private static RelaySettings.Builder kamailio(String user, boolean tls) {
        return RelaySettings.builder(Kamailio.REALM, user, Kamailio.PASSWORD).host("127.0.0.1")
                .port(tls ? TLS_PORT : TCP_PORT).useTls(tls).relayFingerprint(tls ? certificateFingerprint() : null)
                .authTimeout(Duration.ofSeconds(5));
    }

    /** The second Kamailio, on ::1; required like the first under {@code MSRP4J_INTEROP=required}. */
    private static RelaySettings.Builder kamailio6(String user, boolean tls) {
        Interop.requireService("Kamailio MSRP relay on ::1 (interop/kamailio/start.sh with MSRP_IP=::1, ports "
                + TCP6_PORT + "/" + TLS6_PORT + ")", Interop.listening(V6, TCP6_PORT)
                && Interop.listening(V6, TLS6_PORT));
        return RelaySettings.builder(Kamailio.REALM, user, Kamailio.PASSWORD).host(V6).port(tls ? TLS6_PORT : TCP6_PORT)
                .useTls(tls).relayFingerprint(tls ? certificateFingerprint(runDir6()) : null)
                .authTimeout(Duration.ofSeconds(5));
    }

    private <C extends Connector> C track(C c) {
        closing.add(c::cleanup);
        return c;
    }

    @Test
    void authOverTcpGrantsAUsePathOnTheRelay() throws Exception {
        RelayConnection c = track(new RelayConnection(kamailio("alice", false).build(), RelayConnection.Mode.ACTIVE));
        List<MsrpUri> path = c.prepare(local(V4, false));

        assertThat(path).hasSize(2);
        assertThat(path.get(0).useTls()).isFalse();
        assertThat(path.get(0).host()).isEqualTo("127.0.0.1");
        assertThat(path.get(0).port()).isEqualTo(TCP_PORT);
        assertThat(path.get(0).sessionId()).isNotBlank();
    }

    @Test
    void authOverTlsGrantsAnMsrpsUsePath() throws Exception {
        RelayConnection c = track(new RelayConnection(kamailio("bob", true).build(), RelayConnection.Mode.PASSIVE));
        List<MsrpUri> path = c.prepare();

        assertThat(path.get(0).useTls()).isTrue();
        assertThat(path.get(0).port()).isEqualTo(TLS_PORT);
    }

    @Test
    void theRelaysCertificateCanBeCheckedAgainstATrustStore() throws Exception {
        Path cert = Kamailio.runDir().resolve("relay-cert.pem");
        Interop.requireService("the relay's certificate at " + cert + " (MSRP_RUN_DIR)", Files.isReadable(cert));
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(cert)) {
            trusted.setCertificateEntry("relay", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        RelaySettings checked = kamailio("alice", true).relayFingerprint(null)
                .tlsContext(TlsContexts.caValidatingClient(trusted, null)).build();
        assertThat(track(new RelayConnection(checked, RelayConnection.Mode.ACTIVE)).prepare()).hasSize(2);

        RelaySettings byDefault = kamailio("alice", true).relayFingerprint(null).build();
        assertThatThrownBy(() -> track(new RelayConnection(byDefault, RelayConnection.Mode.ACTIVE)).prepare())
                .as("by default the JDK's CAs, which never issued the relay's self-signed certificate")
                .isInstanceOf(ConnectFailedException.class).hasMessageContaining("TLS handshake");
    }

    @Test
    void aWrongPasswordIsATypedAuthenticationError() {
        RelaySettings wrong = RelaySettings.builder("example.org", "alice", "not-the-password").host("127.0.0.1")
                .port(TCP_PORT).useTls(false).build();
        RelayConnection bad = track(new RelayConnection(wrong, RelayConnection.Mode.ACTIVE));

        assertThatThrownBy(bad::prepare).isInstanceOfSatisfying(RelayAuthenticationException.class,
                e -> assertThat(e.code()).isEqualTo(401));
        assertThat(bad.relayPath()).isNull();
    }

    @Test
    void expiresOutsideTheRelaysBoundsIsMovedInsideThemAfter423() throws Exception {
        List<Integer> codes = new CopyOnWriteArrayList<>();
        TrafficLogger responses = new TrafficLogger() {
            @Override
            public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if (chunk.isResponse()) {
                    codes.add(chunk.code());
                }
            }
        };
        ConnectSettings logged = ConnectSettings.builder().logger(responses).build();
        assertThat(track(new RelayConnection(kamailio("alice", false).expires(10).build(), RelayConnection.Mode.ACTIVE,
                logged)).prepare()).hasSize(2);
        assertThat(codes).as("Kamailio checks credentials before Expires").containsExactly(401, 423, 200);

        codes.clear();
        assertThat(track(new RelayConnection(kamailio("bob", true).expires(7200).build(), RelayConnection.Mode.ACTIVE,
                logged)).prepare()).hasSize(2);
        assertThat(codes).as("Kamailio checks credentials before Expires").containsExactly(401, 423, 200);
    }

    @Test
    void aRelayClientAndADirectPeerTalkBothWays() throws Exception {
        // relay client active, direct peer passive
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", false).build(),
                ConnectFixtures.settings(WAIT)));
        AcceptorDirect peer = track(new AcceptorDirect(ConnectFixtures.settings(WAIT)));
        converse(alice, peer, local(V4, false), local(V4, false));

        // direct peer active, relay client passive over TLS
        ConnectorDirect caller = track(new ConnectorDirect(ConnectFixtures.settings(WAIT)));
        AcceptorRelay bob = track(new AcceptorRelay(kamailio("bob", true).build(), ConnectFixtures.settings(WAIT)));
        converse(caller, bob, local(V4, false), null);
    }

    /**
     * Kamailio hands out a new Use-Path on every AUTH: the refresh (halfway through its minimum
     * Expires of 60 s, so this test takes about 30 s) offers it, and the session moves onto it as
     * after a re-INVITE: the relay client sends through it and the peer addresses it.
     */
    @Test
    void aSessionMovesToTheUsePathAKamailioRefreshHandsOut() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", false).expires(60).build(),
                ConnectFixtures.settings(WAIT)));
        BlockingQueue<List<MsrpUri>> offered = new LinkedBlockingQueue<>();
        alice.onUsePathChange(offered::add);
        AcceptorDirect peer = track(new AcceptorDirect(ConnectFixtures.settings(WAIT)));
        SessionPair b = bind(alice, peer, local(V4, false), local(V4, false));
        MsrpSession as = b.active();
        MsrpSession ps = b.passive();
        MsrpTransport at = as.transport();
        MsrpTransport pt = ps.transport();
        List<MsrpUri> alicePath = at.fullLocalPath();
        message(as, ps, "before the refresh", "text/plain");

        List<MsrpUri> moved = offered.poll(45, TimeUnit.SECONDS);
        assertThat(moved).as("a new path within 45 s").isNotNull().hasSize(2);
        assertThat(moved.get(0).sessionId()).isNotEqualTo(alicePath.get(0).sessionId());
        assertThat(moved.get(1)).isEqualTo(alicePath.get(1));
        at.setLocalRelayPath(moved.subList(0, 1));
        pt.setFullRemotePath(moved);

        message(as, ps, "after the move, from the relay client", "text/plain");
        message(ps, as, "after the move, to the new path", "text/plain");
        assertThat(pt.newChunk().build().toPath()).isEqualTo(moved);
    }

    @Test
    void overIpv6AuthGrantsAnIpv6UsePath() throws Exception {
        RelayConnection tcp = track(new RelayConnection(kamailio6("alice", false).build(),
                RelayConnection.Mode.ACTIVE));
        List<MsrpUri> path = tcp.prepare(local(V6, false));
        assertThat(path.get(0).host()).isEqualTo(V6);
        assertThat(path.get(0).port()).isEqualTo(TCP6_PORT);
        assertThat(path.get(0).useTls()).isFalse();

        RelayConnection tls = track(new RelayConnection(kamailio6("bob", true).build(), RelayConnection.Mode.PASSIVE));
        List<MsrpUri> tlsPath = tls.prepare(local(V6, true));
        assertThat(tlsPath.get(0).host()).isEqualTo(V6);
        assertThat(tlsPath.get(0).port()).isEqualTo(TLS6_PORT);
        assertThat(tlsPath.get(0).useTls()).isTrue();
    }

    @Test
    void overIpv6RelayClientsAndADirectPeerTalkBothWays() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio6("alice", true).build(),
                ConnectFixtures.settings(WAIT)));
        AcceptorDirect peer = track(new AcceptorDirect(ConnectFixtures.settings(WAIT)));
        converse(alice, peer, local(V6, false), local(V6, false));

        ConnectorRelay carol = track(new ConnectorRelay(kamailio6("alice", false).build(),
                ConnectFixtures.settings(WAIT)));
        AcceptorRelay bob = track(new AcceptorRelay(kamailio6("bob", true).build(), ConnectFixtures.settings(WAIT)));
        converse(carol, bob, local(V6, false), local(V6, false));
    }

    @Test
    void twoRelayClientsTalkThroughTheRelay() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", true).build(),
                ConnectFixtures.settings(WAIT)));
        AcceptorRelay bob = track(new AcceptorRelay(kamailio("bob", false).build(), ConnectFixtures.settings(WAIT)));
        converse(alice, bob, null, null);
    }

    /**
     * Binds {@code active} and {@code passive} through the relay, runs a session on each, and checks
     * messages both ways, a success report, and a multi-chunk file each way, every frame under
     * Kamailio's limit.
     */
    private void converse(Connector active, Connector passive, MsrpUri activeUri, MsrpUri passiveUri) throws Exception {
        SessionPair b = bind(active, passive, activeUri, passiveUri);
        message(b.active(), b.passive(), "hello from the active side", "text/plain");
        message(b.passive(), b.active(), "hello from the passive side", "text/plain");
        file(b.active(), b.passive(), 30_000, KamailioInteropTest::underFrameLimit);
        file(b.passive(), b.active(), 25_000, KamailioInteropTest::underFrameLimit);
    }

    private static void underFrameLimit(MsrpChunk c) {
        assertThat(c.encode().length).as("whole frame under Kamailio's 11238-byte limit").isLessThan(FRAME_LIMIT);
    }

    /** Binds {@code active} and {@code passive} and starts a queued session on each; all closed after the test. */
    private SessionPair bind(Connector active, Connector passive, MsrpUri activeUri, MsrpUri passiveUri)
            throws Exception {
        SessionPair sessions = SessionPair.start(BoundPair.bind(active, activeUri, passive, passiveUri),
                KamailioInteropTest::optionsFor);
        closing.add(sessions);
        return sessions;
    }

    /**
     * The default options (64 KiB file chunks) for a relay client, whose transport caps them; a
     * direct peer sending through the other side's relay has to keep under its frame limit itself.
     */
    static SessionSettings optionsFor(MsrpTransport t) {
        SessionSettings.Builder b = SessionSettings.builder().responseTimeout(Duration.ofSeconds(10));
        return t.localRelayPath().isEmpty() ? b.fileChunkSize(RelaySettings.DEFAULT_MAX_CHUNK_SIZE).build() : b.build();
    }
}
