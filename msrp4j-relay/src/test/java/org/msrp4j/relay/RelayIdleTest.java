package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The idle timeout (short here) closes connections that hold no reservation; a connection that
 * holds one lives until the reservation's Expires, however long it stays quiet.
 */
class RelayIdleTest {

    private static final Duration IDLE = Duration.ofMillis(400);
    private static final long EXPIRES = 3;

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.idleTimeout(IDLE).expires(EXPIRES, 1, 10));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void aQuietConnectionWithoutAReservationIsClosed() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client peer = Client.connect(relay.listenerUri(false))) {
            // a direct peer delivers to alice, which makes its connection established, then goes quiet
            assertThat(peer.exchange(send(a.fullPath(), List.of(peer.localUri), "hello")).code()).isEqualTo(200);
            MsrpChunk got = a.read();
            a.write(a.transport.makeResponse(got, 200, "OK"));
            RelayAuthTest.assertThatClosed(peer);
            assertThat(relay.sessionCount()).isEqualTo(1);
        }
    }

    @Test
    void aConnectionInsideAChunkIsLeftToTheStallTimeoutNotTheIdleTimeout() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client peer = Client.connect(relay.listenerUri(false))) {
            MsrpChunk m = send(a.fullPath(), List.of(peer.localUri), "first half, second half");
            byte[] body = m.data();
            OutputStream out = peer.tcp.getOutputStream();
            out.write(m.encodeStart());
            out.write(body, 0, 10);
            out.flush();
            Thread.sleep(IDLE.multipliedBy(4).toMillis()); // far less than the stall timeout
            out.write(body, 10, body.length - 10);
            out.write(m.encodeEnd(Continuation.END));
            MsrpChunk got = a.read();
            assertThat(got.data()).isEqualTo(body);
            a.write(a.transport.makeResponse(got, 200, "OK"));
            assertThat(peer.read().code()).isEqualTo(200);
        }
    }

    @Test
    void aConnectionHoldingAReservationOutlivesTheIdleTimeoutUntilItsExpires() throws Exception {
        long start = System.nanoTime();
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            Thread.sleep(IDLE.multipliedBy(4).toMillis());
            assertThat(relay.sessionCount()).as("the reservation outlived four idle timeouts").isEqualTo(1);
            try (Client peer = Client.connect(relay.listenerUri(false))) {
                assertThat(peer.exchange(send(a.fullPath(), List.of(peer.localUri), "still there?")).code())
                        .isEqualTo(200);
                MsrpChunk got = a.read();
                assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("still there?");
                a.write(a.transport.makeResponse(got, 200, "OK"));
            }
            RelayAuthTest.assertThatClosed(a);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("closed by its Expires, not the idle timer")
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(EXPIRES));
            assertThat(relay.sessionCount()).isZero();
        }
    }
}
