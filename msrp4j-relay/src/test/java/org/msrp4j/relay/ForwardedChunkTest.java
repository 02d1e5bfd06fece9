package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.MsrpChunk;

/** How a short chunk's body is gathered while it cannot go on yet. */
class ForwardedChunkTest {

    private static ForwardedChunk chunk() {
        return ForwardedChunk.local(MsrpChunk.request("tid0001", "SEND"));
    }

    private static String drain(ForwardedChunk c) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        c.drainGathered(out::write);
        return out.toString(StandardCharsets.US_ASCII);
    }

    @Test
    void bytesGatheredInAnEarlierReadSurviveTheReuseOfTheReadBuffer() {
        ForwardedChunk c = chunk();
        byte[] readBuffer = "abcdef".getBytes(StandardCharsets.US_ASCII);
        c.gather(ByteBuffer.wrap(readBuffer, 1, 3));
        c.keepGathered(); // the end of the read
        System.arraycopy("uvwxyz".getBytes(StandardCharsets.US_ASCII), 0, readBuffer, 0, 6);
        c.gather(ByteBuffer.wrap(readBuffer, 0, 2));
        c.gather(ByteBuffer.wrap(new byte[] {'!'})); // e.g. end-line bytes the parser handed back as data
        assertThat(c.gatheredLength()).isEqualTo(6);
        assertThat(drain(c)).isEqualTo("bcduv!");
        assertThat(c.gatheredLength()).isZero();
        assertThat(drain(c)).isEmpty();
    }

    @Test
    void aBodyCompleteInOneReadGoesOnFromTheReadBufferWithoutBeingKept() {
        ForwardedChunk c = chunk();
        byte[] readBuffer = "headbody".getBytes(StandardCharsets.US_ASCII);
        c.gather(ByteBuffer.wrap(readBuffer, 4, 4));
        byte[][] passed = new byte[1][];
        c.drainGathered((b, off, len) -> passed[0] = b);
        assertThat(passed[0]).as("handed on from where the parser reported it").isSameAs(readBuffer);
    }

    @Test
    void theStoreHoldsAtMostItsLimitAcrossReads() {
        ForwardedChunk c = chunk();
        int half = ForwardedChunk.STORE_LIMIT / 2;
        c.gather(ByteBuffer.wrap(new byte[half]));
        c.keepGathered();
        assertThat(c.fitsStore(half)).isTrue();
        c.gather(ByteBuffer.wrap(new byte[half]));
        assertThat(c.fitsStore(1)).as("this read's bytes count before they are kept").isFalse();
        c.keepGathered();
        assertThat(c.gatheredLength()).isEqualTo(ForwardedChunk.STORE_LIMIT);
        c.dropStore();
        assertThat(c.gatheredLength()).isZero();
        assertThat(c.fitsStore(ForwardedChunk.STORE_LIMIT)).isTrue();
    }

    @Test
    void theDeadlineOfAnUntimedWaitIsWhenTheChunkFirstBecomesTooSlow() {
        long second = 1_000_000_000L;
        ForwardedChunk c = chunk();
        c.startedAt = 0;
        c.bytes = 1000;
        long never = Long.MAX_VALUE / 2;
        // 100 bytes/s: 1000 bytes are too slow after 10 s, past the grace of 5 s
        long at = c.tooSlowAt(0, 5 * second, 100, never);
        assertThat(c.tooSlow(at, 0, 5 * second, 100)).isTrue();
        assertThat(c.tooSlow(at - 1, 0, 5 * second, 100)).isFalse();
        // a maximum time of 3 s comes first
        at = c.tooSlowAt(3 * second, 5 * second, 100, never);
        assertThat(c.tooSlow(at, 3 * second, 5 * second, 100)).isTrue();
        assertThat(c.tooSlow(at - 1, 3 * second, 5 * second, 100)).isFalse();
        // a stall deadline that comes earlier stands
        assertThat(c.tooSlowAt(3 * second, 5 * second, 100, second)).isEqualTo(second);
        // no limits: only the stall deadline
        assertThat(c.tooSlowAt(0, 5 * second, 0, never)).isEqualTo(never);
    }
}
