package org.msrp4j.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link MessageInputStream}: received messages as a stream, RFC 7977 framing checked, flow control. */
class MessageInputStreamTest {

    private static final String ONE = "MSRP t1 SEND\r\nTo-Path: msrp://h.invalid/s;ws\r\n-------t1$\r\n";
    private static final String TWO = "MSRP t2 200 OK\r\nTo-Path: msrp://h.invalid/s;ws\r\n-------t2$\r\n";

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String readAll(MessageInputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    @Test
    void messagesInPartsReadAsOneStreamThenEndCleanly() throws Exception {
        AtomicInteger demand = new AtomicInteger();
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, demand::incrementAndGet);
        in.feed(bytes(ONE.substring(0, 7)), false);
        in.feed(bytes(ONE.substring(7)), true);
        in.feed(bytes(TWO), true);
        in.end();
        assertThat(readAll(in, ONE.length() + TWO.length())).isEqualTo(ONE + TWO);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(demand.get()).isEqualTo(3);
    }

    @Test
    void twoChunksInOneMessageFailAfterTheBytesBefore() throws Exception {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.feed(bytes(ONE), true);
        in.feed(bytes(ONE + TWO), true);
        assertThat(readAll(in, ONE.length())).isEqualTo(ONE);
        assertThatThrownBy(in::read).isInstanceOf(WebSocketFramingException.class)
                .hasMessageContaining("more than one");
    }

    @Test
    void halfAChunkInAMessageFails() {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.feed(bytes(ONE.substring(0, 20)), true);
        assertThatThrownBy(in::read).isInstanceOf(WebSocketFramingException.class).hasMessageContaining("middle");
    }

    @Test
    void anOversizedMessageFails() {
        MessageInputStream in = new MessageInputStream(100, 1 << 20, () -> { });
        in.feed(bytes(ONE.substring(0, 40)), false);
        in.feed(bytes("x".repeat(70)), false);
        assertThatThrownBy(() -> in.readNBytes(200)).isInstanceOf(WebSocketFramingException.class)
                .hasMessageContaining("larger than 100");
    }

    @Test
    void aMessageThatIsNotMsrpFails() {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.feed(bytes("hello"), true);
        assertThatThrownBy(in::read).isInstanceOf(WebSocketFramingException.class);
    }

    @Test
    void aCloseInTheMiddleOfAMessageFails() throws Exception {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.feed(bytes(ONE.substring(0, 30)), false);
        in.end();
        assertThat(readAll(in, 30)).isEqualTo(ONE.substring(0, 30));
        assertThatThrownBy(in::read).isInstanceOf(WebSocketFramingException.class).hasMessageContaining("closed");
    }

    @Test
    void aFailureComesAfterTheBytesReceived() throws Exception {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.feed(bytes(ONE), true);
        in.fail(new IOException("reset"));
        assertThat(readAll(in, ONE.length())).isEqualTo(ONE);
        assertThatThrownBy(in::read).isInstanceOf(IOException.class).hasMessage("reset");
    }

    @Test
    void demandStopsWhenTheBufferIsFullAndResumesWhenRead() throws Exception {
        AtomicInteger demand = new AtomicInteger();
        MessageInputStream in = new MessageInputStream(1 << 20, ONE.length(), demand::incrementAndGet);
        in.feed(bytes(ONE), true);
        assertThat(demand.get()).isZero();
        assertThat(readAll(in, 10)).isEqualTo(ONE.substring(0, 10));
        assertThat(demand.get()).isEqualTo(1);
    }

    @Test
    void aReadTimesOutLikeASocketAndCloseWakesABlockedReader() throws Exception {
        MessageInputStream in = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        in.setReadTimeout(50);
        assertThatThrownBy(in::read).isInstanceOf(SocketTimeoutException.class);
        in.setReadTimeout(0);
        CompletableFuture<Integer> blocked = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                blocked.complete(in.read());
            } catch (IOException e) {
                blocked.completeExceptionally(e);
            }
        });
        in.close();
        assertThat(blocked.get(30, TimeUnit.SECONDS)).isEqualTo(-1);
    }
}
