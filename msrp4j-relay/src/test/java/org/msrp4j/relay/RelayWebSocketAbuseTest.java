package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * Issue 22's bad input on the WebSocket listener, from a hand-written client over real sockets
 * (from 127.0.0.2): bad handshakes, a missing or wrong subprotocol, a disallowed Origin, oversized
 * and fragmented messages, unmasked frames, a socket closed mid-frame, a slow handshake, the
 * per-address cap. After each attack an honest TCP/TLS pair and an honest WebSocket client still
 * AUTH and get a message relayed, and no relay thread failed.
 */
@Timeout(180)
class RelayWebSocketAbuseTest {

    private static final InetAddress ATTACKER = address("127.0.0.2");

    private static MsrpRelay relay(Consumer<RelayConfig.Builder> tweak) throws IOException {
        return RelayWebSocketTest.relay(tweak);
    }

    /**
     * The honest users: a TLS pair (alice to bob) served {@link HonestClient#ROUNDS} times within {@link
     * HonestClient#LIMIT} each, and a WebSocket client (carol) sending to bob over ws.
     */
    private static void honestServed(MsrpRelay relay, HonestClient honest) throws IOException {
        honest.assertServed();
        try (WsClient c = WsClient.connect(relay.webSocketUri(false)).authOk("carol")) {
            c.write(RelayWebSocketTest.send(honest.receiver().fullPath(), c, "honest over ws"));
            long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
            while (true) {
                MsrpChunk got = honest.receiver().poll(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                assertThat(got).as("carol's message at bob").isNotNull();
                if (got.isRequest()) {
                    honest.receiver().write(honest.receiver().transport.makeResponse(got, 200, "OK"));
                    if ("honest over ws".equals(new String(got.data(), StandardCharsets.UTF_8))) {
                        break;
                    }
                }
            }
            assertThat(c.read().code()).isEqualTo(200);
        }
        assertThat(relay.unexpectedFailures()).as("relay threads that failed").isZero();
    }

    @Test
    void badHandshakesAreRefusedWithoutAnUpgrade() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            for (boolean tls : new boolean[] {false, true}) {
                MsrpUri ws = relay.webSocketUri(tls);
                List<String> requests = List.of(
                        "HELLO\r\n\r\n",
                        "GET /msrp HTTP/1.0\r\n\r\n",
                        "GET /msrp HTTP/1.1\r\nno colon here\r\n\r\n",
                        "GET /msrp HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Protocol: msrp\r\n\r\n",
                        "POST /msrp HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                + "Sec-WebSocket-Protocol: msrp\r\n\r\n",
                        "GET /msrp HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 8\r\n"
                                + "Sec-WebSocket-Protocol: msrp\r\n\r\n");
                for (String request : requests) {
                    try (RawWebSocket a = RawWebSocket.connect(ws, ATTACKER)) {
                        a.writeRaw(request);
                        String head = a.readHead();
                        assertThat(head).as(request).doesNotStartWith("HTTP/1.1 101");
                        assertThat(a.closedByRelay()).as(request).isTrue();
                    }
                }
                try (RawWebSocket a = RawWebSocket.connect(ws, ATTACKER)) {
                    a.writeRaw("GET /msrp HTTP/1.1\r\nX-Long: " + "a".repeat(40_000) + "\r\n\r\n");
                    assertThat(a.readHead()).startsWith("HTTP/1.1 431");
                }
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void aHandshakeWithoutTheMsrpSubprotocolIsRefused() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            MsrpUri ws = relay.webSocketUri(false);
            for (String protocol : List.of("", "Sec-WebSocket-Protocol: sip\r\n",
                    "Sec-WebSocket-Protocol: msrpx\r\n")) {
                try (RawWebSocket a = RawWebSocket.connect(ws, ATTACKER)) {
                    a.writeRaw(a.upgrade(protocol, ""));
                    assertThat(a.readHead()).as(protocol).doesNotStartWith("HTTP/1.1 101");
                    assertThat(a.closedByRelay()).isTrue();
                }
            }
            try (RawWebSocket a = RawWebSocket.connect(ws, ATTACKER)) {
                a.writeRaw(a.upgrade("Sec-WebSocket-Protocol: sip, msrp\r\n", ""));
                String head = a.readHead();
                assertThat(head).startsWith("HTTP/1.1 101").containsIgnoringCase("Sec-WebSocket-Protocol: msrp\r\n");
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void originsAreCheckedAsConfigured() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay);
                MsrpRelay open = relay(b -> b.wsOrigins(Set.of("*")));
                MsrpRelay listed = relay(b -> b.wsOrigins(Set.of("https://chat.example.org")))) {
            MsrpUri ws = relay.webSocketUri(false);
            assertThat(handshake(ws, "Origin: https://evil.example\r\n")).startsWith("HTTP/1.1 403");
            assertThat(handshake(ws, "Origin: http://" + ws.host() + ":" + (ws.port() + 1) + "\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(handshake(ws, "Origin: http://" + ws.host() + ":" + ws.port() + "\r\n"))
                    .startsWith("HTTP/1.1 101");
            assertThat(handshake(relay.webSocketUri(true), "Origin: https://" + ws.host() + ":"
                    + relay.webSocketUri(true).port() + "\r\n")).startsWith("HTTP/1.1 101");
            assertThat(handshake(ws, "")).startsWith("HTTP/1.1 101");
            assertThat(handshake(open.webSocketUri(false), "Origin: https://evil.example\r\n"))
                    .startsWith("HTTP/1.1 101");
            assertThat(handshake(listed.webSocketUri(false), "Origin: https://evil.example\r\n"))
                    .startsWith("HTTP/1.1 403");
            assertThat(handshake(listed.webSocketUri(false), "Origin: https://chat.example.org\r\n"))
                    .startsWith("HTTP/1.1 101");
            assertThat(handshake(listed.webSocketUri(false), "")).startsWith("HTTP/1.1 403");
            honestServed(relay, honest);
        }
    }

    private static String handshake(MsrpUri ws, String originLine) throws IOException {
        try (RawWebSocket a = RawWebSocket.connect(ws, ATTACKER)) {
            a.writeRaw(a.upgrade("Sec-WebSocket-Protocol: msrp\r\n", originLine));
            return a.readHead();
        }
    }

    @Test
    void anOversizedMessageClosesWith1009WholeOrInFragments() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            int cap = relay.config().capacity().maxBufferSize();
            for (boolean tls : new boolean[] {false, true}) {
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    // the header says cap + 1: refused there, before any payload is buffered
                    a.writeRaw(Arrays.copyOf(RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true,
                            new byte[cap + 1]), 100));
                    assertThat(a.awaitClose()).isEqualTo(1009);
                }
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    int piece = cap / 4;
                    a.frame(false, RawWebSocket.BINARY, true, new byte[piece]);
                    for (int i = 0; i < 3; i++) {
                        a.frame(false, RawWebSocket.CONTINUATION, true, new byte[piece]);
                    }
                    // cap bytes so far, none final: the next fragment's header goes over
                    a.writeRaw(Arrays.copyOf(RawWebSocket.frameBytes(false, RawWebSocket.CONTINUATION, true,
                            new byte[piece]), 100));
                    assertThat(a.awaitClose()).isEqualTo(1009);
                }
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void aFragmentedMessageWithAPingInsideIsOneChunk() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay);
                RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER)) {
            assertThat(a.open()).startsWith("HTTP/1.1 101");
            MsrpChunk auth = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
            auth.addHeader(new ToPathHeader(List.of(relay.webSocketUri(false))));
            auth.addHeader(new FromPathHeader(List.of(MsrpUri.parse("msrp://abc.invalid:9/x1;ws"))));
            byte[] bytes = auth.encode();
            int third = bytes.length / 3;
            a.frame(false, RawWebSocket.TEXT, true, Arrays.copyOfRange(bytes, 0, third));
            a.frame(true, RawWebSocket.PING, true, "are you there".getBytes(StandardCharsets.US_ASCII));
            a.frame(false, RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(bytes, third, 2 * third));
            a.frame(true, RawWebSocket.CONTINUATION, true, Arrays.copyOfRange(bytes, 2 * third,
                    bytes.length));
            RawWebSocket.Frame pong = a.readFrame();
            assertThat(pong.opcode()).isEqualTo(RawWebSocket.PONG);
            assertThat(new String(pong.payload(), StandardCharsets.US_ASCII)).isEqualTo("are you there");
            RawWebSocket.Frame answer = a.readFrame();
            assertThat(answer.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(answer.fin()).isTrue();
            String text = new String(answer.payload(), StandardCharsets.UTF_8);
            assertThat(text).startsWith("MSRP " + auth.transactionId() + " 401").endsWith("$\r\n");
            honestServed(relay, honest);
        }
    }

    @Test
    void anUnmaskedClientFrameClosesWith1002() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            for (boolean tls : new boolean[] {false, true}) {
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    a.frame(true, RawWebSocket.BINARY, false, "MSRP x SEND\r\n".getBytes(StandardCharsets.US_ASCII));
                    assertThat(a.awaitClose()).isEqualTo(1002);
                }
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
                    // a masked message, then an unmasked continuation in the same write
                    byte[] first = RawWebSocket.frameBytes(false, RawWebSocket.BINARY, true, new byte[300]);
                    byte[] second = RawWebSocket.frameBytes(true, RawWebSocket.CONTINUATION, false, new byte[10]);
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    byte[] both = Arrays.copyOf(first, first.length + second.length);
                    System.arraycopy(second, 0, both, first.length, second.length);
                    a.writeRaw(both);
                    assertThat(a.awaitClose()).isEqualTo(1002);
                }
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void aMessageMustHoldOneWholeChunk() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            String auth = "MSRP tid001 AUTH\r\nTo-Path: " + relay.webSocketUri(false)
                    + "\r\nFrom-Path: msrp://abc.invalid:9/x1;ws\r\n-------tid001$\r\n";
            String second = auth.replace("tid001", "tid002");
            for (String message : List.of(auth + second, auth.substring(0, 30), "hello\r\n")) {
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER)) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    a.message(message.getBytes(StandardCharsets.US_ASCII));
                    assertThat(a.awaitClose()).as(message).isEqualTo(1002);
                }
            }
            try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER)) {
                assertThat(a.open()).startsWith("HTTP/1.1 101");
                a.message(auth.getBytes(StandardCharsets.US_ASCII));
                a.message(second.getBytes(StandardCharsets.US_ASCII));
                assertThat(new String(a.readFrame().payload(), StandardCharsets.US_ASCII))
                        .startsWith("MSRP tid001 401");
                assertThat(new String(a.readFrame().payload(), StandardCharsets.US_ASCII))
                        .startsWith("MSRP tid002 401");
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void aSocketClosedMidFrameOrMidHandshakeCostsNothing() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            RelayAuthTest.waitFor(() -> relay.connectionCount() == 1); // the honest receiver
            int before = relay.connectionCount();
            for (int i = 0; i < 20; i++) {
                boolean tls = i % 2 == 0;
                RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER);
                if (i % 4 < 2) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                    byte[] frame = RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[5000]);
                    a.writeRaw(Arrays.copyOf(frame, 1000 + i));
                } else {
                    a.writeRaw(a.upgrade("Sec-WebSocket-Protocol: msrp\r\n", "").substring(0, 40 + i));
                }
                a.close();
            }
            RelayAuthTest.waitFor(() -> relay.connectionCount() == before);
            honestServed(relay, honest);
        }
    }

    @Test
    void aSlowHandshakeMeetsTheFirstRequestDeadline() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().firstRequestTimeout(Duration.ofSeconds(2))
                .handshakeTimeout(Duration.ofSeconds(2)).build();
        try (MsrpRelay relay = relay(b -> b.abuseLimits(limits)); HonestClient honest = HonestClient.start(relay)) {
            List<RawWebSocket> slow = new ArrayList<>();
            try {
                for (boolean tls : new boolean[] {false, true}) {
                    RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER);
                    slow.add(a);
                    a.writeRaw(a.upgrade("Sec-WebSocket-Protocol: msrp\r\n", "").substring(0, 30));
                    RawWebSocket b = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER);
                    slow.add(b);
                    assertThat(b.open()).startsWith("HTTP/1.1 101"); // upgraded, then never a request
                }
                honestServed(relay, honest); // while the slow connections are held
                for (RawWebSocket a : slow) {
                    a.socket.setSoTimeout(30_000);
                    assertThat(a.closedByRelay()).as("closed at the first-request deadline").isTrue();
                }
            } finally {
                slow.forEach(RawWebSocket::close);
            }
            honestServed(relay, honest);
        }
    }

    @Test
    void webSocketConnectionsCountAgainstThePerAddressCap() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().connectionsPerAddress(6).build();
        try (MsrpRelay relay = relay(b -> b.abuseLimits(limits)); HonestClient honest = HonestClient.start(relay)) {
            List<RawWebSocket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 6; i++) {
                    RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(i % 2 == 0), ATTACKER);
                    held.add(a);
                    assertThat(a.open()).startsWith("HTTP/1.1 101");
                }
                RawWebSocket extra = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER);
                held.add(extra);
                extra.writeRaw(extra.upgrade("Sec-WebSocket-Protocol: msrp\r\n", ""));
                assertThat(extra.readHead()).isEmpty();
                honestServed(relay, honest);
            } finally {
                held.forEach(RawWebSocket::close);
            }
        }
    }

    @Test
    void aBadChunkInAMessageGetsTheParsersAnswer() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay)) {
            try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER)) {
                assertThat(a.open()).startsWith("HTTP/1.1 101");
                int block = relay.config().limits().maxHeaderBlock();
                a.message(("MSRP abc SEND\r\nTo-Path: msrp://a.invalid:9/x;ws\r\nX: " + "b".repeat(block) + "\r\n"
                        + "-------abc$\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(a.closedByRelay()).isTrue();
            }
            honestServed(relay, honest);
        }
    }

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
