package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.connect.RelayConnection;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * Core's relay client over WebSocket (its {@code java.net.http.WebSocket} transport, RFC 7977)
 * against this relay's {@code ;ws} listeners: AUTH, the binding SEND and chat both ways with a
 * TCP peer, over ws and over wss with the relay's certificate pinned (the transport reports the
 * TLS of wss and the relay's certificate), with the client's keep-alive pinging the relay through
 * a quiet spell.
 */
@Timeout(120)
class RelayWebSocketClientTest {

    private static final Duration KEEP_ALIVE_PONG_WITHIN = Duration.ofSeconds(3);

    @ParameterizedTest(name = "wss {0}")
    @ValueSource(booleans = {false, true})
    void coresWebSocketRelayClientChatsWithATcpPeer(boolean tls) throws Exception {
        try (MsrpRelay relay = RelayWebSocketTest.relay(b -> { });
                RelayTestKit.Client bob = RelayTestKit.Client.connect(relay.listenerUri(false)).authOk("bob")) {
            RelaySettings settings = RelayTestKit.clientSettings("alice", "secret")
                    .relays(List.of(relay.webSocketUri(tls))).useTls(tls)
                    .webSocketKeepAlive(Duration.ofMillis(200), KEEP_ALIVE_PONG_WITHIN).build();
            RelayConnection alice = new RelayConnection(settings, RelayConnection.Mode.ACTIVE);
            try {
                List<MsrpUri> path = alice.prepare(null);
                assertThat(path.get(0).transport()).isEqualTo("ws");
                assertThat(path.get(0).port()).isEqualTo(relay.webSocketUri(tls).port());
                assertThat(path.get(1).host()).endsWith(".invalid");
                CompletableFuture<MsrpTransport> bound = CompletableFuture.supplyAsync(() -> {
                    try {
                        return alice.complete(bob.fullPath());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                MsrpChunk binding = bob.read();
                assertThat(binding.fromPath()).containsExactly(bob.sessionUri, path.get(0), path.get(1));
                bob.write(bob.transport.makeResponse(binding, 200, "OK"));
                try (MsrpTransport t = bound.get(60, TimeUnit.SECONDS)) {
                    assertThat(t.isTls()).as("TLS over wss").isEqualTo(tls);
                    assertThat(t.peerFingerprint()).isEqualTo(tls ? Optional.of(RelayTestKit.CERTIFICATE.fingerprint())
                            : Optional.empty());
                    MsrpChunk hello = t.newChunk().data("hello from java over ws").contentType("text/plain").build();
                    t.writeChunk(hello);
                    MsrpChunk atBob = bob.read();
                    assertThat(new String(atBob.data(), StandardCharsets.UTF_8)).isEqualTo("hello from java over ws");
                    bob.write(bob.transport.makeResponse(atBob, 200, "OK"));
                    // quiet for longer than a ping's deadline: the relay's pongs keep the connection
                    Thread.sleep(KEEP_ALIVE_PONG_WITHIN.plusSeconds(1).toMillis());
                    assertThat(t.isClosed()).as("kept alive by the relay's pongs").isFalse();
                    bob.write(RelayTestKit.send(RelayTestKit.toPath(bob, path), List.of(bob.localUri), "hi back"));
                    MsrpChunk got = t.readChunk(1 << 20, RelayTestKit.WAIT);
                    while (got.isResponse()) {
                        assertThat(got.code()).isEqualTo(200);
                        got = t.readChunk(1 << 20, RelayTestKit.WAIT);
                    }
                    assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hi back");
                    t.writeChunk(t.makeResponse(got, 200, "OK"));
                    assertThat(bob.read().code()).isEqualTo(200);
                }
            } finally {
                alice.cleanup();
            }
        }
    }
}
