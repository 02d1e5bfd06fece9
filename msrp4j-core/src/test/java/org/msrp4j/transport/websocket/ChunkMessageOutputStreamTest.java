package org.msrp4j.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ChunkParseException;

/** {@link ChunkMessageOutputStream}: one message per chunk, whatever the writes. */
class ChunkMessageOutputStreamTest {

    /** A sink that records frames and the messages they make. */
    private static final class Frames implements MessageSink {
        final List<String> messages = new ArrayList<>();
        final List<Integer> framesPerMessage = new ArrayList<>();
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int frames;

        @Override
        public void send(ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            current.writeBytes(b);
            frames++;
            if (last) {
                messages.add(current.toString(StandardCharsets.ISO_8859_1));
                framesPerMessage.add(frames);
                current.reset();
                frames = 0;
            }
        }
    }

    private static String chunk(String tid, int bodyLength) {
        return "MSRP " + tid + " SEND\r\nTo-Path: msrp://h.invalid/s;ws\r\nContent-Type: text/plain\r\n\r\n"
                + "-\r\n".repeat(bodyLength / 3) + "x".repeat(bodyLength % 3) + "\r\n-------" + tid + "$\r\n";
    }

    @Test
    void coalescedChunksLeaveAsOneMessageEach() throws Exception {
        Frames sink = new Frames();
        ChunkMessageOutputStream out = new ChunkMessageOutputStream(sink, 4096);
        String a = chunk("aaaa", 10);
        String b = chunk("bbbb", 0);
        String c = chunk("cccc", 100);
        out.write((a + b + c).getBytes(StandardCharsets.ISO_8859_1));
        assertThat(sink.messages).containsExactly(a, b, c);
        assertThat(sink.framesPerMessage).containsOnly(1);
    }

    @Test
    void aChunkLargerThanTheBufferIsOneFragmentedMessage() throws Exception {
        Frames sink = new Frames();
        ChunkMessageOutputStream out = new ChunkMessageOutputStream(sink, 64);
        String big = chunk("big1", 1000);
        byte[] bytes = big.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i += 10) {
            out.write(bytes, i, Math.min(10, bytes.length - i));
        }
        assertThat(sink.messages).containsExactly(big);
        assertThat(sink.framesPerMessage.get(0)).isGreaterThan(1);
    }

    @Test
    void bytesThatAreNotMsrpAreRefused() {
        ChunkMessageOutputStream out = new ChunkMessageOutputStream(new Frames(), 64);
        assertThatThrownBy(() -> out.write("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.ISO_8859_1)))
                .isInstanceOf(ChunkParseException.class);
    }

    @Property(tries = 200)
    void anyChunksWrittenInAnyPiecesBecomeTheSameMessages(
            @ForAll @Size(min = 1, max = 6) List<@IntRange(min = 0, max = 300) Integer> bodies,
            @ForAll @Size(min = 1, max = 30) List<@IntRange(min = 1, max = 500) Integer> cuts,
            @ForAll @IntRange(min = 16, max = 400) int buffer) throws Exception {
        Frames sink = new Frames();
        ChunkMessageOutputStream out = new ChunkMessageOutputStream(sink, buffer);
        List<String> chunks = new ArrayList<>();
        StringBuilder wire = new StringBuilder();
        for (int i = 0; i < bodies.size(); i++) {
            String c = chunk("t" + i + "x-" + i, bodies.get(i));
            chunks.add(c);
            wire.append(c);
        }
        byte[] bytes = wire.toString().getBytes(StandardCharsets.ISO_8859_1);
        int off = 0;
        for (int i = 0; off < bytes.length; i++) {
            int n = Math.min(bytes.length - off, cuts.get(i % cuts.size()));
            out.write(bytes, off, n);
            off += n;
        }
        assertThat(sink.messages).isEqualTo(chunks);
    }
}
