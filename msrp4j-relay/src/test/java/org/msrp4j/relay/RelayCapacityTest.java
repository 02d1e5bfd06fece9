package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.send;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.msrp4j.auth.Digest;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.AuthorizationHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UsePathHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;
import org.msrp4j.tls.TlsContexts;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * A quick capacity check: many AUTHed sessions held at once, with the heap they cost. The
 * 10,000-session benchmark lives in msrp4j-bench.
 */
class RelayCapacityTest {

    private static final TransportSettings LEAN = TransportSettings.builder().readBufferSize(512).build();

    /** A client reduced to what must stay alive: the socket and its URIs. */
    record Held(Socket tcp, Socket socket, MsrpUri local, MsrpUri session) {
    }

    @Test
    void holdsAThousandTcpAndTwoHundredTlsSessions() throws Exception {
        try (MsrpRelay relay = RelayTestKit.relay(b -> b.bufferSize(8 * 1024)
                .abuseLimits(AbuseLimits.builder().connectionsPerAddress(2000).build())
                .maxReservationsPerUser(2000).maxConnectionsPerUser(2000))) {
            System.gc();
            Thread.sleep(200);
            System.gc();
            long before = RelayStreamingTest.usedHeap();
            List<Held> held = new ArrayList<>();
            held.addAll(authMany(relay.listenerUri(false), 1000));
            held.addAll(authMany(relay.listenerUri(true), 200));
            assertThat(relay.sessionCount()).isEqualTo(1200);
            System.gc();
            Thread.sleep(200);
            System.gc();
            long after = RelayStreamingTest.usedHeap();
            long perSession = (after - before) / held.size();
            System.out.printf("capacity: %d sessions held (1000 TCP, 200 TLS), %d relay threads; heap %d KiB per"
                    + " session, test clients included%n", relay.sessionCount(), relay.threadCount(), perSession >> 10);

            // the relay still forwards between two of them
            Held a = held.get(17);
            Held b = held.get(1100);
            MsrpTransport ta = TransportInternals.open(a.tcp, a.local, List.of(), LEAN);
            MsrpTransport tb = b.socket instanceof SSLSocket ssl
                    ? TransportInternals.open(ssl, b.tcp, b.local, List.of(), LEAN)
                    : TransportInternals.open(b.socket, b.local, List.of(), LEAN);
            ta.writeChunk(send(List.of(a.session, b.session, b.local), List.of(a.local), "hello"));
            assertThat(ta.readChunk(1 << 16, RelayTestKit.WAIT).code()).isEqualTo(200);
            assertThat(new String(tb.readChunk(1 << 16, RelayTestKit.WAIT).data(), StandardCharsets.UTF_8))
                    .isEqualTo("hello");
            for (Held h : held) {
                h.socket.close();
            }
            RelayAuthTest.waitFor(() -> relay.sessionCount() == 0 && relay.connectionCount() == 0);
        }
    }

    private static List<Held> authMany(MsrpUri relayUri, int n) throws Exception {
        Semaphore parallel = new Semaphore(32);
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Held>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(ex.submit(() -> {
                    parallel.acquire();
                    try {
                        return auth(relayUri);
                    } finally {
                        parallel.release();
                    }
                }));
            }
            List<Held> out = new ArrayList<>();
            for (Future<Held> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    private static Held auth(MsrpUri relayUri) throws IOException {
        Socket tcp = new Socket();
        tcp.connect(new InetSocketAddress(relayUri.host(), relayUri.port()), 10_000);
        MsrpUri local = MsrpUri.builder().host("127.0.0.1").port(tcp.getLocalPort())
                .sessionId(MsrpGrammar.randomIdent(12)).build();
        Socket socket = tcp;
        MsrpTransport t;
        if (relayUri.useTls()) {
            SSLSocket ssl = (SSLSocket) TlsContexts.client().getSocketFactory().createSocket(tcp, relayUri.host(),
                    relayUri.port(), true);
            ssl.startHandshake();
            socket = ssl;
            t = TransportInternals.open(ssl, tcp, local, List.of(), LEAN);
        } else {
            t = TransportInternals.open(tcp, local, List.of(), LEAN);
        }
        MsrpChunk first = authRequest(relayUri, local, null);
        t.writeChunk(first);
        MsrpChunk challenge = t.readChunk(1 << 16, RelayTestKit.WAIT);
        WwwAuthenticateHeader ch = (WwwAuthenticateHeader) challenge.header(WwwAuthenticateHeader.NAME);
        String nonce = ch.get("nonce");
        String cnonce = MsrpGrammar.randomIdent(8);
        String uri = relayUri.encode();
        String response = Digest.response(Digest.ha1("alice", RelayTestKit.REALM, "secret"), nonce, "00000001", cnonce,
                "auth", "AUTH", uri);
        t.writeChunk(authRequest(relayUri, local, Map.of("username", "alice", "realm", RelayTestKit.REALM,
                "nonce", nonce, "uri", uri, "qop", "auth", "nc", "00000001", "cnonce", cnonce, "response", response,
                "opaque", ch.get("opaque"))));
        MsrpChunk ok = t.readChunk(1 << 16, RelayTestKit.WAIT);
        assertThat(ok.code()).isEqualTo(200);
        return new Held(tcp, socket, local, ((UsePathHeader) ok.header(UsePathHeader.NAME)).path().get(0));
    }

    private static MsrpChunk authRequest(MsrpUri relayUri, MsrpUri local, Map<String, String> authorization) {
        MsrpChunk c = MsrpChunk.request(MsrpGrammar.randomIdent(10), "AUTH");
        c.addHeader(new ToPathHeader(List.of(relayUri)));
        c.addHeader(new FromPathHeader(List.of(local)));
        if (authorization != null) {
            c.addHeader(new AuthorizationHeader(authorization));
        }
        return c;
    }
}
