package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.GenericHeader;
import org.msrp4j.protocol.header.KeepAliveHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UseNicknameHeader;
import org.msrp4j.session.SessionTestKit.RawPeer;
import org.msrp4j.transport.MsrpTransport;

/**
 * What a session does with incoming requests: the raw peer (the active side) writes requests by
 * hand and reads the session's responses and REPORTs.
 */
@Timeout(20)
class MsrpSessionIncomingTest {

    private static final Duration QUIET = Duration.ofMillis(400);

    private SessionPair pair;
    private RawPeer peer;
    private MsrpSession session;
    private final List<MsrpChunk> delivered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        pair = SessionPair.open("127.0.0.1", false);
        peer = new RawPeer(pair.active());
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.shutdown(false);
        }
        peer.close();
        pair.close();
    }

    private MsrpSession start(SessionSettings options) {
        return start(options, delivered::add);
    }

    private MsrpSession start(SessionSettings options, Consumer<MsrpChunk> onChunk) {
        session = MsrpSession.start(pair.passive(), options, onChunk::accept);
        return session;
    }

    private MsrpTransport raw() {
        return pair.active();
    }

    private MsrpChunk send(String text, String contentType) {
        return raw().newChunk().data(text.getBytes(StandardCharsets.UTF_8)).contentType(contentType).build();
    }

    private MsrpChunk response(MsrpChunk request) throws InterruptedException {
        MsrpChunk r = peer.next();
        assertThat(r.isResponse()).as("a response, got " + r).isTrue();
        assertThat(r.transactionId()).isEqualTo(request.transactionId());
        return r;
    }

    private void awaitDelivered(int n) throws InterruptedException {
        SessionTestKit.await(n + " chunks delivered", WAIT, () -> delivered.size() >= n);
    }

    // ---------------------------------------------------------------- SEND

    @Test
    void aGoodSendIsDeliveredAndAnswered200AlongThePaths() throws Exception {
        start(quick().build());
        MsrpChunk c = send("hello", "text/plain");
        peer.send(c);
        MsrpChunk r = response(c);
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.toPath()).containsExactly(raw().localUri());
        assertThat(r.fromPath()).containsExactly(pair.passive().localUri());
        awaitDelivered(1);
        assertThat(new String(delivered.get(0).data(), StandardCharsets.UTF_8)).isEqualTo("hello");
        assertThat(delivered.get(0).messageId()).isEqualTo(c.messageId());
        peer.expectNothing(QUIET);
    }

    @Test
    void aSendForAnotherSessionIsAnswered481AndNotDelivered() throws Exception {
        start(quick().build());
        MsrpChunk wrongTo = send("x", "text/plain");
        wrongTo.headers().set(new ToPathHeader(List.of(pair.passive().localUri().withSessionId("nosuchsession1"))));
        peer.send(wrongTo);
        assertThat(response(wrongTo).code()).isEqualTo(481);

        MsrpChunk wrongFrom = send("y", "text/plain");
        wrongFrom.headers().set(new FromPathHeader(List.of(raw().localUri().withSessionId("impostor99"))));
        peer.send(wrongFrom);
        assertThat(response(wrongFrom).code()).isEqualTo(481);

        MsrpChunk good = send("z", "text/plain");
        peer.send(good);
        assertThat(response(good).code()).isEqualTo(200);
        awaitDelivered(1);
        Thread.sleep(100);
        assertThat(delivered).extracting(MsrpChunk::transactionId).containsExactly(good.transactionId());
    }

    @Test
    void anUnacceptedContentTypeIsAnswered415WithAFailureReport() throws Exception {
        start(quick().acceptTypes(List.of("text/plain")).build());
        MsrpChunk c = send("<b>x</b>", "text/html");
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(415);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.messageId()).isEqualTo(c.messageId());
        assertThat(report.status().code()).isEqualTo(415);
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 8, 8));
        assertThat(report.toPath()).containsExactly(raw().localUri());
        Thread.sleep(100);
        assertThat(delivered).isEmpty();
    }

    @Test
    void anUnacceptedContentTypeUnderFailureReportNoGetsNothingBack() throws Exception {
        start(quick().acceptTypes(List.of("text/plain")).build());
        MsrpChunk c = send("<b>x</b>", "text/html");
        c.addHeader(new FailureReportHeader(ReportMode.NO));
        peer.send(c);
        peer.expectNothing(QUIET);
        assertThat(delivered).isEmpty();
    }

    @Test
    void acceptTypesMatchWildcardsAndIgnoreCaseAndParameters() throws Exception {
        start(quick().acceptTypes(List.of("text/*", "message/cpim")).build());
        for (String ok : List.of("text/plain", "text/html", "TEXT/Plain; charset=utf-8", "message/cpim",
                "Message/CPIM")) {
            MsrpChunk c = send("x", ok);
            peer.send(c);
            assertThat(response(c).code()).as(ok).isEqualTo(200);
        }
        for (String bad : List.of("image/png", "textual/plain", "message/cpimx", "application/text")) {
            MsrpChunk c = send("x", bad);
            c.addHeader(new FailureReportHeader(ReportMode.PARTIAL));
            peer.send(c);
            assertThat(response(c).code()).as(bad).isEqualTo(415);
        }
        peer.expectNothing(QUIET);
        assertThat(delivered).hasSize(5);
    }

    @Test
    void optionsAcceptsFollowsTheRules() {
        SessionSettings any = SessionSettings.DEFAULT;
        assertThat(any.accepts("image/png")).isTrue();
        SessionSettings some = SessionSettings.builder().acceptTypes(List.of("text/*", "application/json")).build();
        assertThat(some.accepts("text/x-anything")).isTrue();
        assertThat(some.accepts("Application/JSON;charset=utf-8")).isTrue();
        assertThat(some.accepts("application/jsonx")).isFalse();
        assertThat(some.accepts("texts/plain")).isFalse();
        assertThat(some.accepts("text")).isFalse();
        assertThat(some.accepts(null)).isTrue();
    }

    @Test
    void successReportYesGetsA200ReportForTheChunksBytes() throws Exception {
        start(quick().build());
        String mid = "msg-success-1";
        MsrpChunk first = raw().newChunk().messageId(mid).data("hello".getBytes(StandardCharsets.UTF_8))
                .contentType("text/plain").start(1).end(5).total(11).continuation(Continuation.MORE)
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        MsrpChunk second = raw().newChunk().messageId(mid).data(" world".getBytes(StandardCharsets.UTF_8))
                .contentType("text/plain").start(6).end(11).total(11)
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        peer.send(first);
        assertThat(response(first).code()).isEqualTo(200);
        MsrpChunk report1 = peer.next();
        peer.send(second);
        assertThat(response(second).code()).isEqualTo(200);
        MsrpChunk report2 = peer.next();

        for (MsrpChunk report : List.of(report1, report2)) {
            assertThat(report.method()).isEqualTo("REPORT");
            assertThat(report.messageId()).isEqualTo(mid);
            assertThat(report.status()).isEqualTo(new Status(200, "OK"));
            assertThat(report.continuation()).as("REPORTs end in '$' (RFC 4975 §7.1.2)").isEqualTo(Continuation.END);
            assertThat(report.toPath()).containsExactly(raw().localUri());
            assertThat(report.fromPath()).containsExactly(pair.passive().localUri());
        }
        assertThat(report1.byteRange()).isEqualTo(new ByteRange(1, 5, 11));
        assertThat(report2.byteRange()).isEqualTo(new ByteRange(6, 11, 11));
        awaitDelivered(2);
    }

    /** A chunk whose Byte-Range end is {@code *}: its REPORT names the last byte it carried. */
    @Test
    void reportsOnAChunkOfUnknownEndNameTheBytesItCarried() throws Exception {
        start(quick().acceptTypes(List.of("text/plain")).readSegmentSize(1024).build());
        MsrpChunk ok = raw().newChunk().messageId("star-ok").data("hello".getBytes(StandardCharsets.UTF_8))
                .contentType("text/plain").start(1).end(ByteRange.UNKNOWN).total(ByteRange.UNKNOWN)
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        peer.send(ok);
        assertThat(response(ok).code()).isEqualTo(200);
        MsrpChunk success = peer.next();
        assertThat(success.method()).isEqualTo("REPORT");
        assertThat(success.status().code()).isEqualTo(200);
        assertThat(success.byteRange()).isEqualTo(new ByteRange(1, 5, ByteRange.UNKNOWN));

        MsrpChunk refused = raw().newChunk().messageId("star-refused").data("later".getBytes(StandardCharsets.UTF_8))
                .contentType("image/png").start(6).end(ByteRange.UNKNOWN).total(ByteRange.UNKNOWN).build();
        peer.send(refused);
        assertThat(response(refused).code()).isEqualTo(415);
        MsrpChunk failure = peer.next();
        assertThat(failure.status().code()).isEqualTo(415);
        assertThat(failure.byteRange()).isEqualTo(new ByteRange(6, 10, ByteRange.UNKNOWN));

        MsrpChunk longOne = raw().newChunk().messageId("star-long").data(SessionTestKit.bytes(0, 300_000))
                .contentType("text/plain").start(1).end(ByteRange.UNKNOWN).total(ByteRange.UNKNOWN)
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        peer.send(longOne);
        assertThat(response(longOne).code()).isEqualTo(200);
        MsrpChunk longReport = peer.next();
        assertThat(longReport.status().code()).isEqualTo(200);
        assertThat(longReport.byteRange()).isEqualTo(new ByteRange(1, 300_000, ByteRange.UNKNOWN));
        peer.expectNothing(QUIET);
    }

    @Test
    void successReportWithFailureReportNoStillReportsButDoesNotRespond() throws Exception {
        start(quick().build());
        MsrpChunk c = raw().newChunk().data("quiet").header(new SuccessReportHeader(ReportMode.YES))
                .header(new FailureReportHeader(ReportMode.NO)).build();
        peer.send(c);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status().code()).isEqualTo(200);
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 5, 5));
        peer.expectNothing(QUIET);
    }

    @Test
    void failureReportNoGetsNoResponseAndPartialNo200() throws Exception {
        start(quick().build());
        MsrpChunk no = raw().newChunk().data("a").header(new FailureReportHeader(ReportMode.NO)).build();
        MsrpChunk partial = raw().newChunk().data("b").header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        peer.send(no);
        peer.send(partial);
        peer.expectNothing(QUIET);
        awaitDelivered(2);
        // and a failure under partial is answered, without a REPORT
        MsrpChunk bad = raw().newChunk().data("c").header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        bad.headers().set(new ToPathHeader(List.of(pair.passive().localUri().withSessionId("elsewhere1"))));
        peer.send(bad);
        assertThat(response(bad).code()).isEqualTo(481);
        peer.expectNothing(QUIET);
    }

    @Test
    void emptySendsAreAnsweredAndNotDelivered() throws Exception {
        start(quick().build());
        MsrpChunk keepAlive = raw().newChunk().header(new KeepAliveHeader(true)).build();
        MsrpChunk empty = raw().newChunk().build();
        peer.send(keepAlive);
        assertThat(response(keepAlive).code()).isEqualTo(200);
        peer.send(empty);
        assertThat(response(empty).code()).isEqualTo(200);
        Thread.sleep(100);
        assertThat(delivered).isEmpty();
    }

    // ---------------------------------------------------------------- other methods

    @Test
    void aReportIsDeliveredAndNotAnswered() throws Exception {
        start(quick().build());
        MsrpChunk report = raw().newChunk().method("REPORT").messageId("m-reported").start(1).end(10).total(10)
                .header(new StatusHeader(new Status(413, "too big"))).build();
        peer.send(report);
        awaitDelivered(1);
        MsrpChunk got = delivered.get(0);
        assertThat(got.method()).isEqualTo("REPORT");
        assertThat(got.messageId()).isEqualTo("m-reported");
        assertThat(got.status().code()).isEqualTo(413);
        peer.expectNothing(QUIET);
    }

    @Test
    void aNicknameIsDeliveredAndAnswered200() throws Exception {
        start(quick().build());
        MsrpChunk nick = raw().newChunk().method("NICKNAME").header(new UseNicknameHeader("Alice W.")).build();
        peer.send(nick);
        assertThat(response(nick).code()).isEqualTo(200);
        awaitDelivered(1);
        assertThat(delivered.get(0).method()).isEqualTo("NICKNAME");
        assertThat(((UseNicknameHeader) delivered.get(0).header(UseNicknameHeader.NAME)).nickname())
                .isEqualTo("Alice W.");
    }

    @Test
    void aNicknameWithoutUseNicknameIsAnswered400AndNotDelivered() throws Exception {
        start(quick().build());
        MsrpChunk nick = raw().newChunk().method("NICKNAME").build();
        peer.send(nick);
        assertThat(response(nick).code()).isEqualTo(400);
        MsrpChunk unquoted = raw().newChunk().method("NICKNAME").header(new GenericHeader("Use-Nickname", "bare"))
                .build();
        peer.send(unquoted);
        assertThat(response(unquoted).code()).isEqualTo(400);
        Thread.sleep(100);
        assertThat(delivered).isEmpty();
    }

    @Test
    void anUnknownMethodIsAnswered501AndNotDelivered() throws Exception {
        start(quick().build());
        MsrpChunk foo = raw().newChunk().method("FROBNICATE").build();
        peer.send(foo);
        assertThat(response(foo).code()).isEqualTo(501);
        Thread.sleep(100);
        assertThat(delivered).isEmpty();
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void theHandlerAnswersAnotherMethodSuchAsSipsimplesFileOffset() throws Exception {
        session = MsrpSession.start(pair.passive(), quick().build(), new IncomingHandler() {
            @Override
            public void onChunk(MsrpChunk chunk) {
                delivered.add(chunk);
            }

            @Override
            public MsrpChunk answerRequest(MsrpChunk request) {
                if (request.method().equals("BROKEN")) {
                    throw new IllegalStateException("a handler bug");
                }
                MsrpChunk ok = pair.passive().makeResponse(request, 200, "OK");
                ok.addHeader(new GenericHeader("Offset", "4096"));
                return ok;
            }
        });
        MsrpChunk ask = raw().newChunk().method("FILE_OFFSET").build();
        peer.send(ask);
        MsrpChunk answer = response(ask);
        assertThat(answer.code()).isEqualTo(200);
        assertThat(answer.header("Offset").encode()).isEqualTo("4096");
        MsrpChunk broken = raw().newChunk().method("BROKEN").build();
        peer.send(broken);
        assertThat(response(broken).code()).isEqualTo(500);
        Thread.sleep(100);
        assertThat(delivered).isEmpty();
        assertThat(session.isOpen()).isTrue();
    }

    // ---------------------------------------------------------------- refusing a message

    @Test
    void theHandlerGetsItsSessionBeforeAChunkThatWasWaitingAtTheStart() throws Exception {
        MsrpChunk waiting = raw().newChunk().messageId("early").data("refuse me").contentType("text/plain").build();
        peer.send(waiting);
        Thread.sleep(50);
        List<String> calls = new CopyOnWriteArrayList<>();
        AtomicReference<MsrpSession> given = new AtomicReference<>();
        session = MsrpSession.start(pair.passive(), quick().build(), new IncomingHandler() {
            @Override
            public void onStart(MsrpSession s) {
                calls.add("start on " + Thread.currentThread().getName());
                given.set(s);
            }

            @Override
            public void onChunk(MsrpChunk chunk) {
                calls.add("chunk " + chunk.messageId());
                given.get().refuseMessage(chunk.messageId());
            }
        });

        assertThat(response(waiting).code()).isEqualTo(413);
        assertThat(calls).containsExactly("start on msrp-session-reader", "chunk early");
        assertThat(given.get()).isSameAs(session);
    }

    @Test
    void theApplicationRefusesAMessageWith413() throws Exception {
        start(quick().build(), chunk -> {
            delivered.add(chunk);
            if ("refuse-me".equals(chunk.messageId())) {
                session.refuseMessage(chunk.messageId());
            }
        });
        MsrpChunk first = raw().newChunk().messageId("refuse-me").data("part one").contentType("text/plain")
                .start(1).end(8).total(16).continuation(Continuation.MORE).build();
        peer.send(first);
        assertThat(response(first).code()).isEqualTo(413);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status().code()).isEqualTo(413);
        assertThat(report.messageId()).isEqualTo("refuse-me");
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 8, 16));

        MsrpChunk second = raw().newChunk().messageId("refuse-me").data("part two").contentType("text/plain")
                .start(9).end(16).total(16).header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        peer.send(second);
        assertThat(response(second).code()).isEqualTo(413);

        MsrpChunk other = send("other", "text/plain");
        peer.send(other);
        assertThat(response(other).code()).isEqualTo(200);
        awaitDelivered(2);
        Thread.sleep(100);
        assertThat(delivered).extracting(MsrpChunk::transactionId)
                .containsExactly(first.transactionId(), other.transactionId());
    }

    @Test
    void aMessageRefusedBeforehandIsNeverDelivered() throws Exception {
        start(quick().build());
        session.refuseMessage("unwanted");
        MsrpChunk c = raw().newChunk().messageId("unwanted").data("zzz").contentType("text/plain")
                .header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(413);
        peer.expectNothing(QUIET);
        assertThat(delivered).isEmpty();
    }

    @Test
    void theApplicationRefusesAMessageWithTheCodeItGivesAndItsFailureReportCarriesIt() throws Exception {
        start(quick().build(), chunk -> {
            delivered.add(chunk);
            session.refuseMessage(chunk.messageId(), chunk.messageId().startsWith("bad") ? 400 : 415,
                    "not for me");
        });
        MsrpChunk unsupported = raw().newChunk().messageId("unsupported").data("part one").contentType("text/plain")
                .start(1).end(8).total(16).continuation(Continuation.MORE).build();
        peer.send(unsupported);
        MsrpChunk answer = response(unsupported);
        assertThat(answer.code()).isEqualTo(415);
        assertThat(answer.comment()).isEqualTo("not for me");
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status().code()).isEqualTo(415);
        MsrpChunk rest = raw().newChunk().messageId("unsupported").data("part two").contentType("text/plain")
                .start(9).end(16).total(16).build();
        peer.send(rest);
        assertThat(response(rest).code()).as("later chunks keep the refusal's code").isEqualTo(415);

        MsrpChunk malformed = raw().newChunk().messageId("bad-body").data("{").contentType("text/plain")
                .header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        peer.send(malformed);
        assertThat(response(malformed).code()).isEqualTo(400);
        peer.expectNothing(QUIET);
    }

    @Test
    void aRefusalOnlyTakesTheCodesRfc4975GivesForIt() throws Exception {
        start(quick().build());
        for (int code : new int[] {200, 408, 481, 501}) {
            assertThatThrownBy(() -> session.refuseMessage("forbidden", code, null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        session.refuseMessage("forbidden", 403, "not allowed");
        MsrpChunk c = raw().newChunk().messageId("forbidden").data("x").contentType("text/plain").build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- chunks longer than the segment size
    // (longer than the transport's 64 KiB read buffer too, so that they do arrive in several reads)

    @Test
    void aLongChunkIsDeliveredInSegmentsAndAnsweredOnce() throws Exception {
        start(quick().readSegmentSize(1024).build());
        byte[] body = SessionTestKit.bytes(0, 300_000);
        MsrpChunk c = raw().newChunk().data(body).contentType("application/octet-stream")
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(200);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 300_000, 300_000));
        peer.expectNothing(QUIET);

        assertThat(delivered.size()).isGreaterThan(1);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        for (MsrpChunk s : delivered) {
            assertThat(s.transactionId()).isEqualTo(c.transactionId());
            got.writeBytes(s.data());
        }
        assertThat(got.toByteArray()).isEqualTo(body);
        assertThat(delivered.get(delivered.size() - 1).hasMoreSegments()).isFalse();
    }

    @Test
    void aLongRefusedChunkIsAnsweredOnceAndNoneOfItIsDelivered() throws Exception {
        start(quick().readSegmentSize(1024).acceptTypes(List.of("text/plain")).build());
        byte[] body = SessionTestKit.bytes(0, 300_000);
        MsrpChunk c = raw().newChunk().data(body).contentType("image/png")
                .header(new FailureReportHeader(ReportMode.PARTIAL)).build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(415);
        MsrpChunk after = send("after", "text/plain");
        peer.send(after);
        assertThat(response(after).code()).isEqualTo(200);
        awaitDelivered(1);
        Thread.sleep(100);
        assertThat(delivered).extracting(MsrpChunk::transactionId).containsExactly(after.transactionId());
    }

    @Test
    void refusingDuringALongChunkAnswers413AndReportsTheWholeChunk() throws Exception {
        start(quick().readSegmentSize(1024).build(), chunk -> {
            delivered.add(chunk);
            session.refuseMessage(chunk.messageId());
        });
        MsrpChunk c = raw().newChunk().data(SessionTestKit.bytes(0, 300_000)).contentType("application/octet-stream")
                .build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(413);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status().code()).isEqualTo(413);
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 300_000, 300_000));
        peer.expectNothing(QUIET);
    }

    /**
     * A failure REPORT must cover the chunk it reports on (RFC 4975 §7.1.2), not only the first
     * segment the session happened to read.
     */
    @Test
    void theFailureReportOfALongRefusedChunkCoversTheWholeChunk() throws Exception {
        start(quick().readSegmentSize(1024).acceptTypes(List.of("text/plain")).build());
        byte[] body = SessionTestKit.bytes(0, 300_000);
        MsrpChunk c = raw().newChunk().data(body).contentType("image/png").build();
        peer.send(c);
        assertThat(response(c).code()).isEqualTo(415);
        MsrpChunk report = peer.next();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.status().code()).isEqualTo(415);
        assertThat(report.byteRange()).isEqualTo(new ByteRange(1, 300_000, 300_000));
    }
}
