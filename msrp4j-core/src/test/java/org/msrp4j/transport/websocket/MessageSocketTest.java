package org.msrp4j.transport.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.msrp4j.MsrpTimeoutException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.transport.ConnectionClosedException;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * {@link MessageSocket}: two {@link MsrpTransport}s unchanged over a pair of sockets whose messages go
 * straight into each other's {@link MessageInputStream}, as a WebSocket would carry them.
 */
class MessageSocketTest {

    private static final MsrpUri A = MsrpUri.parse("msrp://a1b2c3.invalid:2855/aaaa1111;ws");
    private static final MsrpUri B = MsrpUri.parse("msrp://127.0.0.1:2855/bbbb2222;ws");
    private static final InetSocketAddress ADDRESS = new InetSocketAddress("127.0.0.1", 2855);

    /** One direction: what a socket sends, as the messages the other end received. */
    private static final class Wire implements MessageSink {
        final List<String> messages = new CopyOnWriteArrayList<>();
        private final StringBuilder current = new StringBuilder();
        MessageInputStream receiver;

        @Override
        public void send(ByteBuffer data, boolean last) {
            ByteBuffer copy = data.duplicate();
            current.append(StandardCharsets.ISO_8859_1.decode(copy));
            if (last) {
                messages.add(current.toString());
                current.setLength(0);
            }
            receiver.feed(data, last);
        }
    }

    private record Pair(MsrpTransport a, MsrpTransport b, Wire toB, Wire toA) {
    }

    private static Pair pair() throws IOException {
        Wire toB = new Wire();
        Wire toA = new Wire();
        MessageInputStream inA = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        MessageInputStream inB = new MessageInputStream(1 << 20, 1 << 20, () -> { });
        toA.receiver = inA;
        toB.receiver = inB;
        MessageSocket sa = new MessageSocket(inA, new ChunkMessageOutputStream(toB, 64 * 1024), inB::end, null,
                ADDRESS);
        MessageSocket sb = new MessageSocket(inB, new ChunkMessageOutputStream(toA, 64 * 1024), inA::end, null,
                ADDRESS);
        MsrpTransport a = TransportInternals.open(sa, A, List.of(), TransportSettings.DEFAULT);
        MsrpTransport b = TransportInternals.open(sb, B, List.of(), TransportSettings.DEFAULT);
        a.setFullRemotePath(List.of(B));
        b.setFullRemotePath(List.of(A));
        return new Pair(a, b, toB, toA);
    }

    @Test
    void coalescedWritesArriveAsOneMessagePerChunkAndReadBackWhole() throws Exception {
        Pair p = pair();
        List<MsrpChunk> sent = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            sent.add(p.a().newChunk().data("message " + i + "\r\n-------x$\r\n").contentType("text/plain").build());
        }
        p.a().writeChunks(sent);

        assertThat(p.toB().messages).hasSize(5);
        for (int i = 0; i < 5; i++) {
            String expected = new String(sent.get(i).encode(), StandardCharsets.ISO_8859_1);
            assertThat(p.toB().messages.get(i)).isEqualTo(expected);
            MsrpChunk got = p.b().readChunk(1 << 16, Duration.ofSeconds(30));
            assertThat(got.transactionId()).isEqualTo(sent.get(i).transactionId());
            assertThat(got.data()).isEqualTo(sent.get(i).data());
        }
    }

    @Test
    void readTimeoutsKeepTheirMeaningAndThePeersCloseEndsTheTransport() throws Exception {
        Pair p = pair();
        assertThatThrownBy(() -> p.b().readChunk(1024, Duration.ofMillis(50))).isInstanceOf(MsrpTimeoutException.class);
        assertThat(p.b().isClosed()).isFalse();

        p.a().close();
        assertThatThrownBy(() -> p.b().readChunk(1024, Duration.ofSeconds(30)))
                .isInstanceOf(ConnectionClosedException.class);
        assertThat(p.b().isClosed()).isTrue();
    }

    @Test
    void twoChunksInOneMessageEndTheConnectionWithTheFramingError() throws Exception {
        Pair p = pair();
        MsrpChunk one = p.a().newChunk().data("one").build();
        MsrpChunk two = p.a().newChunk().data("two").build();
        byte[] both = (new String(one.encode(), StandardCharsets.ISO_8859_1)
                + new String(two.encode(), StandardCharsets.ISO_8859_1)).getBytes(StandardCharsets.ISO_8859_1);
        p.toB().receiver.feed(ByteBuffer.wrap(both), true);

        assertThatThrownBy(() -> p.b().readChunk(1024, Duration.ofSeconds(30)))
                .hasCauseInstanceOf(WebSocketFramingException.class);
        assertThat(p.b().isClosed()).isTrue();
    }
}
