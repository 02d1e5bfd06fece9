package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** {@link FrameGuard}: masking and the size of fragmented messages, with frames split anywhere across reads. */
class FrameGuardTest {

    private static byte[] frames(byte[]... frames) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            b.writeBytes(f);
        }
        return b.toByteArray();
    }

    /** The first non-zero answer when {@code bytes} come in reads of {@code step} bytes, else 0. */
    private static int feed(FrameGuard guard, byte[] bytes, int step) {
        for (int off = 0; off < bytes.length; off += step) {
            int r = guard.check(bytes, off, Math.min(step, bytes.length - off));
            if (r != 0) {
                return r;
            }
        }
        return 0;
    }

    @Test
    void maskedMessagesWithinTheCapPassHoweverTheyAreRead() {
        byte[] ok = frames(RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[1000]),
                RawWebSocket.frameBytes(false, RawWebSocket.TEXT, true, new byte[300]),
                RawWebSocket.frameBytes(true, RawWebSocket.PING, true, new byte[5]),
                RawWebSocket.frameBytes(true, RawWebSocket.CONTINUATION, true, new byte[700]),
                RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[70_000]),
                RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[0]));
        for (int step : new int[] {1, 2, 3, 7, 100, ok.length}) {
            assertThat(feed(new FrameGuard(70_000), ok, step)).as("step %d", step).isZero();
        }
    }

    @Test
    void anUnmaskedFrameIsAProtocolError() {
        byte[] bad = frames(RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[10]),
                RawWebSocket.frameBytes(true, RawWebSocket.BINARY, false, new byte[10]));
        for (int step : new int[] {1, 5, bad.length}) {
            assertThat(feed(new FrameGuard(1000), bad, step)).isEqualTo(FrameGuard.PROTOCOL_ERROR);
        }
    }

    @Test
    void aControlFrameThatIsFragmentedOrLongerThan125BytesIsAProtocolErrorAtItsHeader() {
        byte[] longPing = RawWebSocket.frameBytes(true, RawWebSocket.PING, true, new byte[126]);
        assertThat(new FrameGuard(1000).check(longPing, 0, 8)).isEqualTo(FrameGuard.PROTOCOL_ERROR);
        byte[] hugePing = {(byte) 0x89, (byte) 0xff, 0, 0, 0, 0, 0, 1, 0, 0, 1, 2, 3, 4};
        assertThat(new FrameGuard(1000).check(hugePing, 0, hugePing.length)).isEqualTo(FrameGuard.PROTOCOL_ERROR);
        byte[] fragmentedClose = RawWebSocket.frameBytes(false, RawWebSocket.CLOSE, true, new byte[2]);
        assertThat(feed(new FrameGuard(1000), fragmentedClose, 1)).isEqualTo(FrameGuard.PROTOCOL_ERROR);
        byte[] longestPing = RawWebSocket.frameBytes(true, RawWebSocket.PING, true, new byte[125]);
        assertThat(feed(new FrameGuard(1000), longestPing, 3)).isZero();
    }

    @Test
    void aMessageOverTheCapIsTooBigAtTheHeaderThatCrossesIt() {
        byte[] whole = RawWebSocket.frameBytes(true, RawWebSocket.BINARY, true, new byte[1001]);
        assertThat(new FrameGuard(1000).check(whole, 0, 8)).isEqualTo(FrameGuard.TOO_BIG);
        byte[] fragments = frames(RawWebSocket.frameBytes(false, RawWebSocket.BINARY, true, new byte[600]),
                RawWebSocket.frameBytes(false, RawWebSocket.CONTINUATION, true, new byte[400]),
                RawWebSocket.frameBytes(false, RawWebSocket.CONTINUATION, true, new byte[1]));
        assertThat(feed(new FrameGuard(1000), fragments, 13)).isEqualTo(FrameGuard.TOO_BIG);
        byte[] huge = {(byte) 0x82, (byte) 0xff, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4};
        assertThat(new FrameGuard(1000).check(huge, 0, huge.length)).isEqualTo(FrameGuard.TOO_BIG);
    }
}
