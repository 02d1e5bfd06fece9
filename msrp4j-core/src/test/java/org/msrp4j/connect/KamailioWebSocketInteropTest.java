package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.connect.ConnectFixtures.V4;
import static org.msrp4j.connect.ConnectFixtures.WAIT;
import static org.msrp4j.connect.ConnectFixtures.async;
import static org.msrp4j.connect.ConnectFixtures.await;
import static org.msrp4j.connect.ConnectFixtures.closeWhenDone;
import static org.msrp4j.connect.ConnectFixtures.local;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionOptions;
import org.msrp4j.tls.Fingerprint;
import org.msrp4j.transport.MsrpTransport;

/**
 * Our WebSocket relay client (RFC 7977, the JDK's {@code java.net.http.WebSocket}) through Debian's
 * Kamailio ({@code interop/kamailio/start.sh}: ws on 127.0.0.1:2869, wss on 2870, from {@code
 * MSRP_WS_PORT}/{@code MSRP_WSS_PORT}; its certificate pinned from {@code $MSRP_RUN_DIR/relay-cert.pem})
 * to a peer on plain TCP running an {@link MsrpSession}: messages both ways with success reports, and a
 * multi-chunk file each way checked by SHA-256. Skipped when the relay's WebSocket ports are closed,
 * failed instead under {@code MSRP4J_INTEROP=required}.
 */
class KamailioWebSocketInteropTest {

    private static final int WS_PORT = port("MSRP_WS_PORT", 2869);
    private static final int WSS_PORT = port("MSRP_WSS_PORT", 2870);
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeEach
    void relayIsUp() {
        Interop.requireService("Kamailio's MSRP WebSocket listeners (interop/kamailio/start.sh, ports " + WS_PORT
                + "/" + WSS_PORT + ")",
                !ConnectFixtures.refuses(V4, WS_PORT) && !ConnectFixtures.refuses(V4, WSS_PORT));
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private static int port(String env, int fallback) {
        String v = System.getenv(env);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }

    /** Kamailio's WebSocket relay for {@code user}: ws, or wss with its certificate pinned. */
    private static RelaySettings kamailio(String user, boolean tls) {
        MsrpUri relay = MsrpUri.parse((tls ? "msrps" : "msrp") + "://127.0.0.1:" + (tls ? WSS_PORT : WS_PORT) + ";ws");
        return WebSocketClients.settings(relay, user, "secret", tls ? certificateFingerprint() : null);
    }

    private static Fingerprint certificateFingerprint() {
        Path cert = Path.of(System.getenv().getOrDefault("MSRP_RUN_DIR", "/tmp/kamailio-msrp"), "relay-cert.pem");
        Interop.requireService("the relay's certificate at " + cert, Files.isReadable(cert));
        try (InputStream in = Files.newInputStream(cert)) {
            return Fingerprint.of((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + cert + ": " + e.getMessage(), e);
        }
    }

    private <C extends Connector> C track(C c) {
        closing.add(c::cleanup);
        return c;
    }

    @Test
    void aWsClientAndATcpPeerTalkBothWaysThroughKamailio() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", false), ConnectFixtures.settings(WAIT)));
        AcceptorDirect peer = track(new AcceptorDirect(ConnectFixtures.settings(WAIT)));
        converse(alice, peer, null, local(V4, false));
    }

    @Test
    void aTcpCallerReachesAWssClientThroughKamailio() throws Exception {
        ConnectorDirect caller = track(new ConnectorDirect(ConnectFixtures.settings(WAIT)));
        AcceptorRelay bob = track(new AcceptorRelay(kamailio("bob", true), ConnectFixtures.settings(WAIT)));
        converse(caller, bob, local(V4, false), null);
    }

    @Test
    void theWebSocketClientsPathUsesAnInvalidHostAndTheWsTransport() throws Exception {
        ConnectorRelay alice = track(new ConnectorRelay(kamailio("alice", true), ConnectFixtures.settings(WAIT)));
        List<MsrpUri> path = alice.prepare(null);
        assertThat(path).hasSize(2);
        assertThat(path.get(0).host()).isEqualTo("127.0.0.1");
        assertThat(path.get(1).host()).endsWith(".invalid");
        assertThat(path.get(1).transport()).isEqualTo("ws");
    }

    private void converse(Connector active, Connector passive, MsrpUri activeUri, MsrpUri passiveUri) throws Exception {
        List<MsrpUri> passivePath = passive.prepare(passiveUri);
        List<MsrpUri> activePath = active.prepare(activeUri);
        CompletableFuture<MsrpTransport> p = async(() -> passive.complete(activePath));
        CompletableFuture<MsrpTransport> a = async(() -> active.complete(passivePath));
        MsrpTransport at;
        MsrpTransport pt;
        try {
            at = await(a);
            pt = await(p);
        } catch (Exception e) {
            closeWhenDone(a);
            closeWhenDone(p);
            throw e;
        }
        closing.add(at);
        closing.add(pt);
        MsrpSession as = MsrpSession.startQueued(at, optionsFor(at));
        MsrpSession ps = MsrpSession.startQueued(pt, optionsFor(pt));
        closing.add(as);
        closing.add(ps);
        message(as, ps, "hello from the active side");
        message(ps, as, "hello from the passive side, \u00e9t\u00e9 \u2713");
        file(as, ps, 60_000);
        file(ps, as, 45_000);
    }

    /** Chunks under Kamailio's frame limit from both sides: the relay client's transport caps its own. */
    private static SessionOptions optionsFor(MsrpTransport t) {
        SessionOptions.Builder b = SessionOptions.builder().responseTimeout(Duration.ofSeconds(10));
        return t.localRelayPath().isEmpty() ? b.fileChunkSize(RelaySettings.DEFAULT_MAX_CHUNK_SIZE).build() : b.build();
    }

    private static void message(MsrpSession from, MsrpSession to, String text) throws Exception {
        MsrpChunk chunk = from.transport().newChunk().data(text).contentType("text/plain; charset=utf-8")
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        assertThat(from.deliverChunk(chunk).code()).isEqualTo(200);
        MsrpChunk got = next(to, "SEND");
        assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(got.messageId()).isEqualTo(chunk.messageId());
        MsrpChunk report = next(from, "REPORT");
        assertThat(report.messageId()).isEqualTo(chunk.messageId());
        assertThat(report.status().code()).isEqualTo(200);
    }

    private static void file(MsrpSession from, MsrpSession to, int size) throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        OutgoingFile file = new OutgoingFile(new ByteArrayInputStream(data), size, "application/octet-stream", 0,
                "file-" + size);
        from.sendFile(file);
        MessageDigest received = MessageDigest.getInstance("SHA-256");
        long bytes = 0;
        int chunks = 0;
        while (bytes < size) {
            MsrpChunk c = next(to, "SEND");
            assertThat(c.messageId()).isEqualTo("file-" + size);
            received.update(c.data());
            bytes += c.data().length;
            chunks++;
        }
        assertThat(bytes).isEqualTo(size);
        assertThat(received.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(chunks).isGreaterThan(1);
        file.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(file.bytesAcknowledged()).isEqualTo(size);
    }

    private static MsrpChunk next(MsrpSession session, String method) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            MsrpChunk c = session.receiveChunk(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (method.equals(c.method())) {
                return c;
            }
        }
    }
}
