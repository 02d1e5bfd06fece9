package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.isKeepAlive;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.KeepAliveHeader;
import org.msrp4j.session.SessionTestKit.GeneratedChannel;
import org.msrp4j.session.SessionTestKit.RawPeer;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;

/** Keep-alive, dead peers, the queue style, shutdown, and the session's threads. */
@Timeout(20)
class MsrpSessionLifecycleTest {

    private SessionPair pair;
    private RawPeer peer;
    private final List<MsrpSession> sessions = new ArrayList<>();
    private final List<Thread> helpers = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        pair = SessionPair.open("127.0.0.1", false);
    }

    @AfterEach
    void close() {
        helpers.forEach(Thread::interrupt);
        sessions.forEach(s -> s.shutdown(false));
        if (peer != null) {
            peer.close();
        }
        pair.close();
    }

    private MsrpSession started(MsrpSession s) {
        sessions.add(s);
        return s;
    }

    /** A handler-style session on the active side with {@code handler}; the raw peer on the passive side. */
    private MsrpSession startWithPeer(SessionSettings options, IncomingHandler handler) {
        peer = new RawPeer(pair.passive());
        return started(MsrpSession.start(pair.active(), options, handler));
    }

    private MsrpChunk text(String s) {
        return pair.active().newChunk().data(s).build();
    }

    /** A handler recording what it is given and on which thread. */
    static final class Recorder implements IncomingHandler {
        final List<MsrpChunk> chunks = new CopyOnWriteArrayList<>();
        final List<IOException> errors = new CopyOnWriteArrayList<>();
        final List<String> errorThreads = new CopyOnWriteArrayList<>();

        @Override
        public void onChunk(MsrpChunk chunk) {
            chunks.add(chunk);
        }

        @Override
        public void onError(IOException error) {
            errors.add(error);
            errorThreads.add(Thread.currentThread().getName());
        }
    }

    // ---------------------------------------------------------------- keep-alive

    @Test
    void anIdleSessionSendsKeepAlivesAndStaysOpenWhileTheyAreAnswered() throws Exception {
        Recorder recorder = new Recorder();
        MsrpSession session = startWithPeer(quick().keepAliveInterval(Duration.ofMillis(200))
                .responseTimeout(Duration.ofMillis(1000)).build(), recorder);
        long t0 = System.nanoTime();
        MsrpChunk first = peer.next(Duration.ofSeconds(3));
        long firstMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(isKeepAlive(first)).as("a keep-alive: " + first).isTrue();
        assertThat(first.method()).isEqualTo("SEND");
        assertThat(first.data()).isEmpty();
        assertThat(((KeepAliveHeader) first.header(KeepAliveHeader.NAME)).decode()).isTrue();
        assertThat(firstMs).isBetween(100L, 2000L);
        peer.answer(first, 200, "OK");

        int keepAlives = 1;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1200);
        while (System.nanoTime() < end) {
            MsrpChunk c = peer.next(Duration.ofSeconds(2));
            assertThat(isKeepAlive(c)).isTrue();
            peer.answer(c, 200, "OK");
            keepAlives++;
        }
        assertThat(keepAlives).isGreaterThanOrEqualTo(3);
        assertThat(session.isOpen()).isTrue();
        assertThat(recorder.errors).isEmpty();
    }

    /**
     * An interval shorter than the response timeout is kept: an answered keep-alive re-arms the
     * timer for the next interval (it used to sleep until the answered keep-alive's deadline, so
     * with 2 s / 6 s they went out at +2 s, then +8 s).
     */
    @Test
    void keepAlivesFollowTheirIntervalWhenItIsShorterThanTheResponseTimeout() throws Exception {
        Recorder recorder = new Recorder();
        MsrpSession session = startWithPeer(quick().keepAliveInterval(Duration.ofMillis(300))
                .responseTimeout(Duration.ofSeconds(20)).build(), recorder);
        int keepAlives = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        while (System.nanoTime() < end) {
            MsrpChunk c;
            try {
                c = peer.next(Duration.ofMillis(Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
            } catch (AssertionError nothingMore) {
                break;
            }
            assertThat(isKeepAlive(c)).isTrue();
            peer.answer(c, 200, "OK");
            keepAlives++;
        }
        // about 13 in 4 s; at the timeout's pace there would be one
        assertThat(keepAlives).isGreaterThanOrEqualTo(4);
        assertThat(session.isOpen()).isTrue();
        assertThat(recorder.errors).isEmpty();
    }

    @Test
    void noKeepAliveWhileTrafficFlows() throws Exception {
        MsrpSession session = startWithPeer(quick().keepAliveInterval(Duration.ofMillis(800))
                .responseTimeout(Duration.ofMillis(300)).build(), new Recorder());
        for (int i = 0; i < 12; i++) {
            session.sendChunk(pair.active().newChunk().data("tick " + i).header(new FailureReportHeader(ReportMode.NO))
                    .build());
            Thread.sleep(100);
        }
        List<MsrpChunk> got = peer.drain(Duration.ofMillis(100));
        assertThat(got).hasSize(12).noneMatch(SessionTestKit::isKeepAlive);
    }

    @Test
    void aDeadPeerIsDetectedAndTheSessionFailsCleanly() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        Recorder recorder = new Recorder();
        MsrpSession session = startWithPeer(quick().keepAliveInterval(Duration.ofMillis(200))
                .responseTimeout(Duration.ofMillis(300)).build(), recorder);
        long t0 = System.nanoTime();
        assertThat(isKeepAlive(peer.next(Duration.ofSeconds(3)))).isTrue();
        // never answered
        SessionTestKit.await("onError", WAIT, () -> !recorder.errors.isEmpty());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(3000);
        assertThat(recorder.errors).hasSize(1);
        assertThat(recorder.errors.get(0)).isInstanceOf(MsrpSessionException.class).hasMessageContaining("keep-alive");
        assertThat(session.isOpen()).isFalse();
        assertThatThrownBy(() -> session.sendChunk(text("anyone?"))).isInstanceOf(MsrpSessionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(peer.awaitEnd(WAIT)).as("the connection is closed").isNotNull();
        SessionTestKit.assertNoNewSessionThreads(before);
        Thread.sleep(300);
        assertThat(recorder.errors).as("onError only once").hasSize(1);
    }

    /** IncomingHandler says both of its methods run on the session's reader thread. */
    /**
     * A peer that stays connected but reads nothing: the writer blocks on the full socket, so no
     * response timeout or keep-alive can start; the stalled write itself ends the session.
     */
    @Test
    void aPeerThatReadsNothingEndsTheSessionOnceTheWriteHasStalledForTheResponseTimeout() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        Recorder recorder = new Recorder();
        // a window larger than the sockets' buffers, so that the writer blocks on the full socket
        MsrpSession session = started(MsrpSession.start(pair.active(), quick().responseTimeout(Duration.ofMillis(300))
                .window(4096).windowBytes(Long.MAX_VALUE).build(), recorder));
        long size = 256L * 1024 * 1024;
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(size, 0), size, null, 0, null);
        long t0 = System.nanoTime();
        session.sendFile(file);
        CompletableFuture<MsrpChunk> delivered = CompletableFuture.supplyAsync(() -> {
            try {
                return session.deliverChunk(text("behind the file"));
            } catch (IOException e) {
                throw new CompletionException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
        SessionTestKit.await("onError", Duration.ofSeconds(10), () -> !recorder.errors.isEmpty());
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(5_000);
        assertThat(recorder.errors).hasSize(1);
        assertThat(recorder.errors.get(0)).isInstanceOf(MsrpSessionException.class)
                .hasMessageContaining("read nothing");
        // a 408 if it was written before the socket filled, the session's end if it was still queued
        assertThatThrownBy(() -> delivered.get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> file.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class);
        assertThat(session.isOpen()).isFalse();
        SessionTestKit.assertNoNewSessionThreads(before);
    }

    /**
     * A peer that reads slowly but steadily keeps the session: only a write with no progress for
     * the response timeout stalls. (The kernel lets a blocked writer go on only once a good part of
     * the socket's buffers is free, so progress comes in steps of a few hundred milliseconds here.)
     */
    @Test
    void aPeerThatReadsSlowlyButSteadilyKeepsTheSession() throws Exception {
        Recorder recorder = new Recorder();
        MsrpSession session = started(MsrpSession.start(pair.active(), quick().responseTimeout(Duration.ofSeconds(2))
                .window(4096).build(), recorder));
        MsrpTransport slowPeer = pair.passive();
        AtomicLong read = new AtomicLong();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    MsrpChunk c = slowPeer.readChunk(64 * 1024);
                    read.addAndGet(c.size());
                    if (!c.hasMoreSegments()) {
                        slowPeer.writeChunk(slowPeer.makeResponse(c, 200, "OK"));
                    }
                    Thread.sleep(10);
                }
            } catch (IOException | InterruptedException e) {
                // the test is over
            }
        });
        helpers.add(reader);
        long size = 256L * 1024 * 1024;
        session.sendFile(new OutgoingFile(new GeneratedChannel(size, 0), size, null, 0, null));
        Thread.sleep(4_000);
        assertThat(recorder.errors).isEmpty();
        assertThat(session.isOpen()).isTrue();
        assertThat(read.get()).as("the peer kept reading").isGreaterThan(8L * 1024 * 1024);
    }

    @Test
    void onErrorRunsOnTheReaderThreadAsDocumented() throws Exception {
        Recorder recorder = new Recorder();
        startWithPeer(quick().keepAliveInterval(Duration.ofMillis(200)).responseTimeout(Duration.ofMillis(300)).build(),
                recorder);
        SessionTestKit.await("onError", WAIT, () -> !recorder.errors.isEmpty());
        assertThat(recorder.errorThreads).containsExactly("msrp-session-reader");
    }

    @Test
    void aDeadPeerEndsAQueueStyleSession() throws Exception {
        peer = new RawPeer(pair.passive());
        MsrpSession session = started(MsrpSession.startQueued(pair.active(), quick()
                .keepAliveInterval(Duration.ofMillis(200)).responseTimeout(Duration.ofMillis(300)).build()));
        assertThatThrownBy(session::receiveChunk).isInstanceOf(MsrpSessionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void twoIdleSessionsKeepEachOtherAlive() throws Exception {
        SessionSettings options = quick().keepAliveInterval(Duration.ofMillis(150))
                .responseTimeout(Duration.ofMillis(1000))
                .build();
        Recorder a = new Recorder();
        Recorder b = new Recorder();
        MsrpSession alice = started(MsrpSession.start(pair.active(), options, a));
        MsrpSession bob = started(MsrpSession.start(pair.passive(), options, b));
        Thread.sleep(1200);
        assertThat(alice.isOpen()).isTrue();
        assertThat(bob.isOpen()).isTrue();
        assertThat(a.errors).isEmpty();
        assertThat(b.errors).isEmpty();
        assertThat(a.chunks).as("keep-alives are not delivered").isEmpty();
        assertThat(b.chunks).isEmpty();
        assertThat(alice.deliverChunk(text("still there")).code()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- the queue style

    @Test
    void receiveChunkBlocksUntilSomethingArrives() throws Exception {
        MsrpSession alice = started(MsrpSession.startQueued(pair.active(), quick().build()));
        MsrpSession bob = started(MsrpSession.startQueued(pair.passive(), quick().build()));
        assertThatThrownBy(() -> bob.receiveChunk(Duration.ofMillis(200))).isInstanceOf(TimeoutException.class);
        AtomicReference<MsrpChunk> got = new AtomicReference<>();
        Thread receiver = Thread.ofVirtual().start(() -> {
            try {
                got.set(bob.receiveChunk());
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        Thread.sleep(200);
        assertThat(receiver.isAlive()).as("receiveChunk blocks").isTrue();
        alice.sendChunk(text("wake up"));
        receiver.join(5000);
        assertThat(got.get()).isNotNull();
        assertThat(new String(got.get().data(), StandardCharsets.UTF_8)).isEqualTo("wake up");
    }

    @Test
    void aFullQueuePausesReadingWithoutLosingAnything() throws Exception {
        MsrpSession alice = started(MsrpSession.startQueued(pair.active(), quick().build()));
        MsrpSession bob = started(MsrpSession.startQueued(pair.passive(), quick().queueCapacity(2).build()));
        for (int i = 0; i < 20; i++) {
            alice.sendChunk(text("n" + i));
        }
        Thread.sleep(200);
        for (int i = 0; i < 20; i++) {
            MsrpChunk c = bob.receiveChunk(WAIT);
            assertThat(new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("n" + i);
        }
    }

    @Test
    void receiveChunkOnAHandlerSessionIsAnError() {
        MsrpSession s = started(MsrpSession.start(pair.active(), quick().build(), c -> { }));
        assertThatThrownBy(s::receiveChunk).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aQueuedSessionShutDownRightAfterTakingAChunkStillAnswersIt() throws Exception {
        for (int round = 0; round < 100; round++) {
            try (SessionPair p = SessionPair.open("127.0.0.1", false); RawPeer raw = new RawPeer(p.passive())) {
                MsrpSession session = MsrpSession.startQueued(p.active(), quick().build());
                MsrpChunk sent = p.passive().newChunk().data("bye").build();
                raw.send(sent);
                session.receiveChunk(WAIT);
                session.shutdown(true);
                MsrpChunk answer = raw.nextWhere(c -> c.isResponse(), WAIT, null);
                assertThat(answer.transactionId()).as("round %d", round).isEqualTo(sent.transactionId());
                assertThat(answer.code()).isEqualTo(200);
            }
        }
    }

    @Test
    void aLostConnectionIsRaisedFromReceiveChunkWithItsCause() throws Exception {
        peer = new RawPeer(pair.passive());
        MsrpSession session = started(MsrpSession.startQueued(pair.active(), quick().build()));
        MsrpChunk c = pair.passive().newChunk().data("last words").header(new FailureReportHeader(ReportMode.NO))
                .build();
        peer.send(c);
        peer.close();
        assertThat(new String(session.receiveChunk(WAIT).data(), StandardCharsets.UTF_8)).isEqualTo("last words");
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> session.receiveChunk(WAIT)).isInstanceOf(MsrpSessionException.class)
                    .hasCauseInstanceOf(ConnectionClosedException.class);
        }
        assertThatThrownBy(() -> session.sendChunk(text("x"))).isInstanceOf(MsrpSessionException.class);
    }

    @Test
    void aLostConnectionIsReportedToTheHandlerOnce() throws Exception {
        Recorder recorder = new Recorder();
        MsrpSession session = startWithPeer(quick().build(), recorder);
        peer.close();
        SessionTestKit.await("onError", WAIT, () -> !recorder.errors.isEmpty());
        Thread.sleep(200);
        assertThat(recorder.errors).hasSize(1);
        assertThat(recorder.errors.get(0)).isInstanceOf(ConnectionClosedException.class);
        assertThat(session.isOpen()).isFalse();
    }

    // ---------------------------------------------------------------- shutdown

    @Test
    void shutdownSendsWhatIsQueuedAndWaitsForTheResponses() throws Exception {
        MsrpSession session = startWithPeer(quick().responseTimeout(Duration.ofSeconds(5))
                .shutdownTimeout(Duration.ofSeconds(5)).build(), new Recorder());
        helpers.add(Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    MsrpChunk c = peer.next(Duration.ofSeconds(10));
                    Thread.sleep(20);
                    peer.answer(c, 200, "OK");
                }
            } catch (Exception | AssertionError e) {
                // over
            }
        }));
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        for (int i = 0; i < 10; i++) {
            session.sendChunk(text("m" + i), responses::add);
        }
        session.shutdown(true);
        assertThat(session.isOpen()).isFalse();
        assertThat(pair.active().isClosed()).isTrue();
        assertThatThrownBy(() -> session.sendChunk(text("too late"))).isInstanceOf(MsrpSessionException.class);
        // (the last callback may still be running: see shutdownReturnsOnlyAfterTheAwaitedCallbacksRan)
        SessionTestKit.await("10 responses", WAIT, () -> responses.size() == 10);
        assertThat(responses).allSatisfy(r -> assertThat(r.code()).isEqualTo(200));
    }

    /**
     * shutdown(true) waits for the outstanding responses, but the reader removes a transaction
     * (and signals "drained") before it runs the transaction's callback: shutdown returns, and the
     * connection is closed, while the callback of the last response has not run yet.
     */
    @Test
    void shutdownReturnsOnlyAfterTheAwaitedCallbacksRan() throws Exception {
        MsrpSession session = startWithPeer(quick().responseTimeout(Duration.ofSeconds(5))
                .shutdownTimeout(Duration.ofSeconds(5)).build(), new Recorder());
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        session.sendChunk(text("slow to handle"), r -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            responses.add(r);
        });
        MsrpChunk c = peer.next();
        helpers.add(Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(200);
                peer.answer(c, 200, "OK");
            } catch (Exception e) {
                // over
            }
        }));
        session.shutdown(true);
        assertThat(responses).as("the callback ran before shutdown(true) returned").hasSize(1);
    }

    @Test
    void shutdownIsBoundedWhenThePeerDoesNotAnswer() throws Exception {
        MsrpSession session = startWithPeer(quick().responseTimeout(Duration.ofSeconds(10))
                .shutdownTimeout(Duration.ofMillis(500)).build(), new Recorder());
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        session.sendChunk(text("unanswered"), responses::add);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(1_000_000, 0), 1_000_000, null, 0, null);
        session.sendFile(file);
        peer.next();
        long t0 = System.nanoTime();
        session.shutdown(true);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(ms).isBetween(300L, 3000L);
        MsrpChunk local = responses.poll(2, TimeUnit.SECONDS);
        assertThat(local).isNotNull();
        assertThat(local.code()).isEqualTo(408);
        assertThat(file.completion()).isCompletedExceptionally();
        assertThatThrownBy(() -> file.completion().join()).hasCauseInstanceOf(MsrpSessionException.class);
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void asyncShutdownReturnsAtOnceAndStillDrains() throws Exception {
        MsrpSession session = startWithPeer(quick().responseTimeout(Duration.ofSeconds(5))
                .shutdownTimeout(Duration.ofSeconds(5)).build(), new Recorder());
        LinkedBlockingQueue<MsrpChunk> responses = new LinkedBlockingQueue<>();
        session.sendChunk(text("last"), responses::add);
        long t0 = System.nanoTime();
        session.shutdown(false);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(500);
        assertThat(session.isOpen()).isFalse();
        assertThatThrownBy(() -> session.sendChunk(text("x"))).isInstanceOf(MsrpSessionException.class);
        MsrpChunk c = peer.next();
        Thread.sleep(200);
        assertThat(pair.active().isClosed()).as("still waiting for the response").isFalse();
        peer.answer(c, 200, "OK");
        MsrpChunk r = responses.poll(5, TimeUnit.SECONDS);
        assertThat(r).isNotNull();
        assertThat(r.code()).isEqualTo(200);
        SessionTestKit.await("the transport to close", WAIT, () -> pair.active().isClosed());
    }

    /** The seed's pattern: the handler shuts its session down from onChunk, on the reader thread. */
    @Test
    void aHandlerThatShutsItsSessionDownFromOnChunkAnswersFirstAndDoesNotWait() throws Exception {
        AtomicReference<MsrpSession> self = new AtomicReference<>();
        AtomicLong shutdownNanos = new AtomicLong(-1);
        MsrpSession bob = started(MsrpSession.start(pair.passive(), quick().build(), new IncomingHandler() {
            @Override
            public void onStart(MsrpSession session) {
                self.set(session);
            }

            @Override
            public void onChunk(MsrpChunk chunk) {
                if (new String(chunk.data(), StandardCharsets.UTF_8).equals("bye")) {
                    long t0 = System.nanoTime();
                    self.get().shutdown(true);
                    shutdownNanos.set(System.nanoTime() - t0);
                }
            }
        }));
        Recorder atAlice = new Recorder();
        MsrpSession alice = started(MsrpSession.start(pair.active(), quick().build(), atAlice));
        assertThat(alice.deliverChunk(text("hello")).code()).isEqualTo(200);
        assertThat(alice.deliverChunk(text("bye")).code()).as("answered before the session closes").isEqualTo(200);
        SessionTestKit.await("bob's session to close", WAIT, () -> !bob.isOpen() && pair.passive().isClosed());
        assertThat(TimeUnit.NANOSECONDS.toMillis(shutdownNanos.get())).as("shutdown from onChunk does not wait")
                .isBetween(0L, 500L);
        SessionTestKit.await("alice to see the end", WAIT, () -> !atAlice.errors.isEmpty());
        assertThat(atAlice.errors.get(0)).isInstanceOf(ConnectionClosedException.class);
    }

    @Test
    void shutdownIsIdempotentAndDoesNotCallOnError() throws Exception {
        Recorder recorder = new Recorder();
        MsrpSession session = started(MsrpSession.start(pair.active(), quick().build(), recorder));
        Recorder bobs = new Recorder();
        started(MsrpSession.start(pair.passive(), quick().build(), bobs));
        session.shutdown(true);
        session.shutdown(true);
        session.close();
        session.shutdown(false);
        Thread.sleep(200);
        assertThat(recorder.errors).isEmpty();
        SessionTestKit.await("the peer's onError", WAIT, () -> !bobs.errors.isEmpty());
        assertThat(bobs.errors.get(0)).isInstanceOf(ConnectionClosedException.class);
    }

    // ---------------------------------------------------------------- threads

    @Test
    void noSessionThreadSurvivesAClosedSession() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        MsrpSession alice = started(MsrpSession.startQueued(pair.active(), quick().build()));
        MsrpSession bob = started(MsrpSession.start(pair.passive(),
                quick().keepAliveInterval(Duration.ofMillis(100)).build(),
                c -> { }));
        Set<String> running = SessionTestKit.threadsNamed("msrp-session-");
        running.removeAll(before);
        assertThat(running).as("reader, writer and timer of each session").hasSizeGreaterThanOrEqualTo(6);
        assertThat(alice.deliverChunk(text("hi")).code()).isEqualTo(200);
        alice.sendFile(new OutgoingFile(new GeneratedChannel(100_000, 0), 100_000, null, 0, null));
        bob.shutdown(false);
        alice.shutdown(true);
        SessionTestKit.assertNoNewSessionThreads(before);
    }

    @Test
    void noSessionThreadSurvivesAQueueSessionClosedWhileItsQueueIsFull() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        MsrpSession alice = started(MsrpSession.startQueued(pair.active(), quick().build()));
        MsrpSession bob = started(MsrpSession.startQueued(pair.passive(), quick().queueCapacity(1).build()));
        for (int i = 0; i < 5; i++) {
            alice.sendChunk(text("unread " + i).copy());
        }
        Thread.sleep(200);
        bob.shutdown(true);
        alice.shutdown(true);
        SessionTestKit.assertNoNewSessionThreads(before);
    }

    @Test
    void theThreadFactoryMakesEverySessionThreadAndTheyEndWithTheSession() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        List<Thread> made = new CopyOnWriteArrayList<>();
        ThreadFactory platform = r -> {
            Thread t = Thread.ofPlatform().daemon().unstarted(r);
            made.add(t);
            return t;
        };
        SessionSettings options = quick().threadFactory(platform).build();
        MsrpSession alice = started(MsrpSession.start(pair.active(), options, c -> { }));
        LinkedBlockingQueue<Thread> handledOn = new LinkedBlockingQueue<>();
        MsrpSession bob = started(MsrpSession.start(pair.passive(), options,
                c -> handledOn.add(Thread.currentThread())));
        assertThat(alice.deliverChunk(text("hi")).code()).isEqualTo(200);
        Thread handler = handledOn.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(handler).isNotNull().isIn(made).matches(t -> !t.isVirtual()).matches(Thread::isDaemon);
        assertThat(handler.getName()).isEqualTo("msrp-session-reader");
        assertThat(made).as("two readers, a writer and a timer per session").hasSize(8)
                .extracting(Thread::getName).containsOnly("msrp-session-reader", "msrp-session-writer",
                        "msrp-session-timer");
        alice.shutdown(true);
        bob.shutdown(true);
        SessionTestKit.assertNoNewSessionThreads(before);
        assertThat(made).noneMatch(Thread::isAlive);
    }

    @Test
    void aThreadFactoryThatMakesNoThreadIsAClearErrorAndStartsNothing() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        AtomicInteger asked = new AtomicInteger();
        ThreadFactory third = r -> asked.incrementAndGet() == 3 ? null : Thread.ofVirtual().unstarted(r);
        SessionSettings options = quick().threadFactory(third).build();
        assertThatThrownBy(() -> MsrpSession.start(pair.active(), options, c -> { }))
                .isInstanceOf(RejectedExecutionException.class).hasMessageContaining("thread factory");
        SessionTestKit.assertNoNewSessionThreads(before);
    }
}
