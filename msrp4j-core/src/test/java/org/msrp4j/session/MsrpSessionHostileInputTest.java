package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TrafficLogger;

/**
 * What a peer's bad input does to a session: a bad chunk gets its RFC answer and the session goes
 * on, or the session ends and the application is told once; a reader never dies silently.
 */
@Timeout(60)
class MsrpSessionHostileInputTest {

    private RawWire wire;
    private MsrpSession session;
    private final List<MsrpChunk> delivered = new CopyOnWriteArrayList<>();
    private final List<IOException> errors = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        wire = RawWire.open();
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.shutdown(false);
        }
        wire.close();
    }

    private void start(SessionSettings options, Consumer<MsrpChunk> onChunk) {
        session = MsrpSession.start(wire.transport, options, new IncomingHandler() {
            @Override
            public void onChunk(MsrpChunk chunk) {
                onChunk.accept(chunk);
            }

            @Override
            public void onError(IOException error) {
                errors.add(error);
            }
        });
    }

    private void start(SessionSettings options) {
        start(options, delivered::add);
    }

    /** A SEND with {@code range} and {@code body}, written as raw bytes. */
    private void sendRaw(String tid, String range, byte[] body) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(wire.start(tid, "SEND", "Message-ID: " + tid + "m\r\nByte-Range: " + range
                + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        b.writeBytes(body);
        b.writeBytes(("\r\n-------" + tid + "$\r\n").getBytes(StandardCharsets.UTF_8));
        wire.write(b.toByteArray());
    }

    private MsrpChunk responseTo(String tid) throws InterruptedException {
        MsrpChunk r = wire.peer.next();
        assertThat(r.isResponse()).as("a response, got " + r).isTrue();
        assertThat(r.transactionId()).isEqualTo(tid);
        return r;
    }

    /** The session still answers and delivers: a good SEND gets 200 and reaches the handler. */
    private void assertStillServes() throws Exception {
        MsrpChunk good = wire.peer.transport.newChunk().data("still here").build();
        wire.peer.send(good);
        assertThat(wire.peer.nextWhere(c -> c.isResponse() && c.transactionId().equals(good.transactionId()),
                WAIT, null).code()).isEqualTo(200);
        SessionTestKit.await("the good chunk delivered", WAIT,
                () -> delivered.stream().anyMatch(c -> c.transactionId().equals(good.transactionId())));
        assertThat(session.isOpen()).isTrue();
        assertThat(errors).isEmpty();
    }

    // ---------------------------------------------------------------- Byte-Range lies (RFC 4975 §7.3.1)

    @Test
    void aBodyLongerThanItsByteRangeTotalIsAnswered400AndTheSessionGoesOn() throws Exception {
        start(quick().build());
        sendRaw("overstar1", "1-*/10", SessionTestKit.bytes(0, 100_000));
        assertThat(responseTo("overstar1").code()).isEqualTo(400);
        sendRaw("overfive1", "1-5/5", SessionTestKit.bytes(0, 100));
        assertThat(responseTo("overfive1").code()).isEqualTo(400);
        assertStillServes();
        assertThat(delivered).extracting(MsrpChunk::transactionId).doesNotContain("overstar1", "overfive1");
    }

    @Test
    void aBodyLongerThanItsByteRangeEndButWithinTheTotalIsTakenByItsPayload() throws Exception {
        start(quick().build());
        sendRaw("longer001", "1-5/200", SessionTestKit.bytes(0, 100));
        assertThat(responseTo("longer001").code()).isEqualTo(200);
        SessionTestKit.await("delivered", WAIT, () -> delivered.size() == 1);
        assertThat(delivered.get(0).byteRange()).isEqualTo(new ByteRange(1, 100, 200));
        assertThat(delivered.get(0).data()).isEqualTo(SessionTestKit.bytes(0, 100));
        assertStillServes();
    }

    /** A short end may not make the receiver hold the whole body at once: it still comes in segments. */
    @Test
    void aHugeBodyBehindAShortByteRangeEndStillComesInSegments() throws Exception {
        start(quick().readSegmentSize(16 * 1024).build());
        sendRaw("bigbehind", "1-5/*", SessionTestKit.bytes(0, 3_000_000));
        assertThat(responseTo("bigbehind").code()).isEqualTo(200);
        SessionTestKit.await("all delivered", WAIT,
                () -> delivered.stream().mapToLong(MsrpChunk::size).sum() == 3_000_000);
        assertThat(delivered.size()).as("segments").isGreaterThan(10);
        assertThat(delivered).allMatch(c -> c.size() < 1_000_000);
        assertStillServes();
    }

    // ---------------------------------------------------------------- refusing while the chunk arrives

    /**
     * A chunk refused by the application at its first segment is answered 413 at once, while the
     * rest of it is still on its way (RFC 4975 §7.3.1), and the rest is read and dropped.
     */
    @Test
    void aChunkRefusedAtItsFirstSegmentIsAnswered413BeforeItsRestArrives() throws Exception {
        start(quick().build(), c -> {
            delivered.add(c);
            if (c.messageId() != null && c.messageId().startsWith("unwanted")) {
                session.refuseMessage(c.messageId());
            }
        });
        int total = 10 * 1024 * 1024;
        wire.write(wire.start("unwanted1", "SEND", "Message-ID: unwanted-1\r\nByte-Range: 1-*/" + total
                + "\r\nContent-Type: application/octet-stream\r\n\r\n"));
        wire.write(SessionTestKit.bytes(0, 1024 * 1024));
        // nothing more is written until the answer came: on the old code this waited for ever
        MsrpChunk r = responseTo("unwanted1");
        assertThat(r.code()).isEqualTo(413);
        byte[] rest = SessionTestKit.bytes(1024 * 1024, total - 1024 * 1024);
        wire.write(rest);
        wire.write("\r\n-------unwanted1$\r\n");
        int before = delivered.size();
        assertStillServes();
        assertThat(delivered.subList(0, before)).allMatch(c -> "unwanted1".equals(c.transactionId()));
        long deliveredOfIt = delivered.stream().filter(c -> "unwanted1".equals(c.transactionId()))
                .mapToLong(MsrpChunk::size).sum();
        assertThat(deliveredOfIt).as("only what came before the refusal").isLessThanOrEqualTo(1024 * 1024);
        List<MsrpChunk> extra = wire.peer.drain(Duration.ofMillis(300));
        assertThat(extra).as("one failure REPORT at most, covering the chunk").allSatisfy(c -> {
            assertThat(c.method()).isEqualTo("REPORT");
            assertThat(c.status().code()).isEqualTo(413);
        }).hasSizeLessThanOrEqualTo(1);
    }

    @Test
    void aChunkOfAnUnacceptedTypeIsAnswered415BeforeItsRestArrives() throws Exception {
        start(quick().acceptTypes(List.of("text/plain")).build());
        wire.write(wire.start("badtype01", "SEND", "Message-ID: badtype-1\r\nByte-Range: 1-*/*\r\n"
                + "Content-Type: image/png\r\n\r\n"));
        wire.write(SessionTestKit.bytes(0, 512 * 1024));
        assertThat(responseTo("badtype01").code()).isEqualTo(415);
        wire.write(SessionTestKit.bytes(0, 2 * 1024 * 1024));
        wire.write("\r\n-------badtype01$\r\n");
        assertStillServes();
        assertThat(delivered).extracting(MsrpChunk::transactionId).doesNotContain("badtype01");
    }

    // ---------------------------------------------------------------- the application's faults

    /**
     * A handler that throws gets its chunk answered 413 (its message is not delivered: the
     * application did not take it) rather than left for the sender's 408, is logged with its stack
     * trace, and the session goes on.
     */
    @Test
    void aThrowingHandlerGetsItsChunkAnswered413AndTheSessionGoesOn() throws Exception {
        start(quick().build(), c -> {
            if (Arrays.equals(c.data(), "boom".getBytes(StandardCharsets.US_ASCII))) {
                throw new IllegalStateException("the application's bug");
            }
            delivered.add(c);
        });
        MsrpChunk boom = wire.peer.transport.newChunk().data("boom").build();
        wire.peer.send(boom);
        MsrpChunk r = responseTo(boom.transactionId());
        assertThat(r.code()).isEqualTo(413);
        assertStillServes();
    }

    /**
     * deliverChunk from inside onChunk: the reader that runs the handler reads its response itself
     * (it used to wait for a 408, since no one else read while it waited); a request that arrives
     * meanwhile reaches the handler after it returned, in order.
     */
    @Test
    void deliverChunkFromInsideOnChunkGetsItsResponseAndKeepsTheOrder() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(30)).build();
        List<String> seen = new CopyOnWriteArrayList<>();
        List<Object> results = new CopyOnWriteArrayList<>();
        start(options, c -> {
            String text = new String(c.data());
            seen.add(text);
            if ("ping".equals(text)) {
                long t0 = System.nanoTime();
                try {
                    MsrpChunk r = session.deliverChunk(wire.transport.newChunk().data("pong").build());
                    results.add(r.code());
                } catch (IOException e) {
                    results.add(e);
                }
                results.add(Duration.ofNanos(System.nanoTime() - t0));
            }
        });
        MsrpChunk ping = wire.peer.transport.newChunk().data("ping").build();
        MsrpChunk second = wire.peer.transport.newChunk().data("second").build();
        wire.peer.send(ping);
        MsrpChunk pong = wire.peer.nextWhere(c -> c.isRequest() && "pong".equals(new String(c.data())), WAIT, null);
        // a request arrives while the handler still waits for its response
        wire.peer.send(second);
        wire.peer.answer(pong, 200, "OK");
        SessionTestKit.await("deliverChunk returned", Duration.ofSeconds(10), () -> results.size() == 2);
        assertThat(results.get(0)).isEqualTo(200);
        assertThat((Duration) results.get(1)).isLessThan(Duration.ofSeconds(10));
        SessionTestKit.await("second handled", WAIT, () -> seen.size() == 2);
        assertThat(seen).containsExactly("ping", "second");
        List<MsrpChunk> answers = wire.peer.drain(Duration.ofMillis(500));
        assertThat(answers).filteredOn(MsrpChunk::isResponse).extracting(MsrpChunk::transactionId)
                .containsExactly(ping.transactionId(), second.transactionId());
        assertThat(errors).isEmpty();
    }

    /**
     * The last line of defence: an unchecked exception out of the read path (here a traffic
     * logger's) ends the session, and the application is told once, instead of both readers
     * dying with the session still "open" and answering nothing.
     */
    @Test
    void anUncheckedExceptionInTheReadPathEndsTheSessionAndTellsTheApplicationOnce() throws Exception {
        wire.transport.setLogger(new TrafficLogger() {
            @Override
            public void receivedNewChunk(ByteBuffer data, MsrpTransport transport, MsrpChunk chunk) {
                if ("poison01".equals(chunk.transactionId())) {
                    throw new IllegalStateException("a faulty logger");
                }
            }
        });
        start(quick().build());
        sendRaw("poison01", "1-3/3", "abc".getBytes(StandardCharsets.US_ASCII));
        SessionTestKit.await("the error reported", WAIT, () -> !errors.isEmpty());
        assertThat(wire.peer.awaitEnd(WAIT)).as("the connection is closed").isNotNull();
        Thread.sleep(200);
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).hasMessageContaining("a faulty logger");
        assertThat(session.isOpen()).isFalse();
    }
}
