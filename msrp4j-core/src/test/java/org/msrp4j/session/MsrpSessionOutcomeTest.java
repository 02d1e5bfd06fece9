package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.session.SessionTestKit.GeneratedChannel;
import org.msrp4j.session.SessionTestKit.RawPeer;

/**
 * One outcome per message sent with {@link MsrpSession#sendMessage}, from responses, REPORTs or
 * timeouts; and, on the receiving side, one failure REPORT per refused message, never one with an
 * inverted Byte-Range.
 */
@Timeout(30)
class MsrpSessionOutcomeTest {

    private SessionPair pair;
    private RawPeer peer;
    private MsrpSession sender;
    private MsrpSession receiver;
    private final List<MsrpChunk> atSender = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        pair = SessionPair.open("127.0.0.1", false);
    }

    @AfterEach
    void close() {
        for (MsrpSession s : new MsrpSession[] {sender, receiver}) {
            if (s != null) {
                s.shutdown(false);
            }
        }
        if (peer != null) {
            peer.close();
        }
        pair.close();
    }

    private void startSender(SessionSettings options) {
        sender = MsrpSession.start(pair.active(), options, atSender::add);
    }

    private MsrpChunk text(String s) {
        return pair.active().newChunk().data(s).build();
    }

    private static MessageOutcome outcome(CompletableFuture<MessageOutcome> f) throws Exception {
        return f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    // ---------------------------------------------------------------- against a raw peer

    @Test
    void a200ResponseDeliversAMessageThatAsksNoSuccessReport() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).build());
        MsrpChunk c = text("hello");
        CompletableFuture<MessageOutcome> f = sender.sendMessage(c);
        MsrpChunk got = peer.next();
        assertThat(f).isNotDone();
        peer.answer(got, 200, "OK");
        assertThat(outcome(f)).isEqualTo(new MessageOutcome(c.messageId(), 200, "OK"));
        assertThat(outcome(f).delivered()).isTrue();
    }

    @Test
    void anErrorResponseFailsTheMessageWithItsCode() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).build());
        CompletableFuture<MessageOutcome> f = sender.sendMessage(text("nope"));
        peer.answer(peer.next(), 415, "not here");
        MessageOutcome o = outcome(f);
        assertThat(o.delivered()).isFalse();
        assertThat(o.code()).isEqualTo(415);
        assertThat(o.reason()).isEqualTo("not here");
    }

    @Test
    void withSuccessReportTheMessageIsDeliveredOnlyWhenReportsCoverAllOfIt() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).build());
        List<MsrpChunk> chunks = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            chunks.add(pair.active().newChunk().messageId("two-part").data("12345").start(1 + 5L * i).total(10)
                    .continuation(i == 0 ? Continuation.MORE : Continuation.END)
                    .header(new SuccessReportHeader(ReportMode.YES)).build());
        }
        CompletableFuture<MessageOutcome> f = sender.sendMessage(chunks);
        for (int i = 0; i < 2; i++) {
            peer.answer(peer.next(), 200, "OK");
        }
        Thread.sleep(200);
        assertThat(f).as("200s are hop-by-hop: a success report is awaited").isNotDone();
        peer.send(pair.passive().newChunk().method("REPORT").messageId("two-part").start(6).end(10).total(10)
                .header(new StatusHeader(new Status(200, "OK"))).build());
        Thread.sleep(200);
        assertThat(f).as("bytes 1-5 are not reported yet").isNotDone();
        peer.send(pair.passive().newChunk().method("REPORT").messageId("two-part").start(1).end(5).total(10)
                .header(new StatusHeader(new Status(200, "OK"))).build());
        assertThat(outcome(f)).isEqualTo(new MessageOutcome("two-part", 200, "OK"));
        SessionTestKit.await("both REPORTs still reach the handler", WAIT, () -> atSender.size() == 2);
    }

    @Test
    void aFailureReportAfterThe200FailsTheMessage() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).build());
        MsrpChunk c = pair.active().newChunk().data("relayed").header(new SuccessReportHeader(ReportMode.YES)).build();
        CompletableFuture<MessageOutcome> f = sender.sendMessage(c);
        peer.answer(peer.next(), 200, "OK");
        peer.send(pair.passive().newChunk().method("REPORT").messageId(c.messageId()).start(1).end(7).total(7)
                .header(new StatusHeader(new Status(408, "the next hop did not answer"))).build());
        assertThat(outcome(f)).isEqualTo(new MessageOutcome(c.messageId(), 408, "the next hop did not answer"));
    }

    @Test
    void noResponseInTimeFailsTheMessageWith408AndNoReportInTimeToo() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofMillis(300)).build());
        CompletableFuture<MessageOutcome> silent = sender.sendMessage(text("anyone?"));
        assertThat(outcome(silent).code()).isEqualTo(408);
        MsrpChunk c = pair.active().newChunk().data("report?").header(new SuccessReportHeader(ReportMode.YES)).build();
        CompletableFuture<MessageOutcome> unreported = sender.sendMessage(c);
        peer.nextWhere(x -> c.transactionId().equals(x.transactionId()), WAIT, null);
        peer.answer(c, 200, "OK");
        MessageOutcome o = outcome(unreported);
        assertThat(o.code()).isEqualTo(408);
        assertThat(o.reason()).contains("no success report");
    }

    @Test
    void unreportedMessagesAnsweredAtDifferentTimesEachTimeOutAndAReportedOneIsDelivered() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofMillis(300)).build());
        List<CompletableFuture<MessageOutcome>> unreported = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            MsrpChunk c = pair.active().newChunk().data("report " + i).total(8)
                    .header(new SuccessReportHeader(ReportMode.YES)).build();
            CompletableFuture<MessageOutcome> f = sender.sendMessage(c);
            peer.nextWhere(x -> c.transactionId().equals(x.transactionId()), WAIT, null);
            peer.answer(c, 200, "OK");
            if (i == 1) {
                peer.send(pair.passive().newChunk().method("REPORT").messageId(c.messageId()).start(1).end(8).total(8)
                        .header(new StatusHeader(new Status(200, "OK"))).build());
                assertThat(outcome(f).code()).isEqualTo(200);
            } else {
                unreported.add(f);
            }
            Thread.sleep(100);
        }
        for (CompletableFuture<MessageOutcome> f : unreported) {
            MessageOutcome o = outcome(f);
            assertThat(o.code()).isEqualTo(408);
            assertThat(o.reason()).contains("no success report");
        }
    }

    @Test
    void aSmallMessageWithNothingInFlightIsWrittenOnTheCallersThreadNotHandedToTheWriter() throws Exception {
        peer = new RawPeer(pair.passive());
        CountDownLatch writerMayRun = new CountDownLatch(1);
        ThreadFactory heldWriter = task -> Thread.ofVirtual().unstarted(() -> {
            if (Thread.currentThread().getName().equals("msrp-session-writer")) {
                try {
                    writerMayRun.await();
                } catch (InterruptedException e) {
                    return;
                }
            }
            task.run();
        });
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).threadFactory(heldWriter).build());
        try {
            MsrpChunk c = pair.active().newChunk().data("direct").header(new SuccessReportHeader(ReportMode.YES))
                    .build();
            CompletableFuture<MessageOutcome> f = sender.sendMessage(c);
            MsrpChunk got = peer.next(WAIT);
            assertThat(got).isNotNull();
            assertThat(got.transactionId()).isEqualTo(c.transactionId());
            peer.answer(got, 200, "OK");
            peer.send(pair.passive().newChunk().method("REPORT").messageId(c.messageId()).start(1).end(6).total(6)
                    .header(new StatusHeader(new Status(200, "OK"))).build());
            assertThat(outcome(f)).isEqualTo(new MessageOutcome(c.messageId(), 200, "OK"));
        } finally {
            writerMayRun.countDown();
        }
    }

    @Test
    void theOutcomeOfAMessageWhoseSessionEndsIsA408() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().responseTimeout(Duration.ofSeconds(10)).build());
        CompletableFuture<MessageOutcome> f = sender.sendMessage(text("bye"));
        peer.next();
        sender.shutdown(false);
        assertThat(outcome(f).code()).isEqualTo(408);
        assertThatThrownBy(() -> sender.sendMessage(text("too late"))).isInstanceOf(MsrpSessionException.class);
    }

    @Test
    void chunksOfAnotherMessageOrNotSendsAreRefused() throws Exception {
        peer = new RawPeer(pair.passive());
        startSender(quick().build());
        MsrpChunk a = text("a");
        MsrpChunk b = text("b");
        assertThatThrownBy(() -> sender.sendMessage(List.of(a, b))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> sender.sendMessage(List.of())).isInstanceOf(IllegalArgumentException.class);
        MsrpChunk report = pair.active().newChunk().method("REPORT").messageId("report-only").start(1).end(1).total(1)
                .header(new StatusHeader(new Status(200, "OK"))).build();
        assertThatThrownBy(() -> sender.sendMessage(report)).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- session to session

    /**
     * A message of many chunks that the receiver refuses at its first: the sender hears exactly
     * one failure (413), the receiver sends at most one failure REPORT for it, and every REPORT
     * names a proper range (one with {@code 1114113-1114112} was seen for a refused file).
     */
    @Test
    void aRefusedMessageHasOneFailedOutcomeAndAtMostOneFailureReport() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(10)).build();
        receiver = MsrpSession.start(pair.passive(), options, c -> {
            if ("refused-many".equals(c.messageId())) {
                receiver.refuseMessage(c.messageId());
            }
        });
        startSender(options);
        int n = 20;
        List<MsrpChunk> chunks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            chunks.add(pair.active().newChunk().messageId("refused-many").data(SessionTestKit.bytes(i * 1000L, 1000))
                    .contentType("application/octet-stream").start(1 + 1000L * i).total(1000L * n)
                    .continuation(i == n - 1 ? Continuation.END : Continuation.MORE).build());
        }
        CompletableFuture<MessageOutcome> f = sender.sendMessage(chunks);
        MessageOutcome o = outcome(f);
        assertThat(o.code()).isEqualTo(413);
        assertThat(o.delivered()).isFalse();
        sender.deliverChunk(text("after"));
        Thread.sleep(300);
        List<MsrpChunk> reports = atSender.stream().filter(c -> "REPORT".equals(c.method())).toList();
        assertThat(reports).hasSizeLessThanOrEqualTo(1);
        for (MsrpChunk r : reports) {
            assertThat(r.status().code()).isEqualTo(413);
            assertThat(r.byteRange().end()).isGreaterThanOrEqualTo(r.byteRange().start());
            assertThat(r.continuation()).isEqualTo(Continuation.END);
        }
    }

    /** The same for a file refused while its window of chunks is in flight. */
    @Test
    void aRefusedFileGetsAtMostOneFailureReportAndNoneInverted() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(64 * 1024)
                .window(16).build();
        receiver = MsrpSession.start(pair.passive(), options, c -> {
            if (c.byteRange() != null && c.byteRange().start() > 1_000_000) {
                receiver.refuseMessage(c.messageId());
            }
        });
        startSender(options);
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(50_000_000, 0), 50_000_000, null, 0, "file-refused");
        sender.sendFile(file);
        assertThatThrownBy(() -> file.completion().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .hasRootCauseInstanceOf(MsrpTransactionException.class);
        sender.deliverChunk(text("after"));
        Thread.sleep(300);
        List<MsrpChunk> reports = atSender.stream().filter(c -> "REPORT".equals(c.method())).toList();
        assertThat(reports).hasSizeLessThanOrEqualTo(1);
        for (MsrpChunk r : reports) {
            ByteRange range = r.byteRange();
            assertThat(range.end()).as("REPORT range " + range).isGreaterThanOrEqualTo(range.start());
        }
    }

    @Test
    void messagesBetweenTwoSessionsAreDeliveredWithAndWithoutSuccessReports() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(10)).build();
        receiver = MsrpSession.start(pair.passive(), options, c -> { });
        startSender(options);
        MsrpChunk plain = text("plain");
        MsrpChunk reported = pair.active().newChunk().data("reported").header(new SuccessReportHeader(ReportMode.YES))
                .build();
        MsrpChunk unanswered = pair.active().newChunk().data("no answers")
                .header(new FailureReportHeader(ReportMode.NO)).header(new SuccessReportHeader(ReportMode.YES)).build();
        assertThat(outcome(sender.sendMessage(plain)).delivered()).isTrue();
        assertThat(outcome(sender.sendMessage(reported)))
                .isEqualTo(new MessageOutcome(reported.messageId(), 200, "OK"));
        assertThat(outcome(sender.sendMessage(unanswered)).delivered()).isTrue();
    }

    @Test
    void shutdownDoesNotWaitForResponsesThatFailureReportPartialSaysWillNotComeOnceTheOutcomeIsIn()
            throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(20))
                .shutdownTimeout(Duration.ofSeconds(20)).build();
        CountDownLatch bobsMessageArrived = new CountDownLatch(1);
        receiver = MsrpSession.start(pair.passive(), options, c -> { });
        sender = MsrpSession.start(pair.active(), options, c -> {
            if ("SEND".equals(c.method())) {
                bobsMessageArrived.countDown();
            }
        });
        MsrpChunk mine = pair.active().newChunk().data("reported, never answered on success")
                .header(new FailureReportHeader(ReportMode.PARTIAL)).header(new SuccessReportHeader(ReportMode.YES))
                .build();
        assertThat(outcome(sender.sendMessage(mine)).delivered()).isTrue();
        MsrpChunk bobs = pair.passive().newChunk().data("report this to me")
                .header(new FailureReportHeader(ReportMode.PARTIAL)).header(new SuccessReportHeader(ReportMode.YES))
                .build();
        CompletableFuture<MessageOutcome> bobsOutcome = receiver.sendMessage(bobs);
        assertThat(bobsMessageArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        long start = System.nanoTime();
        sender.shutdown(true);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("far less than the 20 s response and shutdown timeouts").isLessThan(Duration.ofSeconds(10));
        assertThat(outcome(bobsOutcome)).as("the success REPORT owed to the peer went out before the close")
                .isEqualTo(new MessageOutcome(bobs.messageId(), 200, "OK"));
    }
}
