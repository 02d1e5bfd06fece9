package org.msrp4j.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;
import org.slf4j.event.Level;

class Slf4jTrafficLoggerTest {

    private static final String TID = "a786hjs2";
    private static final String HEADERS = "MSRP a786hjs2 SEND\r\n"
            + "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\r\n"
            + "From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\r\n"
            + "Message-ID: 12339sdqwer\r\n"
            + "Byte-Range: 1-16/16\r\n"
            + "Content-Type: text/plain\r\n"
            + "\r\n";
    private static final String HEADERS_SHOWN = "MSRP a786hjs2 SEND\n"
            + "To-Path: msrp://bob.example.com:8888/9di4eae923wzd;tcp\n"
            + "From-Path: msrp://alicepc.example.com:7777/iau39soe2843z;tcp\n"
            + "Message-ID: 12339sdqwer\n"
            + "Byte-Range: 1-16/16\n"
            + "Content-Type: text/plain";

    private static ByteBuffer bytes(String latin1) {
        return ByteBuffer.wrap(latin1.getBytes(StandardCharsets.ISO_8859_1)).asReadOnlyBuffer();
    }

    private static ByteBuffer endLine(String tid, char flag) {
        return bytes("\r\n-------" + tid + flag + "\r\n");
    }

    private static ByteBuffer body(int length) {
        return bytes("x".repeat(length));
    }

    @Test
    void withoutLogWireEachChunkIsOneConciseDebugLine() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec);

        log.receivedNewChunk(bytes(HEADERS), null, MsrpChunk.request(TID, "SEND"));
        log.receivedChunkData(bytes("Hi, I'm Alice!\r\n"), null, TID);
        log.receivedChunkEnd(endLine(TID, '$'), null, TID);
        log.sentNewChunk(bytes("MSRP a786hjs2 200 OK\r\n"), null, MsrpChunk.response(TID, 200, "OK"));
        log.sentChunkEnd(endLine(TID, '$'), null, TID);
        log.sentNewChunk(bytes("MSRP a786hjs2 481\r\n"), null, MsrpChunk.response(TID, 481, null));

        assertThat(rec.events()).extracting(RecordingLogger.Event::level).containsOnly(Level.DEBUG);
        assertThat(rec.messages()).containsExactly(
                "received MSRP a786hjs2 SEND on null",
                "sent MSRP a786hjs2 200 OK on null",
                "sent MSRP a786hjs2 481 on null");
    }

    @Test
    void withoutLogWireTraceShowsByteCountsAndFlagsButNoBytes() {
        RecordingLogger rec = new RecordingLogger(Level.TRACE);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec);

        log.receivedChunkData(bytes("secret text"), null, TID);
        log.receivedChunkEnd(endLine(TID, '+'), null, TID);
        log.sentChunkData(bytes("more secrets"), null, "other123");
        log.sentChunkEnd(endLine("other123", '#'), null, "other123");

        assertThat(rec.events()).extracting(RecordingLogger.Event::level).containsOnly(Level.TRACE);
        assertThat(rec.messages()).containsExactly(
                "received 11 body bytes of a786hjs2 on null",
                "received end of a786hjs2 (+) on null",
                "sent 12 body bytes of other123 on null",
                "sent end of other123 (#) on null");
        assertThat(log.openChunks()).isZero();
    }

    @Test
    void logWireShowsHeadersInFullAndCutsTheBodyAcrossDataEvents() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(10);

        log.receivedNewChunk(bytes(HEADERS), null, MsrpChunk.request(TID, "SEND"));
        log.receivedChunkData(bytes("abcdef"), null, TID);
        log.receivedChunkData(bytes("ghijkl"), null, TID);
        log.receivedChunkData(bytes("mnop"), null, TID);
        log.receivedChunkEnd(endLine(TID, '$'), null, TID);

        assertThat(rec.events()).extracting(RecordingLogger.Event::level).containsOnly(Level.DEBUG);
        assertThat(rec.messages()).containsExactly(
                "received on null:\n" + HEADERS_SHOWN,
                "received 6 body bytes of a786hjs2 on null:\nabcdef",
                "received 6 body bytes of a786hjs2 on null:\nghij\u2026",
                "received end of a786hjs2 on null:\n\u2026 (6 more bytes)\n-------a786hjs2$");
        assertThat(log.openChunks()).isZero();
    }

    @Test
    void logWireBodyWithinTheLimitIsShownWhole() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(10);

        log.sentChunkData(bytes("01234"), null, TID);
        log.sentChunkData(bytes("56789"), null, TID);
        log.sentChunkEnd(endLine(TID, '+'), null, TID);

        assertThat(rec.messages()).containsExactly(
                "sent 5 body bytes of a786hjs2 on null:\n01234",
                "sent 5 body bytes of a786hjs2 on null:\n56789",
                "sent end of a786hjs2 on null:\n-------a786hjs2+");
    }

    @Test
    void defaultLimitIs512BodyBytesPerChunk() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true);

        log.receivedChunkData(body(1000), null, TID);
        log.receivedChunkEnd(endLine(TID, '$'), null, TID);

        assertThat(rec.messages().get(0)).isEqualTo(
                "received 1000 body bytes of a786hjs2 on null:\n" + "x".repeat(512) + "\u2026");
        assertThat(rec.messages().get(1)).contains("\u2026 (488 more bytes)\n");
    }

    @Test
    void logWireEscapesBinaryBytes() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true);
        byte[] raw = {0x00, 'A', (byte) 0xFF, '\\', '\r', '\n', '\n', '\r', '\t', 0x7F, (byte) 0xC3, (byte) 0xA9, '~'};

        log.receivedChunkData(ByteBuffer.wrap(raw).asReadOnlyBuffer(), null, TID);

        assertThat(rec.messages()).containsExactly(
                "received 13 body bytes of a786hjs2 on null:\n\\x00A\\xFF\\\\\n\\n\\r\\t\\x7F\\xC3\\xA9~");
    }

    @Test
    void logWireReadsFromThePositionAndLeavesItUnchanged() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true);
        ByteBuffer data = bytes("skipHello").position(4);

        log.sentChunkData(data, null, TID);

        assertThat(rec.messages()).containsExactly("sent 5 body bytes of a786hjs2 on null:\nHello");
        assertThat(data.position()).isEqualTo(4);
        assertThat(data.remaining()).isEqualTo(5);
    }

    @Test
    void disabledLevelsTouchNeitherChunkNorData() {
        for (Slf4jTrafficLogger log : List.of(
                new Slf4jTrafficLogger(new RecordingLogger(Level.INFO)),
                new Slf4jTrafficLogger(new RecordingLogger(Level.INFO)).logWire(true))) {
            // null chunk and data: any formatting would throw a NullPointerException
            log.receivedNewChunk(null, null, null);
            log.receivedChunkData(null, null, TID);
            log.receivedChunkEnd(null, null, TID);
            log.sentNewChunk(null, null, null);
            log.sentChunkData(null, null, TID);
            log.sentChunkEnd(null, null, TID);

            assertThat(((RecordingLogger) log.logger()).events()).isEmpty();
            assertThat(log.openChunks()).isZero();
        }
        // the same calls with DEBUG enabled do read the chunk
        Slf4jTrafficLogger enabled = new Slf4jTrafficLogger(new RecordingLogger(Level.DEBUG));
        assertThatThrownBy(() -> enabled.receivedNewChunk(null, null, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void wireLevelDisabledFallsBackToConciseLines() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).wireLevel(Level.TRACE);

        log.receivedNewChunk(bytes(HEADERS), null, MsrpChunk.request(TID, "SEND"));
        log.receivedChunkData(bytes("abc"), null, TID);
        log.receivedChunkEnd(endLine(TID, '$'), null, TID);

        assertThat(rec.messages()).containsExactly("received MSRP a786hjs2 SEND on null");
        assertThat(log.openChunks()).isZero();
    }

    @Test
    void wireLevelIsUsedForTheWireLog() {
        RecordingLogger rec = new RecordingLogger(Level.TRACE);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).wireLevel(Level.INFO);

        log.sentNewChunk(bytes(HEADERS), null, MsrpChunk.request(TID, "SEND"));
        log.sentChunkData(bytes("abc"), null, TID);
        log.sentChunkEnd(endLine(TID, '$'), null, TID);

        assertThat(rec.events()).hasSize(3).extracting(RecordingLogger.Event::level).containsOnly(Level.INFO);
        assertThat(rec.messages().get(0)).isEqualTo("sent on null:\n" + HEADERS_SHOWN);
    }

    @Test
    void countsAreKeptPerDirectionAndTransactionAndRemovedAtTheEnd() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(4);

        log.receivedChunkData(body(6), null, TID);
        log.sentChunkData(body(7), null, TID);
        log.receivedChunkData(body(8), null, "other123");
        assertThat(log.openChunks()).isEqualTo(3);

        log.sentChunkEnd(endLine(TID, '$'), null, TID);
        log.receivedChunkEnd(endLine(TID, '$'), null, TID);
        assertThat(log.openChunks()).isOne();
        log.receivedChunkEnd(endLine("other123", '$'), null, "other123");
        assertThat(log.openChunks()).isZero();

        assertThat(rec.messages()).filteredOn(m -> m.contains(" end of ")).containsExactly(
                "sent end of a786hjs2 on null:\n\u2026 (3 more bytes)\n-------a786hjs2$",
                "received end of a786hjs2 on null:\n\u2026 (2 more bytes)\n-------a786hjs2$",
                "received end of other123 on null:\n\u2026 (4 more bytes)\n-------other123$");

        // a new chunk with the same transaction id starts with a fresh budget
        log.receivedChunkData(bytes("abcd"), null, TID);
        assertThat(rec.messages().get(rec.messages().size() - 1)).endsWith(":\nabcd");
    }

    @Test
    void countsOfChunksThatNeverEndAreDroppedOldestFirst() {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(1);
        int chunks = Slf4jTrafficLogger.MAX_OPEN_CHUNKS + 100;

        for (int i = 0; i < chunks; i++) {
            log.receivedChunkData(body(3), null, "tid" + (10000 + i));
        }
        assertThat(log.openChunks()).isEqualTo(Slf4jTrafficLogger.MAX_OPEN_CHUNKS);

        log.receivedChunkEnd(endLine("tid10000", '$'), null, "tid10000");
        log.receivedChunkEnd(endLine("tid" + (10000 + chunks - 1), '$'), null, "tid" + (10000 + chunks - 1));
        List<String> messages = rec.messages();
        assertThat(messages.get(messages.size() - 2)).doesNotContain("more bytes");
        assertThat(messages.get(messages.size() - 1)).contains("\u2026 (2 more bytes)");
        assertThat(log.openChunks()).isEqualTo(Slf4jTrafficLogger.MAX_OPEN_CHUNKS - 1);
    }

    @Test
    void sendingAndReceivingConcurrentlyKeepsCountsApart() throws Exception {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(100);
        int transactions = 50;
        int pieces = 100;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (boolean sent : new boolean[] {true, false}) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int t = 0; t < transactions; t++) {
                        String tid = "tid" + (1000 + t);
                        for (int p = 0; p < pieces; p++) {
                            if (sent) {
                                log.sentChunkData(bytes("abc"), null, tid);
                            } else {
                                log.receivedChunkData(bytes("abc"), null, tid);
                            }
                        }
                        if (sent) {
                            log.sentChunkEnd(endLine(tid, '$'), null, tid);
                        } else {
                            log.receivedChunkEnd(endLine(tid, '$'), null, tid);
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        List<String> messages = rec.messages();
        // 300 bytes per chunk, 100 shown: 33 whole pieces and one cut piece, 200 bytes left out
        assertThat(messages).filteredOn(m -> m.contains(" body bytes of ")).hasSize(2 * transactions * 34);
        assertThat(messages).filteredOn(m -> m.endsWith("\u2026") && m.contains(":\na\u2026"))
                .hasSize(2 * transactions);
        List<String> ends = messages.stream().filter(m -> m.contains(" end of ")).toList();
        assertThat(ends).hasSize(2 * transactions).allMatch(m -> m.contains("\u2026 (200 more bytes)\n"));
        assertThat(log.openChunks()).isZero();
    }

    @Test
    void concurrentDataForOneChunkShowsExactlyTheLimit() throws Exception {
        RecordingLogger rec = new RecordingLogger(Level.DEBUG);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec).logWire(true).maxBodyBytes(100);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int p = 0; p < 500; p++) {
                        log.sentChunkData(bytes("z"), null, TID);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        log.sentChunkEnd(endLine(TID, '$'), null, TID);

        List<String> messages = rec.messages();
        assertThat(messages).filteredOn(m -> m.contains(" body bytes of ")).hasSize(100);
        assertThat(messages.get(messages.size() - 1)).contains("\u2026 (900 more bytes)");
        assertThat(log.openChunks()).isZero();
    }

    @Test
    void messagesMapToLevelsAndFatalIsMarkedError() {
        RecordingLogger rec = new RecordingLogger(Level.TRACE);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec);

        log.debug("d {}");
        log.info("i");
        log.warn("w");
        log.error("e");
        log.fatal("connection lost");

        assertThat(rec.events()).containsExactly(
                new RecordingLogger.Event(Level.DEBUG, null, "d {}"),
                new RecordingLogger.Event(Level.INFO, null, "i"),
                new RecordingLogger.Event(Level.WARN, null, "w"),
                new RecordingLogger.Event(Level.ERROR, null, "e"),
                new RecordingLogger.Event(Level.ERROR, Slf4jTrafficLogger.FATAL, "FATAL: connection lost"));
        assertThat(Slf4jTrafficLogger.FATAL.getName()).isEqualTo("FATAL");
    }

    @Test
    void messagesBelowTheThresholdAreDropped() {
        RecordingLogger rec = new RecordingLogger(Level.WARN);
        Slf4jTrafficLogger log = new Slf4jTrafficLogger(rec);

        log.debug("d");
        log.info("i");
        log.warn("w");

        assertThat(rec.messages()).containsExactly("w");
    }

    @Test
    void defaultsAndWithers() {
        Slf4jTrafficLogger log = new Slf4jTrafficLogger();
        assertThat(log.logger().getName()).isEqualTo(Slf4jTrafficLogger.DEFAULT_LOGGER_NAME)
                .isEqualTo("org.msrp4j.traffic");
        assertThat(log.logWire()).isFalse();
        assertThat(log.maxBodyBytes()).isEqualTo(512);
        assertThat(log.wireLevel()).isEqualTo(Level.DEBUG);

        Slf4jTrafficLogger wire = log.logWire(true).maxBodyBytes(64).wireLevel(Level.TRACE);
        assertThat(wire).isNotSameAs(log);
        assertThat(wire.logger()).isSameAs(log.logger());
        assertThat(wire.logWire()).isTrue();
        assertThat(wire.maxBodyBytes()).isEqualTo(64);
        assertThat(wire.wireLevel()).isEqualTo(Level.TRACE);
        assertThat(log.logWire()).isFalse();
        assertThat(wire.toString()).contains("org.msrp4j.traffic", "TRACE", "64");

        assertThatThrownBy(() -> log.maxBodyBytes(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> log.wireLevel(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Slf4jTrafficLogger(null)).isInstanceOf(NullPointerException.class);
    }
}
