package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.Sink;
import static org.msrp4j.relay.RelayTestKit.pattern;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ByteRangeHeader;

/** Chunks stream through the relay: bounded memory, backpressure, interruption, bad input. */
class RelayStreamingTest {

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.stallTimeout(Duration.ofMillis(1500)));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    @Test
    void multiMebibyteChunkStreamsWithBackpressure() throws Exception {
        long size = 128L * 1024 * 1024;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            AtomicLong written = new AtomicLong();
            CRC32 sent = new CRC32();
            System.gc();
            long heapBefore = usedHeap();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = a.tcp.getOutputStream();
                    out.write(head.encodeStart());
                    int piece = 64 * 1024;
                    for (long off = 0; off < size; off += piece) {
                        byte[] p = pattern(piece, off);
                        sent.update(p);
                        out.write(p);
                        written.addAndGet(piece);
                    }
                    out.write(head.encodeEnd(Continuation.END));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // B does not read for a while (less than the stall timeout): the sender must be held back
            Thread.sleep(800);
            long inFlight = written.get();
            System.gc();
            long heapGrowth = usedHeap() - heapBefore;
            // the kernel's socket buffers on the way may hold up to 4 + 32 + 4 + 32 MiB here
            // (tcp_wmem and tcp_rmem maxima, autotuned); the relay itself holds 128 KiB at most
            assertThat(inFlight).as("bytes the sender got rid of while nobody read").isLessThan(size * 3 / 4);
            assertThat(heapGrowth).as("heap growth while the chunk is stuck").isLessThan(16L * 1024 * 1024);

            Sink sink = new Sink();
            ChunkParser parser = new ChunkParser(sink);
            InputStream in = b.tcp.getInputStream();
            byte[] buf = new byte[32 * 1024];
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            int reads = 0;
            while (!sink.end.isDone() && System.nanoTime() < deadline) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                parser.feed(buf, 0, n);
                if (++reads % 512 == 0) {
                    Thread.sleep(1); // a slowish reader
                }
            }
            writer.get(30, TimeUnit.SECONDS);
            assertThat(sink.end.getNow(null)).isEqualTo(Continuation.END);
            assertThat(sink.bodyBytes.get()).isEqualTo(size);
            assertThat(sink.crc.getValue()).isEqualTo(sent.getValue());
            // streamed in pieces that may end early: the end left open, the total as it came
            assertThat(sink.start.byteRange()).isEqualTo(new ByteRange(1, ByteRange.UNKNOWN, size));
            assertThat(sink.start.fromPath()).containsExactly(b.sessionUri, a.sessionUri, a.localUri);
            MsrpChunk ok = a.read();
            assertThat(ok.code()).isEqualTo(200);
            System.out.printf("streamed %d MiB through the relay; sender ahead of receiver by %d KiB after 0.8 s"
                    + " of no reading; heap growth %d KiB%n", size >> 20, inFlight >> 10, heapGrowth >> 10);
        }
    }

    @Test
    void refusalByTheNextHopMidChunkCutsTheChunkAndReachesTheSender() throws Exception {
        int size = 2 * 1024 * 1024;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = a.tcp.getOutputStream();
                    out.write(head.encodeStart());
                    for (int off = 0; off < size; off += 64 * 1024) {
                        out.write(pattern(64 * 1024, off));
                        Thread.sleep(20);
                    }
                    out.write(head.encodeEnd(Continuation.END));
                } catch (IOException | InterruptedException e) {
                    throw new RuntimeException(e);
                }
            });
            MsrpChunk first = b.transport.readChunk(1024, RelayTestKit.WAIT);
            assertThat(first.segment()).isEqualTo(1);
            b.write(b.transport.makeResponse(first, 413, "Too big"));
            MsrpChunk last = first;
            while (last.hasMoreSegments()) {
                last = b.transport.readChunk(1 << 20, RelayTestKit.WAIT);
            }
            assertThat(last.continuation()).isEqualTo(Continuation.ABORT);
            writer.get(20, TimeUnit.SECONDS);
            MsrpChunk answer = a.read();
            assertThat(answer.code()).isEqualTo(413);
            assertThat(answer.transactionId()).isEqualTo(head.transactionId());
            assertThat(a.poll(Duration.ofMillis(300))).as("no REPORT on top").isNull();
        }
    }

    @Test
    void receiverThatStopsReadingIsCutOffAndTheSenderTold() throws Exception {
        long size = 48L * 1024 * 1024;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = a.tcp.getOutputStream();
                    out.write(head.encodeStart());
                    byte[] p = pattern(256 * 1024, 0);
                    for (long off = 0; off < size; off += p.length) {
                        out.write(p);
                    }
                    out.write(head.encodeEnd(Continuation.END));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // B never reads: after the stall timeout the relay gives up on it
            writer.get(30, TimeUnit.SECONDS);
            MsrpChunk answer = a.read();
            assertThat(answer.code()).as("408 (receiver timed out) or 481 (its connection failed)").isIn(408, 481);
            RelayAuthTest.waitFor(() -> relay.sessionCount() == 1);
        }
    }

    @Test
    void senderThatDiesMidChunkEndsTheForwardedChunkWithHash() throws Exception {
        try (Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, 1_000_000, 1_000_000)));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write(pattern(100_000, 0));
            out.flush();
            Thread.sleep(200);
            a.close();
            MsrpChunk got = b.read();
            assertThat(got.continuation()).isEqualTo(Continuation.ABORT);
            assertThat(got.data()).hasSize(100_000);
        }
    }

    @Test
    void senderThatStallsMidChunkIsCutOff() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, 100_000, 100_000)));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write(pattern(20_000, 0)); // beyond what is gathered before it goes on
            MsrpChunk got = b.read();
            assertThat(got.continuation()).isEqualTo(Continuation.ABORT);
            assertThat(got.data()).isEqualTo(pattern(20_000, 0));
            RelayAuthTest.assertThatClosed(a);
            // B's connection is free again
            try (Client c = Client.connect(relay.listenerUri(false)).authOk("carol")) {
                assertThat(c.exchange(send(toPath(c, b.fullPath()), List.of(c.localUri), "next")).code())
                        .isEqualTo(200);
                assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("next");
            }
        }
    }

    @Test
    void senderThatStallsInsideAShortChunkIsCutOffAndNothingOfItGoesOn() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "first")).code())
                    .isEqualTo(200);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("first");
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, 5_000, 5_000)));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write(pattern(2_000, 0)); // gathered: the chunk goes on only once it is whole
            out.flush();
            RelayAuthTest.assertThatClosed(a);
            try (Client c = Client.connect(relay.listenerUri(false)).authOk("carol")) {
                assertThat(c.exchange(send(toPath(c, b.fullPath()), List.of(c.localUri), "next")).code())
                        .isEqualTo(200);
                assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("next");
            }
        }
    }

    @Test
    void slowHeaderSenderIsCutOffOnAnEstablishedConnection() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice")) {
            a.tcp.getOutputStream().write("MSRP abcd1234 SEND\r\nTo-Pa".getBytes(StandardCharsets.US_ASCII));
            RelayAuthTest.assertThatClosed(a);
        }
    }

    @Test
    void garbageAndOversizedHeadersCloseOnlyTheirConnection() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            assertThat(rawExchange("GET / HTTP/1.1\r\nHost: x\r\n\r\n")).isEmpty();
            assertThat(rawExchange("MSRP abcd1234 SEND\r\nTo-Path: msrp://" + "x".repeat(40_000))).isEmpty();
            assertThat(rawExchange("\u0000\u0001\u0002\r\n".repeat(100))).isEmpty();
            // a framed SEND with a bad Byte-Range is answered 400 (RelayMissingPathTest: missing paths)
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", relay.listenerUri(false).port()));
                MsrpChunk bad = send(List.of(a.sessionUri, a.localUri), List.of(b.localUri), "x");
                byte[] wire = new String(bad.encode(), StandardCharsets.ISO_8859_1)
                        .replace("Byte-Range: 1-1/1", "Byte-Range: banana").getBytes(StandardCharsets.ISO_8859_1);
                s.getOutputStream().write(wire);
                s.setSoTimeout(5000);
                byte[] buf = new byte[4096];
                int n = s.getInputStream().read(buf);
                assertThat(new String(buf, 0, n, StandardCharsets.US_ASCII)).startsWith("MSRP " + bad.transactionId()
                        + " 400");
            }
            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "still here")).code())
                    .isEqualTo(200);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("still here");
        }
    }

    /** Writes {@code text} on a fresh connection and returns what came back before the relay closed it. */
    private String rawExchange(String text) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", relay.listenerUri(false).port()));
            s.setSoTimeout(5000);
            try {
                s.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return "";
            }
            StringBuilder got = new StringBuilder();
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = s.getInputStream().read(buf)) > 0) {
                    got.append(new String(buf, 0, n, StandardCharsets.ISO_8859_1));
                }
            } catch (SocketException e) {
                // reset: closed by the relay
            }
            return got.toString();
        }
    }

    @Test
    void closeEndsEveryConnectionAndThread() throws Exception {
        Client a = Client.connect(relay.listenerUri(true)).authOk("alice");
        Client b = Client.connect(relay.listenerUri(false)).authOk("bob");
        assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "x")).code()).isEqualTo(200);
        assertThat(relay.threadCount()).isGreaterThanOrEqualTo(4);
        relay.close();
        assertThat(relay.threadCount()).isZero();
        assertThat(relay.connectionCount()).isZero();
        assertThat(relay.sessionCount()).isZero();
        b.read(); // the SEND
        RelayAuthTest.assertThatClosed(a);
        RelayAuthTest.assertThatClosed(b);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("msrp-relay"));
        a.close();
        b.close();
    }

    static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
