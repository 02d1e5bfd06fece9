package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.transport.Loop.A;
import static org.msrp4j.transport.Loop.B;
import static org.msrp4j.transport.Loop.WAIT;
import static org.msrp4j.transport.Loop.read;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkParseException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.testing.RawSocketPeer;

/** Malformed input and the ends of a connection: peer close, loss, local close of blocked readers and writers. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MsrpTransportErrorsTest {

    private static final String PATHS = "To-Path: " + B + "\r\nFrom-Path: " + A + "\r\n";

    private Loop loop;

    @BeforeEach
    void setUp() {
        loop = new Loop();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
    }

    private static String good(String tid, String text) {
        return "MSRP " + tid + " SEND\r\n" + PATHS + "Message-ID: m" + tid + "\r\nByte-Range: 1-" + text.length() + "/"
                + text.length() + "\r\nContent-Type: text/plain\r\n\r\n" + text + "\r\n-------" + tid + "$\r\n";
    }

    /** A background call whose outcome the test waits for with a limit. */
    private static <T> CompletableFuture<T> inBackground(String name, Callable<T> call) {
        CompletableFuture<T> done = new CompletableFuture<>();
        Thread.ofVirtual().name(name).start(() -> {
            try {
                done.complete(call.call());
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        });
        return done;
    }

    private static Throwable failureWithin(CompletableFuture<?> f, Duration max) throws Exception {
        try {
            Object v = f.get(max.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("expected a failure, got " + v);
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    // ---------------------------------------------------------------- malformed input

    @Test
    void framedRequestWithBadByteRangeIsAnswered400AndSkipped() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP bad12345 SEND\r\n" + PATHS + "Message-ID: m1\r\nByte-Range: 1-x/5\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n-------bad12345$\r\n" + good("good1234", "fine"));

        MsrpChunk next = read(r.transport());

        assertThat(next.transactionId()).isEqualTo("good1234");
        assertThat(next.data()).isEqualTo(Loop.ascii("fine"));
        MsrpChunk answer = r.peer().read();
        assertThat(answer.transactionId()).isEqualTo("bad12345");
        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.toPath()).containsExactly(A);
        assertThat(answer.fromPath()).containsExactly(B);
        assertThat(r.transport().isClosed()).isFalse();
    }

    /**
     * A body that goes past the total its Byte-Range names (here {@code 1-*}{@code /10} with
     * 100,000 bytes, and {@code 1-5/5} with 100) is answered 400 as soon as that shows and
     * dropped; reading goes on. It used to end the reader with an unchecked exception.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1024, 64 * 1024})
    void aBodyPastItsByteRangeTotalIsAnswered400AndSkipped(int sizeHint) throws Exception {
        Loop.Raw r = loop.raw();
        String star = "x".repeat(100_000);
        r.peer().send("MSRP over0001 SEND\r\n" + PATHS + "Message-ID: mid00001\r\nByte-Range: 1-*/10\r\n"
                + "Content-Type: text/plain\r\n\r\n" + star + "\r\n-------over0001$\r\n"
                + "MSRP over0002 SEND\r\n" + PATHS + "Message-ID: mid00002\r\nByte-Range: 1-5/5\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "y".repeat(100) + "\r\n-------over0002$\r\n"
                + good("good1234", "fine"));

        MsrpChunk next = r.transport().readChunk(sizeHint);
        assertThat(next.transactionId()).isEqualTo("good1234");
        for (String tid : List.of("over0001", "over0002")) {
            MsrpChunk answer = r.peer().read();
            assertThat(answer.transactionId()).isEqualTo(tid);
            assertThat(answer.code()).isEqualTo(400);
            assertThat(answer.comment()).contains("past the message's total");
        }
        assertThat(r.transport().isClosed()).isFalse();
    }

    /** Control characters in a bad header's value still get a 400 whose comment is valid text. */
    @ParameterizedTest
    @ValueSource(strings = {"Byte-Range: 1-\u0001/5", "Message-ID: ab\u0007cd", "Byte-Range: 99999999999999999999-*/*",
        "Content-Type: \u007f"})
    void controlCharactersInABadHeaderGetA400(String header) throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP ctrl0001 SEND\r\n" + PATHS + header + "\r\n\r\n-------ctrl0001$\r\n"
                + good("good1234", "ok"));
        assertThat(read(r.transport()).transactionId()).isEqualTo("good1234");
        MsrpChunk answer = r.peer().read();
        assertThat(answer.transactionId()).isEqualTo("ctrl0001");
        assertThat(answer.code()).isEqualTo(400);
    }

    /** The receiver takes a chunk's length from its payload (RFC 4975 §7.3.1) within the total. */
    @Test
    void aBodyLongerThanItsByteRangeEndIsReturnedWithItsActualRange() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP long0001 SEND\r\n" + PATHS + "Message-ID: mid00001\r\nByte-Range: 1-5/200\r\n"
                + "Content-Type: text/plain\r\n\r\n" + "z".repeat(100) + "\r\n-------long0001$\r\n");
        MsrpChunk c = read(r.transport());
        assertThat(c.size()).isEqualTo(100);
        assertThat(c.byteRange()).isEqualTo(new ByteRange(1, 100, 200));
    }

    @Test
    void framedRequestWithoutFromPathIsAnswered400AndSkipped() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP nofrom12 SEND\r\nTo-Path: " + B + "\r\nMessage-ID: m1\r\nByte-Range: 1-5/5\r\n"
                + "Content-Type: text/plain\r\n\r\nhello\r\n-------nofrom12$\r\n" + good("good1234", "fine"));

        assertThat(read(r.transport()).transactionId()).isEqualTo("good1234");
        MsrpChunk answer = r.peer().read();
        assertThat(answer.transactionId()).isEqualTo("nofrom12");
        assertThat(answer.code()).isEqualTo(400);
        assertThat(answer.toPath()).containsExactly(A);
        assertThat(answer.fromPath()).containsExactly(B);
    }

    @Test
    void malformedResponsesAndReportsAreSkippedSilently() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP resp1234 200 OK\r\n" + PATHS + "Byte-Range: nonsense\r\n-------resp1234$\r\n"
                + "MSRP rep12345 REPORT\r\n" + PATHS + "Byte-Range: 1-x/5\r\n-------rep12345$\r\n"
                + "MSRP meth1234 lowercase\r\n" + PATHS + "-------meth1234$\r\n"
                + good("good1234", "fine"));

        assertThat(read(r.transport()).transactionId()).isEqualTo("good1234");
        assertThat(r.peer().silentFor(Duration.ofMillis(150))).isTrue();
    }

    @Test
    void manyMalformedChunksInARowAreAllAnswered() throws Exception {
        Loop.Raw r = loop.raw();
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            wire.append("MSRP bad").append(1000 + i).append(" SEND\r\n").append(PATHS)
                    .append("Byte-Range: 9-1/5\r\n-------bad").append(1000 + i).append("$\r\n");
        }
        r.peer().send(wire + good("good1234", "fine"));

        assertThat(read(r.transport()).transactionId()).isEqualTo("good1234");
        for (int i = 0; i < 20; i++) {
            MsrpChunk answer = r.peer().read();
            assertThat(answer.transactionId()).isEqualTo("bad" + (1000 + i));
            assertThat(answer.code()).isEqualTo(400);
        }
    }

    @Test
    void unframeableGarbageClosesTheTransportAfterTheChunksBeforeIt() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send(good("good1111", "one") + good("good2222", "two") + "GET / HTTP/1.1\r\n\r\n");

        assertThat(read(r.transport()).transactionId()).isEqualTo("good1111");
        assertThat(read(r.transport()).transactionId()).isEqualTo("good2222");
        assertThatThrownBy(() -> read(r.transport()))
                .isInstanceOfSatisfying(ChunkParseException.class, e -> assertThat(e.isFatal()).isTrue());

        assertThat(r.transport().isClosed()).isTrue();
        assertThat(r.peer().awaitEof(WAIT)).as("the connection was closed").isTrue();
        assertThatThrownBy(() -> read(r.transport())).isInstanceOf(ChunkParseException.class);
        MsrpChunk any = r.transport().newChunk().data("x").build();
        assertThatThrownBy(() -> r.transport().writeChunk(any)).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void garbageAfterAWholeEndLineIsFatal() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP brok1234 SEND\r\n" + PATHS + "Content-Type: text/plain\r\n\r\nxx\r\n-------brok1234$x\r\n");

        assertThatThrownBy(() -> read(r.transport())).isInstanceOf(ChunkParseException.class);
        assertThat(r.transport().isClosed()).isTrue();
    }

    @Test
    void dashesAndTheTransactionIdWithoutAFlagAreBodyData() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send("MSRP brok1234 SEND\r\n" + PATHS + "Content-Type: text/plain\r\n\r\nxx\r\n-------brok1234!\r\n"
                + "\r\n-------brok1234$\r\n");

        MsrpChunk chunk = read(r.transport());
        assertThat(new String(chunk.data(), StandardCharsets.ISO_8859_1))
                .isEqualTo("xx\r\n-------brok1234!\r\n");
        assertThat(r.transport().isClosed()).isFalse();
    }

    // ---------------------------------------------------------------- the peer ends the connection

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void peerClosingBetweenChunksIsAConnectionClosedByPeer(boolean tls) throws Exception {
        Loop.Pair p = tls ? loop.tls() : loop.tcp();
        MsrpChunk one = p.a().newChunk().data("one").build();
        MsrpChunk two = p.a().newChunk().data("two").build();
        p.a().writeChunk(one);
        p.a().writeChunk(two);
        p.a().close();

        assertThat(read(p.b())).isEqualTo(one);
        assertThat(read(p.b())).isEqualTo(two);
        assertThatThrownBy(() -> read(p.b()))
                .isExactlyInstanceOf(ConnectionClosedException.class)
                .satisfies(e -> assertThat(((ConnectionClosedException) e).byPeer()).isTrue());
        assertThat(p.b().isClosed()).isTrue();
        assertThatThrownBy(() -> read(p.b())).isExactlyInstanceOf(ConnectionClosedException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"MSRP half1234 SE", "MSRP half1234 SEND\r\nTo-Path: ",
        "MSRP half1234 SEND\r\nTo-Path: msrp://127.0.0.1:7002/bbbb2222;tcp\r\nFrom-Path: "
            + "msrp://127.0.0.1:7001/aaaa1111;tcp\r\nContent-Type: text/plain\r\n\r\nsome of the bo",
        "MSRP half1234 SEND\r\nTo-Path: msrp://127.0.0.1:7002/bbbb2222;tcp\r\nFrom-Path: "
            + "msrp://127.0.0.1:7001/aaaa1111;tcp\r\nContent-Type: text/plain\r\n\r\nbody\r\n-------half1234"})
    void peerClosingInsideAChunkIsAConnectionLost(String partial) throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().send(good("good1234", "whole") + partial);
        r.peer().close();

        assertThat(read(r.transport()).transactionId()).isEqualTo("good1234");
        assertThatThrownBy(() -> read(r.transport()))
                .isInstanceOfSatisfying(ConnectionLostException.class, e -> assertThat(e.byPeer()).isTrue());
        assertThat(r.transport().isClosed()).isTrue();
    }

    @Test
    void peerClosingInsideAChunkOverTlsIsAConnectionLost() throws Exception {
        Loop.Raw r = loop.rawTls(TransportSettings.DEFAULT);
        r.peer().send("MSRP half1234 SEND\r\n" + PATHS + "Content-Type: text/plain\r\n\r\nsome of the bo");
        r.peer().close();

        assertThatThrownBy(() -> read(r.transport())).isInstanceOf(ConnectionLostException.class);
    }

    @Test
    void peerResettingTheConnectionIsAConnectionLost() throws Exception {
        Loop.Raw r = loop.raw();
        r.peer().socket().setSoLinger(true, 0);
        r.peer().close();

        assertThatThrownBy(() -> read(r.transport()))
                .isInstanceOf(ConnectionClosedException.class)
                .satisfies(e -> assertThat(((ConnectionClosedException) e).byPeer()).isTrue());
    }

    // ---------------------------------------------------------------- closing locally

    /**
     * Over TLS the outcome depends on a race (whether the blocked TLS read sees the socket closed
     * or an end of stream), so the close is tried many times.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeWakesABlockedReaderPromptly(boolean tls) throws Exception {
        int rounds = tls ? 25 : 5;
        for (int round = 0; round < rounds; round++) {
            Loop.Pair p = tls ? loop.tls() : loop.tcp();
            Thread[] reader = new Thread[1];
            CompletableFuture<MsrpChunk> reading = inBackground("test-reader", () -> {
                reader[0] = Thread.currentThread();
                return p.b().readChunk();
            });
            while (reader[0] == null) {
                Thread.sleep(1);
            }
            Loop.awaitBlocked(reader[0]);
            assertThat(reading).isNotDone();

            long t0 = System.nanoTime();
            p.b().close();
            Throwable failure = failureWithin(reading, Duration.ofSeconds(2));
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(failure).as("round %d", round).isExactlyInstanceOf(ConnectionClosedException.class);
            assertThat(((ConnectionClosedException) failure).byPeer())
                    .as("round %d: closed here, not by the peer (%s)", round, failure.getMessage()).isFalse();
            assertThat(ms).isLessThan(1500);
            assertThat(p.b().isClosed()).isTrue();
        }
    }

    /** A timed read leaves a socket timeout behind; closing a TLS transport must not wait for it. */
    @Test
    void closeAfterATimedReadOverTlsIsPrompt() throws Exception {
        Loop.Pair p = loop.tls();
        MsrpChunk c = p.b().newChunk().data("x").build();
        p.b().writeChunk(c);
        assertThat(p.a().readChunk(0, Duration.ofSeconds(3))).isEqualTo(c);

        long t0 = System.nanoTime();
        p.a().close();
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertThat(ms).as("close() took %d ms", ms).isLessThan(1000);
    }

    /**
     * After a local close, later calls report a local close ({@code byPeer() == false}), reads and
     * writes alike.
     */
    @Test
    void readAndWriteAfterCloseFailAsClosedLocally() throws Exception {
        Loop.Pair p = loop.tcp();
        p.b().close();
        p.b().close(); // idempotent

        assertThatThrownBy(() -> read(p.b())).isInstanceOfSatisfying(ConnectionClosedException.class,
                e -> assertThat(e.byPeer()).isFalse());
        MsrpChunk c = p.b().newChunk().build();
        assertThatThrownBy(() -> p.b().writeChunk(c)).isInstanceOfSatisfying(ConnectionClosedException.class,
                e -> assertThat(e.byPeer()).isFalse());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void closeUnblocksAWriterStuckOnAPeerThatDoesNotRead(boolean tls) throws Exception {
        Loop.Pair p = tls ? loop.tls() : loop.tcp();
        byte[] huge = new byte[48 * 1024 * 1024];
        MsrpChunk chunk = p.a().newChunk().data(huge).contentType("application/octet-stream").build();
        Thread[] writer = new Thread[1];
        CompletableFuture<Void> writing = inBackground("test-writer", () -> {
            writer[0] = Thread.currentThread();
            p.a().writeChunk(chunk);
            return null;
        });
        while (writer[0] == null) {
            Thread.sleep(5);
        }
        Thread.sleep(300);
        Loop.awaitBlocked(writer[0]);
        assertThat(writing).as("the writer is blocked: the peer reads nothing").isNotDone();

        long t0 = System.nanoTime();
        CompletableFuture<Void> closing = inBackground("test-closer", () -> {
            p.a().close();
            return null;
        });
        closing.get(2, TimeUnit.SECONDS);
        long closeMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        Throwable failure = failureWithin(writing, Duration.ofSeconds(2));

        assertThat(closeMs).as("close() returned promptly").isLessThan(1500);
        assertThat(failure).isInstanceOf(ConnectionClosedException.class);
        assertThat(((ConnectionClosedException) failure).byPeer()).isFalse();
        assertThat(p.a().isClosed()).isTrue();
    }

    @Test
    void closingOneSocketEndOfAPairDoesNotDisturbAnother() throws Exception {
        Loop.Pair first = loop.tcp();
        Loop.Pair second = loop.tcp();
        first.a().close();

        MsrpChunk c = second.a().newChunk().data("unaffected").build();
        second.a().writeChunk(c);
        assertThat(read(second.b())).isEqualTo(c);
    }

    @Test
    void transportCloseClosesItsSocket() throws Exception {
        Socket[] s = loop.socketPair("127.0.0.1");
        MsrpTransport t = loop.transport(s[0], A, TransportSettings.DEFAULT);
        assertThat(s[0].isClosed()).isFalse();
        assertThat(t.remoteAddress()).isEqualTo(s[0].getRemoteSocketAddress());
        assertThat(t.localAddress()).isEqualTo(s[0].getLocalSocketAddress());
        assertThat(t.isTls()).isFalse();
        assertThat(t.peerCertificate()).isEmpty();

        t.close();

        assertThat(s[0].isClosed()).isTrue();
        assertThat(new RawSocketPeer(s[1]).awaitEof(WAIT)).isTrue();
    }

    /** A socket that arrives with a read timeout set (e.g. by a connector) must not break readChunk(). */
    @Test
    void readChunkWithoutTimeoutWaitsEvenIfTheSocketHadATimeout() throws Exception {
        Socket[] s = loop.socketPair("127.0.0.1");
        s[1].setSoTimeout(100);
        MsrpTransport t = loop.transport(s[1], B, TransportSettings.DEFAULT);
        t.setFullRemotePath(List.of(A));
        RawSocketPeer peer = new RawSocketPeer(s[0]);
        CompletableFuture<MsrpChunk> reading = inBackground("test-reader", t::readChunk);

        Thread.sleep(400);
        peer.send(good("late1234", "late"));

        assertThat(reading.get(5, TimeUnit.SECONDS).transactionId()).isEqualTo("late1234");
    }
}
