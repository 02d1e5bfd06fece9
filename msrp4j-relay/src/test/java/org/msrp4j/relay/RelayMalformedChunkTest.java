package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.msrp4j.relay.RelayTestKit.Client;
import static org.msrp4j.relay.RelayTestKit.send;
import static org.msrp4j.relay.RelayTestKit.toPath;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.ContentTypeHeader;
import org.msrp4j.protocol.header.FromPathHeader;
import org.msrp4j.protocol.header.ToPathHeader;

/**
 * Issue 16 item 1: a chunk whose body overruns its Byte-Range, sent to bob by anyone who saw his
 * path, gets 400 and is cut; it neither closes bob's connection (whatever bob answers) nor leaves
 * the relay unable to report on it.
 */
@Timeout(60)
class RelayMalformedChunkTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private MsrpRelay relay;

    @BeforeEach
    void start() throws IOException {
        relay = RelayTestKit.relay(b -> b.responseTimeout(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        relay.close();
    }

    /** A SEND to bob claiming {@code range} with a body of {@code size} bytes, written raw. */
    private static MsrpChunk overrun(Client from, Client bob, ByteRange range, int size) throws IOException {
        MsrpChunk bad = send(toPath(from, bob.fullPath()), List.of(from.localUri), "x");
        bad.addHeader(new ByteRangeHeader(range));
        byte[] body = new byte[size];
        Arrays.fill(body, (byte) 'z');
        bad.setData(body);
        from.tcp.getOutputStream().write(bad.encode());
        return bad;
    }

    @Test
    void aShortChunkOverrunningItsByteRangeGets400AndNeverReachesBob() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            MsrpChunk bad = overrun(attacker, bob, new ByteRange(1, 5, 5), 100);
            MsrpChunk answer = attacker.read();
            assertThat(answer.transactionId()).isEqualTo(bad.transactionId());
            assertThat(answer.code()).isEqualTo(400);
            assertThat(bob.poll(Duration.ofMillis(300))).as("the bad chunk is dropped whole").isNull();
            honest.assertServed();
        }
    }

    @Test
    void bobAnsweringAnErrorToAnOverrunningChunkKeepsHisConnection() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            // long enough to stream (see ForwardedChunk): what the range allows goes on, then '#'
            MsrpChunk bad = overrun(attacker, bob, new ByteRange(1, 20_000, 20_000), 30_000);
            MsrpChunk answer = attacker.read();
            assertThat(answer.transactionId()).isEqualTo(bad.transactionId());
            assertThat(answer.code()).isEqualTo(400);

            MsrpChunk got = bob.read();
            assertThat(got.data()).as("only the bytes within the Byte-Range went on").hasSize(20_000);
            assertThat(got.continuation()).isEqualTo(Continuation.ABORT);
            bob.write(bob.transport.makeResponse(got, 400, "Bad request"));

            honest.assertServed();
        }
    }

    @Test
    void anOverrunningChunkToASilentBobGets400AndNoLateReport() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client carol = Client.connect(relay.listenerUri(false)).authOk("carol")) {
            Client bob = honest.receiver();
            MsrpChunk bad = overrun(carol, bob, new ByteRange(1, 20_000, 20_000), 30_000);
            MsrpChunk answer = carol.read();
            assertThat(answer.transactionId()).isEqualTo(bad.transactionId());
            assertThat(answer.code()).isEqualTo(400);
            assertThat(bob.read().continuation()).isEqualTo(Continuation.ABORT);
            // the response timeout passes without bob's answer: nothing more for carol, relay still serving
            assertThat(carol.poll(Duration.ofSeconds(3))).isNull();
            honest.assertServed();
        }
    }

    @Test
    void aBodyBeyondTheTotalOfAnOpenEndedRangeGets400() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            overrun(attacker, bob, new ByteRange(3, ByteRange.UNKNOWN, 20_002), 30_000);
            assertThat(attacker.read().code()).isEqualTo(400);
            MsrpChunk got = bob.read();
            assertThat(got.data()).hasSize(20_000);
            assertThat(got.continuation()).isEqualTo(Continuation.ABORT);
            bob.write(bob.transport.makeResponse(got, 413, "Too large"));
            honest.assertServed();
        }
    }

    @Test
    void aGoodChunkInTheSameReadAsABadOneStillGoesOn() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client carol = Client.connect(relay.listenerUri(false)).authOk("carol")) {
            Client bob = honest.receiver();
            MsrpChunk good = send(toPath(carol, bob.fullPath()), List.of(carol.localUri), "good");
            MsrpChunk bad = send(toPath(carol, bob.fullPath()), List.of(carol.localUri), "x");
            bad.addHeader(new ByteRangeHeader(new ByteRange(1, 5, 5)));
            bad.setData(new byte[100]);
            ByteArrayOutputStream both = new ByteArrayOutputStream();
            both.writeBytes(good.encode());
            both.writeBytes(bad.encode());
            carol.tcp.getOutputStream().write(both.toByteArray());
            MsrpChunk got = bob.read();
            assertThat(got.messageId()).isEqualTo(good.messageId());
            bob.write(bob.transport.makeResponse(got, 200, "OK"));
            MsrpChunk first = carol.read();
            MsrpChunk second = carol.read();
            assertThat(first.transactionId()).isEqualTo(good.transactionId());
            assertThat(first.code()).isEqualTo(200);
            assertThat(second.transactionId()).isEqualTo(bad.transactionId());
            assertThat(second.code()).isEqualTo(400);
            honest.assertServed();
        }
    }

    @Test
    void aRequestOtherThanSendWithALongBodyGets413AndNeverReachesBob() throws IOException {
        try (HonestClient honest = HonestClient.start(relay, false, LOOPBACK, "alice", "bob");
                Client attacker = Client.connect(relay.listenerUri(false))) {
            Client bob = honest.receiver();
            MsrpChunk big = MsrpChunk.request(MsrpGrammar.randomIdent(10), "NICKNAME");
            big.addHeader(new ToPathHeader(bob.fullPath()));
            big.addHeader(new FromPathHeader(List.of(attacker.localUri)));
            big.addHeader(new ContentTypeHeader("text/plain"));
            big.setData(new byte[ForwardedChunk.STORE_LIMIT + 1]);
            attacker.tcp.getOutputStream().write(big.encode());
            MsrpChunk answer = attacker.read();
            assertThat(answer.transactionId()).isEqualTo(big.transactionId());
            assertThat(answer.code()).isEqualTo(413);
            assertThat(bob.poll(Duration.ofMillis(300))).as("nothing of it went on").isNull();
            honest.assertServed();
        }
    }

    @Test
    void theFailureReportNeverNamesBytesBeyondTheRange() {
        MsrpUri uri = MsrpUri.parse("msrp://127.0.0.1:2855/abcd1234;tcp");
        MsrpChunk chunk = send(List.of(uri), List.of(uri), "x");
        chunk.addHeader(new ByteRangeHeader(new ByteRange(1, 5, 5)));
        assertThatCode(() -> RelayChunks.failureReport(chunk, 0, 100, 400, "Bad")).doesNotThrowAnyException();
        assertThat(RelayChunks.failureReport(chunk, 0, 100, 400, "Bad").byteRange()).isEqualTo(new ByteRange(1, 5, 5));
        assertThat(RelayChunks.failureReport(chunk, 0, 3, 400, "Bad").byteRange()).isEqualTo(new ByteRange(1, 3, 5));
        assertThat(RelayChunks.passedOn(new ByteRange(4, ByteRange.UNKNOWN, 6), 0, 10))
                .isEqualTo(new ByteRange(4, 6, 6));
        assertThat(RelayChunks.passedOn(new ByteRange(1, ByteRange.UNKNOWN, 100), 40, 10))
                .isEqualTo(new ByteRange(41, 50, 100));
    }
}
