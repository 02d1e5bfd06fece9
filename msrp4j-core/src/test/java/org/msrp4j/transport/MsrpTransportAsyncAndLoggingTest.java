package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.transport.Loop.read;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;

/** {@link MsrpTransport#writeChunkAsync}, the {@link TrafficLogger} events, and no threads left behind. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MsrpTransportAsyncAndLoggingTest {

    private Loop loop;

    @BeforeEach
    void setUp() {
        loop = new Loop();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        assertThat(Loop.awaitNoThreads("msrp", Duration.ofSeconds(2)))
                .as("threads named msrp… alive after the test").isEmpty();
    }

    /** Records every traffic event with a copy of its bytes and the thread it came on; thread-safe. */
    static final class RecordingTrafficLogger implements TrafficLogger {

        record Event(String kind, byte[] bytes, String transactionId, MsrpChunk chunk, MsrpTransport transport,
                Thread thread) {

            String text() {
                return new String(bytes, StandardCharsets.UTF_8);
            }
        }

        final List<Event> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> messages = Collections.synchronizedList(new ArrayList<>());

        private void add(String kind, ByteBuffer data, MsrpTransport t, String tid, MsrpChunk chunk) {
            assertThat(data.isReadOnly()).as("%s gets a read-only buffer", kind).isTrue();
            byte[] b = new byte[data.remaining()];
            data.duplicate().get(b);
            events.add(new Event(kind, b, tid, chunk, t, Thread.currentThread()));
        }

        @Override
        public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
            add("receivedNewChunk", data, transport, chunk.transactionId(), chunk);
        }

        @Override
        public void receivedChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
            add("receivedChunkData", data, transport, transactionId, null);
        }

        @Override
        public void receivedChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
            add("receivedChunkEnd", data, transport, transactionId, null);
        }

        @Override
        public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
            add("sentNewChunk", data, transport, chunk.transactionId(), chunk);
        }

        @Override
        public void sentChunkData(ByteBuffer data, MsrpTransport transport, String transactionId) {
            add("sentChunkData", data, transport, transactionId, null);
        }

        @Override
        public void sentChunkEnd(ByteBuffer data, MsrpTransport transport, String transactionId) {
            add("sentChunkEnd", data, transport, transactionId, null);
        }

        @Override
        public void error(String message) {
            messages.add("error " + message);
        }

        @Override
        public void fatal(String message) {
            messages.add("fatal " + message);
        }

        List<Event> of(String tid) {
            synchronized (events) {
                return events.stream().filter(e -> e.transactionId().equals(tid)).toList();
            }
        }

        static byte[] join(List<Event> events, String kind) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            events.stream().filter(e -> e.kind().equals(kind)).forEach(e -> out.writeBytes(e.bytes()));
            return out.toByteArray();
        }
    }

    private static MsrpChunk chunk(MsrpTransport t, int i) {
        return t.newChunk().data("message number " + i).build();
    }

    // ---------------------------------------------------------------- async writes

    @Test
    void asyncWritesArriveInCallOrderAndTheirFuturesComplete() throws Exception {
        Loop.Pair p = loop.tcp();
        List<MsrpChunk> sent = new ArrayList<>();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            MsrpChunk c = chunk(p.a(), i);
            sent.add(c);
            futures.add(p.a().writeChunkAsync(c));
        }

        List<MsrpChunk> got = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            got.add(read(p.b()));
        }

        assertThat(got).containsExactlyElementsOf(sent);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(futures).allSatisfy(f -> assertThat(f).isCompleted());
    }

    @Test
    void asyncAndBlockingWritesNeverInterleaveWithinAChunk() throws Exception {
        Loop.Pair p = loop.tcp();
        Random rnd = new Random(3);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        List<MsrpChunk> sent = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 40; i++) {
            byte[] body = new byte[100_000 + rnd.nextInt(100_000)];
            rnd.nextBytes(body);
            MsrpChunk c = p.a().newChunk().data(body).contentType("application/octet-stream").build();
            sent.add(c);
            futures.add(p.a().writeChunkAsync(c));
        }
        CompletableFuture<Void> blocking = new CompletableFuture<>();
        Thread.ofVirtual().name("test-writer").start(() -> {
            try {
                for (int i = 0; i < 40; i++) {
                    MsrpChunk c = chunk(p.a(), 1000 + i);
                    sent.add(c);
                    p.a().writeChunk(c);
                }
                blocking.complete(null);
            } catch (Throwable t) {
                blocking.completeExceptionally(t);
            }
        });

        List<MsrpChunk> got = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            got.add(read(p.b()));
        }

        blocking.get(5, TimeUnit.SECONDS);
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertThat(got).containsExactlyInAnyOrderElementsOf(sent);
        List<MsrpChunk> asyncOnes = got.stream().filter(c -> c.size() >= 100_000).toList();
        assertThat(asyncOnes).containsExactlyElementsOf(sent.subList(0, 40));
    }

    @Test
    void afterCloseAsyncWritesFailWithConnectionClosed() throws Exception {
        Loop.Pair p = loop.tcp();
        p.a().writeChunkAsync(chunk(p.a(), 0)).get(5, TimeUnit.SECONDS);
        p.a().close();

        CompletableFuture<Void> late = p.a().writeChunkAsync(chunk(p.a(), 1));

        assertThat(causeOf(late)).isInstanceOfSatisfying(ConnectionClosedException.class,
                e -> assertThat(e.byPeer()).isFalse());
    }

    @Test
    void closeFailsTheQueuedAsyncWritesToAPeerThatDoesNotRead() throws Exception {
        Loop.Pair p = loop.tcp();
        byte[] big = new byte[4 * 1024 * 1024];
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            futures.add(p.a().writeChunkAsync(
                    p.a().newChunk().data(big).contentType("application/octet-stream").build()));
        }
        Thread.sleep(300);
        assertThat(futures.get(futures.size() - 1)).as("blocked: the peer reads nothing").isNotDone();

        p.a().close();

        for (CompletableFuture<Void> f : futures) {
            try {
                f.get(3, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(ConnectionClosedException.class);
            }
        }
        assertThat(causeOf(futures.get(futures.size() - 1))).isInstanceOf(ConnectionClosedException.class);
    }

    private static Throwable causeOf(CompletableFuture<?> f) throws Exception {
        try {
            f.get(5, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected the future to fail");
    }

    @Test
    void theAsyncWriterThreadEndsOnceTheQueueIsEmpty() throws Exception {
        RecordingTrafficLogger log = new RecordingTrafficLogger();
        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.builder().logger(log).build(), TransportSettings.DEFAULT);
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            futures.add(p.a().writeChunkAsync(chunk(p.a(), i)));
        }
        for (int i = 0; i < 50; i++) {
            read(p.b());
        }
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);

        List<Thread> writers = log.events.stream().map(RecordingTrafficLogger.Event::thread).distinct().toList();
        assertThat(writers).isNotEmpty().allSatisfy(t -> assertThat(t.getName()).startsWith("msrp"));
        for (Thread t : writers) {
            assertThat(t.join(Duration.ofSeconds(2))).as("%s ended", t).isTrue();
        }
        assertThat(Loop.awaitNoThreads("msrp", Duration.ofSeconds(2))).isEmpty();

        // and a new batch starts a writer again
        p.a().writeChunkAsync(chunk(p.a(), 99)).get(5, TimeUnit.SECONDS);
        assertThat(read(p.b()).data()).isEqualTo("message number 99".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theThreadCheckSeesVirtualThreads() throws Exception {
        Thread probe = Thread.ofVirtual().name("msrp-probe-thread").start(() -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                // ends
            }
        });
        try {
            assertThat(Loop.liveThreads("msrp-probe")).containsExactly("msrp-probe-thread");
        } finally {
            probe.interrupt();
            assertThat(probe.join(Duration.ofSeconds(2))).isTrue();
        }
    }

    // ---------------------------------------------------------------- traffic logger

    @Test
    void loggerSeesWhatIsSentAndReceived() throws Exception {
        RecordingTrafficLogger sender = new RecordingTrafficLogger();
        RecordingTrafficLogger receiver = new RecordingTrafficLogger();
        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.builder().logger(sender).build(),
                TransportSettings.builder().logger(receiver).build());
        byte[] body = new byte[300_000];
        new Random(9).nextBytes(body);
        MsrpChunk c = p.a().newChunk().data(body).contentType("application/octet-stream").build();
        String tid = c.transactionId();

        CompletableFuture<Void> writing = p.a().writeChunkAsync(c);
        MsrpChunk got = read(p.b());
        writing.get(5, TimeUnit.SECONDS);

        List<RecordingTrafficLogger.Event> sent = sender.of(tid);
        assertThat(sent).extracting(RecordingTrafficLogger.Event::kind)
                .containsExactly("sentNewChunk", "sentChunkData", "sentChunkEnd");
        assertThat(sent.get(0).bytes()).isEqualTo(c.encodeStart());
        assertThat(sent.get(0).chunk()).isSameAs(c);
        assertThat(sent.get(1).bytes()).isEqualTo(body);
        assertThat(sent.get(2).text()).isEqualTo("\r\n-------" + tid + "$\r\n");
        assertThat(sent).allSatisfy(e -> assertThat(e.transport()).isSameAs(p.a()));

        List<RecordingTrafficLogger.Event> received = receiver.of(tid);
        assertThat(received.get(0).kind()).isEqualTo("receivedNewChunk");
        assertThat(received.get(0).bytes()).isEqualTo(c.encodeStart());
        assertThat(received.get(received.size() - 1).kind()).isEqualTo("receivedChunkEnd");
        assertThat(received.get(received.size() - 1).text()).isEqualTo("\r\n-------" + tid + "$\r\n");
        assertThat(received.subList(1, received.size() - 1))
                .allSatisfy(e -> assertThat(e.kind()).isEqualTo("receivedChunkData"));
        assertThat(RecordingTrafficLogger.join(received, "receivedChunkData")).isEqualTo(body);
        assertThat(received).allSatisfy(e -> assertThat(e.transport()).isSameAs(p.b()));
        assertThat(got).isEqualTo(c);
        assertThat(receiver.messages).isEmpty();
    }

    @Test
    void loggerSeesChunksWithoutBodyAndSegmentedChunks() throws Exception {
        RecordingTrafficLogger sender = new RecordingTrafficLogger();
        RecordingTrafficLogger receiver = new RecordingTrafficLogger();
        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.builder().logger(sender).build(),
                TransportSettings.builder().logger(receiver).maxChunkInMemory(10_000).build());
        MsrpChunk empty = p.a().newChunk().build();
        byte[] body = new byte[100_000];
        new Random(10).nextBytes(body);
        MsrpChunk big = p.a().newChunk().data(body).contentType("application/octet-stream").build();

        p.a().writeChunkAsync(empty);
        CompletableFuture<Void> writing = p.a().writeChunkAsync(big);
        assertThat(read(p.b())).isEqualTo(empty);
        List<MsrpChunk> segments = new ArrayList<>();
        MsrpChunk s;
        do {
            s = p.b().readChunk();
            segments.add(s);
        } while (s.continuation() == Continuation.MORE);
        writing.get(5, TimeUnit.SECONDS);

        assertThat(sender.of(empty.transactionId())).extracting(RecordingTrafficLogger.Event::kind)
                .containsExactly("sentNewChunk", "sentChunkEnd");
        assertThat(sender.of(empty.transactionId()).get(1).text())
                .isEqualTo("-------" + empty.transactionId() + "$\r\n");
        assertThat(receiver.of(empty.transactionId())).extracting(RecordingTrafficLogger.Event::kind)
                .containsExactly("receivedNewChunk", "receivedChunkEnd");
        assertThat(receiver.of(empty.transactionId()).get(0).bytes()).isEqualTo(empty.encodeStart());
        assertThat(receiver.of(empty.transactionId()).get(1).text())
                .isEqualTo("-------" + empty.transactionId() + "$\r\n");

        assertThat(segments).hasSizeGreaterThan(1);
        List<RecordingTrafficLogger.Event> received = receiver.of(big.transactionId());
        assertThat(received.stream().filter(e -> e.kind().equals("receivedNewChunk")).count()).isEqualTo(1);
        assertThat(received.stream().filter(e -> e.kind().equals("receivedChunkEnd")).count()).isEqualTo(1);
        assertThat(RecordingTrafficLogger.join(received, "receivedChunkData")).isEqualTo(body);
        assertThat(received.get(received.size() - 1).text()).isEqualTo("\r\n-------" + big.transactionId() + "$\r\n");
    }

    @Test
    void malformedChunksAreReportedAsErrorsAndGarbageAsFatal() throws Exception {
        RecordingTrafficLogger log = new RecordingTrafficLogger();
        Loop.Raw r = loop.raw(TransportSettings.builder().logger(log).build());
        r.peer().send("MSRP bad12345 SEND\r\nTo-Path: " + Loop.B + "\r\nFrom-Path: " + Loop.A
                + "\r\nByte-Range: x\r\n-------bad12345$\r\nGARBAGE\r\n");

        try {
            read(r.transport());
        } catch (ChunkParseException expected) {
            // the garbage
        }

        assertThat(log.messages).hasSize(2);
        assertThat(log.messages).anySatisfy(m -> assertThat(m).startsWith("error ").contains("bad12345"));
        assertThat(log.messages).anySatisfy(m -> assertThat(m).startsWith("fatal ").contains("MSRP "));
    }

    @Test
    void setLoggerSwitchesWhereEventsGo() throws Exception {
        RecordingTrafficLogger first = new RecordingTrafficLogger();
        RecordingTrafficLogger second = new RecordingTrafficLogger();
        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.builder().logger(first).build(),
                TransportSettings.DEFAULT);
        MsrpChunk one = chunk(p.a(), 1);
        p.a().writeChunk(one);
        p.a().setLogger(second);
        MsrpChunk two = chunk(p.a(), 2);
        p.a().writeChunk(two);
        p.a().setLogger(TrafficLogger.NULL);
        p.a().writeChunk(chunk(p.a(), 3));

        assertThat(first.events).extracting(RecordingTrafficLogger.Event::transactionId)
                .containsOnly(one.transactionId());
        assertThat(second.events).extracting(RecordingTrafficLogger.Event::transactionId)
                .containsOnly(two.transactionId());
        assertThat(p.a().logger()).isSameAs(TrafficLogger.NULL);
        for (int i = 0; i < 3; i++) {
            read(p.b());
        }
    }
}
