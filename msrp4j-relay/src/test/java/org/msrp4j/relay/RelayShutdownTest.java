package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.Sink;
import static org.msrp4j.relay.RelayTestKit.pattern;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.WwwAuthenticateHeader;

/** {@link MsrpRelay#shutdown}: no new work, chunks in transit finish, the grace bounds the wait. */
class RelayShutdownTest {

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
    void chunkInTransitArrivesWholeAndAnsweredBeforeTheConnectionsClose() throws Exception {
        int size = 8 * 1024 * 1024;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            byte[] body = pattern(size, 0);
            CRC32 sent = new CRC32();
            sent.update(body);
            Sink sink = new Sink();
            CompletableFuture<Void> receiver = async(() -> sink.readToTheEnd(b.tcp));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write(body, 0, size / 2);
            RelayAuthTest.waitFor(() -> sink.bodyBytes.get() > 0); // the relay is inside the chunk

            // a long grace: the shutdown must end with the chunk, not with the grace
            CompletableFuture<Void> stopping = async(() -> relay.shutdown(Duration.ofSeconds(30)));
            RelayAuthTest.waitFor(() -> refused(relay.listenerUri(false)));
            out.write(body, size / 2, size - size / 2);
            out.write(head.encodeEnd(Continuation.END));

            MsrpChunk ok = a.read();
            assertThat(ok.code()).isEqualTo(Status.OK);
            assertThat(ok.transactionId()).isEqualTo(head.transactionId());
            receiver.get(20, TimeUnit.SECONDS);
            assertThat(sink.end.getNow(null)).isEqualTo(Continuation.END);
            assertThat(sink.bodyBytes.get()).isEqualTo(size);
            assertThat(sink.crc.getValue()).isEqualTo(sent.getValue());
            assertThat(sink.closedAfterTheEnd).as("B's connection closed after the chunk").isTrue();
            stopping.get(15, TimeUnit.SECONDS);
            RelayAuthTest.assertThatClosed(a);
            assertStopped();
        }
    }

    @Test
    void stuckChunkHoldsTheShutdownOnlyForTheGraceWhileNewWorkIsRefused() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob");
                Client c = Client.connect(relay.listenerUri(true)).authOk("carol");
                Client d = Client.connect(relay.listenerUri(false))) {
            WwwAuthenticateHeader challenge = d.challenge();
            CompletableFuture<Void> writer = stuckChunk(a, b);

            Duration grace = Duration.ofMillis(1500);
            long t0 = System.nanoTime();
            CompletableFuture<Void> stopping = async(() -> relay.shutdown(grace));
            RelayAuthTest.waitFor(() -> refused(relay.listenerUri(false)) && refused(relay.listenerUri(true)));

            MsrpChunk auth = d.exchange(d.authRequest(d.answer(challenge, "bob", "secret", 1), null));
            assertThat(auth.code()).as("AUTH with good credentials").isEqualTo(Status.FORBIDDEN);
            assertThat(auth.comment()).contains("shutting down");
            assertThat(d.exchange(d.authRequest(null, null)).code()).as("AUTH without credentials")
                    .isEqualTo(Status.FORBIDDEN);
            assertThat(c.exchange(c.authRequest(null, null)).code()).as("refresh").isEqualTo(Status.FORBIDDEN);
            MsrpChunk late = send(toPath(c, a.fullPath()), List.of(c.localUri), "too late");
            assertThat(c.exchange(late).code()).as("a SEND started after the shutdown").isEqualTo(Status.FORBIDDEN);
            assertThat(a.poll(Duration.ofMillis(100))).as("nothing forwarded").isNull();

            stopping.get(grace.toMillis() + 5000, TimeUnit.MILLISECONDS);
            long took = System.nanoTime() - t0;
            assertThat(Duration.ofNanos(took)).isBetween(grace, grace.plusSeconds(5));
            writer.handle((v, e) -> null).get(10, TimeUnit.SECONDS); // the relay closed A under it
            for (Client x : List.of(a, b, c, d)) {
                RelayAuthTest.assertThatClosed(x);
            }
            assertStopped();
        }
    }

    @Test
    void withNothingInTransitItClosesAtOnceAndRepeatsHarmlessly() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "x")).code()).isEqualTo(200);
            b.read();
            long t0 = System.nanoTime();
            relay.shutdown(Duration.ofSeconds(30));
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertStopped();
            RelayAuthTest.assertThatClosed(a);
            RelayAuthTest.assertThatClosed(b);
            relay.shutdown(Duration.ofSeconds(30));
            relay.close();
            relay.awaitClose();
            assertThat(relay.isClosed()).isTrue();
        }
    }

    @Test
    void closeDuringTheShutdownStopsAtOnce() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            CompletableFuture<Void> writer = stuckChunk(a, b);
            CompletableFuture<Void> stopping = async(() -> relay.shutdown(Duration.ofSeconds(60)));
            RelayAuthTest.waitFor(() -> refused(relay.listenerUri(false)));
            assertThat(stopping).isNotDone();
            relay.close();
            stopping.get(10, TimeUnit.SECONDS);
            writer.handle((v, e) -> null).get(10, TimeUnit.SECONDS);
            assertStopped();
        }
    }

    @Test
    void sigtermShutsTheMainProgramDownWithTheConfiguredGrace(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("relay.properties"), """
                listen = msrp://127.0.0.1:0
                timeout.shutdown = 1
                """);
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info", "-cp", System.getProperty("java.class.path"),
                MsrpRelay.class.getName(), config.toString())
                .redirectError(dir.resolve("stderr.txt").toFile()).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).startsWith("listening on msrp://127.0.0.1:");
            p.toHandle().destroy(); // SIGTERM
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(Files.readString(dir.resolve("stderr.txt")))
                    .contains("MSRP relay shutting down: listeners closed, new requests refused, 0 connection(s) with "
                            + "a chunk in transit, grace 1000 ms")
                    .contains("MSRP relay stopped");
        } finally {
            p.destroyForcibly();
        }
    }

    /**
     * Starts a chunk from {@code a} to {@code b} that never ends: B reads its start line, so the
     * relay is inside it, then stops reading while A keeps writing until its connection fails.
     */
    private static CompletableFuture<Void> stuckChunk(Client a, Client b) throws Exception {
        long size = 1L << 30;
        MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
        head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
        CompletableFuture<Void> writer = async(() -> {
            try {
                OutputStream out = a.tcp.getOutputStream();
                out.write(head.encodeStart());
                byte[] piece = pattern(256 * 1024, 0);
                for (long off = 0; off < size; off += piece.length) {
                    out.write(piece);
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        b.tcp.setSoTimeout((int) RelayTestKit.WAIT.toMillis());
        byte[] start = new byte[5];
        int n = 0;
        while (n < start.length) {
            int r = b.tcp.getInputStream().read(start, n, start.length - n);
            assertThat(r).as("B reads the start of the forwarded chunk").isPositive();
            n += r;
        }
        assertThat(new String(start, StandardCharsets.US_ASCII)).isEqualTo("MSRP ");
        return writer;
    }

    /** Runs {@code task} on a thread of its own (the common pool may have a single one). */
    private static CompletableFuture<Void> async(Runnable task) {
        return CompletableFuture.runAsync(task, r -> Thread.ofVirtual().start(r));
    }

    private void assertStopped() {
        assertThat(relay.isClosed()).isTrue();
        assertThat(relay.connectionCount()).isZero();
        assertThat(relay.sessionCount()).isZero();
        assertThat(relay.threadCount()).isZero();
    }

    /** Whether a connection to the listener at {@code uri} is refused. */
    private static boolean refused(MsrpUri uri) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(uri.host(), uri.port()), 2000);
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
