package org.msrp4j.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.connect.ScriptedRelay.challenge;
import static org.msrp4j.connect.ScriptedRelay.verifies;
import static org.msrp4j.testing.Async.WAIT;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.msrp4j.transport.ConnectionLostException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;
import org.msrp4j.transport.websocket.WebSocketFramingException;

/**
 * The relay client over WebSocket (RFC 7977) with the JDK's {@code java.net.http.WebSocket}, against a
 * scripted relay speaking WebSocket on loopback, and against hand-written servers that break the
 * handshake or the framing: each gives a typed error within the AUTH timeout, never a hang.
 */
class WebSocketRelayClientTest {

    private static final String NONCE = "MTcwMDAwMDAwMDpkZWFkYmVlZg==";
    private static final TlsCredentials RELAY_CERT = PkixCredentials.selfSigned("relay.example.org");
    private static final MsrpUri PEER = MsrpUri.parse("msrp://192.0.2.10:1234/peer;tcp");
    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private static MsrpChunk digestRelay(ScriptedRelay relay, MsrpChunk auth) {
        if (auth.headers().get(AuthorizationHeader.class) == null || !verifies(auth, "secret")) {
            return challenge(auth, "realm", "example.org", "nonce", NONCE, "qop", "auth");
        }
        return relay.grant(auth, "granted", 600L);
    }

    private RelayConnection connection(RelaySettings settings, RelayConnection.Mode mode) {
        RelayConnection c = new RelayConnection(settings, mode, ConnectFixtures.settings(WAIT));
        closing.add(c::cleanup);
        return c;
    }

    private void checkSessionThroughScriptedRelay(TlsCredentials tls) throws Exception {
        ScriptedRelay relay = new ScriptedRelay((r, auth, i) -> digestRelay(r, auth), tls, true);
        closing.add(relay);
        RelayConnection c = connection(WebSocketClients.settings(relay.uri(), "alice", "secret",
                tls == null ? null : tls.fingerprint()), RelayConnection.Mode.ACTIVE);

        List<MsrpUri> path = c.prepare(null);

        assertThat(relay.auths).hasSize(2);
        assertThat(relay.auths.get(0).toPath()).containsExactly(relay.uri());
        assertThat(path.get(0)).isEqualTo(relay.usePath("granted"));
        MsrpUri me = path.get(1);
        assertThat(me.host()).endsWith(".invalid");
        assertThat(me.transport()).isEqualTo("ws");
        assertThat(me.useTls()).isEqualTo(tls != null);
        assertThat(me.sessionId()).isNotBlank();

        MsrpTransport t = c.complete(List.of(PEER));
        closing.add(t);
        MsrpChunk bind = relay.nextSend();
        assertThat(bind.fromPath()).containsExactly(me);
        assertThat(bind.toPath()).containsExactly(relay.usePath("granted"), PEER);

        List<MsrpChunk> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(t.newChunk().data("hello " + i).contentType("text/plain").build());
        }
        t.writeChunks(sent);
        for (MsrpChunk s : sent) {
            assertThat(relay.nextSend().data()).isEqualTo(s.data());
        }

        MsrpChunk in = MsrpChunk.request("fromPeer1", "SEND");
        in.addHeader(new ToPathHeader(List.of(me)));
        in.addHeader(new FromPathHeader(List.of(relay.usePath("granted"), PEER)));
        in.setData("hi back".getBytes(StandardCharsets.UTF_8));
        relay.push(0, in);
        MsrpChunk got = t.readChunk(1 << 16, WAIT);
        while (got.isResponse()) {
            assertThat(got.code()).as("the relay's hop-by-hop answers").isEqualTo(200);
            got = t.readChunk(1 << 16, WAIT);
        }
        assertThat(got.transactionId()).isEqualTo("fromPeer1");
        assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hi back");
    }

    @Test
    void authBindAndChunksBothWaysOverWs() throws Exception {
        checkSessionThroughScriptedRelay(null);
    }

    @Test
    void authBindAndChunksBothWaysOverWssWithAPinnedFingerprint() throws Exception {
        checkSessionThroughScriptedRelay(RELAY_CERT);
    }

    @Test
    void aWssRelayWithAnotherCertificateIsRefused() throws Exception {
        ScriptedRelay relay = new ScriptedRelay((r, auth, i) -> digestRelay(r, auth), RELAY_CERT, true);
        closing.add(relay);
        RelayConnection c = connection(WebSocketClients.settings(relay.uri(), "alice", "secret",
                PkixCredentials.selfSigned("mallory").fingerprint()), RelayConnection.Mode.ACTIVE);

        assertThatThrownBy(() -> c.prepare(null)).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("TLS").hasMessageContaining("fingerprint");
    }

    // ---------------------------------------------------------------- hostile servers

    /** What a hand-written server does with the one connection it accepts. */
    @FunctionalInterface
    private interface Behaviour {
        void serve(Socket s, InputStream in, OutputStream out) throws IOException;
    }

    private MsrpUri hostile(Behaviour behaviour) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        closing.add(server);
        Thread.ofVirtual().name("hostile-ws").start(() -> {
            try (Socket s = server.accept()) {
                behaviour.serve(s, s.getInputStream(), s.getOutputStream());
                s.getInputStream().readAllBytes();
            } catch (IOException e) {
                // the client went away: what the test checks happened on its side
            }
        });
        return MsrpUri.parse("msrp://127.0.0.1:" + server.getLocalPort() + ";ws");
    }

    /** Upgrades, then answers the client's first AUTH with {@code reply(auth)} as the given frames. */
    private MsrpUri answeringAuth(AuthReply reply) throws IOException {
        return hostile((s, in, out) -> {
            WebSocketTestServer.accept(out, WebSocketTestServer.readRequest(in), "msrp");
            WebSocketTestServer.Frame f = WebSocketTestServer.readFrame(in);
            reply.answer(f.text(), out);
        });
    }

    @FunctionalInterface
    private interface AuthReply {
        void answer(String auth, OutputStream out) throws IOException;
    }

    private static String transactionId(String chunk) {
        return chunk.split(" ")[1];
    }

    private static String response(String auth) {
        String tid = transactionId(auth);
        return "MSRP " + tid + " 401 Unauthorized\r\nTo-Path: msrp://x.invalid/s;ws\r\n"
                + "From-Path: msrp://127.0.0.1:1/r;ws\r\n"
                + "WWW-Authenticate: Digest realm=\"example.org\", nonce=\"n\"\r\n"
                + "-------" + tid + "$\r\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private Throwable prepareFails(MsrpUri relay) {
        RelayConnection c = connection(WebSocketClients.settings(relay, "alice", "secret", null),
                RelayConnection.Mode.ACTIVE);
        Throwable[] thrown = new Throwable[1];
        assertThatThrownBy(() -> c.prepare(null)).satisfies(e -> thrown[0] = e);
        return thrown[0];
    }

    @Test
    void aRefusedHandshakeIsAConnectFailureWithTheStatus() throws Exception {
        MsrpUri relay = hostile((s, in, out) -> {
            WebSocketTestServer.readRequest(in);
            out.write(ascii("HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n"));
            out.flush();
        });
        assertThat(prepareFails(relay)).isInstanceOf(ConnectFailedException.class).hasMessageContaining("403");
    }

    @Test
    void aServerWithoutTheMsrpSubprotocolIsRefused() throws Exception {
        MsrpUri relay = hostile((s, in, out) -> WebSocketTestServer.accept(out, WebSocketTestServer.readRequest(in),
                null));
        assertThat(prepareFails(relay)).isInstanceOf(ConnectFailedException.class)
                .hasMessageContaining("subprotocol msrp");
    }

    @Test
    void aServerThatIsNotWebSocketAtAllIsAConnectFailure() throws Exception {
        MsrpUri relay = hostile((s, in, out) -> {
            out.write(ascii("MSRP abcd 200 OK\r\n-------abcd$\r\n"));
            out.flush();
        });
        assertThat(prepareFails(relay)).isInstanceOf(ConnectFailedException.class);
    }

    @Test
    void aMessageWithTwoChunksEndsTheConnectionWithAFramingError() throws Exception {
        MsrpUri relay = answeringAuth((auth, out) -> WebSocketTestServer.writeFrame(out, WebSocketTestServer.BINARY,
                true, ascii(response(auth) + response(auth))));
        assertThat(prepareFails(relay)).isInstanceOf(ConnectionLostException.class)
                .hasCauseInstanceOf(WebSocketFramingException.class).hasMessageContaining("more than one");
    }

    @Test
    void aMessageWithHalfAChunkEndsTheConnectionWithAFramingError() throws Exception {
        MsrpUri relay = answeringAuth((auth, out) -> WebSocketTestServer.writeFrame(out, WebSocketTestServer.TEXT,
                true, ascii(response(auth).substring(0, 40))));
        assertThat(prepareFails(relay)).isInstanceOf(ConnectionLostException.class)
                .hasCauseInstanceOf(WebSocketFramingException.class).hasMessageContaining("middle");
    }

    @Test
    void aCloseInTheMiddleOfAChunkEndsTheConnectionWithAFramingError() throws Exception {
        MsrpUri relay = answeringAuth((auth, out) -> {
            byte[] half = ascii(response(auth).substring(0, 40));
            WebSocketTestServer.writeFrame(out, WebSocketTestServer.BINARY, false, half);
            WebSocketTestServer.writeFrame(out, WebSocketTestServer.CLOSE, true, new byte[] {0x03, (byte) 0xe8});
        });
        assertThat(prepareFails(relay)).isInstanceOf(ConnectionLostException.class)
                .hasCauseInstanceOf(WebSocketFramingException.class).hasMessageContaining("closed");
    }

    /**
     * A TCP close without a WebSocket close frame: the JDK's WebSocket (seen on Temurin 25, the JDK
     * the build tests with here) reports neither onClose nor onError for it, so the client learns of it
     * only from its own timeouts. Here that is the AUTH timeout: a typed error, no hang.
     */
    @Test
    void aConnectionDroppedInTheMiddleOfAChunkEndsInATypedErrorWithinTheAuthTimeout() throws Exception {
        MsrpUri relay = answeringAuth((auth, out) -> {
            byte[] half = ascii(response(auth).substring(0, 40));
            WebSocketTestServer.writeFrame(out, WebSocketTestServer.BINARY, false, half);
            out.close();
        });
        RelaySettings settings = WebSocketClients.settings(relay, "alice", "secret", null).toBuilder()
                .authTimeout(Duration.ofSeconds(2)).build();
        RelayConnection c = connection(settings, RelayConnection.Mode.ACTIVE);
        assertThatThrownBy(() -> c.prepare(null))
                .isInstanceOfAny(ConnectionLostException.class, RelayAuthTimeoutException.class);
    }

    @Test
    void anOversizedMessageEndsTheConnectionWithAFramingError() throws Exception {
        MsrpUri relay = answeringAuth((auth, out) -> {
            String r = response(auth);
            String big = r.substring(0, r.indexOf("-------")) + "X-Pad: " + "p".repeat(4000) + "\r\n"
                    + r.substring(r.indexOf("-------"));
            WebSocketTestServer.writeFrame(out, WebSocketTestServer.BINARY, true, ascii(big));
        });
        MsrpTransport t = authSent(relay, 1000, Duration.ZERO, Duration.ofSeconds(1));
        assertThatThrownBy(() -> t.readChunk(1 << 16, WAIT)).isInstanceOf(ConnectionLostException.class)
                .hasCauseInstanceOf(WebSocketFramingException.class).hasMessageContaining("larger than 1000");
        assertThat(t.isClosed()).isTrue();
    }

    /**
     * A transport over a {@link WebSocketLink} to {@code relay} that has sent an AUTH; it takes
     * messages of up to {@code maxMessage} bytes and pings after {@code pingAfter} of quiet (zero: never).
     */
    private MsrpTransport authSent(MsrpUri relay, int maxMessage, Duration pingAfter, Duration pongWithin)
            throws IOException {
        WebSocketLink link = new WebSocketLink(relay, new InetSocketAddress("127.0.0.1", relay.port()),
                null, maxMessage, pingAfter, pongWithin);
        closing.add(link);
        MsrpTransport t = TransportInternals.open(link.connect(WAIT), MsrpUri.parse("msrp://a.invalid/s;ws"), List.of(),
                TransportSettings.DEFAULT);
        closing.add(t);
        MsrpChunk auth = MsrpChunk.request("auth0001", "AUTH");
        auth.addHeader(new ToPathHeader(List.of(relay)));
        auth.addHeader(new FromPathHeader(List.of(MsrpUri.parse("msrp://a.invalid/s;ws"))));
        t.writeChunk(auth);
        return t;
    }

    /**
     * A relay that upgrades, then reads on but never answers (a dead or stopped one looks the same
     * to the client): the JDK's WebSocket reports nothing of it, the keep-alive's unanswered ping does.
     */
    @Test
    void aRelayThatStopsAnsweringIsLostAtThePongDeadline() throws Exception {
        MsrpUri relay = hostile((s, in, out) -> WebSocketTestServer.accept(out, WebSocketTestServer.readRequest(in),
                "msrp"));
        MsrpTransport t = authSent(relay, 1 << 16, Duration.ofMillis(300), Duration.ofMillis(500));
        assertThatThrownBy(() -> t.readChunk(1 << 16, WAIT.multipliedBy(3))).isInstanceOf(ConnectionLostException.class)
                .hasMessageContaining("did not answer a ping");
        assertThat(t.isClosed()).isTrue();
    }

    @Test
    void aRelayThatAnswersPingsStaysConnectedThroughTheQuiet() throws Exception {
        MsrpUri relay = hostile((s, in, out) -> {
            WebSocketTestServer.accept(out, WebSocketTestServer.readRequest(in), "msrp");
            String auth = null;
            int pongs = 0;
            while (auth == null || pongs < 3) {
                WebSocketTestServer.Frame f = WebSocketTestServer.readFrame(in);
                if (f.opcode() == WebSocketTestServer.PING) {
                    WebSocketTestServer.writeFrame(out, WebSocketTestServer.PONG, true, f.payload());
                    pongs++;
                } else if (f.opcode() != WebSocketTestServer.PONG) {
                    auth = f.text();
                }
            }
            WebSocketTestServer.writeFrame(out, WebSocketTestServer.BINARY, true, ascii(response(auth)));
        });
        // three pings answered, each after 300 ms of quiet, before the relay says anything
        MsrpTransport t = authSent(relay, 1 << 16, Duration.ofMillis(300), Duration.ofMillis(500));
        MsrpChunk answer = t.readChunk(1 << 16, WAIT.multipliedBy(3));
        assertThat(answer.code()).isEqualTo(401);
        assertThat(t.isClosed()).isFalse();
        assertThat(t.isTls()).as("plain ws").isFalse();
        assertThat(t.peerCertificate()).isEmpty();
    }

    @Test
    void theKeepAliveIsConfigurableAndOnByDefault() {
        RelaySettings defaults = WebSocketClients.settings(PEER, "alice", "secret", null);
        assertThat(defaults.webSocketPingAfter()).isEqualTo(Duration.ofSeconds(20));
        assertThat(defaults.webSocketPongWithin()).isEqualTo(Duration.ofSeconds(10));
        RelaySettings off = defaults.toBuilder().webSocketKeepAlive(Duration.ZERO, Duration.ofSeconds(1)).build();
        assertThat(off.webSocketPingAfter()).isZero();
        assertThat(off.toBuilder().build().webSocketPongWithin()).isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> defaults.toBuilder().webSocketKeepAlive(Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> defaults.toBuilder().webSocketKeepAlive(Duration.ofSeconds(1), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUpgradeRequestAsksForMsrp() throws Exception {
        AtomicReference<Map<String, String>> seen = new AtomicReference<>();
        MsrpUri relay = hostile((s, in, out) -> {
            seen.set(WebSocketTestServer.readRequest(in));
            out.write(ascii("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"));
            out.flush();
        });
        prepareFails(relay);
        assertThat(seen.get().get("sec-websocket-protocol")).isEqualTo("msrp");
        assertThat(seen.get().get("")).startsWith("GET / HTTP/1.1");
    }
}
