package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.KeepAliveHeader;
import org.msrp4j.testing.ThreadDump;
import org.msrp4j.transport.MsrpTransport;

/** Helpers for the MsrpSession tests: short-timeout options, a raw peer, waiting, thread checks. */
final class SessionTestKit {

    /** The longest any test waits for something that should happen. */
    static final Duration WAIT = Duration.ofSeconds(5);

    private SessionTestKit() {
    }

    /** Options with short timeouts and keep-alive off (tests that want keep-alive turn it on). */
    static SessionSettings.Builder quick() {
        return SessionSettings.builder().responseTimeout(Duration.ofMillis(300)).keepAliveInterval(Duration.ZERO)
                .shutdownTimeout(Duration.ofSeconds(2));
    }

    /** Waits until {@code condition} holds, failing after {@code timeout}. */
    static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(5);
        }
    }

    static boolean isKeepAlive(MsrpChunk c) {
        return c.isRequest() && c.headers().contains(KeepAliveHeader.NAME);
    }

    // ---------------------------------------------------------------- threads

    /** The ids of the live threads (virtual ones included) whose names start with {@code prefix}. */
    static Set<String> threadsNamed(String prefix) throws IOException {
        Set<String> ids = new HashSet<>();
        for (ThreadDump.LiveThread t : ThreadDump.threads()) {
            if (t.name().startsWith(prefix)) {
                ids.add(t.id());
            }
        }
        return ids;
    }

    /** Fails unless every "msrp-session-*" thread not in {@code before} ends within a few seconds. */
    static void assertNoNewSessionThreads(Set<String> before) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Set<String> now;
        while (true) {
            now = threadsNamed("msrp-session-");
            now.removeAll(before);
            if (now.isEmpty() || System.nanoTime() - deadline > 0) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(now).as("msrp-session-* threads still alive after the session closed").isEmpty();
    }

    // ---------------------------------------------------------------- data

    /**
     * Deterministic bytes generated on the fly: {@code size} of them, or endless with -1. Byte i is
     * {@link #byteAt(long)}; nothing is held in memory.
     */
    static final class GeneratedChannel implements ReadableByteChannel {
        private final long size;
        private long position;
        private volatile boolean open = true;

        GeneratedChannel(long size, long start) {
            this.size = size;
            this.position = start;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            if (!open) {
                throw new ClosedChannelException();
            }
            if (size >= 0 && position >= size) {
                return -1;
            }
            int n = dst.remaining();
            if (size >= 0) {
                n = (int) Math.min(n, size - position);
            }
            for (int i = 0; i < n; i++) {
                dst.put(byteAt(position++));
            }
            return n;
        }

        long position() {
            return position;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    static byte byteAt(long i) {
        return (byte) ((i * 31 + (i >>> 8)) & 0xff);
    }

    static byte[] bytes(long from, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = byteAt(from + i);
        }
        return b;
    }

    // ---------------------------------------------------------------- the raw peer

    /**
     * The set-up of the tests that drive a session against a {@link RawPeer}: a loopback pair, the
     * raw peer on its passive side and the session under test on its active side (made by {@link
     * #start}), all closed after each test. A subclass closes what more it starts in its own
     * {@code @AfterEach}, which runs first.
     */
    abstract static class RawPeerCase {
        SessionPair pair;
        RawPeer peer;
        MsrpSession session;

        @BeforeEach
        void openPair() throws Exception {
            pair = SessionPair.open("127.0.0.1", false);
        }

        @AfterEach
        void closeAll() {
            if (session != null) {
                session.shutdown(false);
            }
            if (peer != null) {
                peer.close();
            }
            pair.close();
        }

        /** Starts the raw peer, then the session with {@code options} and a handler that drops what comes. */
        MsrpSession start(SessionSettings options) {
            peer = new RawPeer(pair.passive());
            session = MsrpSession.start(pair.active(), options, c -> { });
            return session;
        }
    }

    /**
     * The far side of a session done by hand: a virtual thread reads every chunk the transport
     * gets into a queue; the test answers (or not) and writes what it likes.
     */
    static final class RawPeer implements AutoCloseable {
        final MsrpTransport transport;
        private final BlockingQueue<Object> received = new LinkedBlockingQueue<>();
        final List<MsrpChunk> all = new CopyOnWriteArrayList<>();
        private final Thread reader;

        RawPeer(MsrpTransport transport) {
            this.transport = transport;
            this.reader = Thread.ofVirtual().name("raw-peer-reader").start(() -> {
                while (true) {
                    try {
                        MsrpChunk c = transport.readChunk();
                        all.add(c);
                        received.add(c);
                    } catch (IOException e) {
                        received.add(e);
                        return;
                    }
                }
            });
        }

        /** The next chunk, or an AssertionError after {@code timeout}. */
        MsrpChunk next(Duration timeout) throws InterruptedException {
            Object o = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (o == null) {
                throw new AssertionError("nothing arrived within " + timeout.toMillis() + " ms");
            }
            if (o instanceof IOException e) {
                received.add(e);
                throw new AssertionError("the connection ended: " + e, e);
            }
            return (MsrpChunk) o;
        }

        MsrpChunk next() throws InterruptedException {
            return next(WAIT);
        }

        /** The next chunk matching {@code what}, skipping (and keeping in {@code skipped}) others. */
        MsrpChunk nextWhere(Predicate<MsrpChunk> what, Duration timeout, List<MsrpChunk> skipped)
                throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                MsrpChunk c = next(Duration.ofMillis(left));
                if (what.test(c)) {
                    return c;
                }
                if (skipped != null) {
                    skipped.add(c);
                }
            }
        }

        /** The next chunk that is not a keep-alive (answering keep-alives 200 meanwhile). */
        MsrpChunk nextNotKeepAlive(Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                MsrpChunk c = next(Duration.ofMillis(left));
                if (!isKeepAlive(c)) {
                    return c;
                }
                answer(c, 200, "OK");
            }
        }

        /** Fails if anything arrives within {@code time}. */
        void expectNothing(Duration time) throws InterruptedException {
            Object o = received.poll(time.toMillis(), TimeUnit.MILLISECONDS);
            if (o instanceof IOException e) {
                received.add(e);
                return;
            }
            assertThat(o).as("nothing should arrive").isNull();
        }

        /** The chunks that arrived within {@code time}. */
        List<MsrpChunk> drain(Duration time) throws InterruptedException {
            List<MsrpChunk> out = new ArrayList<>();
            long deadline = System.nanoTime() + time.toNanos();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return out;
                }
                Object o = received.poll(left, TimeUnit.MILLISECONDS);
                if (o == null) {
                    return out;
                }
                if (o instanceof IOException e) {
                    received.add(e);
                    return out;
                }
                out.add((MsrpChunk) o);
            }
        }

        /** Whether the connection has ended (the reader saw an error), waiting up to {@code timeout}. */
        IOException awaitEnd(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    return null;
                }
                Object o = received.poll(left, TimeUnit.MILLISECONDS);
                if (o instanceof IOException e) {
                    received.add(e);
                    return e;
                }
                if (o == null) {
                    return null;
                }
            }
        }

        /** Answers {@code request} with {@code code}, whatever its Failure-Report says. */
        void answer(MsrpChunk request, int code, String comment) throws IOException {
            transport.writeChunk(transport.newChunk().transactionId(request.transactionId()).response(code, comment)
                    .build());
        }

        void send(MsrpChunk chunk) throws IOException {
            transport.writeChunk(chunk);
        }

        @Override
        public void close() {
            transport.close();
            reader.interrupt();
        }
    }
}
