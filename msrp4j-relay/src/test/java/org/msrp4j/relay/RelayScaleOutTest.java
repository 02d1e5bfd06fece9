package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.ConnectorRelay;
import org.msrp4j.connect.RelaySettings;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.relay.examples.InboundRelayConnection;
import org.msrp4j.relay.examples.OutboundRelayConnection;
import org.msrp4j.testing.Interop;
import org.msrp4j.tls.TlsCredentials;
import org.msrp4j.tls.pkix.PkixCredentials;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * A fleet of two relays: two relay processes ({@code java org.msrp4j.relay.MsrpRelay FILE}, each its
 * own JVM) sharing the accounts in PostgreSQL (the {@code interop/postgres} fixture) and one TLS
 * certificate, published under {@code _msrps._tcp.fleet.test} (A at priority 10, B at 20) by
 * Debian's dnsmasq, started here on a free loopback port. Clients find their relay by SRV; a
 * session between a client on A and one on B goes relay to relay, messages both ways; with A
 * stopped, a client of the same domain falls over to B. Skipped without dnsmasq or the database
 * unless {@code MSRP4J_INTEROP=required}.
 */
@Timeout(300)
class RelayScaleOutTest {

    private static final Path DNSMASQ = Path.of(System.getenv().getOrDefault("MSRP4J_DNSMASQ", "/usr/sbin/dnsmasq"));
    private static final Pattern LISTENING = Pattern.compile("listening on msrps://127\\.0\\.0\\.1:(\\d+);tcp");
    private static final TlsCredentials FLEET_CERTIFICATE = PkixCredentials.selfSigned("relay.fleet.test");

    private final List<Process> processes = new ArrayList<>();
    private InetSocketAddress dns;

    @BeforeEach
    void services() {
        Interop.requireService("dnsmasq " + DNSMASQ + " (apt-get install dnsmasq)", Files.isExecutable(DNSMASQ));
        PostgresFixture.require();
    }

    @AfterEach
    void stop() throws InterruptedException {
        for (Process p : processes.reversed()) {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void clientsOnTwoRelaysTalkAndFallOverToTheSecondWhenTheFirstIsDown(@TempDir Path dir) throws Exception {
        Path cert = Files.writeString(dir.resolve("fleet-cert.pem"),
                pem("CERTIFICATE", FLEET_CERTIFICATE.certificate().getEncoded()));
        Path key = Files.writeString(dir.resolve("fleet-key.pem"),
                pem("PRIVATE KEY", FLEET_CERTIFICATE.privateKey().getEncoded()));
        RelayProcess a = relayProcess(dir, "a", cert, key);
        RelayProcess b = relayProcess(dir, "b", cert, key);
        startDns(List.of("--srv-host=_msrps._tcp.fleet.test,127.0.0.1," + a.port + ",10,0",
                "--srv-host=_msrps._tcp.fleet.test,127.0.0.1," + b.port + ",20,0",
                "--srv-host=_msrps._tcp.b.fleet.test,127.0.0.1," + b.port + ",10,0"));

        awaitHealthy(a);
        awaitHealthy(b);
        // alice finds A (the first priority), bob is told to use b.fleet.test: a session across the fleet
        Session across = session(settings("fleet.test", "alice"), settings("b.fleet.test", "bob"));
        assertThat(across.offerPath.get(0).port()).as("alice's relay").isEqualTo(a.port);
        assertThat(across.answerPath.get(0).port()).as("bob's relay").isEqualTo(b.port);
        assertThat(across.atOfferer).isEqualTo("Hello world!");
        assertThat(across.atAnswerer).isEqualTo("Hello through the relay!");
        assertThat(get(b, "/health").statusCode()).as("B's /health while the fleet works").isEqualTo(200);
        String metricsOfA = get(a, "/metrics").body();
        assertThat(metricsOfA).as("A reaches B over a connection of its own, and passed alice's message on")
                .containsPattern("(?m)^msrp_relay_connections\\{listener=\"outbound\"\\} [1-9]")
                .containsPattern("(?m)^msrp_relay_forwarded_chunks_total [1-9]");

        a.process.destroy(); // SIGTERM: A stops gracefully, its listener closes
        assertThat(a.process.waitFor(60, TimeUnit.SECONDS)).as("relay A stopped").isTrue();

        awaitHealthy(b);
        ConnectorRelay carol = new ConnectorRelay(settings("fleet.test", "carol"));
        try {
            assertThat(carol.prepare().get(0).port()).as("carol falls over to B").isEqualTo(b.port);
        } finally {
            carol.cleanup();
        }
        Session onB = session(settings("fleet.test", "alice"), settings("fleet.test", "bob"));
        assertThat(onB.offerPath.get(0).port()).isEqualTo(b.port);
        assertThat(onB.answerPath.get(0).port()).isEqualTo(b.port);
        assertThat(onB.atOfferer).isEqualTo("Hello world!");
        assertThat(onB.atAnswerer).isEqualTo("Hello through the relay!");
    }

    /** What both sides of a session saw: their a=path values and the message each received. */
    private record Session(List<MsrpUri> offerPath, List<MsrpUri> answerPath, String atOfferer, String atAnswerer) {
    }

    /** The examples' offerer and answerer, the SDP exchange in memory; each sends one message. */
    private static Session session(RelaySettings offerer, RelaySettings answerer) throws Exception {
        CompletableFuture<List<MsrpUri>> offer = new CompletableFuture<>();
        CompletableFuture<List<MsrpUri>> answer = new CompletableFuture<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<MsrpChunk> atAnswerer = threads.submit(() -> {
                try {
                    return InboundRelayConnection.run(answerer, path -> {
                        answer.complete(path);
                        return offer.orTimeout(60, TimeUnit.SECONDS).join();
                    });
                } catch (Exception | Error e) {
                    answer.completeExceptionally(e); // the offerer's wait shows why
                    throw e;
                }
            });
            MsrpChunk atOfferer;
            try {
                atOfferer = OutboundRelayConnection.run(offerer, path -> {
                    offer.complete(path);
                    return answer.orTimeout(60, TimeUnit.SECONDS).join();
                });
            } catch (Exception | Error e) {
                offer.completeExceptionally(e);
                throw e;
            }
            return new Session(offer.join(), answer.join(), text(atOfferer),
                    text(atAnswerer.get(60, TimeUnit.SECONDS)));
        }
    }

    private static String text(MsrpChunk chunk) {
        return new String(chunk.data(), StandardCharsets.UTF_8);
    }

    /** A client of the fleet's domain {@code domain}, found by SRV, the fleet's certificate pinned. */
    private RelaySettings settings(String domain, String user) {
        return RelaySettings.builder(domain, user, "secret").useTls(true).dnsServer(dns)
                .dnsTimeout(Duration.ofSeconds(2)).authTimeout(Duration.ofSeconds(30))
                .relayFingerprint(FLEET_CERTIFICATE.fingerprint()).build();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** One relay process and its TLS port. */
    private record RelayProcess(Process process, int port, int metricsPort) {
    }

    private RelayProcess relayProcess(Path dir, String name, Path cert, Path key) throws Exception {
        Properties p = PostgresFixture.relayProperties();
        p.setProperty("listen", "msrps://127.0.0.1:0");
        p.setProperty("tls.cert", cert.toString());
        p.setProperty("tls.key", key.toString());
        int metricsPort = freeTcpPort();
        p.setProperty("metrics.listen", "127.0.0.1:" + metricsPort);
        Path file = dir.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            p.store(out, "relay " + name + " of the fleet");
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), MsrpRelay.class.getName(), file.toString());
        Process process = new ProcessBuilder(command).start();
        processes.add(process);
        // the relay's log lines go to this test's output, where a failure shows what each relay did
        Thread.ofVirtual().start(() -> {
            try (BufferedReader log = process.errorReader(StandardCharsets.UTF_8)) {
                for (String line; (line = log.readLine()) != null; ) {
                    System.err.println("[relay " + name + "] " + line);
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = out.readLine()) != null; ) {
                    Matcher m = LISTENING.matcher(line);
                    if (m.matches()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("relay " + name + " ended before listening (its log is above)");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return new RelayProcess(process, port.get(120, TimeUnit.SECONDS), metricsPort);
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }

    /**
     * Waits until {@code relay}'s /health says 200: its listener is up and the shared database
     * answers (other test runs on this machine may stop the database fixture for a while).
     */
    private static void awaitHealthy(RelayProcess relay) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        HttpResponse<String> r = get(relay, "/health");
        while (r.statusCode() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = get(relay, "/health");
        }
        assertThat(r.statusCode()).as("/health of relay on port %d: %s", relay.port, r.body()).isEqualTo(200);
    }

    private static HttpResponse<String> get(RelayProcess relay, String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + relay.metricsPort + path))
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts dnsmasq on a free port of 127.0.0.1 serving {@code records} and waits until it answers. */
    private void startDns(List<String> records) throws Exception {
        int port;
        try (DatagramSocket probe = new DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        dns = new InetSocketAddress("127.0.0.1", port);
        List<String> command = new ArrayList<>(List.of(DNSMASQ.toString(), "--keep-in-foreground",
                "--conf-file=/dev/null", "--port=" + port, "--listen-address=127.0.0.1", "--bind-interfaces",
                "--no-resolv", "--no-hosts", "--pid-file=", "--local=/test/"));
        command.addAll(records);
        Process dnsmasq = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        processes.add(dnsmasq);
        SimpleResolver resolver = new SimpleResolver(dns);
        resolver.setTimeout(Duration.ofMillis(500));
        Message query = Message.newQuery(Record.newRecord(Name.fromString("_msrps._tcp.fleet.test."), Type.SRV,
                DClass.IN));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                if (resolver.send(query).getSection(Section.ANSWER).size() == 2) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!dnsmasq.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("dnsmasq did not answer on " + dns + " ("
                        + (dnsmasq.isAlive() ? "running" : "exit " + dnsmasq.exitValue()) + ")");
            }
            Thread.sleep(50);
        }
    }
}
