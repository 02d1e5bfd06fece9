package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.relay.RelayPasswordGuessingTest.address;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;

/**
 * The relay's HTTP metrics and health endpoint ({@code metrics.listen}), scraped over real HTTP while
 * real clients use the relay: the numbers move as the traffic says, /health follows the account
 * database, and hostile HTTP clients on the metrics port neither block it for long nor disturb
 * relaying.
 */
@Timeout(300)
class RelayMetricsTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    private MsrpRelay relay(AbuseLimits limits) throws IOException {
        MsrpRelay relay = RelayTestKit.relay(b -> b.metricsListen(new InetSocketAddress("127.0.0.1", 0))
                .abuseLimits(limits));
        closing.add(relay);
        return relay;
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private static HttpResponse<String> get(MsrpRelay relay, String path) throws IOException, InterruptedException {
        InetSocketAddress at = relay.metricsAddress();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(60)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of a scrape, by name and labels as written ({@code name{label="value"}}). */
    private static Map<String, Double> scrape(MsrpRelay relay) throws IOException, InterruptedException {
        HttpResponse<String> r = get(relay, "/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain; version=0.0.4");
        Map<String, Double> samples = new HashMap<>();
        for (String line : r.body().split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    private static double value(Map<String, Double> samples, String key) {
        return samples.getOrDefault(key, 0.0);
    }

    /** Scrapes until {@code key} satisfies {@code wanted} (some counters move after the client saw its answer). */
    private static double awaitValue(MsrpRelay relay, String key, Predicate<Double> wanted) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            double v = value(scrape(relay), key);
            if (wanted.test(v) || System.nanoTime() > deadline) {
                return v;
            }
            Thread.sleep(20);
        }
    }

    @Test
    void theNumbersMoveWithTheTraffic() throws Exception {
        MsrpRelay relay = relay(AbuseLimits.builder().connectionsPerAddress(1).addressFailures(2).build());
        MsrpUri tls = relay.listenerUri(true);
        Map<String, Double> before = scrape(relay);
        assertThat(before).containsEntry("msrp_relay_reservations", 0.0)
                .containsEntry("msrp_relay_forwarded_chunks_total", 0.0)
                .containsEntry("msrp_relay_auth_total{outcome=\"bad_credentials\"}", 0.0)
                .containsEntry("msrp_relay_refusals_total{limit=\"connections.per-address\"}", 0.0);

        // AUTH outcomes, from one address each (connections.per-address is 1 here)
        Client guesser = closeLater(Client.connect(tls, address("127.0.0.2")));
        for (int i = 0; i < 3; i++) { // the budget of 2 drains as time goes on: the third fills it
            assertThat(guesser.auth("alice", "guess", null).code()).isEqualTo(401);
        }
        assertThat(guesser.auth("alice", "secret", null).code()).as("the address is banned now").isEqualTo(403);
        Client a = closeLater(Client.connect(tls, address("127.0.0.3")).authOk("alice"));
        Client b = closeLater(Client.connect(tls, address("127.0.0.4")).authOk("bob"));
        Map<String, Double> authed = scrape(relay);
        assertThat(authed).containsEntry("msrp_relay_auth_total{outcome=\"bad_credentials\"}", 3.0)
                .containsEntry("msrp_relay_auth_total{outcome=\"throttled\"}", 1.0)
                .containsEntry("msrp_relay_auth_total{outcome=\"challenged\"}", 6.0)
                .containsEntry("msrp_relay_auth_total{outcome=\"ok\"}", 2.0)
                .containsEntry("msrp_relay_refusals_total{limit=\"auth.address.max-failures\"}", 1.0)
                .containsEntry("msrp_relay_reservations", 2.0)
                .containsEntry("msrp_relay_connections{listener=\"" + tls + "\"}", 3.0);

        // a relayed message: one chunk, its body bytes, one latency observation
        String text = "metered through the relay";
        a.write(send(toPath(a, b.fullPath()), List.of(a.localUri), text));
        assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(a.read().code()).isEqualTo(200);
        Map<String, Double> relayed = scrape(relay);
        assertThat(relayed).containsEntry("msrp_relay_forwarded_chunks_total", 1.0)
                .containsEntry("msrp_relay_forwarded_bytes_total", (double) text.length())
                .containsEntry("msrp_relay_forward_latency_seconds_count", 1.0);
        assertThat(value(relayed, "msrp_relay_forward_latency_seconds_bucket{le=\"+Inf\"}")).isEqualTo(1.0);

        // a connection over connections.per-address is refused and counted
        try (Socket second = new Socket()) {
            second.bind(new InetSocketAddress(address("127.0.0.3"), 0));
            second.connect(new InetSocketAddress("127.0.0.1", tls.port()), 5000);
            second.setSoTimeout(30_000);
            assertThat(second.getInputStream().read()).as("closed at once").isEqualTo(-1);
        }
        assertThat(awaitValue(relay, "msrp_relay_refusals_total{limit=\"connections.per-address\"}", v -> v >= 1))
                .isEqualTo(1.0);

        guesser.close();
        a.close();
        assertThat(awaitValue(relay, "msrp_relay_reservations", v -> v == 1)).isEqualTo(1.0);
        assertThat(awaitValue(relay, "msrp_relay_connections{listener=\"" + tls + "\"}", v -> v == 1))
                .isEqualTo(1.0);
    }

    @Test
    void limitsAndNextHopFailuresAreCounted() throws Exception {
        MsrpRelay relay = RelayTestKit.relay(b -> b.metricsListen(new InetSocketAddress("127.0.0.1", 0))
                .abuseLimits(AbuseLimits.builder().handshakeTimeout(Duration.ofSeconds(1))
                        .firstRequestTimeout(Duration.ofSeconds(1)).build())
                .maxConnectionsPerUser(1).responseTimeout(Duration.ofSeconds(1)));
        closing.add(relay);

        // silent connections miss their deadlines: the TLS handshake, the first request
        try (Socket tls = new Socket("127.0.0.1", relay.listenerUri(true).port());
                Socket tcp = new Socket("127.0.0.1", relay.listenerUri(false).port())) {
            tls.setSoTimeout(30_000);
            tcp.setSoTimeout(30_000);
            assertThat(tls.getInputStream().read()).isEqualTo(-1);
            assertThat(tcp.getInputStream().read()).isEqualTo(-1);
        }
        Map<String, Double> missed = scrape(relay);
        assertThat(missed).containsEntry("msrp_relay_refusals_total{limit=\"timeout.handshake\"}", 1.0)
                .containsEntry("msrp_relay_refusals_total{limit=\"timeout.first-request\"}", 1.0);

        // an account over users.max-connections
        Client a = closeLater(Client.connect(relay.listenerUri(false)).authOk("alice"));
        Client again = closeLater(Client.connect(relay.listenerUri(false)));
        assertThat(again.auth("alice", "secret", null).code()).isEqualTo(403);
        assertThat(scrape(relay)).containsEntry("msrp_relay_refusals_total{limit=\"users.max-connections\"}", 1.0)
                .containsEntry("msrp_relay_auth_total{outcome=\"too_many_reservations\"}", 1.0);

        // next hops: a closed port, one the policy refuses (port 80), one that never answers
        int closed;
        try (ServerSocket probe = new ServerSocket(0, 1, address("127.0.0.1"))) {
            closed = probe.getLocalPort();
        }
        a.write(send(List.of(a.sessionUri, MsrpUri.parse("msrp://127.0.0.1:" + closed + "/x;tcp")),
                List.of(a.localUri), "to nobody"));
        assertThat(a.read().code()).isEqualTo(481);
        a.write(send(List.of(a.sessionUri, MsrpUri.parse("msrp://127.0.0.1:80/x;tcp")), List.of(a.localUri),
                "to a web server"));
        assertThat(a.read().code()).isEqualTo(481);
        Client b = closeLater(Client.connect(relay.listenerUri(false)).authOk("bob"));
        a.write(send(toPath(a, b.fullPath()), List.of(a.localUri), "never answered"));
        assertThat(b.read().data()).isNotEmpty(); // and no response from b
        Map<String, Double> failures = scrape(relay);
        assertThat(failures).containsEntry("msrp_relay_next_hop_failures_total{reason=\"unreachable\"}", 1.0)
                .containsEntry("msrp_relay_next_hop_failures_total{reason=\"policy\"}", 1.0);
        assertThat(awaitValue(relay, "msrp_relay_next_hop_failures_total{reason=\"response_timeout\"}",
                v -> v >= 1)).isEqualTo(1.0);
    }

    @Test
    void theConnectionCapAndTheAuthFailuresPerConnectionAreCounted() throws Exception {
        MsrpRelay relay = RelayTestKit.relay(b -> b.metricsListen(new InetSocketAddress("127.0.0.1", 0))
                .maxConnections(2).maxAuthFailures(2));
        closing.add(relay);
        MsrpUri tcp = relay.listenerUri(false);
        try (Client guesser = Client.connect(tcp)) {
            assertThat(guesser.auth("alice", "guess", null).code()).isEqualTo(401);
            assertThat(guesser.auth("alice", "guess", null).code()).isEqualTo(401);
            guesser.tcp.setSoTimeout(30_000);
            assertThat(guesser.tcp.getInputStream().read()).as("closed after its second failure").isEqualTo(-1);
        }
        assertThat(awaitValue(relay, "msrp_relay_refusals_total{limit=\"auth.max-failures\"}", v -> v >= 1))
                .isEqualTo(1.0);
        assertThat(awaitValue(relay, "msrp_relay_connections{listener=\"" + tcp + "\"}", v -> v == 0)).isZero();

        try (Socket first = new Socket("127.0.0.1", tcp.port()); Socket second = new Socket("127.0.0.1", tcp.port())) {
            assertThat(awaitValue(relay, "msrp_relay_connections{listener=\"" + tcp + "\"}", v -> v == 2))
                    .isEqualTo(2.0);
            try (Socket third = new Socket("127.0.0.1", tcp.port())) {
                third.setSoTimeout(30_000);
                assertThat(third.getInputStream().read()).as("over connections.max").isEqualTo(-1);
            }
        }
        assertThat(awaitValue(relay, "msrp_relay_refusals_total{limit=\"connections.max\"}", v -> v >= 1))
                .isEqualTo(1.0);
    }

    @Test
    void aLongChunkEndedEarlyForAnotherSenderIsCountedAsResplit() throws Exception {
        MsrpRelay relay = relay(AbuseLimits.DEFAULT);
        Client slow = closeLater(Client.connect(relay.listenerUri(false)).authOk("alice"));
        Client other = closeLater(Client.connect(relay.listenerUri(false)).authOk("carol"));
        Client b = closeLater(Client.connect(relay.listenerUri(false)).authOk("bob"));
        int size = 64 * 1024;
        MsrpChunk head = send(toPath(slow, b.fullPath()), List.of(slow.localUri), "");
        head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
        byte[] body = RelayTestKit.pattern(size, 0);
        OutputStream out = slow.tcp.getOutputStream();
        out.write(head.encodeStart());
        out.write(body, 0, 20 * 1024); // past what is gathered: the chunk streams to b, holding b
        out.flush();
        awaitValue(relay, "msrp_relay_forward_latency_seconds_count", v -> v >= 1);

        other.write(send(toPath(other, b.fullPath()), List.of(other.localUri), "my turn"));
        assertThat(awaitValue(relay, "msrp_relay_resplit_chunks_total", v -> v >= 1)).isEqualTo(1.0);
        out.write(body, 20 * 1024, size - 20 * 1024);
        out.write(head.encodeEnd(Continuation.END));
        out.flush();
        long bytes = 0;
        boolean turn = false;
        while (bytes < size || !turn) {
            MsrpChunk got = b.read();
            if ("my turn".equals(new String(got.data(), StandardCharsets.UTF_8))) {
                turn = true;
            } else {
                bytes += got.data().length;
            }
        }
        assertThat(bytes).isEqualTo(size);
    }

    @Test
    void healthFollowsTheAccountDatabase() throws Exception {
        PostgresFixture.require();
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("metrics.listen", "127.0.0.1:0");
        p.setProperty("jdbc.timeout", "3");
        MsrpRelay relay = MsrpRelay.start(RelayConfig.fromProperties(p, Path.of(".")));
        closing.add(relay);
        HttpResponse<String> up = get(relay, "/health");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(up.body()).isEqualTo("ok\n");
        try {
            PostgresFixture.stop();
            HttpResponse<String> down = get(relay, "/health");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.body()).isEqualTo("account source unavailable\n");
        } finally {
            PostgresFixture.start();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpResponse<String> again = get(relay, "/health");
        while (again.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            again = get(relay, "/health");
        }
        assertThat(again.statusCode()).as("healthy again once the database is back").isEqualTo(200);

        relay.shutdown(Duration.ZERO);
        assertThatThrownBy(() -> get(relay, "/health")).as("the endpoint ends with the relay")
                .isInstanceOf(IOException.class);
    }

    @Test
    void healthIs503WhileShuttingDown() throws Exception {
        MsrpRelay relay = relay(AbuseLimits.DEFAULT);
        assertThat(get(relay, "/health").statusCode()).isEqualTo(200);
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            // a chunk in transit keeps the relay in its graceful shutdown until the grace runs out
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, 1 << 20, 1 << 20)));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write(new byte[20 * 1024]); // more than is gathered: it streams on to b
            out.flush();
            awaitValue(relay, "msrp_relay_forward_latency_seconds_count", v -> v >= 1); // the relay is inside it
            Thread shutdown = Thread.ofVirtual().start(() -> relay.shutdown(Duration.ofSeconds(60)));
            try {
                HttpResponse<String> r = get(relay, "/health");
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (r.statusCode() == 200 && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                    r = get(relay, "/health");
                }
                assertThat(r.statusCode()).isEqualTo(503);
                assertThat(r.body()).isEqualTo("relay shutting down\n");
            } finally {
                relay.close();
                shutdown.join();
            }
        }
    }

    @Test
    void onlyMetricsAndHealthAreServed() throws Exception {
        MsrpRelay relay = relay(AbuseLimits.DEFAULT);
        assertThat(get(relay, "/").statusCode()).isEqualTo(404);
        assertThat(get(relay, "/metrics?name=x").statusCode()).isEqualTo(200);
        assertThat(raw(relay, "POST /metrics HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 405 ");
        assertThat(raw(relay, "GET /metrics\r\n\r\n")).startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\nbad request\n");
        assertThat(raw(relay, "HEAD /health HTTP/1.0\n\n")).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n");
        assertThat(raw(relay, "GET /" + "x".repeat(MetricsServer.MAX_HEAD) + " HTTP/1.1\r\n\r\n"))
                .as("a head longer than the limit").startsWith("HTTP/1.1 400 ").endsWith("\r\n\r\nbad request\n");
    }

    /** Writes {@code request} to the metrics port and returns all it answers. */
    private static String raw(MsrpRelay relay, String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", relay.metricsAddress().getPort())) {
            s.setSoTimeout(30_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void slowAndJunkHttpClientsNeitherHoldTheEndpointNorDisturbRelaying() throws Exception {
        MsrpRelay relay = relay(AbuseLimits.DEFAULT);
        Client a = closeLater(Client.connect(relay.listenerUri(true)).authOk("alice"));
        Client b = closeLater(Client.connect(relay.listenerUri(false)).authOk("bob"));
        int port = relay.metricsAddress().getPort();
        List<Socket> hostile = new ArrayList<>();
        try {
            for (int i = 0; i < MetricsServer.MAX_CLIENTS + 4; i++) {
                Socket s = new Socket("127.0.0.1", port);
                hostile.add(s);
                s.setSoTimeout(60_000);
                OutputStream out = s.getOutputStream();
                if (i % 2 == 0) {
                    out.write("GET /metr".getBytes(StandardCharsets.US_ASCII)); // and then nothing
                } else {
                    out.write(new byte[] {0, (byte) 0xff, 'G', 0x1b, '\r'}); // junk, no end of head
                }
                out.flush();
            }
            // relaying goes on while every slot of the endpoint is taken
            for (int i = 0; i < 20; i++) {
                String text = "message " + i;
                a.write(send(toPath(a, b.fullPath()), List.of(a.localUri), text));
                assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo(text);
                assertThat(a.read().code()).isEqualTo(200);
            }
            // each is dropped by its deadline (those over the limit at once), unanswered
            for (Socket s : hostile) {
                InputStream in = s.getInputStream();
                assertThat(in.read()).as("dropped without an answer").isEqualTo(-1);
            }
        } finally {
            for (Socket s : hostile) {
                s.close();
            }
        }
        assertThat(awaitValue(relay, "msrp_relay_forwarded_chunks_total", v -> v >= 20)).isEqualTo(20.0);
        assertThat(relay.unexpectedFailures()).isZero();
    }

    @Test
    void metricsListenTakesAnAddressAndPortOrAPortOnLoopback() throws IOException {
        assertThat(RelayConfigParser.metricsAddress("9464")).isEqualTo(new InetSocketAddress("127.0.0.1", 9464));
        assertThat(RelayConfigParser.metricsAddress("0.0.0.0:9100")).isEqualTo(new InetSocketAddress("0.0.0.0", 9100));
        assertThat(RelayConfigParser.metricsAddress("[::1]:9464")).isEqualTo(new InetSocketAddress("::1", 9464));
        for (String bad : List.of("metrics.example.org:9464", "127.0.0.1", "127.0.0.1:http", ":9464", "70000")) {
            assertThatThrownBy(() -> RelayConfigParser.metricsAddress(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("metrics.listen");
        }
        Properties p = new Properties();
        assertThat(RelayConfig.fromProperties(p, Path.of(".")).metricsListen()).as("off by default").isNull();
        p.setProperty("metrics.listen", "[::1]:0");
        assertThat(RelayConfig.fromProperties(p, Path.of(".")).metricsListen())
                .isEqualTo(new InetSocketAddress("::1", 0));
    }
}
