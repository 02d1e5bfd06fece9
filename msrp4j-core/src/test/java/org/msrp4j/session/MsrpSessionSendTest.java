package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.session.SessionTestKit.RawPeerCase;

/** send_chunk, deliver_chunk and its async variant, against a raw peer that answers as told. */
@Timeout(20)
class MsrpSessionSendTest extends RawPeerCase {

    private MsrpChunk text(String s) {
        return pair.active().newChunk().data(s).build();
    }

    private MsrpChunk text(String s, ReportMode failureReport) {
        return pair.active().newChunk().data(s).header(new FailureReportHeader(failureReport)).build();
    }

    /**
     * A 413 to one chunk of a message sent chunk by chunk stops the rest of that message: chunks
     * of it still queued are not sent and their callbacks get the 413; other messages go on.
     */
    @Test
    void a413ToAChunkDropsTheQueuedChunksOfItsMessage() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).build());
        int n = 200;
        byte[] piece = new byte[256 * 1024];
        ConcurrentHashMap<String, Integer> codes = new ConcurrentHashMap<>();
        CountDownLatch answered = new CountDownLatch(n + 1);
        for (int i = 0; i < n; i++) {
            MsrpChunk c = pair.active().newChunk().messageId("refused-message").data(piece)
                    .start(1L + (long) i * piece.length)
                    .end((long) (i + 1) * piece.length).total((long) n * piece.length)
                    .continuation(i < n - 1 ? Continuation.MORE : Continuation.END).build();
            session.sendChunk(c, r -> {
                codes.put(c.transactionId(), r.code());
                answered.countDown();
            });
        }
        MsrpChunk other = text("another message");
        session.sendChunk(other, r -> {
            codes.put(other.transactionId(), r.code());
            answered.countDown();
        });
        MsrpChunk first = peer.next();
        peer.answer(first, 413, "Stop");
        List<MsrpChunk> arrived = new ArrayList<>(List.of(first));
        while (arrived.stream().noneMatch(c -> c.transactionId().equals(other.transactionId()))) {
            MsrpChunk c = peer.next();
            arrived.add(c);
            peer.answer(c, c.transactionId().equals(other.transactionId()) ? 200 : 413, "Stop");
        }
        assertThat(answered.await(10, TimeUnit.SECONDS)).isTrue();
        long sentOfMessage = arrived.stream().filter(c -> "refused-message".equals(c.messageId())).count();
        assertThat(sentOfMessage).as("the queued rest was dropped").isLessThan(n);
        assertThat(codes).hasSize(n + 1);
        assertThat(codes.get(other.transactionId())).isEqualTo(200);
        assertThat(codes.entrySet()).filteredOn(e -> !e.getKey().equals(other.transactionId()))
                .allMatch(e -> e.getValue() == 413);
        peer.expectNothing(Duration.ofMillis(200));
    }

    /** The same without callbacks: the 413 still stops the queued rest of the message. */
    @Test
    void a413ToAChunkSentWithoutCallbackAlsoDropsTheQueuedRest() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).build());
        int n = 200;
        byte[] piece = new byte[256 * 1024];
        for (int i = 0; i < n; i++) {
            session.sendChunk(pair.active().newChunk().messageId("unwatched-message").data(piece)
                    .start(1L + (long) i * piece.length).end((long) (i + 1) * piece.length)
                    .total((long) n * piece.length)
                    .continuation(i < n - 1 ? Continuation.MORE : Continuation.END).build());
        }
        MsrpChunk other = text("another message");
        LinkedBlockingQueue<MsrpChunk> otherResponse = new LinkedBlockingQueue<>();
        session.sendChunk(other, otherResponse::add);
        MsrpChunk first = peer.next();
        peer.answer(first, 413, "Stop");
        long sentOfMessage = 1;
        while (true) {
            MsrpChunk c = peer.next();
            if (c.transactionId().equals(other.transactionId())) {
                peer.answer(c, 200, "OK");
                break;
            }
            sentOfMessage++;
            peer.answer(c, 413, "Stop");
        }
        assertThat(sentOfMessage).as("the queued rest was dropped").isLessThan(n);
        assertThat(otherResponse.poll(5, TimeUnit.SECONDS)).isNotNull().extracting(MsrpChunk::code).isEqualTo(200);
        peer.expectNothing(Duration.ofMillis(200));
    }

    @Test
    void sendChunkCallbackGetsThePeersResponse() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        MsrpChunk sent = text("hi");
        session.sendChunk(sent, responses::add);

        MsrpChunk got = peer.next();
        assertThat(got.transactionId()).isEqualTo(sent.transactionId());
        assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
        peer.answer(got, 202, "Accepted-ish");

        MsrpChunk response = responses.poll(5, TimeUnit.SECONDS);
        assertThat(response).isNotNull();
        assertThat(response.code()).isEqualTo(202);
        assertThat(response.comment()).isEqualTo("Accepted-ish");
        assertThat(response.transactionId()).isEqualTo(sent.transactionId());
        assertThat(responses.poll(400, TimeUnit.MILLISECONDS)).as("exactly one callback").isNull();
    }

    @Test
    void chunksGoOutInTheOrderTheyWereQueued() throws Exception {
        start(quick().build());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            MsrpChunk c = text("m" + i, ReportMode.NO);
            ids.add(c.transactionId());
            session.sendChunk(c);
        }
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            got.add(peer.next().transactionId());
        }
        assertThat(got).isEqualTo(ids);
    }

    @Test
    void noResponseGivesALocal408UnderFailureReportYesOrAbsent() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(300)).build());
        LinkedBlockingQueue<MsrpChunk> absent = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<MsrpChunk> yes = new LinkedBlockingQueue<>();
        long t0 = System.nanoTime();
        session.sendChunk(text("a"), absent::add);
        session.sendChunk(text("b", ReportMode.YES), yes::add);
        peer.next();
        peer.next();

        MsrpChunk r1 = absent.poll(5, TimeUnit.SECONDS);
        MsrpChunk r2 = yes.poll(5, TimeUnit.SECONDS);
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(r1).isNotNull();
        assertThat(r2).isNotNull();
        assertThat(r1.code()).isEqualTo(408);
        assertThat(r2.code()).isEqualTo(408);
        assertThat(elapsed).as("the timeout is the configured one").isBetween(250L, 3000L);
    }

    @Test
    void noResponseGivesALocal200UnderFailureReportPartialOrNo() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(300)).build());
        LinkedBlockingQueue<MsrpChunk> partial = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<MsrpChunk> no = new LinkedBlockingQueue<>();
        session.sendChunk(text("a", ReportMode.PARTIAL), partial::add);
        session.sendChunk(text("b", ReportMode.NO), no::add);
        peer.next();
        peer.next();
        MsrpChunk r1 = partial.poll(5, TimeUnit.SECONDS);
        MsrpChunk r2 = no.poll(5, TimeUnit.SECONDS);
        assertThat(r1).isNotNull();
        assertThat(r2).isNotNull();
        assertThat(r1.code()).isEqualTo(200);
        assertThat(r2.code()).isEqualTo(200);
    }

    @Test
    void aResponseAfterTheTimeoutIsIgnored() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(200)).build());
        CopyOnWriteArrayList<MsrpChunk> responses = new CopyOnWriteArrayList<>();
        session.sendChunk(text("late"), responses::add);
        MsrpChunk got = peer.next();
        SessionTestKit.await("the local 408", WAIT, () -> !responses.isEmpty());
        peer.answer(got, 200, "OK");
        Thread.sleep(300);
        assertThat(responses).hasSize(1);
        assertThat(responses.get(0).code()).isEqualTo(408);
        assertThat(session.isOpen()).isTrue();
    }

    /**
     * A locally made response belongs to the transaction it answers, as msrplib's
     * make_response(chunk, 408, ...) does: callers match responses to requests by it.
     */
    @Test
    void theLocal408CarriesTheRequestsTransactionId() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(200)).build());
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        MsrpChunk sent = text("x");
        session.sendChunk(sent, responses::add);
        peer.next();
        MsrpChunk response = responses.poll(5, TimeUnit.SECONDS);
        assertThat(response).isNotNull();
        assertThat(response.code()).isEqualTo(408);
        assertThat(response.transactionId()).isEqualTo(sent.transactionId());
    }

    @Test
    void sendChunkDoesNotBlockOnTheNetwork() throws Exception {
        // The passive side never reads: the socket fills up, the writer blocks, the caller must not.
        session = MsrpSession.start(pair.active(), quick().responseTimeout(Duration.ofSeconds(10)).build(), c -> { });
        byte[] mb = new byte[1024 * 1024];
        long t0 = System.nanoTime();
        for (int i = 0; i < 24; i++) {
            session.sendChunk(pair.active().newChunk().data(mb).contentType("application/octet-stream").build());
        }
        CompletableFuture<MsrpChunk> async = session.deliverChunkAsync(text("behind"));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).as("24 MiB queued without waiting for the network").isLessThan(1000);
        assertThat(async).isNotDone();
    }

    @Test
    void sendingAResponseIsRefused() throws Exception {
        start(quick().build());
        MsrpChunk response = pair.active().newChunk().response(200, "OK").build();
        assertThatThrownBy(() -> session.sendChunk(response)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> session.deliverChunk(response)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- deliver_chunk

    @Test
    void deliverChunkReturnsThe2xx() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        Thread.ofVirtual().start(() -> {
            try {
                MsrpChunk c = peer.next();
                peer.answer(c, 200, "fine");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        MsrpChunk sent = text("hello");
        MsrpChunk response = session.deliverChunk(sent);
        assertThat(response.code()).isEqualTo(200);
        assertThat(response.comment()).isEqualTo("fine");
        assertThat(response.transactionId()).isEqualTo(sent.transactionId());
    }

    @Test
    void deliverChunkRaisesTheErrorCodeAndComment() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        Thread.ofVirtual().start(() -> {
            try {
                MsrpChunk c = peer.next();
                peer.answer(c, 403, "Go away");
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertThatThrownBy(() -> session.deliverChunk(text("hello")))
                .isInstanceOfSatisfying(MsrpTransactionException.class, e -> {
                    assertThat(e.code()).isEqualTo(403);
                    assertThat(e.comment()).isEqualTo("Go away");
                });
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void deliverChunkRaises408WhenNoResponseComes() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(300)).build());
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> session.deliverChunk(text("hello")))
                .isInstanceOfSatisfying(MsrpTransactionException.class, e -> assertThat(e.code()).isEqualTo(408));
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(250L, 3000L);
        assertThat(peer.next().isRequest()).isTrue();
    }

    @Test
    void deliverChunkUnderFailureReportNoReturnsNullAtOnce() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).build());
        long t0 = System.nanoTime();
        MsrpChunk sent = text("fire and forget", ReportMode.NO);
        assertThat(session.deliverChunk(sent)).isNull();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
        assertThat(peer.next().transactionId()).isEqualTo(sent.transactionId());
    }

    @Test
    void deliverChunkUnderFailureReportPartialGetsALocal200OnSilence() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(200)).build());
        MsrpChunk response = session.deliverChunk(text("p", ReportMode.PARTIAL));
        assertThat(response.code()).isEqualTo(200);
    }

    @Test
    void deliverChunkWhileOthersAreQueuedStillWorks() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        Thread answerer = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    MsrpChunk c = peer.next(Duration.ofSeconds(3));
                    if (c.failureReport() != ReportMode.NO) {
                        peer.answer(c, 200, "OK");
                    }
                }
            } catch (AssertionError | InterruptedException | IOException e) {
                // done
            }
        });
        for (int i = 0; i < 100; i++) {
            session.sendChunk(text("q" + i, ReportMode.NO));
        }
        List<CompletableFuture<MsrpChunk>> futures = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            CompletableFuture<MsrpChunk> f = new CompletableFuture<>();
            futures.add(f);
            int n = i;
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    f.complete(session.deliverChunk(text("d" + n)));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            }));
        }
        for (CompletableFuture<MsrpChunk> f : futures) {
            assertThat(f.get(10, TimeUnit.SECONDS).code()).isEqualTo(200);
        }
        answerer.interrupt();
    }

    @Test
    void deliverChunkAsyncCompletesWithThe2xxOrFails() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(5)).build());
        CompletableFuture<MsrpChunk> ok = session.deliverChunkAsync(text("one"));
        CompletableFuture<MsrpChunk> bad = session.deliverChunkAsync(text("two"));
        CompletableFuture<MsrpChunk> none = session.deliverChunkAsync(text("three", ReportMode.NO));
        assertThat(none).isCompletedWithValue(null);
        assertThat(ok).isNotDone();
        MsrpChunk c1 = peer.next();
        MsrpChunk c2 = peer.next();
        peer.next();
        peer.answer(c2, 415, "nope");
        peer.answer(c1, 200, "OK");
        assertThat(ok.get(5, TimeUnit.SECONDS).code()).isEqualTo(200);
        assertThatThrownBy(() -> bad.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOfSatisfying(MsrpTransactionException.class, e -> {
                    assertThat(e.code()).isEqualTo(415);
                    assertThat(e.comment()).isEqualTo("nope");
                });
    }

    @Test
    void deliverChunkAsyncTimesOutWith408() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(200)).build());
        CompletableFuture<MsrpChunk> f = session.deliverChunkAsync(text("lost"));
        assertThatThrownBy(() -> f.get(5, TimeUnit.SECONDS)).cause()
                .isInstanceOfSatisfying(MsrpTransactionException.class, e -> assertThat(e.code()).isEqualTo(408));
    }

    // ---------------------------------------------------------------- when the session cannot send

    @Test
    void afterShutdownEverySendMethodThrowsMsrpSessionException() throws Exception {
        start(quick().build());
        session.shutdown(true);
        assertThat(session.isOpen()).isFalse();
        MsrpChunk c = text("late");
        assertThatThrownBy(() -> session.sendChunk(c)).isInstanceOf(MsrpSessionException.class);
        assertThatThrownBy(() -> session.deliverChunk(text("late"))).isInstanceOf(MsrpSessionException.class);
        assertThatThrownBy(() -> session.deliverChunkAsync(text("late"))).isInstanceOf(MsrpSessionException.class);
        assertThatThrownBy(() -> session.sendFile(new OutgoingFile(new SessionTestKit.GeneratedChannel(10, 0), 10,
                null, 0, null))).isInstanceOf(MsrpSessionException.class);
    }

    @Test
    void afterTheConnectionFailsSendsThrowWithTheCause() throws Exception {
        start(quick().build());
        peer.close();
        SessionTestKit.await("the session to notice", WAIT, () -> !session.isOpen());
        assertThatThrownBy(() -> session.sendChunk(text("x"))).isInstanceOf(MsrpSessionException.class)
                .hasCauseInstanceOf(IOException.class);
    }

    @Test
    void pendingCallbacksGetLocalResponsesWhenTheConnectionDies() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).build());
        LinkedBlockingQueue<MsrpChunk> yes = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<MsrpChunk> partial = new LinkedBlockingQueue<>();
        session.sendChunk(text("a"), yes::add);
        session.sendChunk(text("b", ReportMode.PARTIAL), partial::add);
        peer.next();
        peer.next();
        peer.close();
        MsrpChunk r1 = yes.poll(5, TimeUnit.SECONDS);
        MsrpChunk r2 = partial.poll(5, TimeUnit.SECONDS);
        assertThat(r1).isNotNull();
        assertThat(r2).isNotNull();
        assertThat(r1.code()).isEqualTo(408);
        assertThat(r2.code()).isEqualTo(200);
    }
}
