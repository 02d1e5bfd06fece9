package org.msrp4j.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.transport.Loop.A;
import static org.msrp4j.transport.Loop.B;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.ChunkParser;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;

/** {@link MsrpTransport#newChunk()} and {@link ChunkBuilder}: msrplib's make_chunk. */
@Timeout(value = 10, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ChunkBuilderTest {

    private static final MsrpUri R1 = MsrpUri.parse("msrp://relay1.example.com:2855/r1r1r1;tcp");
    private static final MsrpUri R2 = MsrpUri.parse("msrp://relay2.example.com:2855/r2r2r2;tcp");
    private static final MsrpUri R3 = MsrpUri.parse("msrp://relay3.example.com:2855/r3r3r3;tcp");

    private Loop loop;
    /** At A behind relays R1, R2; the peer B is behind relay R3. */
    private MsrpTransport relayed;
    /** At A, direct to B. */
    private MsrpTransport direct;

    @BeforeEach
    void setUp() throws Exception {
        loop = new Loop();
        Socket[] s = loop.socketPair("127.0.0.1");
        relayed = loop.transport(s[0], A, List.of(R1, R2), TransportSettings.DEFAULT);
        relayed.setFullRemotePath(List.of(R3, B));
        direct = loop.transport(s[1], A, TransportSettings.DEFAULT);
        direct.setFullRemotePath(List.of(B));
    }

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
    }

    @Test
    void addressesAlongLocalRelaysThenTheRemotePath() {
        MsrpChunk c = relayed.newChunk().build();

        assertThat(c.toPath()).containsExactly(R1, R2, R3, B);
        assertThat(c.fromPath()).containsExactly(A);
        assertThat(relayed.fullLocalPath()).containsExactly(R1, R2, A);
        assertThat(direct.newChunk().build().toPath()).containsExactly(B);
    }

    @Test
    void defaultsToASendWithFreshRandomIds() {
        Set<String> tids = new HashSet<>();
        Set<String> messageIds = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            MsrpChunk c = direct.newChunk().build();
            assertThat(c.isRequest()).isTrue();
            assertThat(c.method()).isEqualTo("SEND");
            assertThat(c.transactionId()).matches("[A-Za-z0-9]{4,32}");
            assertThat(c.messageId()).matches("[A-Za-z0-9]{4,32}");
            tids.add(c.transactionId());
            messageIds.add(c.messageId());
        }
        assertThat(tids).hasSize(50);
        assertThat(messageIds).hasSize(50);
    }

    @Test
    void explicitIdsAreKept() {
        MsrpChunk c = direct.newChunk().transactionId("tid12345").messageId("msg12345").build();

        assertThat(c.transactionId()).isEqualTo("tid12345");
        assertThat(c.messageId()).isEqualTo("msg12345");
    }

    @Test
    void byteRangeDefaultsToTheWholeMessageInOneChunk() {
        MsrpChunk c = direct.newChunk().data("hello").build();

        assertThat(c.byteRange()).isEqualTo(new ByteRange(1, 5, 5));
        assertThat(c.header("Byte-Range").encode()).isEqualTo("1-5/5");
        assertThat(c.continuation()).isEqualTo(Continuation.END);
        assertThat(new String(c.encode(), StandardCharsets.US_ASCII))
                .endsWith("\r\nhello\r\n-------" + c.transactionId() + "$\r\n");
    }

    @Test
    void emptySendHasAnEmptyRangeAndNoBody() {
        MsrpChunk c = direct.newChunk().build();

        assertThat(c.header("Byte-Range").encode()).isEqualTo("1-0/0");
        assertThat(c.continuation()).isEqualTo(Continuation.END);
        assertThat(c.hasBody()).isFalse();
        assertThat(c.contentType()).isNull();
        assertThat(new String(c.encode(), StandardCharsets.US_ASCII))
                .endsWith("Byte-Range: 1-0/0\r\n-------" + c.transactionId() + "$\r\n");
    }

    @Test
    void largerTotalMeansMoreToComeAndUnknownTotalIsAStar() {
        MsrpChunk first = direct.newChunk().data("hello").total(12).build();
        assertThat(first.header("Byte-Range").encode()).isEqualTo("1-5/12");
        assertThat(first.continuation()).isEqualTo(Continuation.MORE);

        MsrpChunk last = direct.newChunk().data("world!!").start(6).total(12).build();
        assertThat(last.header("Byte-Range").encode()).isEqualTo("6-12/12");
        assertThat(last.continuation()).isEqualTo(Continuation.END);

        MsrpChunk stream = direct.newChunk().data("hello").total(ByteRange.UNKNOWN).build();
        assertThat(stream.header("Byte-Range").encode()).isEqualTo("1-5/*");
        assertThat(stream.continuation()).isEqualTo(Continuation.MORE);

        MsrpChunk open = direct.newChunk().data("hello").end(ByteRange.UNKNOWN).total(ByteRange.UNKNOWN).build();
        assertThat(open.header("Byte-Range").encode()).isEqualTo("1-*/*");
        assertThat(open.continuation()).isEqualTo(Continuation.MORE);
    }

    /** REPORTs are never interrupted (RFC 4975 §7.1.2): '$' even when they cover part of a message. */
    @Test
    void aReportEndsInDollarWhateverItsRange() {
        MsrpChunk part = direct.newChunk().method("REPORT").start(1).end(5).total(12).build();
        assertThat(part.continuation()).isEqualTo(Continuation.END);
        MsrpChunk open = direct.newChunk().method("REPORT").start(6).end(ByteRange.UNKNOWN).total(ByteRange.UNKNOWN)
                .build();
        assertThat(open.continuation()).isEqualTo(Continuation.END);
    }

    @Test
    void explicitContinuationWins() {
        MsrpChunk c = direct.newChunk().data("x").continuation(Continuation.ABORT).build();

        assertThat(c.continuation()).isEqualTo(Continuation.ABORT);
        assertThat(c.header("Byte-Range").encode()).isEqualTo("1-1/1");
    }

    @Test
    void textDataGetsTextPlainUnlessAnotherTypeIsSet() {
        assertThat(direct.newChunk().data("hi").build().contentType()).isEqualTo("text/plain");
        assertThat(direct.newChunk().contentType("text/html").data("<b>hi</b>").build().contentType())
                .isEqualTo("text/html");
        assertThat(direct.newChunk().data("hi").contentType("message/cpim").build().contentType())
                .isEqualTo("message/cpim");
        assertThat(direct.newChunk().data(new byte[] {1, 2, 3}).contentType("application/octet-stream").build()
                .contentType()).isEqualTo("application/octet-stream");
        MsrpChunk utf8 = direct.newChunk().data("h\u00e9").build();
        assertThat(utf8.data()).isEqualTo("h\u00e9".getBytes(StandardCharsets.UTF_8));
        assertThat(utf8.header("Byte-Range").encode()).isEqualTo("1-3/3");
    }

    @Test
    void responseHasNoMessageIdByteRangeOrBody() {
        MsrpChunk r = direct.newChunk().transactionId("abcd1234").response(200, "OK").build();

        assertThat(r.isResponse()).isTrue();
        assertThat(r.transactionId()).isEqualTo("abcd1234");
        assertThat(r.code()).isEqualTo(200);
        assertThat(r.comment()).isEqualTo("OK");
        assertThat(r.messageId()).isNull();
        assertThat(r.byteRange()).isNull();
        assertThat(r.contentType()).isNull();
        assertThat(r.hasBody()).isFalse();
        assertThat(r.toPath()).containsExactly(B);
        assertThat(r.fromPath()).containsExactly(A);
        assertThat(new String(r.encodeStart(), StandardCharsets.US_ASCII)).startsWith("MSRP abcd1234 200 OK\r\n");
    }

    @Test
    void responseWithDataIsRefused() {
        ChunkBuilder b = direct.newChunk().response(200, "OK").data("oops");

        assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void reportGetsMessageIdAndByteRangeOtherMethodsDoNot() {
        MsrpChunk report = direct.newChunk().method("REPORT").build();
        assertThat(report.method()).isEqualTo("REPORT");
        assertThat(report.messageId()).isNotNull();
        assertThat(report.byteRange()).isNotNull();

        MsrpChunk nick = direct.newChunk().method("NICKNAME").build();
        assertThat(nick.messageId()).isNull();
        assertThat(nick.byteRange()).isNull();
    }

    @Test
    void extraHeadersAreAdded() {
        MsrpChunk c = direct.newChunk().header(new FailureReportHeader(ReportMode.PARTIAL)).build();

        assertThat(c.failureReport()).isEqualTo(ReportMode.PARTIAL);
    }

    @Test
    void builtChunksAreValidOnTheWire() throws Exception {
        for (MsrpChunk c : List.of(relayed.newChunk().data("hello").build(), relayed.newChunk().build(),
                relayed.newChunk().method("REPORT").build(), relayed.newChunk().response(481, "no session").build(),
                relayed.newChunk().data("part").total(ByteRange.UNKNOWN).build())) {
            c.verifyHeaders();
            assertThat(ChunkParser.parse(c.encode())).isEqualTo(c);
        }
    }

    @Test
    void anUnboundTransportCannotBuild() throws Exception {
        Socket[] s = loop.socketPair("127.0.0.1");
        MsrpTransport noRemote = loop.transport(s[0], A, TransportSettings.DEFAULT);
        MsrpTransport noLocal = loop.transport(s[1], null, TransportSettings.DEFAULT);
        noLocal.setFullRemotePath(List.of(A));

        assertThatThrownBy(noRemote::newChunk).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(noLocal::newChunk).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> noRemote.setFullRemotePath(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
