package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Responses;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.protocol.header.UseNicknameHeader;
import org.msrp4j.protocol.internal.ChunkInternals;

/**
 * {@link IncomingRules} without sockets: which replies each request gets and whether it reaches the
 * application. Replies are written {@code 413} for a response, {@code REPORT 413 1-10/10} for a
 * REPORT, joined with a space; {@code -} for none.
 */
class IncomingRulesTest {

    private static final MsrpUri A = MsrpUri.parse("msrp://a.example.com:2855/aaaa;tcp");
    private static final MsrpUri B = MsrpUri.parse("msrp://b.example.com:2855/bbbb;tcp");
    private static final MsrpUri C = MsrpUri.parse("msrp://c.example.com:2855/cccc;tcp");

    private Refusals refusals;
    private IncomingRules rules;

    @BeforeEach
    void setUp() {
        refusals = new Refusals();
        rules = new IncomingRules(
                c -> c.toPath().get(0).equals(B) ? Optional.empty() : Optional.of(new Status(481, "not here")),
                type -> type.equals("text/plain"), refusals,
                (request, code, comment) -> Responses.to(request, code, comment, null, null),
                (messageId, start, end, total, status) -> MsrpChunk.request("report1", "REPORT")
                        .addHeader(new ToPathHeader(List.of(A))).addHeader(new FromPathHeader(List.of(B)))
                        .addHeader(new MessageIdHeader(messageId))
                        .addHeader(new ByteRangeHeader(new ByteRange(start, end, total)))
                        .addHeader(new StatusHeader(status)));
    }

    private static MsrpChunk send(String tid, String messageId, String body, long start, long total) {
        MsrpChunk c = MsrpChunk.request(tid, "SEND").addHeader(new ToPathHeader(List.of(B)))
                .addHeader(new FromPathHeader(List.of(A))).addHeader(new MessageIdHeader(messageId));
        if (!body.isEmpty()) {
            c.addHeader(new ContentTypeHeader("text/plain"));
            c.setData(body.getBytes(StandardCharsets.UTF_8));
        }
        c.addHeader(new ByteRangeHeader(new ByteRange(start, start + body.length() - 1, total)));
        return c;
    }

    private static MsrpChunk send(String body) {
        return send("tid1", "msg1", body, 1, body.length());
    }

    private static String show(List<MsrpChunk> replies) {
        if (replies.isEmpty()) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (MsrpChunk r : replies) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(r.isResponse() ? String.valueOf(r.code())
                    : "REPORT " + r.status().code() + " " + r.byteRange().encode());
        }
        return b.toString();
    }

    private static ReportMode mode(String name) {
        return ReportMode.valueOf(name.toUpperCase(Locale.ROOT));
    }

    @ParameterizedTest(name = "{0}: {5} then {6}")
    @CsvSource(delimiter = '|', textBlock = """
        right paths, accepted type            | b | text/plain | yes     | 0   | -                     | DELIVER
        To-Path not this session               | c | text/plain | yes     | 0   | 481                   | NONE
        Content-Type not accepted              | b | image/png  | yes     | 0   | 415 REPORT 415 1-5/5  | NONE
        not accepted, Failure-Report partial   | b | image/png  | partial | 0   | 415                   | NONE
        not accepted, Failure-Report no        | b | image/png  | no      | 0   | -                     | NONE
        wrong path beats wrong type            | c | image/png  | yes     | 0   | 481                   | NONE
        message refused before with 413        | b | text/plain | yes     | 413 | 413 REPORT 413 1-5/5  | NONE
        message refused before with 403        | b | text/plain | yes     | 403 | 403 REPORT 403 1-5/5  | NONE
        refused, Failure-Report partial        | b | text/plain | partial | 415 | 415                   | NONE
        """)
    void aWholeSendIsCheckedInOrder(String what, String to, String type, String failureReport, int refusedWith,
            String replies, IncomingRules.Action action) {
        MsrpChunk chunk = send("hello");
        chunk.headers().set(new ToPathHeader(List.of(to.equals("b") ? B : C)));
        chunk.headers().set(new ContentTypeHeader(type));
        chunk.addHeader(new FailureReportHeader(mode(failureReport)));
        if (refusedWith != 0) {
            refusals.refuse("msg1", new Status(refusedWith, "no"));
        }

        IncomingRules.Verdict verdict = rules.onRequest(chunk);

        assertThat(show(verdict.replies())).as(what).isEqualTo(replies);
        assertThat(verdict.action()).as(what).isEqualTo(action);
    }

    @ParameterizedTest(name = "taken {0}, refused meanwhile with {1}, Success-Report {2}: {3}")
    @CsvSource(delimiter = '|', textBlock = """
        true  | 0   | no  | 200
        true  | 0   | yes | 200 REPORT 200 1-5/5
        false | 0   | no  | 413 REPORT 413 1-5/5
        false | 0   | yes | 413 REPORT 413 1-5/5
        true  | 415 | yes | 415 REPORT 415 1-5/5
        false | 403 | no  | 403 REPORT 403 1-5/5
        """)
    void aDeliveredSendIsAnsweredByWhatTheApplicationDid(boolean taken, int refusedMeanwhile, String successReport,
            String replies) {
        MsrpChunk chunk = send("hello").addHeader(new SuccessReportHeader(mode(successReport)));
        assertThat(rules.onRequest(chunk).action()).isEqualTo(IncomingRules.Action.DELIVER);
        if (refusedMeanwhile != 0) {
            refusals.refuse("msg1", new Status(refusedMeanwhile, "no"));
        }

        assertThat(show(rules.delivered(chunk, taken))).isEqualTo(replies);
        assertThat(refusals.isRefused("msg1")).isEqualTo(!taken || refusedMeanwhile != 0);
    }

    @Test
    void anEmptySendIsAKeepAliveAnsweredAndNotDelivered() {
        MsrpChunk empty = MsrpChunk.request("tid1", "SEND").addHeader(new ToPathHeader(List.of(B)))
                .addHeader(new FromPathHeader(List.of(A)));

        IncomingRules.Verdict verdict = rules.onRequest(empty);

        assertThat(show(verdict.replies())).isEqualTo("200");
        assertThat(verdict.action()).isEqualTo(IncomingRules.Action.NONE);
    }

    @Test
    void aChunkRefusedWhileItArrivesIsAnsweredAtOnceAndReportedWhenItsLastSegmentIsIn() {
        MsrpChunk first = ChunkInternals.markSegment(send("tid1", "msg1", "aaaa", 1, 12), 1, true);
        MsrpChunk second = ChunkInternals.markSegment(send("tid1", "msg1", "bbbb", 5, 12), 2, true);
        MsrpChunk last = ChunkInternals.markSegment(send("tid1", "msg1", "cccc", 9, 12), 3, false);

        assertThat(rules.onRequest(first).action()).isEqualTo(IncomingRules.Action.DELIVER);
        assertThat(show(rules.delivered(first, false))).isEqualTo("413");
        IncomingRules.Verdict middle = rules.onRequest(second);
        assertThat(show(middle.replies())).isEqualTo("-");
        assertThat(middle.action()).isEqualTo(IncomingRules.Action.NONE);
        IncomingRules.Verdict end = rules.onRequest(last);
        assertThat(show(end.replies())).isEqualTo("REPORT 413 1-12/12");
        assertThat(end.action()).isEqualTo(IncomingRules.Action.NONE);
    }

    @Test
    void aTakenSegmentIsAnsweredOnlyWithItsLast() {
        MsrpChunk first = ChunkInternals.markSegment(send("tid1", "msg1", "aaaa", 1, 8), 1, true);
        MsrpChunk last = ChunkInternals.markSegment(send("tid1", "msg1", "bbbb", 5, 8), 2, false);

        assertThat(rules.onRequest(first).action()).isEqualTo(IncomingRules.Action.DELIVER);
        assertThat(show(rules.delivered(first, true))).isEqualTo("-");
        assertThat(rules.onRequest(last).action()).isEqualTo(IncomingRules.Action.DELIVER);
        assertThat(show(rules.delivered(last, true))).isEqualTo("200");
    }

    @Test
    void aRefusedMessageGetsOneFailureReportAcrossItsChunks() {
        refusals.refuse("msg1", new Status(413, "stop"));
        MsrpChunk first = send("tid1", "msg1", "aaaa", 1, 8).setContinuation(Continuation.MORE);
        MsrpChunk second = send("tid2", "msg1", "bbbb", 5, 8);

        assertThat(show(rules.onRequest(first).replies())).isEqualTo("413 REPORT 413 1-4/8");
        assertThat(show(rules.onRequest(second).replies())).isEqualTo("413");
    }

    @Test
    void anAbortedChunkIsAnsweredButNotReported() {
        refusals.refuse("msg1", new Status(413, "stop"));
        MsrpChunk aborted = send("hello").setContinuation(Continuation.ABORT);

        assertThat(show(rules.onRequest(aborted).replies())).isEqualTo("413");
    }

    @Test
    void reportsAreNeverAnsweredAndAlwaysDelivered() {
        MsrpChunk report = MsrpChunk.request("rep1", "REPORT").addHeader(new ToPathHeader(List.of(B)))
                .addHeader(new FromPathHeader(List.of(A))).addHeader(new MessageIdHeader("msg1"))
                .addHeader(new StatusHeader(new Status(200, "OK")));

        IncomingRules.Verdict verdict = rules.onRequest(report);

        assertThat(show(verdict.replies())).isEqualTo("-");
        assertThat(verdict.action()).isEqualTo(IncomingRules.Action.REPORT);
    }

    @ParameterizedTest(name = "Use-Nickname {0}, taken {1}: {2}")
    @CsvSource({"false, true, 400", "true, true, 200", "true, false, 403"})
    void aNicknameNeedsUseNicknameAndIsAnsweredByWhatTheApplicationDid(boolean withName, boolean taken,
            String replies) {
        MsrpChunk nickname = MsrpChunk.request("nick1", "NICKNAME").addHeader(new ToPathHeader(List.of(B)))
                .addHeader(new FromPathHeader(List.of(A)));
        if (withName) {
            nickname.addHeader(new UseNicknameHeader("alice"));
        }

        IncomingRules.Verdict verdict = rules.onRequest(nickname);

        if (!withName) {
            assertThat(show(verdict.replies())).isEqualTo(replies);
            assertThat(verdict.action()).isEqualTo(IncomingRules.Action.NONE);
        } else {
            assertThat(verdict.action()).isEqualTo(IncomingRules.Action.DELIVER);
            assertThat(show(rules.delivered(nickname, taken))).isEqualTo(replies);
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"none, 501", "failed, 500", "response to another transaction, 500", "a request, 500",
        "its response, 299"})
    void anotherMethodGetsTheApplicationsAnswerOr501(String answer, String replies) {
        MsrpChunk other = MsrpChunk.request("oth1", "FILE_OFFSET").addHeader(new ToPathHeader(List.of(B)))
                .addHeader(new FromPathHeader(List.of(A)));
        assertThat(rules.onRequest(other).action()).isEqualTo(IncomingRules.Action.ASK);
        MsrpChunk given = switch (answer) {
            case "response to another transaction" -> MsrpChunk.response("oth2", 299, "Offset");
            case "a request" -> MsrpChunk.request("oth1", "SEND");
            case "its response" -> MsrpChunk.response("oth1", 299, "Offset");
            default -> null;
        };

        assertThat(show(rules.answered(other, given, answer.equals("failed")))).isEqualTo(replies);
    }
}
