package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayPasswordGuessingTest.address;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.relay.RelayTestKit.Client;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Issue 16, items 4 and 9: holding connections with almost no traffic (slowloris), and TLS
 * renegotiation; each with the honest client served while the attack runs. The attacker connects
 * from 127.0.0.2, the honest client from 127.0.0.1.
 */
@Timeout(120)
class RelayConnectionAbuseTest {

    private static final InetAddress ATTACKER = address("127.0.0.2");
    /** How long a dripping connection may live before the test calls it a survivor. */
    private static final Duration SURVIVES = Duration.ofSeconds(8);

    @Test
    void oneAddressCannotHoldEveryConnectionSlot() throws Exception {
        int slowConnections = 1000;
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.maxConnections(300));
                HonestClient honest = HonestClient.start(relay)) {
            List<Socket> held = new ArrayList<>();
            try {
                MsrpUri tls = relay.listenerUri(true);
                for (int i = 0; i < slowConnections; i++) {
                    Socket s = new Socket();
                    s.bind(new InetSocketAddress(ATTACKER, 0));
                    s.connect(new InetSocketAddress(tls.host(), tls.port()), 5000);
                    s.getOutputStream().write(0x16); // the first byte of a ClientHello, and nothing more
                    held.add(s);
                }
                int perAddress = relay.config().abuseLimits().connectionsPerAddress();
                RelayAuthTest.waitFor(() -> relay.connectionCount() >= perAddress);
                List<HonestClient.Round> rounds = honest.assertServed();
                System.out.printf("slowloris: %d slow connections from one address, %d connections open in all; "
                        + "honest AUTH at most %d ms, message at most %d ms%n", slowConnections,
                        relay.connectionCount(), max(rounds, true), max(rounds, false));
                assertThat(relay.connectionCount()).as("the attacker's connections, the honest receiver and the last "
                        + "honest sender (its close may not be seen yet)").isLessThanOrEqualTo(perAddress + 2);
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aTlsHandshakeDrippedByteByByteIsCutAtItsDeadline() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.authTimeout(Duration.ofSeconds(20))
                .abuseLimits(AbuseLimits.builder().handshakeTimeout(Duration.ofSeconds(1)).build()))) {
            // a TLS record header announcing 16 KiB of handshake, then one byte every 100 ms
            byte[] start = {0x16, 0x03, 0x01, 0x40, 0x00};
            dripAndCheck(relay, relay.listenerUri(true), start, (byte) 0);
        }
    }

    @Test
    void aFirstRequestDrippedByteByByteIsCutAtItsDeadline() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.authTimeout(Duration.ofSeconds(20))
                .abuseLimits(AbuseLimits.builder().firstRequestTimeout(Duration.ofSeconds(1)).build()))) {
            byte[] start = "MSRP a1b2c3 AUTH\r\nTo-Path: msrp://".getBytes(StandardCharsets.US_ASCII);
            dripAndCheck(relay, relay.listenerUri(false), start, (byte) 'x');
        }
    }

    @Test
    void aConnectionThatKeepsAskingForChallengesIsCutAtTheAuthDeadline() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.authTimeout(Duration.ofMillis(1500)));
                HonestClient honest = HonestClient.start(relay)) {
            AtomicLong longest = new AtomicLong();
            AtomicInteger survivors = new AtomicInteger();
            try (Attack attack = Attack.start(4, () -> {
                long t0 = System.nanoTime();
                try (Client c = Client.connect(relay.listenerUri(false), ATTACKER)) {
                    while (System.nanoTime() - t0 < SURVIVES.toNanos()) {
                        c.challenge(); // a 401 each time: traffic, but never an AUTH that succeeds
                        Thread.sleep(200);
                    }
                    survivors.incrementAndGet();
                } finally {
                    longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                }
            })) {
                honest.assertServed();
                RelayAuthTest.waitFor(() -> attack.failures() >= 4);
            }
            assertThat(survivors.get()).as("connections that outlived the AUTH deadline by far").isZero();
            assertThat(Duration.ofNanos(longest.get())).isLessThan(SURVIVES);
        }
    }

    @Test
    void clientInitiatedRenegotiationEndsTheConnection() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(); HonestClient honest = HonestClient.start(relay)) {
            MsrpUri uri = relay.listenerUri(true);
            AtomicInteger most = new AtomicInteger();
            try (Attack attack = Attack.start(2, () -> most.accumulateAndGet(renegotiations(uri, 20), Math::max))) {
                honest.assertServed();
                RelayAuthTest.waitFor(() -> attack.rounds() >= 4);
            }
            System.out.printf("renegotiation: at most %d renegotiation(s) completed on one connection%n", most.get());
            // the relay closes the connection once the first renegotiation completes; JSSE tells it on a
            // thread of its own, so the client may just finish another on a busy machine (before: all 20)
            assertThat(most.get()).isBetween(1, 3);
        }
    }

    @Test
    void aTls13KeyUpdateIsNotARenegotiation() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay()) {
            MsrpUri uri = relay.listenerUri(true);
            try (SSLSocket ssl = tlsClient(uri, "TLSv1.3")) {
                ssl.startHandshake();
                ssl.startHandshake(); // TLS 1.3: a KeyUpdate
                MsrpTransport t = transport(ssl);
                t.writeChunk(challengeRequest(uri, t.localUri()));
                assertThat(t.readChunk(1 << 16, RelayTestKit.WAIT).code()).isEqualTo(401);
            }
        }
    }

    /**
     * Connects a TLS 1.2 client and renegotiates up to {@code max} times, each followed by an AUTH
     * whose 401 drives the handshake on; returns how many renegotiations completed (as the
     * client's handshake listener saw them) before the relay closed the connection.
     */
    private static int renegotiations(MsrpUri uri, int max) throws IOException, InterruptedException {
        AtomicInteger handshakes = new AtomicInteger();
        try (SSLSocket ssl = tlsClient(uri, "TLSv1.2")) {
            ssl.addHandshakeCompletedListener(e -> handshakes.incrementAndGet());
            ssl.startHandshake();
            MsrpTransport t = transport(ssl);
            for (int i = 1; i <= max; i++) {
                ssl.startHandshake();
                t.writeChunk(challengeRequest(uri, t.localUri()));
                t.readChunk(1 << 16, RelayTestKit.WAIT);
                long deadline = System.nanoTime() + RelayTestKit.WAIT.toNanos();
                while (handshakes.get() < i + 1) {
                    if (System.nanoTime() > deadline) {
                        return handshakes.get() - 1; // this one never completed
                    }
                    Thread.sleep(5);
                }
            }
        } catch (IOException e) {
            // the relay closed the connection
        }
        return handshakes.get() - 1;
    }

    private static MsrpTransport transport(SSLSocket ssl) throws IOException {
        MsrpUri local = MsrpUri.builder().host("127.0.0.2").port(ssl.getLocalPort())
                .sessionId(MsrpGrammar.randomIdent(12)).useTls(true).build();
        return TransportInternals.open(ssl, ssl, local, List.of(), TransportSettings.DEFAULT);
    }

    private static MsrpChunk challengeRequest(MsrpUri relay, MsrpUri local) {
        MsrpChunk auth = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
        auth.addHeader(new ToPathHeader(List.of(relay)));
        auth.addHeader(new FromPathHeader(List.of(local)));
        return auth;
    }

    private static SSLSocket tlsClient(MsrpUri uri, String protocol) throws IOException {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(ATTACKER, 0));
        tcp.connect(new InetSocketAddress(uri.host(), uri.port()), 5000);
        SSLSocket ssl = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(tcp, uri.host(), uri.port(),
                true);
        ssl.setEnabledProtocols(new String[] {protocol});
        ssl.setSoTimeout(5000);
        return ssl;
    }

    /**
     * Runs four dripping attackers (each writes {@code start}, then one {@code filler} byte every
     * 100 ms until the relay closes it) while the honest client is checked; then checks that every
     * dripping connection was closed well before {@link #SURVIVES}.
     */
    private static void dripAndCheck(MsrpRelay relay, MsrpUri target, byte[] start, byte filler) throws Exception {
        AtomicLong longest = new AtomicLong();
        AtomicInteger survivors = new AtomicInteger();
        AtomicInteger closed = new AtomicInteger();
        try (HonestClient honest = HonestClient.start(relay);
                Attack attack = Attack.start(4, () -> {
                    long t0 = System.nanoTime();
                    boolean wasClosed = drip(target, start, filler);
                    longest.accumulateAndGet(System.nanoTime() - t0, Math::max);
                    (wasClosed ? closed : survivors).incrementAndGet();
                })) {
            honest.assertServed();
            RelayAuthTest.waitFor(() -> closed.get() + survivors.get() >= 4);
        }
        assertThat(survivors.get()).as("dripping connections still open after %s", SURVIVES).isZero();
        assertThat(Duration.ofNanos(longest.get())).isLessThan(SURVIVES);
    }

    /** One dripping connection from the attacker's address: true when the relay closed it in time. */
    private static boolean drip(MsrpUri target, byte[] start, byte filler) throws IOException {
        long t0 = System.nanoTime();
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(ATTACKER, 0));
            s.connect(new InetSocketAddress(target.host(), target.port()), 5000);
            s.setSoTimeout(100);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(start);
            while (System.nanoTime() - t0 < SURVIVES.toNanos()) {
                try {
                    if (in.read() < 0) {
                        return true;
                    }
                } catch (SocketTimeoutException e) {
                    out.write(filler);
                }
            }
            return false;
        } catch (IOException e) {
            return true; // reset by the relay's close
        }
    }

    private static long max(List<HonestClient.Round> rounds, boolean auth) {
        return rounds.stream().mapToLong(r -> (auth ? r.auth() : r.message()).toMillis()).max().orElse(0);
    }
}
