package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.forwardsInOrder;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;

/**
 * A connection's buffers grow while it streams a large body and shrink back when it is idle;
 * chunks that arrive together (and so go out together) keep their order, bytes and answers.
 */
class RelayBufferTest {

    private static final int SMALL = 4 * 1024;
    private static final int MAX = 64 * 1024;

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.bufferSize(SMALL).maxBufferSize(MAX));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    private static byte[] body(int size, int seed) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 7 + seed * 13 + (i >>> 9));
        }
        return b;
    }

    @Test
    void buffersGrowWhileABodyStreamsAndShrinkWhenTheConnectionIsIdle() throws Exception {
        int size = 8 * 1024 * 1024;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            long idle = relay.bufferBytes();
            assertThat(idle).as("two idle connections: a small read buffer each, nothing else")
                    .isEqualTo(2L * SMALL);
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
            byte[] data = body(size, 1);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = a.tcp.getOutputStream();
                    out.write(head.encodeStart());
                    out.write(data);
                    out.write(head.encodeEnd(Continuation.END));
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            // B reads nothing yet: A's connection is stuck mid-body with its input queued, so it has grown
            RelayAuthTest.waitFor(() -> relay.bufferBytes() > idle);
            assertThat(relay.bufferBytes()).as("read and write buffer of A at most the maximum, B's small")
                    .isLessThanOrEqualTo(2L * MAX + SMALL);
            MsrpChunk got = b.read();
            assertThat(got.data()).isEqualTo(data);
            writer.get(30, TimeUnit.SECONDS);
            assertThat(a.read().code()).isEqualTo(200);
            RelayAuthTest.waitFor(() -> relay.bufferBytes() == idle);
            // and the shrunk connection still forwards
            assertThat(a.exchange(send(toPath(a, b.fullPath()), List.of(a.localUri), "after")).code())
                    .isEqualTo(200);
            assertThat(new String(b.read().data(), StandardCharsets.UTF_8)).isEqualTo("after");
        }
    }

    @Test
    void theWaitSweepVisitsOnlyConnectionsWaitingInsideAChunkOrWithGrownBuffers() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            // once their AUTH's buffers are shrunk, idle connections are not visited
            RelayAuthTest.waitFor(() -> relay.waitSweep().watched() == 0);
            MsrpChunk head = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
            head.addHeader(new ByteRangeHeader(new ByteRange(1, 10, 10)));
            OutputStream out = a.tcp.getOutputStream();
            out.write(head.encodeStart());
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RelayAuthTest.waitFor(() -> relay.waitSweep().watched() == 1);
            out.write("world".getBytes(StandardCharsets.US_ASCII));
            out.write(head.encodeEnd(Continuation.END));
            out.flush();
            assertThat(new String(b.read().data(), StandardCharsets.US_ASCII)).isEqualTo("helloworld");
            assertThat(a.read().code()).isEqualTo(200);
            RelayAuthTest.waitFor(() -> relay.waitSweep().watched() == 0);
        }
    }

    @Test
    void chunksLargerThanTheSmallBufferArriveWholeBeforeAndAfterTheIdleConnectionShrinks() throws Exception {
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            long idle = relay.bufferBytes();
            // twice: while A's reader waits between chunks in its small buffer with the grown ones kept,
            // and after the relay shrank them during that wait
            for (int round = 0; round < 2; round++) {
                List<byte[]> sent = new ArrayList<>();
                OutputStream out = a.tcp.getOutputStream();
                byte[] wire = new byte[0];
                for (int i = 0; i < 3; i++) {
                    MsrpChunk m = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
                    byte[] data = body(3 * SMALL + 100 * i, round * 3 + i);
                    m.addHeader(new ByteRangeHeader(new ByteRange(1, data.length, data.length)));
                    sent.add(data);
                    byte[] start = m.encodeStart();
                    byte[] end = m.encodeEnd(Continuation.END);
                    int at = wire.length;
                    wire = Arrays.copyOf(wire, at + start.length + data.length + end.length);
                    System.arraycopy(start, 0, wire, at, start.length);
                    System.arraycopy(data, 0, wire, at + start.length, data.length);
                    System.arraycopy(end, 0, wire, at + start.length + data.length, end.length);
                }
                out.write(wire);
                out.flush();
                for (byte[] data : sent) {
                    MsrpChunk got = b.read();
                    assertThat(got.data()).isEqualTo(data);
                    b.write(b.transport.makeResponse(got, 200, "OK"));
                }
                for (int i = 0; i < sent.size(); i++) {
                    assertThat(a.read().code()).isEqualTo(200);
                }
                if (round == 0) {
                    RelayAuthTest.waitFor(() -> relay.bufferBytes() == idle);
                }
            }
        }
    }

    @Test
    void pipelinedLargeChunksOverTlsArriveWholeInOrderAndAreEachAnswered() throws IOException {
        try (Client a = Client.connect(relay.listenerUri(true)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob")) {
            int n = 60;
            List<MsrpChunk> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MsrpChunk c = send(toPath(a, b.fullPath()), List.of(a.localUri), "");
                byte[] d = body(10_000 + 997 * i, i);
                c.setData(d);
                c.addHeader(new ByteRangeHeader(new ByteRange(1, d.length, d.length)));
                batch.add(c);
            }
            forwardsInOrder(a, b, batch);
        }
    }

    @Test
    void twoClientsStreamingToEachOtherGetEveryChunkAndEveryAnswer() throws Exception {
        int n = 40;
        int size = 60_000;
        try (Client a = Client.connect(relay.listenerUri(false)).authOk("alice");
                Client b = Client.connect(relay.listenerUri(false)).authOk("bob");
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            CompletableFuture<int[]> atA = CompletableFuture.supplyAsync(
                    () -> stream(a, b.fullPath(), n, size, threads), threads);
            CompletableFuture<int[]> atB = CompletableFuture.supplyAsync(
                    () -> stream(b, a.fullPath(), n, size, threads), threads);
            assertThat(atA.get(60, TimeUnit.SECONDS)).as("chunks, 200s at A").containsExactly(n, n);
            assertThat(atB.get(60, TimeUnit.SECONDS)).as("chunks, 200s at B").containsExactly(n, n);
        }
    }

    /**
     * Pipelines {@code n} chunks from {@code from} to {@code toPath} while reading what comes in:
     * the other side's chunks (checked, answered 200 once all are in: the reading thread must not
     * wait for the writing one) and the 200s to its own; returns both counts.
     */
    private static int[] stream(Client from, List<MsrpUri> toPath, int n, int size,
            ExecutorService threads) {
        try {
            List<MsrpChunk> batch = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                MsrpChunk c = send(toPath(from, toPath), List.of(from.localUri), "");
                c.setData(body(size, i));
                c.addHeader(new ByteRangeHeader(new ByteRange(1, size, size)));
                batch.add(c);
            }
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    from.transport.writeChunks(batch);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }, threads);
            List<MsrpChunk> received = new ArrayList<>();
            int answers = 0;
            while (received.size() < n || answers < n) {
                MsrpChunk got = from.read();
                if (got.isResponse()) {
                    assertThat(got.code()).isEqualTo(200);
                    assertThat(got.transactionId()).isEqualTo(batch.get(answers).transactionId());
                    answers++;
                } else {
                    assertThat(got.data()).isEqualTo(body(size, received.size()));
                    received.add(got);
                }
            }
            writer.get(30, TimeUnit.SECONDS);
            for (MsrpChunk got : received) {
                from.write(from.transport.makeResponse(got, 200, "OK"));
            }
            return new int[] {received.size(), answers};
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    @Test
    void pipelinedSendersToOneReceiverNeverInterleave() throws Exception {
        int each = 30;
        int size = 20_000;
        RelayTestKit.sendersNeverInterleave(relay, 4, each, size, (a, b, fill) -> {
            for (MsrpChunk c : RelayTestKit.writeFilled(a, b, fill, each, size)) {
                MsrpChunk ok = a.read();
                assertThat(ok.code()).isEqualTo(200);
                assertThat(ok.transactionId()).isEqualTo(c.transactionId());
            }
        });
    }
}
