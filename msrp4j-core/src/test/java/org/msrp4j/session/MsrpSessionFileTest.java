package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.ContentDispositionHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.session.SessionTestKit.GeneratedChannel;
import org.msrp4j.session.SessionTestKit.RawPeerCase;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/** send_file: chunking, Byte-Range, streams of unknown length, the window, interleaving, 413, aborts. */
@Timeout(30)
class MsrpSessionFileTest extends RawPeerCase {

    private MsrpSession other;
    private Thread answerer;

    @AfterEach
    void stopAnswering() {
        if (answerer != null) {
            answerer.interrupt();
        }
        if (other != null) {
            other.shutdown(false);
        }
    }

    /** Answers every request that wants a response with {@code code.apply(request)} (null: none). */
    private List<MsrpChunk> autoAnswer(Function<MsrpChunk, Integer> code) {
        List<MsrpChunk> got = new CopyOnWriteArrayList<>();
        answerer = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    MsrpChunk c = peer.next(Duration.ofSeconds(30));
                    got.add(c);
                    Integer answer = c.isRequest() ? code.apply(c) : null;
                    if (answer != null && c.failureReport() != ReportMode.NO) {
                        peer.answer(c, answer, answer == 200 ? "OK" : "refused");
                    }
                }
            } catch (InterruptedException | AssertionError | IOException e) {
                // the test is over
            }
        });
        return got;
    }

    private static List<MsrpChunk> ofMessage(List<MsrpChunk> chunks, String messageId) {
        List<MsrpChunk> out = new ArrayList<>();
        for (MsrpChunk c : chunks) {
            if (c.isRequest() && messageId.equals(c.messageId())) {
                out.add(c);
            }
        }
        return out;
    }

    private static byte[] concat(List<MsrpChunk> chunks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        chunks.forEach(c -> out.writeBytes(c.data()));
        return out.toByteArray();
    }

    private static Throwable failureOf(OutgoingFile file) {
        try {
            file.completion().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        } catch (Exception e) {
            throw new AssertionError("the completion did not fail: " + e, e);
        }
        throw new AssertionError("the completion succeeded");
    }

    // ---------------------------------------------------------------- chunking

    @Test
    void aFileGoesOutInChunksWithByteRangesAndItsHeaders() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(3000).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(10_000, 0), 10_000, "image/jpeg", 0, "file-msg-1")
                .addHeader(new ContentDispositionHeader("attachment", Map.of("filename", "cat.jpg")));
        long t0 = System.nanoTime();
        session.sendFile(file);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(500);

        List<MsrpChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            chunks.add(peer.next());
        }
        // chunks over 2048 bytes say '*' for their end (RFC 4975 §7.1.1: a file may be aborted)
        assertThat(chunks).extracting(MsrpChunk::byteRange).containsExactly(new ByteRange(1, ByteRange.UNKNOWN, 10_000),
                new ByteRange(3001, ByteRange.UNKNOWN, 10_000), new ByteRange(6001, ByteRange.UNKNOWN, 10_000),
                new ByteRange(9001, 10_000, 10_000));
        assertThat(chunks).extracting(MsrpChunk::continuation).containsExactly(Continuation.MORE, Continuation.MORE,
                Continuation.MORE, Continuation.END);
        for (MsrpChunk c : chunks) {
            assertThat(c.method()).isEqualTo("SEND");
            assertThat(c.messageId()).isEqualTo("file-msg-1");
            assertThat(c.contentType()).isEqualTo("image/jpeg");
            assertThat(((ContentDispositionHeader) c.header(ContentDispositionHeader.NAME)).get("filename"))
                    .isEqualTo("cat.jpg");
        }
        assertThat(concat(chunks)).isEqualTo(SessionTestKit.bytes(0, 10_000));
        SessionTestKit.await("bytesSent", WAIT, () -> file.bytesSent() == 10_000);

        for (int i = 0; i < 3; i++) {
            peer.answer(chunks.get(i), 200, "OK");
        }
        SessionTestKit.await("9000 bytes acknowledged", WAIT, () -> file.bytesAcknowledged() == 9000);
        Thread.sleep(100);
        assertThat(file.completion()).as("the last chunk is not acknowledged yet").isNotDone();
        peer.answer(chunks.get(3), 200, "OK");
        file.completion().get(5, TimeUnit.SECONDS);
        assertThat(file.bytesAcknowledged()).isEqualTo(10_000);
    }

    @Test
    void aFileOnDiskIsSentFromItsPosition(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("data.bin");
        Files.write(path, SessionTestKit.bytes(0, 10_000));
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(4000).build());
        List<MsrpChunk> got = autoAnswer(c -> 200);
        OutgoingFile file = OutgoingFile.of(path, "application/octet-stream", 4_000, "resumed-1");
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = ofMessage(got, "resumed-1");
        assertThat(chunks).extracting(MsrpChunk::byteRange)
                .containsExactly(new ByteRange(4001, ByteRange.UNKNOWN, 10_000), new ByteRange(8001, 10_000, 10_000));
        assertThat(concat(chunks)).isEqualTo(SessionTestKit.bytes(4_000, 6_000));
        assertThat(file.bytesAcknowledged()).isEqualTo(6_000);
        assertThat(file.source().isOpen()).as("the source is closed at the end").isFalse();
    }

    /**
     * When the completion fires every byte has been acknowledged, so every byte has been sent:
     * bytesSent() must not lag behind bytesAcknowledged(). The writer counts a chunk as sent only
     * after writeChunk returns, and the peer's 200 can be handled by the reader before that. A
     * traffic logger that dawdles after a chunk left (on the writer thread) makes the race certain.
     */
    @Test
    void bytesSentIsCompleteWhenTheCompletionFires() throws Exception {
        pair.active().setLogger(new TrafficLogger() {
            @Override
            public void sentChunkEnd(ByteBuffer data, MsrpTransport transport, String tid) {
                if (Thread.currentThread().getName().equals("msrp-session-writer")) {
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        // chunks above the transport's coalescing limit are logged after they were written
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(100_000).build());
        autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(200_000, 0), 200_000, null, 0, null);
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        long sent = file.bytesSent();
        long acknowledged = file.bytesAcknowledged();
        assertThat(acknowledged).isEqualTo(200_000);
        assertThat(sent).as("bytesSent when the completion fired").isEqualTo(200_000);
    }

    @Test
    void anEmptyFileIsOneEmptyLastChunk() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        List<MsrpChunk> got = autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(0, 0), 0, "text/plain", 0, "empty-1");
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = ofMessage(got, "empty-1");
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).byteRange()).isEqualTo(new ByteRange(1, 0, 0));
        assertThat(chunks.get(0).continuation()).isEqualTo(Continuation.END);
    }

    // ---------------------------------------------------------------- streams of unknown length

    @Test
    void aStreamOfUnknownLengthHasTotalStarUntilTheLastChunk() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(3000).build());
        List<MsrpChunk> got = autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(7_500, 0), ByteRange.UNKNOWN, "video/mp4", 0,
                "stream-1");
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = ofMessage(got, "stream-1");
        assertThat(chunks).extracting(MsrpChunk::byteRange).containsExactly(
                new ByteRange(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN),
                new ByteRange(3001, ByteRange.UNKNOWN, ByteRange.UNKNOWN), new ByteRange(6001, 7500, 7500));
        assertThat(chunks).extracting(MsrpChunk::continuation)
                .containsExactly(Continuation.MORE, Continuation.MORE, Continuation.END);
        assertThat(concat(chunks)).isEqualTo(SessionTestKit.bytes(0, 7_500));
    }

    @Test
    void aStreamEndingOnAChunkBoundaryEndsWithAFullChunk() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(3000).build());
        List<MsrpChunk> got = autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(6_000, 0), ByteRange.UNKNOWN, null, 0, "stream-2");
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = ofMessage(got, "stream-2");
        assertThat(chunks).extracting(MsrpChunk::byteRange)
                .containsExactly(new ByteRange(1, ByteRange.UNKNOWN, ByteRange.UNKNOWN),
                        new ByteRange(3001, ByteRange.UNKNOWN, 6000));
        assertThat(chunks.get(1).continuation()).isEqualTo(Continuation.END);
        assertThat(chunks.get(0).contentType()).isEqualTo("application/octet-stream");
    }

    @Test
    void anEmptyStreamOfUnknownLengthIsOneEmptyLastChunk() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        List<MsrpChunk> got = autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(0, 0), ByteRange.UNKNOWN, "text/plain", 0,
                "stream-3");
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = ofMessage(got, "stream-3");
        assertThat(chunks).hasSize(1);
        assertThat(chunks.get(0).byteRange()).isEqualTo(new ByteRange(1, 0, 0));
        assertThat(chunks.get(0).continuation()).isEqualTo(Continuation.END);
    }

    // ---------------------------------------------------------------- the window

    @Test
    void noMoreThanWindowChunksAwaitResponses() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(1000).window(4).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(20_000, 0), 20_000, null, 0, "windowed");
        session.sendFile(file);
        List<MsrpChunk> first = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            first.add(peer.next());
        }
        peer.expectNothing(Duration.ofMillis(400));
        peer.answer(first.get(0), 200, "OK");
        MsrpChunk fifth = peer.next();
        assertThat(fifth.byteRange().start()).isEqualTo(4001);
        peer.expectNothing(Duration.ofMillis(300));
        peer.answer(first.get(1), 200, "OK");
        peer.answer(first.get(2), 200, "OK");
        assertThat(peer.next().byteRange().start()).isEqualTo(5001);
        assertThat(peer.next().byteRange().start()).isEqualTo(6001);
        peer.expectNothing(Duration.ofMillis(300));
        assertThat(file.completion()).isNotDone();
    }

    @Test
    void messagesAreNotHeldBackByAFullWindow() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(1000).window(2).build());
        session.sendFile(new OutgoingFile(new GeneratedChannel(20_000, 0), 20_000, null, 0, "stuck"));
        peer.next();
        peer.next();
        MsrpChunk chat = pair.active().newChunk().data("still here").build();
        session.sendChunk(chat);
        assertThat(peer.next().transactionId()).isEqualTo(chat.transactionId());
    }

    @Test
    void underFailureReportNoTheFileCompletesWhenSent() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(1000).window(2).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(10_000, 0), 10_000, null, 0, "unanswered")
                .addHeader(new FailureReportHeader(ReportMode.NO));
        session.sendFile(file);
        file.completion().get(5, TimeUnit.SECONDS);
        List<MsrpChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            chunks.add(peer.next());
        }
        assertThat(concat(chunks)).isEqualTo(SessionTestKit.bytes(0, 10_000));
        assertThat(chunks.get(0).failureReport()).isEqualTo(ReportMode.NO);
    }

    // ---------------------------------------------------------------- interleaving

    @Test
    void twoFilesAndMessagesInterleave() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(8).build());
        OutgoingFile a = new OutgoingFile(new GeneratedChannel(30_000, 0), 30_000, null, 0, "file-a");
        OutgoingFile b = new OutgoingFile(new GeneratedChannel(30_000, 0), 30_000, null, 0, "file-b");
        session.sendFile(a);
        session.sendFile(b);
        // answered only now: a cannot have more than a window's worth out before b is queued
        List<MsrpChunk> got = autoAnswer(c -> 200);
        a.completion().get(10, TimeUnit.SECONDS);
        b.completion().get(10, TimeUnit.SECONDS);
        List<String> order = new ArrayList<>();
        for (MsrpChunk c : got) {
            if (c.isRequest()) {
                order.add(c.messageId());
            }
        }
        assertThat(order.indexOf("file-b")).as("b starts before a ends").isLessThan(order.lastIndexOf("file-a"));
        assertThat(order.indexOf("file-a")).as("a starts before b ends").isLessThan(order.lastIndexOf("file-b"));
        assertThat(concat(ofMessage(got, "file-a"))).isEqualTo(SessionTestKit.bytes(0, 30_000));
        assertThat(concat(ofMessage(got, "file-b"))).isEqualTo(SessionTestKit.bytes(0, 30_000));
    }

    /**
     * The scenario: a chat message queued behind a 200 MB file (generated, never in memory)
     * reaches the peer before the file ends and before more than window + 2 further file chunks.
     */
    @Test
    void aMessageOvertakesABigFileWithinAboutOneChunk() throws Exception {
        int window = 8;
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(10)).window(window).build();
        AtomicInteger fileChunks = new AtomicInteger();
        AtomicInteger fileChunksAtChat = new AtomicInteger(-1);
        String chatId = "chat-message";
        other = MsrpSession.start(pair.passive(), options, c -> {
            if (chatId.equals(c.messageId())) {
                fileChunksAtChat.set(fileChunks.get());
            } else if (!c.hasMoreSegments()) {
                fileChunks.incrementAndGet();
            }
        });
        session = MsrpSession.start(pair.active(), options, c -> { });
        long size = 200L * 1024 * 1024;
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(size, 0), size, null, 0, "big-file");
        session.sendFile(file);
        SessionTestKit.await("the file to be under way", WAIT, () -> fileChunks.get() >= 20);

        session.sendChunk(pair.active().newChunk().messageId(chatId).data("are you there?").build());
        int before = fileChunks.get();
        SessionTestKit.await("the chat message", WAIT, () -> fileChunksAtChat.get() >= 0);
        int overtaken = fileChunksAtChat.get() - before;
        assertThat(file.completion()).isNotDone();
        assertThat(file.bytesSent()).isLessThan(size);
        assertThat(overtaken).as("file chunks that arrived after the message was queued")
                .isLessThanOrEqualTo(window + 2);

        file.abort();
        assertThat(failureOf(file)).isInstanceOf(CancellationException.class);
    }

    /**
     * RFC 4975 message interruption, measured where it happens: in the order the sender writes. A
     * message queued behind a 1 GiB file is written after at most the file chunk being written when
     * it was queued, however many file chunks the window has in flight.
     */
    @Test
    void aMessageQueuedBehindAGibibyteFileIsWrittenWithinOneChunk() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(10)).build();
        List<String> written = new CopyOnWriteArrayList<>();
        pair.active().setLogger(new TrafficLogger() {
            @Override
            public void sentNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                written.add(chunk.messageId());
            }
        });
        AtomicInteger fileChunks = new AtomicInteger();
        other = MsrpSession.start(pair.passive(), options, c -> {
            if (!c.hasMoreSegments() && "gib-file".equals(c.messageId())) {
                fileChunks.incrementAndGet();
            }
        });
        session = MsrpSession.start(pair.active(), options, c -> { });
        long size = 1L << 30;
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(size, 0), size, null, 0, "gib-file");
        session.sendFile(file);
        SessionTestKit.await("the file to be under way", WAIT, () -> fileChunks.get() >= 50);
        for (int i = 0; i < 5; i++) {
            String chatId = "chat-" + i;
            session.sendChunk(pair.active().newChunk().messageId(chatId).data("are you there?").build());
            int marker = written.size();
            SessionTestKit.await("the chat message to be written", WAIT, () -> written.contains(chatId));
            List<String> order = List.copyOf(written);
            int at = order.indexOf(chatId);
            List<String> after = at <= marker ? List.of() : order.subList(marker, at);
            assertThat(after).as("file chunks written between queuing message %d and writing it", i)
                    .hasSizeLessThanOrEqualTo(1).allMatch("gib-file"::equals);
            Thread.sleep(20);
        }
        assertThat(file.completion()).isNotDone();
        file.abort();
        assertThat(failureOf(file)).isInstanceOf(CancellationException.class);
    }

    @Test
    void filesAndMessagesBetweenTwoSessionsOverTls() throws Exception {
        try (SessionPair tls = SessionPair.open("127.0.0.1", true)) {
            SessionSettings options = quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(16_000).build();
            MsrpSession bob = MsrpSession.startQueued(tls.passive(), options);
            MsrpSession alice = MsrpSession.start(tls.active(), options, c -> { });
            try {
                OutgoingFile file = new OutgoingFile(new GeneratedChannel(100_000, 0), 100_000, "application/pdf", 0,
                        "tls-file");
                alice.sendFile(file);
                assertThat(alice.deliverChunk(tls.active().newChunk().data("see attached").build()).code())
                        .isEqualTo(200);
                List<MsrpChunk> got = new ArrayList<>();
                while (got.stream()
                        .noneMatch(c -> c.continuation() == Continuation.END && "tls-file".equals(c.messageId()))) {
                    got.add(bob.receiveChunk(WAIT));
                }
                file.completion().get(5, TimeUnit.SECONDS);
                assertThat(concat(ofMessage(got, "tls-file"))).isEqualTo(SessionTestKit.bytes(0, 100_000));
            } finally {
                alice.shutdown(true);
                bob.shutdown(true);
            }
        }
    }

    @Test
    void overTlsEachFullFrameFitsTheChunkSizeSoItFillsWholeRecords() throws Exception {
        try (SessionPair tls = SessionPair.open("127.0.0.1", true)) {
            int chunkSize = 32 * 1024;
            SessionSettings options = quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(chunkSize).build();
            MsrpSession bob = MsrpSession.startQueued(tls.passive(), options);
            MsrpSession alice = MsrpSession.start(tls.active(), options, c -> { });
            try {
                int size = 200_000;
                OutgoingFile file = new OutgoingFile(new GeneratedChannel(size, 0), size, "application/pdf", 0,
                        "aligned");
                alice.sendFile(file);
                List<MsrpChunk> got = new ArrayList<>();
                while (got.stream().noneMatch(c -> c.continuation() == Continuation.END)) {
                    got.add(bob.receiveChunk(WAIT));
                }
                file.completion().get(5, TimeUnit.SECONDS);
                assertThat(concat(got)).isEqualTo(SessionTestKit.bytes(0, size));
                for (MsrpChunk c : got.subList(0, got.size() - 1)) {
                    // Byte-Range digits vary a little: never over the records, never much under
                    assertThat(c.encode().length).as("frame of %s", c.byteRange()).isBetween(chunkSize - 16, chunkSize);
                }
            } finally {
                alice.shutdown(true);
                bob.shutdown(true);
            }
        }
    }

    // ---------------------------------------------------------------- refusals, errors, aborts

    /**
     * After a 413 the sender sends no further chunk of the message (RFC 4975 §7.2: "MUST NOT send
     * any further chunks in the message"), not even a {@code #} one.
     */
    @Test
    void a413StopsTheFileWithNoFurtherChunk() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(2).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(50_000, 0), 50_000, "text/plain", 0, "too-big");
        session.sendFile(file);
        MsrpChunk first = peer.next();
        MsrpChunk second = peer.next();
        peer.answer(first, 413, "Stop");
        Throwable why = failureOf(file);
        assertThat(why)
                .isInstanceOfSatisfying(MsrpTransactionException.class, e -> assertThat(e.code()).isEqualTo(413));

        peer.answer(second, 200, "OK");
        List<MsrpChunk> after = peer.drain(Duration.ofMillis(400));
        assertThat(ofMessage(after, "too-big")).as("nothing more of the file after the 413").isEmpty();
    }

    /**
     * RFC 4975 §7.3.2: a 413 that arrives while a long chunk of its message is being written ends
     * that chunk early, with {@code #}, rather than after all of its 8 MiB. Both socket buffers are
     * small and the receiver reads nothing between its 413 and the sender's taking it, so what it
     * reads after is bounded by the buffers and the piece being written.
     */
    @Test
    void a413EndsTheLongChunkInProgressWithAHash() throws Exception {
        int chunkSize = 8 * 1024 * 1024;
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(64 * 1024);
            server.bind(new InetSocketAddress(loopback, 0), 1);
            Socket near = new Socket();
            near.setSendBufferSize(64 * 1024);
            near.connect(new InetSocketAddress(loopback, server.getLocalPort()));
            try (Socket far = server.accept()) {
                MsrpUri nearUri = MsrpUri.builder().host("127.0.0.1").port(near.getLocalPort()).sessionId("near413")
                        .build();
                MsrpUri farUri = MsrpUri.builder().host("127.0.0.1").port(far.getLocalPort()).sessionId("far413")
                        .build();
                MsrpTransport transport = TransportInternals.open(near, nearUri, List.of(), TransportSettings.DEFAULT);
                transport.setFullRemotePath(List.of(farUri));
                session = MsrpSession.start(transport, quick().responseTimeout(Duration.ofSeconds(20))
                        .fileChunkSize(chunkSize).build(), c -> { });
                OutgoingFile file = new OutgoingFile(new GeneratedChannel(3L * chunkSize, 0), 3L * chunkSize,
                        null, 0, "stopped-early");
                session.sendFile(file);

                InputStream in = new BufferedInputStream(far.getInputStream());
                String start = readHeaders(in);
                String tid = start.split(" ", 3)[1];
                assertThat(start).contains("Byte-Range: 1-*/" + 3L * chunkSize);
                assertThat(in.readNBytes(256 * 1024)).hasSize(256 * 1024);
                String stop = "MSRP " + tid + " 413 Stop\r\nTo-Path: " + nearUri + "\r\nFrom-Path: " + farUri
                        + "\r\n-------" + tid + "$\r\n";
                far.getOutputStream().write(stop.getBytes(StandardCharsets.US_ASCII));
                assertThat(failureOf(file)).isInstanceOfSatisfying(MsrpTransactionException.class,
                        e -> assertThat(e.code()).isEqualTo(413));

                byte[] endLine = ("\r\n-------" + tid).getBytes(StandardCharsets.US_ASCII);
                long after = 0;
                int matched = 0;
                int b;
                while (matched < endLine.length && (b = in.read()) >= 0) {
                    after++;
                    matched = b == endLine[matched] ? matched + 1 : b == endLine[0] ? 1 : 0;
                }
                assertThat(matched).as("the chunk's end-line arrived").isEqualTo(endLine.length);
                assertThat((char) in.read()).as("the interrupted chunk's flag").isEqualTo('#');
                assertThat(after).as("bytes the receiver read after its 413").isLessThan(2L * 1024 * 1024);
                assertThat(file.bytesSent()).isLessThan(chunkSize);
            }
        }
    }

    /** Reads a request's start line and headers, up to the blank line before its body. */
    private static String readHeaders(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < 4 || !b.substring(b.length() - 4).equals("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new AssertionError("the connection ended in the headers: " + b);
            }
            b.append((char) c);
        }
        return b.toString();
    }

    @Test
    void theReceivingApplicationRefusesAFileWith413() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(4).build();
        CopyOnWriteArrayList<MsrpChunk> delivered = new CopyOnWriteArrayList<>();
        other = MsrpSession.start(pair.passive(), options, c -> {
            delivered.add(c);
            if (c.byteRange() != null && c.byteRange().start() > 3000) {
                other.refuseMessage(c.messageId());
            }
        });
        session = MsrpSession.start(pair.active(), options, c -> { });
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(1_000_000, 0), 1_000_000, null, 0, "unwanted-file");
        session.sendFile(file);
        assertThat(failureOf(file)).isInstanceOfSatisfying(MsrpTransactionException.class,
                e -> assertThat(e.code()).isEqualTo(413));
        Thread.sleep(200);
        int n = delivered.size();
        Thread.sleep(300);
        assertThat(delivered).hasSize(n);
        assertThat(file.bytesSent()).isLessThan(1_000_000);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void anotherErrorFailsTheFileWithItsCode() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(2).build());
        autoAnswer(c -> c.byteRange() != null && c.byteRange().start() == 2001 ? 403 : 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(10_000, 0), 10_000, null, 0, "forbidden");
        session.sendFile(file);
        assertThat(failureOf(file)).isInstanceOfSatisfying(MsrpTransactionException.class,
                e -> assertThat(e.code()).isEqualTo(403));
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void anUnansweredFileChunkFailsTheFileWith408() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(300)).fileChunkSize(1000).window(2).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(10_000, 0), 10_000, null, 0, "ignored");
        session.sendFile(file);
        assertThat(failureOf(file)).isInstanceOfSatisfying(MsrpTransactionException.class,
                e -> assertThat(e.code()).isEqualTo(408));
    }

    @Test
    void abortSendsAHashChunkAndCancelsTheCompletion() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(2).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(50_000, 0), 50_000, null, 0, "aborted");
        session.sendFile(file);
        MsrpChunk first = peer.next();
        peer.next();
        file.abort();
        peer.answer(first, 200, "OK");
        assertThat(failureOf(file)).isInstanceOf(CancellationException.class);
        MsrpChunk hash = peer.nextWhere(c -> c.continuation() == Continuation.ABORT, WAIT, null);
        assertThat(hash.messageId()).isEqualTo("aborted");
        assertThat(hash.byteRange().start()).isEqualTo(file.bytesSent() + 1);
        assertThat(hash.byteRange().total()).isEqualTo(50_000);
        assertThat(file.source().isOpen()).isFalse();
    }

    /**
     * abort() must stop a transfer whose window is full too (a stalled peer is when one wants to
     * abort). The writer only looks at the abort flag when it picks the file for its next chunk,
     * which it does not while the window is full, and abort() does not wake it.
     */
    @Test
    void abortTakesEffectWhileTheWindowIsFull() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(8)).fileChunkSize(1000).window(2).build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(50_000, 0), 50_000, null, 0, "stalled");
        session.sendFile(file);
        peer.next();
        peer.next();
        peer.expectNothing(Duration.ofMillis(200));
        file.abort();
        Thread.sleep(1000);
        assertThat(file.completion()).as("cancelled within a second of abort()").isCancelled();
        MsrpChunk hash = peer.nextWhere(c -> c.continuation() == Continuation.ABORT, Duration.ofSeconds(1), null);
        assertThat(hash.messageId()).isEqualTo("stalled");
    }

    /**
     * Under Failure-Report partial the receiver sends no 200s but does send error responses: a 413
     * must still stop the file. The session registers only Failure-Report yes chunks, so the 413
     * answers an unknown transaction, is dropped, and the whole file is sent and "completes".
     */
    @Test
    void a413StopsAFileSentUnderFailureReportPartial() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(2).build());
        List<MsrpChunk> got = autoAnswer(c -> c.byteRange() != null && c.byteRange().start() == 1 ? 413 : null);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(2_000_000, 0), 2_000_000, null, 0, "partial-file")
                .addHeader(new FailureReportHeader(ReportMode.PARTIAL));
        session.sendFile(file);
        Throwable why;
        try {
            file.completion().get(10, TimeUnit.SECONDS);
            why = null;
        } catch (ExecutionException e) {
            why = e.getCause();
        }
        assertThat(why).as("the file fails with the 413 (it was sent whole: " + file.bytesSent() + " bytes)")
                .isInstanceOfSatisfying(MsrpTransactionException.class, e -> assertThat(e.code()).isEqualTo(413));
        Thread.sleep(300);
        assertThat(ofMessage(got, "partial-file")).as("no '#' chunk after the 413")
                .noneMatch(c -> c.continuation() == Continuation.ABORT);
    }

    /**
     * The receiving session must hand the {@code #} chunk of an aborted file to the application:
     * otherwise its MessageAssembler never learns that the message ended (IncomingMessage handles
     * ABORT). The session's own abort chunk carries no body, and empty SENDs are swallowed as
     * keep-alives.
     */
    @Test
    void theReceiverIsToldOfAnAbortedFile() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(2).build();
        CopyOnWriteArrayList<MsrpChunk> delivered = new CopyOnWriteArrayList<>();
        other = MsrpSession.start(pair.passive(), options, delivered::add);
        session = MsrpSession.start(pair.active(), options, c -> { });
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(50_000_000, 0), 50_000_000, null, 0, "abort-me");
        session.sendFile(file);
        SessionTestKit.await("some chunks", WAIT, () -> delivered.size() >= 3);
        file.abort();
        assertThat(failureOf(file)).isInstanceOf(CancellationException.class);
        SessionTestKit.await("the # chunk to be delivered", Duration.ofSeconds(3),
                () -> delivered.stream().anyMatch(c -> c.continuation() == Continuation.ABORT));
    }

    @Test
    void aFailingSourceFailsTheFileAndAbortsIt() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).window(4).build());
        autoAnswer(c -> 200);
        AtomicLong read = new AtomicLong();
        ReadableByteChannel broken = new ReadableByteChannel() {
            private boolean open = true;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (read.get() >= 2500) {
                    throw new IOException("disk on fire");
                }
                int n = (int) Math.min(dst.remaining(), 2500 - read.get());
                dst.put(new byte[n]);
                read.addAndGet(n);
                return n;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() {
                open = false;
            }
        };
        OutgoingFile file = new OutgoingFile(broken, 10_000, null, 0, "broken");
        session.sendFile(file);
        assertThat(failureOf(file)).isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
        assertThat(broken.isOpen()).isFalse();
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void aSourceShorterThanItsSizeFailsTheFile() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).fileChunkSize(1000).build());
        autoAnswer(c -> 200);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(2_500, 0), 10_000, null, 0, "short");
        session.sendFile(file);
        assertThat(failureOf(file)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> file.completion().join()).isNotNull();
    }
}
