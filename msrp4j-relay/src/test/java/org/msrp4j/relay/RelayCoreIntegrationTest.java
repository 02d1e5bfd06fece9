package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.forwardsInOrder;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.MsrpTransport;

/**
 * The relay with core's own connectors on the far side (listening, or connecting to the relay),
 * ordering, and many senders to one receiver.
 */
class RelayCoreIntegrationTest {

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay();
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void relayClientToACoreAcceptorOverTls() throws Exception {
        AcceptorDirect acceptor = new AcceptorDirect();
        List<MsrpUri> peerPath = acceptor.prepare(MsrpUri.builder().useTls(true).host("127.0.0.1").port(0)
                .sessionId(MsrpGrammar.randomIdent(12)).build());
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice")) {
            CompletableFuture<MsrpTransport> bound = CompletableFuture.supplyAsync(() -> {
                try {
                    return acceptor.complete(a.fullPath());
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            assertThat(a.exchange(send(toPath(a, peerPath), List.of(a.localUri), "bind me")).code()).isEqualTo(200);
            try (MsrpTransport peer = bound.get(15, TimeUnit.SECONDS)) {
                assertThat(peer.isTls()).isTrue();
                MsrpChunk first = peer.readChunk(1 << 20, RelayTestKit.WAIT);
                assertThat(new String(first.data(), StandardCharsets.UTF_8)).isEqualTo("bind me");
                assertThat(peer.checkIncomingSendChunk(first)).isEmpty();
                peer.writeChunk(peer.makeResponse(first, 200, "OK"));
                MsrpChunk reply = peer.newChunk().data("welcome").contentType("text/plain").build();
                peer.writeChunk(reply);
                assertThat(peer.readChunk(1 << 20, RelayTestKit.WAIT).code()).isEqualTo(200);
                MsrpChunk atA = a.read();
                assertThat(new String(atA.data(), StandardCharsets.UTF_8)).isEqualTo("welcome");
                assertThat(atA.fromPath()).containsExactly(a.sessionUri, peerPath.get(0));
            }
        } finally {
            acceptor.cleanup();
        }
    }

    @Test
    void aPeerThatConnectedToTheRelayIsReachedOverItsOwnConnection() throws Exception {
        ConnectorDirect connector = new ConnectorDirect();
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice")) {
            List<MsrpUri> peerPath = connector.prepare(MsrpUri.builder().useTls(true).host("127.0.0.1").port(0)
                    .build());
            CompletableFuture<MsrpTransport> bound = CompletableFuture.supplyAsync(() -> {
                try {
                    return connector.complete(a.fullPath());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            MsrpChunk binding = a.read();
            assertThat(binding.fromPath()).containsExactly(a.sessionUri, peerPath.get(0));
            a.write(a.transport.makeResponse(binding, 200, "OK"));
            try (MsrpTransport peer = bound.get(15, TimeUnit.SECONDS)) {
                // nothing listens on the peer's port: the relay must use the connection the peer opened
                assertThat(a.exchange(send(toPath(a, peerPath), List.of(a.localUri), "back to you")).code())
                        .isEqualTo(200);
                MsrpChunk atPeer = peer.readChunk(1 << 20, RelayTestKit.WAIT);
                assertThat(new String(atPeer.data(), StandardCharsets.UTF_8)).isEqualTo("back to you");
                assertThat(peer.checkIncomingSendChunk(atPeer)).isEmpty();
                assertThat(relay.connectionCount()).isEqualTo(2);
            }
        } finally {
            connector.cleanup();
        }
    }

    @Test
    void pipelinedSendsArriveInOrder() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            int n = 200;
            List<MsrpChunk> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                batch.add(send(toPath(a, b.fullPath()), List.of(a.localUri), "m" + i));
            }
            forwardsInOrder(a, b, batch);
        }
    }

    @Test
    void manySendersToOneReceiverNeverInterleave() throws Exception {
        int each = 15;
        int size = 100_000;
        RelayTestKit.sendersNeverInterleave(relay, 6, each, size, (a, b, fill) -> {
            for (int k = 0; k < each; k++) {
                char[] body = new char[size];
                Arrays.fill(body, (char) fill);
                MsrpChunk c = send(toPath(a, b.fullPath()), List.of(a.localUri), new String(body));
                assertThat(a.exchange(c).code()).isEqualTo(200);
            }
        });
    }
}
