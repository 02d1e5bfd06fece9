package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.transport.Loop.A;
import static org.msrp4j.transport.Loop.B;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;
import org.msrp4j.transport.internal.SendPaths;

/**
 * {@link MsrpTransport#makeResponse}, {@link MsrpTransport#checkIncomingSendChunk} and {@link
 * SendPaths#check}.
 */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MsrpTransportPathsTest {

    private static final MsrpUri R1 = MsrpUri.parse("msrp://relay1.example.com:2855/r1r1r1;tcp");
    private static final MsrpUri R2 = MsrpUri.parse("msrp://relay2.example.com:2855/r2r2r2;tcp");
    private static final MsrpUri R3 = MsrpUri.parse("msrp://relay3.example.com:2855/r3r3r3;tcp");
    private static final MsrpUri C = MsrpUri.parse("msrp://127.0.0.1:7003/cccc3333;tcp");

    private Loop loop;

    @BeforeEach
    void setUp() {
        loop = new Loop();
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
    }

    private static MsrpChunk request(String method, List<MsrpUri> to, List<MsrpUri> from) {
        MsrpChunk c = MsrpChunk.request("req12345", method);
        if (to != null) {
            c.addHeader(new ToPathHeader(to));
        }
        if (from != null) {
            c.addHeader(new FromPathHeader(from));
        }
        return c;
    }

    private static MsrpChunk send(List<MsrpUri> to, List<MsrpUri> from) {
        return request("SEND", to, from);
    }

    // ---------------------------------------------------------------- makeResponse

    @Test
    void responseGoesBackOneHop() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk req = send(List.of(R1, R2, B), List.of(R3, A));

        MsrpChunk r = p.b().makeResponse(req, 200, "OK");

        assertThat(r.isResponse()).isTrue();
        assertThat(r.transactionId()).isEqualTo("req12345");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.comment()).isEqualTo("OK");
        assertThat(r.toPath()).containsExactly(R3);
        assertThat(r.fromPath()).containsExactly(R1);
        assertThat(r.messageId()).isNull();
        assertThat(r.byteRange()).isNull();
        assertThat(r.hasBody()).isFalse();
    }

    @Test
    void noResponseToReports() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk report = request("REPORT", List.of(B), List.of(A));

        assertThat(p.b().makeResponse(report, 200, "OK")).isNull();
        assertThat(p.b().makeResponse(report, 400, "bad")).isNull();
        assertThat(p.b().writeResponse(report, 200, "OK")).isFalse();
        assertThatThrownBy(() -> p.a().readChunk(0, Duration.ofMillis(150))).isInstanceOf(MsrpTimeoutException.class);
    }

    @Test
    void failureReportNoMeansNoResponseAtAll() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk req = send(List.of(B), List.of(A)).addHeader(new FailureReportHeader(ReportMode.NO));

        assertThat(p.b().makeResponse(req, 200, "OK")).isNull();
        assertThat(p.b().makeResponse(req, 481, "no")).isNull();
        assertThat(p.b().writeResponse(req, 413, "stop")).isFalse();
        assertThatThrownBy(() -> p.a().readChunk(0, Duration.ofMillis(150))).isInstanceOf(MsrpTimeoutException.class);
    }

    @Test
    void failureReportPartialMeansErrorsOnly() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk req = send(List.of(B), List.of(A)).addHeader(new FailureReportHeader(ReportMode.PARTIAL));

        assertThat(p.b().makeResponse(req, 200, "OK")).isNull();
        MsrpChunk error = p.b().makeResponse(req, 413, "stop");
        assertThat(error).isNotNull();
        assertThat(error.code()).isEqualTo(413);
        assertThat(error.toPath()).containsExactly(A);
        assertThat(error.fromPath()).containsExactly(B);

        assertThat(p.b().writeResponse(req, 200, "OK")).isFalse();
        assertThat(p.b().writeResponse(req, 400, "bad")).isTrue();
        MsrpChunk got = Loop.read(p.a());
        assertThat(got.code()).isEqualTo(400);
        assertThat(got.transactionId()).isEqualTo("req12345");
    }

    @Test
    void failureReportYesGetsEveryResponse() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk req = send(List.of(B), List.of(A)).addHeader(new FailureReportHeader(ReportMode.YES));

        assertThat(p.b().makeResponse(req, 200, "OK")).isNotNull();
        assertThat(p.b().makeResponse(req, 481, null).comment()).isNull();
    }

    @Test
    void aResponseCannotBeAnswered() throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk response = MsrpChunk.response("req12345", 200, "OK");

        assertThatThrownBy(() -> p.b().makeResponse(response, 200, "OK")).isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- path checks

    @Test
    void rightPathsPass() throws Exception {
        Loop.Pair p = loop.tcp();

        assertThat(p.b().checkIncomingSendChunk(send(List.of(B), List.of(A)))).isEmpty();
        assertThat(p.a().checkIncomingSendChunk(send(List.of(A), List.of(B)))).isEmpty();
        assertThat(p.b().checkIncomingSendChunk(p.a().newChunk().data("x").build())).isEmpty();
        // RFC 4975 §6.1: the host compares case-insensitively, IP addresses by value
        MsrpUri sameA = MsrpUri.parse("MSRP://127.0.0.1:7001/aaaa1111;TCP");
        assertThat(p.b().checkIncomingSendChunk(send(List.of(B), List.of(sameA)))).isEmpty();
    }

    @Test
    void newChunksFollowThePathsOnceTheyChange() throws Exception {
        Loop.Pair p = loop.tcp();
        assertThat(p.a().newChunk().build().toPath()).containsExactly(B);

        p.a().setFullRemotePath(List.of(R3, B));
        p.a().setLocalRelayPath(List.of(R1));
        MsrpChunk relayed = p.a().newChunk().build();
        assertThat(relayed.toPath()).containsExactly(R1, R3, B);
        assertThat(relayed.fromPath()).containsExactly(A);
        assertThat(new String(relayed.encodeStart(), StandardCharsets.UTF_8))
                .contains("To-Path: " + R1 + " " + R3 + " " + B + "\r\n");
    }

    @Test
    void wrongToPathIs481() throws Exception {
        Loop.Pair p = loop.tcp();

        assertCode(p.b().checkIncomingSendChunk(send(List.of(C), List.of(A))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(A), List.of(A))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(B.withPort(7999)), List.of(A))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(B.withSessionId("other123")), List.of(A))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(R1, B), List.of(A))), 481);
    }

    @Test
    void wrongFromPathIs481() throws Exception {
        Loop.Pair p = loop.tcp();

        assertCode(p.b().checkIncomingSendChunk(send(List.of(B), List.of(C))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(B), List.of(R1, A))), 481);
        assertCode(p.b().checkIncomingSendChunk(send(List.of(B), List.of(A.withSessionId("other123")))), 481);
    }

    @Test
    void missingPathsAre400() {
        assertCode(SendPaths.check(send(List.of(B), null), B, List.of(), List.of(A), false), 400);
        assertCode(SendPaths.check(send(null, List.of(A)), B, List.of(), List.of(A), false), 400);
    }

    @Test
    void unboundSideAnswers481() {
        assertCode(SendPaths.check(send(List.of(B), List.of(A)), B, List.of(), null, false), 481);
        assertCode(SendPaths.check(send(List.of(B), List.of(A)), null, List.of(), List.of(A), false), 481);
    }

    @Test
    void sessmatchComparesOnlySessionIds() throws Exception {
        MsrpUri otherB = MsrpUri.parse("msrp://gateway.example.com:9999/bbbb2222;tcp");
        MsrpUri otherA = MsrpUri.parse("msrps://[::1]:1234/aaaa1111;tcp");
        MsrpChunk natted = send(List.of(otherB), List.of(R1, otherA));

        assertThat(SendPaths.check(natted, B, List.of(), List.of(A), true)).isEmpty();
        assertCode(SendPaths.check(natted, B, List.of(), List.of(A), false), 481);
        assertCode(SendPaths.check(send(List.of(B.withSessionId("zzzz9999")), List.of(A)), B,
                List.of(), List.of(A), true), 481);
        assertCode(SendPaths.check(send(List.of(B), List.of(A.withSessionId("zzzz9999"))), B,
                List.of(), List.of(A), true), 481);

        Loop.Pair p = loop.tcp("127.0.0.1", TransportSettings.DEFAULT,
                TransportSettings.builder().useSessmatch(true).build());
        assertThat(p.b().checkIncomingSendChunk(natted)).isEmpty();
        assertCode(p.a().checkIncomingSendChunk(send(List.of(A), List.of(otherA))), 481);
    }

    @Test
    void withLocalRelaysTheFromPathIsTheRelaysReversedThenTheRemotePath() throws Exception {
        // B is behind relays R1, R2 (Use-Path order: R1 nearest to B); A is behind R3
        List<MsrpUri> relays = List.of(R1, R2);
        List<MsrpUri> remote = List.of(R3, A);

        assertThat(SendPaths.check(send(List.of(B), List.of(R2, R1, R3, A)), B, relays, remote, false))
                .isEmpty();
        assertCode(SendPaths.check(send(List.of(B), List.of(R1, R2, R3, A)), B, relays, remote, false),
                481);
        assertCode(SendPaths.check(send(List.of(B), List.of(R3, A)), B, relays, remote, false), 481);
        assertCode(SendPaths.check(send(List.of(B), List.of(R2, R1, A)), B, relays, remote, false), 481);

        Socket[] s = loop.socketPair("127.0.0.1");
        MsrpTransport t = loop.transport(s[1], B, relays, TransportSettings.DEFAULT);
        t.setFullRemotePath(remote);
        assertThat(t.checkIncomingSendChunk(send(List.of(B), List.of(R2, R1, R3, A)))).isEmpty();
        assertCode(t.checkIncomingSendChunk(send(List.of(B), List.of(R3, A))), 481);
    }

    @ParameterizedTest
    @EnumSource(ReportMode.class)
    void responsesToMalformedlyAddressedRequestsStillGoBackAHop(ReportMode mode) throws Exception {
        Loop.Pair p = loop.tcp();
        MsrpChunk req = send(List.of(C), List.of(R3, A)).addHeader(new FailureReportHeader(mode));
        Optional<Status> check = p.b().checkIncomingSendChunk(req);
        assertCode(check, 481);

        MsrpChunk r = p.b().makeResponse(req, check.get().code(), check.get().comment());

        if (mode == ReportMode.NO) {
            assertThat(r).isNull();
        } else {
            assertThat(r.code()).isEqualTo(481);
            assertThat(r.toPath()).containsExactly(R3);
            assertThat(r.fromPath()).containsExactly(C);
        }
    }

    private static void assertCode(Optional<Status> status, int code) {
        assertThat(status).isPresent();
        assertThat(status.get().code()).isEqualTo(code);
    }
}
