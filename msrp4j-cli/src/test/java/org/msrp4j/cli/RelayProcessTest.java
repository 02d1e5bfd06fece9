package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.tls.pkix.PkixCredentials;

/**
 * {@code msrp relay} as a process, with {@code msrp listen --relay} / {@code msrp connect} and
 * {@code msrp receive --relay} / {@code msrp send} going through it, and the relay's failures:
 * refused credentials, a relay that is not there.
 */
class RelayProcessTest {

    private static final Pattern LISTENING = Pattern.compile("listening on msrps://127\\.0\\.0\\.1:(\\d+);tcp");
    private static final Pattern METRICS = Pattern.compile(
            "metrics on http://127\\.0\\.0\\.1:(\\d+)/metrics, health on /health");

    @TempDir
    Path dir;

    @Test
    void chatAndFileThroughTheRelayThenAGracefulStop() throws Exception {
        Path config = Files.writeString(dir.resolve("relay.properties"), """
                listen = msrps://127.0.0.1:0
                realm = test.example
                users.file = users.txt
                timeout.shutdown = 2
                """);
        Files.writeString(dir.resolve("users.txt"), "bob:secret\ncarol:pass\n");
        try (CliProcess relay = CliProcess.start("relay", "--config", config.toString())) {
            String relayHost = "127.0.0.1:" + port(relay);
            String fingerprint = fingerprint(relay);
            relay.awaitOut(l -> l.equals("point a client at it: msrp listen --relay 'USER:PASS@" + relayHost
                    + "' --fingerprint '" + fingerprint + "'"));

            try (CliProcess listen = CliProcess.start("listen", "--timeout", CliProcess.PATIENT, "--relay",
                    "bob:secret@" + relayHost, "--fingerprint", fingerprint, "--echo")) {
                String path = listen.path();
                assertThat(path).matches("msrps://" + Pattern.quote(relayHost)
                        + "/\\S+;tcp msrps://127\\.0\\.0\\.1:\\d+/\\S+;tcp");
                relay.awaitErr(l -> l.contains("AUTH accepted, reserved msrps://" + relayHost + "/") && l.endsWith(
                        " for bob (3600 s)"));
                try (CliProcess connect = CliProcess.start("connect", "--timeout", CliProcess.PATIENT, path)) {
                    connect.type("through the relay");
                    String echoed = connect.awaitOut(l -> l.endsWith("] through the relay"));
                    assertThat(echoed).startsWith("[" + path.substring(path.indexOf(' ') + 1) + " ");
                    listen.awaitOut(l -> l.endsWith("] through the relay"));
                    connect.endInput();
                    assertThat(connect.exitCode()).as(connect.stderr()).isZero();
                }
                // the relay keeps the listener's connection when the peer leaves (SIP's BYE would say so)
                listen.endInput();
                assertThat(listen.exitCode()).as(listen.stderr()).isZero();
                assertThat(listen.stderr()).contains("the relay granted msrps://" + relayHost + "/");
            }
            relay.awaitErr(l -> l.contains("connection closed, reservation msrps://" + relayHost + "/")
                    && l.endsWith(" of bob ended"));

            Path file = TransferProcessTest.randomFile(dir.resolve("through.bin"), 1_000_000);
            Path inbox = dir.resolve("inbox");
            try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--relay",
                    "msrps://carol:pass@" + relayHost, "--fingerprint", fingerprint, "--out", inbox.toString());
                    CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--progress=none",
                            file.toString(), "--to",
                            receive.path())) {
                send.endInput();
                assertThat(send.exitCode()).as(send.stderr()).isZero();
                assertThat(receive.exitCode()).as(receive.stderr()).isZero();
                String hash = TransferProcessTest.sha256(file);
                assertThat(TransferProcessTest.sha256(inbox.resolve("through.bin"))).isEqualTo(hash);
                assertThat(send.stdout()).contains("SHA-256 " + hash + " verified by the receiver");
            }

            relay.terminate();
            assertThat(relay.stderr()).contains("INFO MSRP relay shutting down: listeners closed, new requests "
                    + "refused, 0 connection(s) with a chunk in transit, grace 2000 ms");
            assertThat(relay.stderr()).contains("INFO MSRP relay stopped");
        }
    }

    /**
     * Through a relay, a 200 only says the relay has the chunk. With the receiver suspended
     * (SIGSTOP) while the relay and the sockets still take bytes, the sender's progress shows no
     * more than the receiver has written: it counts the receiver's Success-Reports.
     */
    @Test
    void progressThroughTheRelayCountsWhatTheReceiverConfirmed() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("far.bin"), 50_000_000);
        Path inbox = dir.resolve("inbox");
        Path part = FileTransferStream.partialFile(inbox, TransferProcessTest.sha1(file));
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0", "--user", "carol:pass");
                CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--relay",
                        "carol:pass@127.0.0.1:" + port(relay), "--fingerprint", fingerprint(relay),
                        "--out", inbox.toString(), "--progress=none");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--progress=lines",
                        file.toString(),
                        "--to", receive.path())) {
            awaitSize(part, 5_000_000);
            receive.suspend();
            long held = Files.size(part);
            int before = progressLines(send).size();
            send.awaitErr(l -> progressLines(send).size() >= before + 2);
            List<String> lines = progressLines(send);
            String last = lines.get(lines.size() - 1);
            assertThat(megabytes(last)).as("shown while the receiver held %d bytes: %s", held, last)
                    .isLessThanOrEqualTo(megabytes(Progress.bytes(held) + " / "));
            receive.resume();
            send.endInput();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            assertThat(send.stderr()).contains("far.bin: 100%  50.0 MB / 50.0 MB");
        }
        assertThat(TransferProcessTest.sha256(inbox.resolve("far.bin"))).isEqualTo(TransferProcessTest.sha256(file));
    }

    /**
     * The receiver vanishes mid-transfer: the relay answers the sender's next chunks 481 (no such
     * session). The data may be sent again and resume, so that is a lost connection (8), not a
     * refusal.
     */
    @Test
    void aReceiverGoneMidTransferIsALostConnectionToResume() throws Exception {
        Path file = TransferProcessTest.randomFile(dir.resolve("far.bin"), 50_000_000);
        Path part = FileTransferStream.partialFile(dir.resolve("inbox"), TransferProcessTest.sha1(file));
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0", "--user", "carol:pass");
                CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--relay",
                        "carol:pass@127.0.0.1:" + port(relay), "--fingerprint", fingerprint(relay),
                        "--out", part.getParent().toString(), "--progress=none");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, "--progress=none",
                        file.toString(),
                        "--to", receive.path())) {
            awaitSize(part, 5_000_000);
            receive.kill();
            send.endInput();
            assertThat(send.exitCode()).as(send.stderr()).isEqualTo(ExitCode.LOST);
            assertThat(send.stderr()).containsPattern("msrp send: connection lost after .* had arrived \\(.*481.*\\); "
                    + "send the same file again to resume");
        }
    }

    private static void awaitSize(Path file, long size) throws Exception {
        long deadline = System.nanoTime() + CliProcess.WAIT.toNanos();
        while (!(Files.exists(file) && Files.size(file) > size)) {
            assertThat(System.nanoTime()).as("%s never grew past %d bytes", file, size).isLessThan(deadline);
            Thread.sleep(2);
        }
    }

    private static final Pattern PROGRESS = Pattern.compile("far\\.bin: +\\d+%  .*");
    private static final Pattern MEGABYTES = Pattern.compile("([0-9.]+) (B|KB|MB) / ");

    private static List<String> progressLines(CliProcess p) {
        return p.stderrLines().stream().filter(l -> PROGRESS.matcher(l).matches()).toList();
    }

    /** The first size in a progress line ("4.2 MB / ..."), in MB. */
    private static double megabytes(String line) {
        Matcher m = MEGABYTES.matcher(line);
        assertThat(m.find()).as(line).isTrue();
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "B" -> v / 1e6;
            case "KB" -> v / 1e3;
            default -> v;
        };
    }

    /** {@code --listen ...;ws} opens a WebSocket listener (RFC 7977) and {@code --ws-page} says where the page is. */
    @Test
    void aWebSocketListenerAndItsPage() throws Exception {
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0,msrp://127.0.0.1:0;ws",
                "--ws-page", "--user", "bob:secret")) {
            String line = relay.awaitOut(l -> l.matches("listening on msrp://127\\.0\\.0\\.1:\\d+;ws"));
            String port = line.replaceAll(".*:(\\d+);ws", "$1");
            relay.awaitOut(l -> l.equals("browser page on http://127.0.0.1:" + port + "/"));
            WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("msrp")
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/msrp"), new WebSocket.Listener() { })
                    .get(60, TimeUnit.SECONDS);
            assertThat(ws.getSubprotocol()).isEqualTo("msrp");
            ws.abort();
        }
    }

    @Test
    void wrongPasswordIsOneLineAndItsExitCode() throws Exception {
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0", "--user", "bob:secret")) {
            String relayHost = "127.0.0.1:" + port(relay);
            CliProcess listen = CliProcess.run("listen", "--relay", "bob:wrong@" + relayHost, "--fingerprint",
                    fingerprint(relay));
            assertThat(listen.exitValue()).isEqualTo(ExitCode.RELAY_AUTH);
            assertThat(listen.stderr()).endsWith("msrp listen: the relay msrps://" + relayHost
                    + ";tcp refused the credentials of bob: 401 Bad credentials");
            relay.awaitErr(l -> l.endsWith("AUTH refused: 401 Bad credentials"));
        }
    }

    @Test
    void theRelaysCertificateIsCheckedAndFingerprintPinsIt() throws Exception {
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0", "--user", "bob:secret")) {
            String relayHost = "127.0.0.1:" + port(relay);
            String other = PkixCredentials.selfSigned("mallory").fingerprint().toString();

            CliProcess unpinned = CliProcess.run("listen", "--relay", "bob:secret@" + relayHost);
            assertThat(unpinned.exitValue()).as(unpinned.stderr()).isEqualTo(ExitCode.TLS);
            assertThat(unpinned.stderr()).contains("TLS handshake with").contains("pin it with --fingerprint");

            CliProcess wrong = CliProcess.run("listen", "--relay", "bob:secret@" + relayHost, "--fingerprint", other);
            assertThat(wrong.exitValue()).as(wrong.stderr()).isEqualTo(ExitCode.TLS);
            assertThat(wrong.stderr()).contains("fingerprint mismatch");
            assertThat(relay.stderr()).as("no AUTH reached the relay").doesNotContain("AUTH");
        }
    }

    @Test
    void relayNotThereIsARefusedConnection() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CliProcess connect = CliProcess.run("connect", "--relay", "bob:secret@127.0.0.1:" + port,
                "msrp://127.0.0.1:2855/peer;tcp");
        assertThat(connect.exitValue()).isEqualTo(ExitCode.CONNECT);
        assertThat(connect.stderr())
                .endsWith("msrp connect: cannot connect to /127.0.0.1:" + port + ": Connection refused");
    }

    @Test
    void badRelayValueIsAUsageError() throws Exception {
        CliProcess p = CliProcess.run("listen", "--relay", "bob@127.0.0.1");
        assertThat(p.exitValue()).isEqualTo(ExitCode.USAGE);
        assertThat(p.stderr()).contains("bad relay 'bob@127.0.0.1': USER:PASSWORD@ is missing");
    }

    @Test
    void benchComparesTheRelayWithTheDirectSession() throws Exception {
        CliProcess bench = CliProcess.run("bench", "--relay", "--size", "2", "--rounds", "1", "--round-trips", "50");
        assertThat(bench.exitValue()).as(bench.stderr()).isZero();
        assertThat(bench.stdout())
                .containsPattern("  through the relay +\\d+ MB/s +\\d+ MB/s +[0-9.]+  \\([0-9.]+ of the "
                + "direct session\\)");
    }

    @Test
    void metricsAndHealthOnTheMetricsOption() throws Exception {
        try (CliProcess relay = CliProcess.start("relay", "--listen", "msrps://127.0.0.1:0", "--user", "carol:pass",
                "--metrics", "0")) {
            Matcher m = METRICS.matcher(relay.awaitOut(l -> METRICS.matcher(l).matches()));
            assertThat(m.matches()).isTrue();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI health = URI.create("http://127.0.0.1:" + m.group(1) + "/health");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(health).timeout(CliProcess.WAIT).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            URI metrics = URI.create("http://127.0.0.1:" + m.group(1) + "/metrics");
            assertThat(http.send(HttpRequest.newBuilder(metrics).timeout(CliProcess.WAIT).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).contains("msrp_relay_reservations 0.0");
            relay.terminate();
        }
    }

    private static String fingerprint(CliProcess relay) throws InterruptedException {
        String line = relay.awaitOut(l -> l.startsWith("certificate fingerprint: "));
        assertThat(line).matches("certificate fingerprint: SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        return line.substring("certificate fingerprint: ".length());
    }

    private static int port(CliProcess relay) throws InterruptedException {
        Matcher m = LISTENING.matcher(relay.awaitOut(l -> LISTENING.matcher(l).matches()));
        assertThat(m.matches()).isTrue();
        return Integer.parseInt(m.group(1));
    }
}
