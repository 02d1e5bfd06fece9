package org.msrp4j.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/** {@link Responses}: the RFC 4975 §7.2 response rule, without sockets. */
class ResponsesTest {

    private static final MsrpUri A = MsrpUri.parse("msrp://a.example.com:2855/aaaa;tcp");
    private static final MsrpUri B = MsrpUri.parse("msrp://b.example.com:2855/bbbb;tcp");
    private static final MsrpUri R1 = MsrpUri.parse("msrp://relay1.example.com:2855/r1r1;tcp");
    private static final MsrpUri R2 = MsrpUri.parse("msrp://relay2.example.com:2855/r2r2;tcp");
    private static final MsrpUri SELF = MsrpUri.parse("msrp://self.example.com:2855/self;tcp");
    private static final MsrpUri PREVIOUS = MsrpUri.parse("msrp://previous.example.com:2855/prev;tcp");

    private static MsrpChunk request(String method, List<MsrpUri> to, List<MsrpUri> from) {
        MsrpChunk c = MsrpChunk.request("tid12345", method);
        if (to != null) {
            c.addHeader(new ToPathHeader(to));
        }
        if (from != null) {
            c.addHeader(new FromPathHeader(from));
        }
        return c;
    }

    @ParameterizedTest(name = "{0} under Failure-Report {1} answered {2}: {3}")
    @CsvSource({
        "SEND, , 200, true",
        "SEND, , 413, true",
        "SEND, yes, 200, true",
        "SEND, yes, 481, true",
        "SEND, partial, 200, false",
        "SEND, partial, 408, true",
        "SEND, partial, 413, true",
        "SEND, no, 200, false",
        "SEND, no, 481, false",
        "REPORT, , 200, false",
        "REPORT, yes, 400, false",
        "NICKNAME, , 200, true",
        "AUTH, , 401, true",
        "AUTH, partial, 200, false",
        "FOO, , 501, true",
        "FOO, no, 501, false",
    })
    void whetherARequestIsAnswered(String method, String failureReport, int code, boolean answered) {
        MsrpChunk req = request(method, List.of(R1, B), List.of(R2, A));
        if (failureReport != null) {
            req.addHeader(new FailureReportHeader(ReportMode.valueOf(failureReport.toUpperCase(Locale.ROOT))));
        }

        MsrpChunk r = Responses.to(req, code, "why", SELF, PREVIOUS);

        assertThat(r != null).isEqualTo(answered);
        assertThat(Responses.mayAnswer(req, code)).isEqualTo(answered);
        if (answered) {
            assertThat(r.isResponse()).isTrue();
            assertThat(r.transactionId()).isEqualTo("tid12345");
            assertThat(r.code()).isEqualTo(code);
            assertThat(r.comment()).isEqualTo("why");
        }
    }

    @Test
    void theResponseGoesBackOneHopAndCarriesOnlyThePaths() {
        MsrpChunk req = request("SEND", List.of(R1, R2, B), List.of(R2, R1, A));
        req.addHeader(new MessageIdHeader("msg12345"));
        req.addHeader(new ByteRangeHeader(new ByteRange(1, 5, 5)));
        req.addHeader(new SuccessReportHeader(ReportMode.YES));
        req.addHeader(new ContentTypeHeader("text/plain"));
        req.setData("hello".getBytes(StandardCharsets.UTF_8));

        MsrpChunk r = Responses.to(req, 200, "OK", SELF, PREVIOUS);

        assertThat(r.toPath()).containsExactly(R2);
        assertThat(r.fromPath()).containsExactly(R1);
        assertThat(r.headers().size()).isEqualTo(2);
        assertThat(r.messageId()).isNull();
        assertThat(r.byteRange()).isNull();
        assertThat(r.hasBody()).isFalse();
        assertThat(r.continuation()).isEqualTo(Continuation.END);
    }

    @Test
    void aRequestWithoutFromPathIsAnsweredToThePreviousHopGivenElseNotAtAll() {
        MsrpChunk req = request("SEND", List.of(B), null);

        MsrpChunk r = Responses.to(req, 400, "From-Path is required", SELF, PREVIOUS);

        assertThat(r.toPath()).containsExactly(PREVIOUS);
        assertThat(r.fromPath()).containsExactly(B);
        assertThat(Responses.to(req, 400, "From-Path is required", SELF, null)).isNull();
    }

    @Test
    void aRequestWithoutToPathIsAnsweredFromSelfGivenElseNotAtAll() {
        MsrpChunk req = request("SEND", null, List.of(A));

        MsrpChunk r = Responses.to(req, 400, "To-Path is required", SELF, PREVIOUS);

        assertThat(r.toPath()).containsExactly(A);
        assertThat(r.fromPath()).containsExactly(SELF);
        assertThat(Responses.to(req, 400, "To-Path is required", null, PREVIOUS)).isNull();
    }

    @Test
    void theRequestsOwnPathsWinOverTheFallbacks() {
        MsrpChunk r = Responses.to(request("SEND", List.of(B), List.of(A)), 481, null, SELF, PREVIOUS);

        assertThat(r.toPath()).containsExactly(A);
        assertThat(r.fromPath()).containsExactly(B);
        assertThat(r.comment()).isNull();
    }

    @Test
    void aResponseCannotBeAnswered() {
        MsrpChunk response = MsrpChunk.response("tid12345", 200, "OK");

        assertThatThrownBy(() -> Responses.to(response, 200, "OK", SELF, PREVIOUS))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
