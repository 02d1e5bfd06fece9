package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.RelayTestKit.Client;

/**
 * The relay ends WebSocket connections with a close frame that says why (RFC 6455 §7.4), seen by a
 * hand-written client over real sockets: 1000 when the connection stayed idle, 1001 when the relay
 * stops, 1008 at a deadline. A peer that floods pings gets one pong per read, and one that never
 * reads them holds the relay no longer than the stall timeout; honest clients are served meanwhile.
 */
@Timeout(180)
class RelayWebSocketCloseTest {

    private static final InetAddress ATTACKER = address("127.0.0.2");

    private static MsrpRelay relay(Consumer<RelayConfig.Builder> tweak) throws IOException {
        return RelayWebSocketTest.relay(tweak);
    }

    /** Opens a WebSocket to {@code relay} that sends alice a message directly (which makes it established). */
    private static RawWebSocket establishedPeer(MsrpRelay relay, boolean tls, Client alice) throws IOException {
        return establishedPeer(relay, tls, alice, 0);
    }

    /** As above, with a receive buffer of {@code receiveBuffer} bytes (0: the default). */
    private static RawWebSocket establishedPeer(MsrpRelay relay, boolean tls, Client alice, int receiveBuffer)
            throws IOException {
        RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER, receiveBuffer);
        assertThat(a.open()).startsWith("HTTP/1.1 101");
        MsrpUri self = MsrpUri.parse("msrp://abc.invalid:9/x1;ws");
        a.message(send(alice.fullPath(), List.of(self), "hello").encode());
        MsrpChunk got = alice.read();
        alice.write(alice.transport.makeResponse(got, 200, "OK"));
        RawWebSocket.Frame answer = a.readFrame();
        assertThat(new String(answer.payload(), StandardCharsets.UTF_8)).contains(" 200 ");
        return a;
    }

    @ParameterizedTest(name = "wss {0}")
    @ValueSource(booleans = {false, true})
    void anIdleConnectionIsClosedWith1000(boolean tls) throws Exception {
        try (MsrpRelay relay = relay(b -> b.idleTimeout(Duration.ofMillis(400)));
                Client alice = Client.connect(relay.listenerUri(false)).authOk("alice");
                RawWebSocket a = establishedPeer(relay, tls, alice)) {
            assertThat(a.awaitClose()).isEqualTo(1000);
            assertThat(a.closedByRelay()).isTrue();
        }
    }

    @ParameterizedTest(name = "wss {0}")
    @ValueSource(booleans = {false, true})
    void aRelayShuttingDownClosesWith1001(boolean tls) throws Exception {
        MsrpRelay relay = relay(b -> { });
        try (Client alice = Client.connect(relay.listenerUri(false)).authOk("alice");
                RawWebSocket a = establishedPeer(relay, tls, alice);
                RawWebSocket quiet = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
            assertThat(quiet.open()).startsWith("HTTP/1.1 101");
            relay.shutdown(Duration.ofSeconds(1));
            assertThat(a.awaitClose()).isEqualTo(1001);
            assertThat(quiet.awaitClose()).isEqualTo(1001);
            assertThat(a.closedByRelay()).isTrue();
        } finally {
            relay.close();
        }
    }

    @Test
    void aMissedDeadlineClosesWith1008() throws Exception {
        AbuseLimits limits = AbuseLimits.builder().firstRequestTimeout(Duration.ofSeconds(1)).build();
        try (MsrpRelay relay = relay(b -> b.abuseLimits(limits)); HonestClient honest = HonestClient.start(relay)) {
            for (boolean tls : new boolean[] {false, true}) {
                try (RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(tls), ATTACKER)) {
                    assertThat(a.open()).startsWith("HTTP/1.1 101"); // then never a request
                    assertThat(a.awaitClose()).isEqualTo(1008);
                }
            }
            honest.assertServed();
        }
    }

    @Test
    void aPingFloodGetsOnePongPerRead() throws Exception {
        try (MsrpRelay relay = relay(b -> { }); HonestClient honest = HonestClient.start(relay);
                RawWebSocket a = RawWebSocket.connect(relay.webSocketUri(false), ATTACKER)) {
            assertThat(a.open()).startsWith("HTTP/1.1 101");
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            int pings = 500;
            for (int i = 0; i < pings; i++) {
                flood.writeBytes(RawWebSocket.frameBytes(true, RawWebSocket.PING, true,
                        ("ping " + i).getBytes(StandardCharsets.US_ASCII)));
            }
            a.writeRaw(flood.toByteArray());
            int pongs = 0;
            while (true) {
                RawWebSocket.Frame f = a.readFrame();
                assertThat(f.opcode()).isEqualTo(RawWebSocket.PONG);
                pongs++;
                if (new String(f.payload(), StandardCharsets.US_ASCII).equals("ping " + (pings - 1))) {
                    break;
                }
            }
            assertThat(pongs).as("pongs for %d pings written at once", pings).isLessThan(pings / 10);
            honest.assertServed();
            assertThat(relay.unexpectedFailures()).isZero();
        }
    }

    @Test
    void aPeerThatPingsButNeverReadsIsClosedAtTheStallTimeout() throws Exception {
        Duration stall = Duration.ofSeconds(4);
        try (MsrpRelay relay = relay(b -> b.stallTimeout(stall));
                HonestClient honest = HonestClient.start(relay);
                Client alice = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            int before = relay.connectionCount();
            RawWebSocket a = establishedPeer(relay, false, alice, 2048); // a small window fills soon
            RelayAuthTest.waitFor(() -> relay.connectionCount() == before + 1);
            byte[] ping = RawWebSocket.frameBytes(true, RawWebSocket.PING, true, new byte[125]);
            AtomicLong lastWrite = new AtomicLong(System.nanoTime());
            AtomicLong writes = new AtomicLong();
            Thread flooder = Thread.ofVirtual().start(() -> {
                try {
                    while (true) {
                        a.writeRaw(ping); // one ping per write: a pong each, which this peer never reads
                        lastWrite.set(System.nanoTime());
                        writes.incrementAndGet();
                    }
                } catch (IOException e) {
                    // the relay closed the connection
                }
            });
            try {
                // coalesced pongs (one per read) fill the window only after many pings; then the flood's writes block
                long deadline = System.nanoTime() + RelayTestKit.WAIT.multipliedBy(6).toNanos();
                while (System.nanoTime() - lastWrite.get() < 300_000_000L) {
                    assertThat(System.nanoTime() - deadline).as("the relay stopped reading the flood").isNegative();
                    Thread.sleep(50);
                }
                long blocked = System.nanoTime();
                honest.assertServed(); // while the relay holds the stuck connection
                RelayAuthTest.waitFor(() -> relay.connectionCount() == before);
                assertThat(Duration.ofNanos(System.nanoTime() - blocked)).as("closed by the stall timeout")
                        .isLessThan(stall.plus(RelayTestKit.WAIT));
                flooder.join(RelayTestKit.WAIT);
                assertThat(flooder.isAlive()).as("the flood ended with the connection").isFalse();
            } finally {
                a.close();
            }
            honest.assertServed();
            assertThat(relay.unexpectedFailures()).isZero();
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
