package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Where {@link ChunkEnds} cuts the relay's output into WebSocket messages: at chunk ends only, however written. */
class ChunkEndsTest {

    private static final List<String> CHUNKS = List.of(
            "MSRP a1 SEND\r\nTo-Path: msrp://h:1/x;ws\r\n\r\nbody with -------a1 inside and\r\n-------a1X\r\n"
                    + "and \r\n-------a2$\r\n too\r\n-------a1+\r\n",
            "MSRP b22 200 OK\r\nTo-Path: msrp://h:1/x;ws\r\nFrom-Path: msrp://h:2/y;tcp\r\n-------b22$\r\n",
            "MSRP c3 SEND\r\nTo-Path: msrp://h:1/x;ws\r\n\r\n\r\n\r\r\n-------c\r\n-------c3#\r\n",
            "MSRP d4 REPORT\r\nTo-Path: msrp://h:1/x;ws\r\n-------d4$\r\n");

    @Test
    void everySplitOfTheStreamGivesTheSameChunks() throws IOException {
        String all = String.join("", CHUNKS);
        byte[] bytes = all.getBytes(StandardCharsets.US_ASCII);
        Random random = new Random(22);
        for (int round = 0; round < 500; round++) {
            ChunkEnds ends = new ChunkEnds();
            List<String> messages = new ArrayList<>();
            ByteArrayOutputStream current = new ByteArrayOutputStream();
            int off = 0;
            while (off < bytes.length) {
                int len = round == 0 ? 1 : Math.min(bytes.length - off, 1 + random.nextInt(40));
                while (len > 0) {
                    int n = ends.scan(bytes, off, len);
                    current.write(bytes, off, n);
                    if (ends.ended()) {
                        messages.add(current.toString(StandardCharsets.US_ASCII));
                        current.reset();
                    }
                    off += n;
                    len -= n;
                }
            }
            assertThat(messages).as("round %d", round).isEqualTo(CHUNKS);
            assertThat(current.size()).isZero();
        }
    }

    @Test
    void aStreamThatIsNotMsrpIsAnError() {
        byte[] bad = "HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new ChunkEnds().scan(bad, 0, bad.length)).isInstanceOf(IOException.class);
        byte[] endless = new byte[5000];
        assertThatThrownBy(() -> new ChunkEnds().scan(endless, 0, endless.length)).isInstanceOf(IOException.class);
    }
}
