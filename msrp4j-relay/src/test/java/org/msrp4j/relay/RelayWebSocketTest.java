package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.tls.TlsContexts;

/**
 * Issue 22, the relay: {@code ;ws} listeners (RFC 7977). WebSocket clients (the JDK's) AUTH and
 * chat with TCP, TLS and other WebSocket clients through the relay, both ways, each chunk one
 * WebSocket message; the listener serves the page's files when told to.
 */
@Timeout(120)
class RelayWebSocketTest {

    /** The kit's relay (TLS and TCP listeners) plus a ws and a wss listener on 127.0.0.1. */
    static MsrpRelay relay(Consumer<RelayConfig.Builder> tweak) throws IOException {
        return RelayTestKit.relay(b -> {
            b.listener(RelayListener.webSocket(false, "127.0.0.1", 0));
            b.listener(RelayListener.webSocket(true, "127.0.0.1", 0));
            tweak.accept(b);
        });
    }

    @ParameterizedTest(name = "wss {0}")
    @ValueSource(booleans = {false, true})
    void aWebSocketClientAuthsAndChatsWithATcpOrTlsClientBothWays(boolean tls) throws Exception {
        try (MsrpRelay relay = relay(b -> { });
                WsClient a = WsClient.connect(relay.webSocketUri(tls)).authOk("alice");
                RelayTestKit.Client b = RelayTestKit.Client.connect(relay.listenerUri(tls)).authOk("bob")) {
            assertThat(a.sessionUri.transport()).isEqualTo("ws");
            assertThat(a.sessionUri.useTls()).isEqualTo(tls);
            assertThat(a.sessionUri.port()).isEqualTo(relay.webSocketUri(tls).port());
            assertThat(b.sessionUri.transport()).isEqualTo("tcp");

            MsrpChunk toB = send(b.fullPath(), a, "hello from the browser side");
            a.write(toB);
            MsrpChunk got = b.read();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hello from the browser side");
            assertThat(got.fromPath()).containsExactly(b.sessionUri, a.sessionUri, a.localUri);
            b.write(b.transport.makeResponse(got, 200, "OK"));
            MsrpChunk ok = a.read();
            assertThat(ok.code()).isEqualTo(200);
            assertThat(ok.transactionId()).isEqualTo(toB.transactionId());

            MsrpChunk toA = RelayTestKit.send(RelayTestKit.toPath(b, a.fullPath()), List.of(b.localUri), "hello back");
            b.write(toA);
            MsrpChunk back = a.read();
            assertThat(new String(back.data(), StandardCharsets.UTF_8)).isEqualTo("hello back");
            a.ok(back);
            assertThat(b.read().code()).isEqualTo(200);
        }
    }

    @Test
    void twoWebSocketClientsChatThroughTheRelay() throws Exception {
        try (MsrpRelay relay = relay(b -> { });
                WsClient a = WsClient.connect(relay.webSocketUri(false)).authOk("alice");
                WsClient b = WsClient.connect(relay.webSocketUri(true)).authOk("bob")) {
            a.write(send(b.fullPath(), a, "ws to wss"));
            MsrpChunk got = b.read();
            assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("ws to wss");
            b.ok(got);
            assertThat(a.read().code()).isEqualTo(200);
            b.write(send(a.fullPath(), b, "wss to ws"));
            MsrpChunk back = a.read();
            assertThat(new String(back.data(), StandardCharsets.UTF_8)).isEqualTo("wss to ws");
            a.ok(back);
            assertThat(b.read().code()).isEqualTo(200);
        }
    }

    @Test
    void aLargeChunkStreamedByTheRelayArrivesAsOneMessage() throws Exception {
        int size = 3 * 1024 * 1024;
        try (MsrpRelay relay = relay(b -> { });
                WsClient a = WsClient.connect(relay.webSocketUri(false)).authOk("alice");
                RelayTestKit.Client b = RelayTestKit.Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk big = RelayTestKit.send(RelayTestKit.toPath(b, a.fullPath()), List.of(b.localUri), "x");
            byte[] body = RelayTestKit.pattern(size, 0);
            big.setData(body);
            big.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            b.write(big);
            MsrpChunk got = a.read();
            assertThat(got.data()).isEqualTo(body);
            a.ok(got);
            assertThat(b.read().code()).isEqualTo(200);
            // and the largest message the relay takes from a WebSocket peer goes the other way
            int max = relay.config().capacity().maxBufferSize() - 1024;
            MsrpChunk up = send(b.fullPath(), a, "y");
            byte[] upBody = RelayTestKit.pattern(max, 7);
            up.setData(upBody);
            up.addHeader(new ByteRangeHeader(new ByteRange(1, max, max)));
            a.write(up);
            MsrpChunk atB = b.read();
            assertThat(atB.data()).isEqualTo(upBody);
            b.write(b.transport.makeResponse(atB, 200, "OK"));
            assertThat(a.read().code()).isEqualTo(200);
        }
    }

    @Test
    void aWebSocketUriIsReachedOnlyOverItsOwnersConnection() throws Exception {
        try (MsrpRelay relay = relay(b -> { });
                WsClient a = WsClient.connect(relay.webSocketUri(false)).authOk("alice");
                RelayTestKit.Client b = RelayTestKit.Client.connect(relay.listenerUri(false)).authOk("bob")) {
            // bob names alice's own URI without her relay URI: the relay does not open WebSocket connections
            MsrpChunk direct = RelayTestKit.send(List.of(b.sessionUri, a.localUri), List.of(b.localUri), "direct");
            MsrpChunk answer = b.exchange(direct);
            assertThat(answer.code()).isEqualTo(481);
            assertThat(a.poll(Duration.ofMillis(200))).isNull();
        }
    }

    @Test
    void theListenerServesThePageFilesWhenToldAndNothingElse() throws Exception {
        try (MsrpRelay on = relay(b -> b.wsPage(true)); MsrpRelay off = relay(b -> { })) {
            HttpClient http = HttpClient.newBuilder().sslContext(TlsContexts.client()).build();
            for (boolean tls : new boolean[] {false, true}) {
                HttpResponse<String> page = get(http, on.webSocketUri(tls), "/placeholder.html?relay=x");
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
                assertThat(page.body()).contains("test placeholder page");
            }
            HttpResponse<String> js = get(http, on.webSocketUri(false), "/placeholder.js");
            assertThat(js.statusCode()).isEqualTo(200);
            assertThat(js.headers().firstValue("content-type")).hasValue("text/javascript; charset=utf-8");
            for (String path : List.of("/nothing.html", "/web/placeholder.html", "/..%2Fweb%2Fplaceholder.html",
                    "/.hidden", "/org/msrp4j/relay/MsrpRelay.class")) {
                assertThat(get(http, on.webSocketUri(false), path).statusCode()).as(path).isEqualTo(404);
            }
            assertThat(get(http, off.webSocketUri(false), "/placeholder.html").statusCode()).isEqualTo(404);
            // the page being served does not stop WebSocket upgrades on any path
            try (WsClient a = WsClient.connect(on.webSocketUri(false), "/any/path").authOk("alice")) {
                assertThat(a.sessionUri).isNotNull();
            }
        }
    }

    @Test
    void webSocketConnectionsCountByListener() throws Exception {
        try (MsrpRelay relay = relay(b -> { });
                WsClient a = WsClient.connect(relay.webSocketUri(false)).authOk("alice");
                WsClient b = WsClient.connect(relay.webSocketUri(true)).authOk("bob")) {
            RelayAuthTest.waitFor(() -> relay.connectionCount() == 2);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            relay.metrics().write(out);
            String text = out.toString(StandardCharsets.UTF_8);
            assertThat(text).contains("msrp_relay_connections{listener=\"" + relay.webSocketUri(false) + "\"} 1.0");
            assertThat(text).contains("msrp_relay_connections{listener=\"" + relay.webSocketUri(true) + "\"} 1.0");
            assertThat(relay.webSocketUri(false).toString()).endsWith(";ws").startsWith("msrp://");
            assertThat(relay.webSocketUri(true).toString()).endsWith(";ws").startsWith("msrps://");
        }
    }

    @Test
    void theConfigurationFileReadsWebSocketListenersAndKeys() throws Exception {
        Properties p = new Properties();
        p.setProperty("listen", "msrps://0.0.0.0:2855, msrp://127.0.0.1:8080;ws, msrps://[::1]:443;ws");
        p.setProperty("ws.origins", "https://chat.example.org, *");
        p.setProperty("ws.page", "true");
        RelayConfig c = RelayConfig.fromProperties(p, null);
        assertThat(c.listeners()).extracting(RelayListener::ws).containsExactly(false, true, true);
        assertThat(c.listeners()).extracting(RelayListener::tls).containsExactly(true, false, true);
        assertThat(c.listeners().get(2).port()).isEqualTo(443);
        assertThat(c.webSocket().origins()).isEqualTo(Set.of("https://chat.example.org", "*"));
        assertThat(c.webSocket().page()).isTrue();
        RelayConfig d = RelayConfig.fromProperties(new Properties(), null);
        assertThat(d.webSocket().origins()).isNull();
        assertThat(d.webSocket().page()).isFalse();
        assertThatThrownBy(() -> RelayListener.parse("msrp://127.0.0.1:80;tcp"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static HttpResponse<String> get(HttpClient http, MsrpUri listener, String path) throws Exception {
        URI url = URI.create((listener.useTls() ? "https://" : "http://") + listener.host() + ":" + listener.port()
                + path);
        return http.send(HttpRequest.newBuilder(url).timeout(RelayTestKit.WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A SEND from WebSocket client {@code from} to the peer whose full path is {@code peerPath}. */
    static MsrpChunk send(List<MsrpUri> peerPath, WsClient from, String text) {
        List<MsrpUri> to = new ArrayList<>();
        to.add(from.sessionUri);
        to.addAll(peerPath);
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "SEND");
        c.addHeader(new ToPathHeader(to));
        c.addHeader(new FromPathHeader(List.of(from.localUri)));
        c.addHeader(new MessageIdHeader(MsrpGrammar.randomIdent(12)));
        c.addHeader(new ByteRangeHeader(new ByteRange(1, body.length, body.length)));
        c.addHeader(new ContentTypeHeader("text/plain"));
        c.setData(body);
        return c;
    }
}
