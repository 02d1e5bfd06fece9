package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.connect.internal.Binding;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.session.SessionTestKit.GeneratedChannel;
import org.msrp4j.transport.MsrpTransport;
import org.msrp4j.transport.TransportSettings;
import org.msrp4j.transport.internal.TransportInternals;

/**
 * Responses written by the reading side: a session answers a request on the thread that read it,
 * and when that write stalls its second reader goes on reading, so two sessions that both send
 * never wait for each other's reading, and the handler still sees one chunk at a time, in order.
 */
@Timeout(60)
class MsrpSessionRepliesTest {

    /** Two transports over sockets whose send and receive buffers are small (32 KiB). */
    private static MsrpTransport[] tinyBufferPair() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket()) {
            server.setReceiveBufferSize(32 * 1024);
            server.bind(new InetSocketAddress(loopback, 0));
            Socket a = new Socket();
            a.setSendBufferSize(32 * 1024);
            a.setReceiveBufferSize(32 * 1024);
            a.connect(server.getLocalSocketAddress());
            Socket b = server.accept();
            b.setSendBufferSize(32 * 1024);
            MsrpUri uriA = MsrpUri.builder().host("127.0.0.1").port(a.getLocalPort()).sessionId("tinya").build();
            MsrpUri uriB = MsrpUri.builder().host("127.0.0.1").port(b.getLocalPort()).sessionId("tinyb").build();
            MsrpTransport ta = TransportInternals.open(a, uriA, List.of(), TransportSettings.DEFAULT);
            MsrpTransport tb = TransportInternals.open(b, uriB, List.of(), TransportSettings.DEFAULT);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try {
                    Binding.passive(tb, tb.localUri(), List.of(uriA), null, WAIT);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, r -> Thread.ofVirtual().start(r));
            Binding.active(ta, List.of(uriB), WAIT);
            accepted.get(10, TimeUnit.SECONDS);
            return new MsrpTransport[] {ta, tb};
        }
    }

    /** Counts the bytes of one message and checks each against the generated pattern. */
    private static final class Checker implements IncomingHandler {
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger messages = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();

        @Override
        public void onChunk(MsrpChunk chunk) {
            if ("text/plain".equals(chunk.contentType())) {
                messages.incrementAndGet();
                return;
            }
            long start = chunk.byteRange().start() - 1;
            byte[] data = chunk.data();
            for (int i = 0; i < data.length; i++) {
                if (data[i] != SessionTestKit.byteAt(start + i)) {
                    errors.add("byte " + (start + i) + " differs");
                    return;
                }
            }
            bytes.addAndGet(data.length);
        }
    }

    @Test
    void filesAndMessagesBothWaysAtOnceOverTinySocketBuffersAllArrive() throws Exception {
        MsrpTransport[] pair = tinyBufferPair();
        long size = 16L * 1024 * 1024;
        int messages = 2_000;
        SessionSettings options = quick().fileChunkSize(256 * 1024).window(2).responseTimeout(Duration.ofSeconds(30))
                .build();
        Checker atA = new Checker();
        Checker atB = new Checker();
        MsrpSession a = MsrpSession.start(pair[0], options, atA);
        MsrpSession b = MsrpSession.start(pair[1], options, atB);
        try {
            OutgoingFile fromA = new OutgoingFile(new GeneratedChannel(size, 0), size, "application/octet-stream", 0,
                    "file-a");
            OutgoingFile fromB = new OutgoingFile(new GeneratedChannel(size, 0), size, "application/octet-stream", 0,
                    "file-b");
            a.sendFile(fromA);
            b.sendFile(fromB);
            CountDownLatch answered = new CountDownLatch(2 * messages);
            AtomicInteger failed = new AtomicInteger();
            for (int i = 0; i < messages; i++) {
                for (MsrpSession s : new MsrpSession[] {a, b}) {
                    s.sendChunk(s.transport().newChunk().data("message " + i).build(), r -> {
                        if (r.code() != 200) {
                            failed.incrementAndGet();
                        }
                        answered.countDown();
                    });
                }
            }
            fromA.completion().get(40, TimeUnit.SECONDS);
            fromB.completion().get(40, TimeUnit.SECONDS);
            assertThat(answered.await(40, TimeUnit.SECONDS)).isTrue();
            assertThat(failed).hasValue(0);
            assertThat(atA.errors).isEmpty();
            assertThat(atB.errors).isEmpty();
            assertThat(atA.bytes).hasValue(size);
            assertThat(atB.bytes).hasValue(size);
            assertThat(atA.messages).hasValue(messages);
            assertThat(atB.messages).hasValue(messages);
        } finally {
            a.shutdown(true);
            b.shutdown(true);
        }
    }

    @Test
    void aPeerThatStopsReadingDoesNotStopTheSessionReading() throws Exception {
        MsrpTransport[] pair = tinyBufferPair();
        int n = 5_000;
        AtomicInteger delivered = new AtomicInteger();
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger outOfOrder = new AtomicInteger();
        Set<Long> threads = ConcurrentHashMap.newKeySet();
        MsrpSession a = MsrpSession.start(pair[0], quick().build(), c -> {
            if (inside.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            // by id: a virtual thread's toString names the carrier it is on now, which changes
            threads.add(Thread.currentThread().threadId());
            if (!new String(c.data()).equals("request " + delivered.get())) {
                outOfOrder.incrementAndGet();
            }
            delivered.incrementAndGet();
            inside.decrementAndGet();
        });
        MsrpTransport peer = pair[1];
        // the peer writes and never reads, as one blocked writing its own responses would: the
        // session's answers fill the sockets' buffers, yet every request must still be read
        Thread writer = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < n; i++) {
                    peer.writeChunk(peer.newChunk().data("request " + i).build());
                }
            } catch (Exception e) {
                // the connection closes when the test ends
            }
        });
        try {
            SessionTestKit.await("all requests delivered", Duration.ofSeconds(20), () -> delivered.get() == n);
            assertThat(overlaps).hasValue(0);
            assertThat(outOfOrder).hasValue(0);
            // whether the role moved depends on how far the answers' writes stall: not asserted
            assertThat(threads).as("delivered on the session's two readers only").hasSizeBetween(1, 2);
        } finally {
            a.shutdown(false);
            peer.close();
            writer.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    @Test
    void theHandlerSeesOneChunkAtATimeInArrivalOrder() throws Exception {
        Set<String> before = SessionTestKit.threadsNamed("msrp-session-");
        try (SessionPair pair = SessionPair.open("127.0.0.1", false)) {
            AtomicInteger inside = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Thread> threads = new ConcurrentLinkedQueue<>();
            MsrpSession receiver = MsrpSession.start(pair.passive(), quick().build(), c -> {
                if (inside.incrementAndGet() != 1) {
                    overlaps.incrementAndGet();
                }
                if (!threads.contains(Thread.currentThread())) {
                    threads.add(Thread.currentThread());
                }
                Thread.yield();
                seen.add(new String(c.data()));
                inside.decrementAndGet();
            });
            MsrpSession sender = MsrpSession.start(pair.active(), quick().build(), c -> { });
            int n = 3_000;
            for (int i = 0; i < n; i++) {
                MsrpChunk chunk = sender.transport().newChunk().data(Integer.toString(i)).build();
                if (i % 3 == 0) {
                    sender.deliverChunk(chunk);
                } else {
                    sender.sendChunk(chunk);
                }
            }
            sender.deliverChunk(sender.transport().newChunk().data("last").build());
            assertThat(seen).hasSize(n + 1);
            assertThat(seen).element(n).isEqualTo("last");
            int i = 0;
            for (String s : seen) {
                if (i < n) {
                    assertThat(s).isEqualTo(Integer.toString(i));
                }
                i++;
            }
            assertThat(overlaps).hasValue(0);
            assertThat(threads).as("only the session's readers handle chunks").hasSizeBetween(1, 2)
                    .allMatch(t -> t.getName().equals("msrp-session-reader"));
            sender.shutdown(true);
            receiver.shutdown(true);
        }
        SessionTestKit.assertNoNewSessionThreads(before);
    }
}
