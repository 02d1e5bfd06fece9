package org.msrp4j.bench.workload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.msrp4j.bench.harness.Meter;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;

/**
 * The timed rounds over a {@link RawLink} and a {@link SessionLink}. A file round runs from just
 * before the sender starts to the receiver's last byte (digested, when an expected SHA-256 is given,
 * and compared with it); a round-trip round records each call's latency.
 */
public final class SessionWorkload {

    /** How long any step of a round may take before the round fails. */
    public static final long WAIT_SECONDS = 300;
    private static final int RAW_BLOCK = 64 * 1024;

    private SessionWorkload() {
    }

    /** A body run on a thread of its own. */
    private interface Body {
        void run() throws Exception;
    }

    /** Starts {@code body} on a virtual or platform thread; the future fails with what it throws. */
    private static CompletableFuture<Void> start(boolean virtualThread, String name, Body body) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        (virtualThread ? Thread.ofVirtual() : Thread.ofPlatform()).name(name).start(() -> {
            try {
                body.run();
                f.complete(null);
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    private static void checkDigest(String what, byte[] expected, byte[] actual) {
        if (expected != null && !Arrays.equals(expected, actual)) {
            throw new IllegalStateException(what + ": SHA-256 differs: sent " + HexFormat.of().formatHex(expected)
                    + ", received " + (actual == null ? "nothing" : HexFormat.of().formatHex(actual)));
        }
    }

    /**
     * Copies {@code bytes} from {@code source} over the raw link, 64 KiB per write; the receiver reads
     * into a 64 KiB buffer and digests every read when {@code expected} is given.
     *
     * @param link the raw pair
     * @param source what the sender reads (closed at the end)
     * @param bytes how many bytes to copy
     * @param expected the SHA-256 the receiver must get, or {@code null} to only count bytes
     * @return the round
     * @throws Exception if the copy fails or the digest differs
     */
    public static Sample rawCopy(RawLink link, ReadableByteChannel source, long bytes, byte[] expected)
            throws Exception {
        OutputStream out = link.sender().getOutputStream();
        InputStream in = link.receiver().getInputStream();
        long[] end = new long[1];
        byte[][] digest = new byte[1][];
        CompletableFuture<Void> rx = start(true, "raw-rx", () -> {
            MessageDigest md = expected == null ? null : Arrivals.sha256();
            byte[] buf = new byte[RAW_BLOCK];
            long left = bytes;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException("raw peer closed with " + left + " bytes to come");
                }
                if (md != null) {
                    md.update(buf, 0, n);
                }
                left -= n;
            }
            end[0] = System.nanoTime();
            digest[0] = md == null ? null : md.digest();
        });
        Thread.sleep(20); // let the receiver block in its first read
        Meter meter = Meter.start();
        CompletableFuture<Void> tx = start(true, "raw-tx", () -> {
            try (source) {
                byte[] buf = new byte[RAW_BLOCK];
                ByteBuffer bb = ByteBuffer.wrap(buf);
                long left = bytes;
                while (left > 0) {
                    bb.clear().limit((int) Math.min(buf.length, left));
                    while (bb.hasRemaining()) {
                        if (source.read(bb) < 0) {
                            throw new IOException("the source ended early");
                        }
                    }
                    out.write(buf, 0, bb.position());
                    left -= bb.position();
                }
                out.flush();
            }
        });
        tx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        rx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = Sample.of(meter.stop(end[0]), new long[0]);
        checkDigest("raw transfer", expected, digest[0]);
        return s;
    }

    /**
     * Sends {@code file} with {@link MsrpSession#sendFile}; the receiving session checks that each
     * chunk (or segment) continues the Byte-Range where the last one ended, and digests its body when
     * {@code expected} is given.
     *
     * @param link the session pair
     * @param file the file, all of whose bytes are sent
     * @param expected the SHA-256 the receiver must get, or {@code null} to only count bytes
     * @return the round
     * @throws Exception if the transfer fails or the digest differs
     */
    public static Sample sessionCopy(SessionLink link, OutgoingFile file, byte[] expected) throws Exception {
        Arrivals.FileTask task = new Arrivals.FileTask(file.messageId(), file.size(), expected != null);
        link.handler().task = task;
        Meter meter = Meter.start();
        link.sender().sendFile(file);
        long end = task.await();
        Sample s = Sample.of(meter.stop(end), new long[0]);
        file.completion().get(WAIT_SECONDS, TimeUnit.SECONDS);
        link.handler().task = null;
        checkDigest("msrp transfer", expected, task.digest);
        return s;
    }

    /**
     * {@code n} calls of {@link MsrpSession#deliverChunk}, one at a time, each answered 200; each
     * call's latency is recorded.
     *
     * @param link the session pair
     * @param n how many
     * @param virtualThread whether the caller is a virtual thread (else a platform one)
     * @param message makes each message on the sending session
     * @return the round, with the latencies
     * @throws Exception if a message fails
     */
    public static Sample sessionRoundTrips(SessionLink link, int n, boolean virtualThread,
            Function<MsrpSession, MsrpChunk> message) throws Exception {
        Arrivals.CountTask task = new Arrivals.CountTask(n);
        link.handler().task = task;
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(virtualThread, "seq-tx", () -> {
            MsrpSession s = link.sender();
            for (int i = 0; i < n; i++) {
                MsrpChunk c = message.apply(s);
                long t0 = System.nanoTime();
                MsrpChunk response = s.deliverChunk(c);
                lat[i] = System.nanoTime() - t0;
                if (response == null || response.code() != 200) {
                    throw new IllegalStateException("response " + response);
                }
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample sample = Sample.of(meter.stop(end[0]), lat);
        task.await();
        link.handler().task = null;
        return sample;
    }

    /**
     * {@code n} messages sent with {@link MsrpSession#sendChunk(MsrpChunk, java.util.function.Consumer)},
     * at most {@code window} unanswered; timed from the first send to the receiver's {@code n}-th.
     *
     * @param link the session pair
     * @param n how many
     * @param window the most unanswered messages
     * @param message makes each message on the sending session
     * @return the round
     * @throws Exception if a message fails
     */
    public static Sample sessionPipelined(SessionLink link, int n, int window,
            Function<MsrpSession, MsrpChunk> message) throws Exception {
        Arrivals.CountTask task = new Arrivals.CountTask(n);
        link.handler().task = task;
        Semaphore room = new Semaphore(window);
        int[] failures = new int[1];
        Meter meter = Meter.start();
        CompletableFuture<Void> tx = start(true, "pipe-tx", () -> {
            MsrpSession s = link.sender();
            for (int i = 0; i < n; i++) {
                room.acquire();
                s.sendChunk(message.apply(s), response -> {
                    if (response.code() != 200) {
                        failures[0]++;
                    }
                    room.release();
                });
            }
        });
        long end = task.await();
        Sample sample = Sample.of(meter.stop(end), new long[0]);
        tx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        if (!room.tryAcquire(window, WAIT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException("pipelined responses missing");
        }
        if (failures[0] > 0) {
            throw new IllegalStateException(failures[0] + " pipelined messages were not answered 200");
        }
        link.handler().task = null;
        return sample;
    }

    private static void readFully(InputStream in, byte[] buf, int len) throws IOException {
        int off = 0;
        while (off < len) {
            int n = in.read(buf, off, len - off);
            if (n < 0) {
                throw new IOException("raw peer closed");
            }
            off += n;
        }
    }

    /** The far side of a raw ping-pong: reads {@code n} requests, answering each with a reply. */
    private static CompletableFuture<Void> rawServer(RawLink c, int n, int requestSize, int replySize,
            boolean virtualThreads) throws IOException {
        OutputStream sOut = c.receiver().getOutputStream();
        InputStream sIn = c.receiver().getInputStream();
        byte[] reply = new byte[replySize];
        Arrays.fill(reply, (byte) 'r');
        return start(virtualThreads, "raw-server", () -> {
            byte[] buf = new byte[requestSize];
            for (int i = 0; i < n; i++) {
                readFully(sIn, buf, requestSize);
                sOut.write(reply);
                sOut.flush();
            }
        });
    }

    private static byte[] rawRequest(int requestSize) {
        byte[] request = new byte[requestSize];
        Arrays.fill(request, (byte) 'q');
        return request;
    }

    /**
     * Raw ping-pong: {@code n} requests of {@code requestSize} bytes, each answered with {@code
     * replySize} bytes, each reply read completely before the next request; latencies recorded.
     *
     * @param c the raw pair
     * @param n how many
     * @param requestSize each request's bytes
     * @param replySize each reply's bytes
     * @param virtualThreads whether both sides run on virtual threads (else platform ones)
     * @return the round, with the latencies
     * @throws Exception if the link fails
     */
    public static Sample rawRoundTrips(RawLink c, int n, int requestSize, int replySize, boolean virtualThreads)
            throws Exception {
        OutputStream cOut = c.sender().getOutputStream();
        InputStream cIn = c.sender().getInputStream();
        byte[] request = rawRequest(requestSize);
        CompletableFuture<Void> server = rawServer(c, n, requestSize, replySize, virtualThreads);
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(virtualThreads, "raw-client", () -> {
            byte[] buf = new byte[replySize];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                cOut.write(request);
                cOut.flush();
                readFully(cIn, buf, replySize);
                lat[i] = System.nanoTime() - t0;
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = Sample.of(meter.stop(end[0]), lat);
        server.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return s;
    }

    /**
     * {@link #rawRoundTrips} on virtual threads with the client's replies read by a thread of their
     * own that hands each to the waiting caller (three wake-ups per round trip, not two), as a
     * session's reader does for {@code deliverChunk}.
     *
     * @param c the raw pair
     * @param n how many
     * @param requestSize each request's bytes
     * @param replySize each reply's bytes
     * @return the round, with the latencies
     * @throws Exception if the link fails
     */
    public static Sample rawRoundTripsHandOff(RawLink c, int n, int requestSize, int replySize) throws Exception {
        OutputStream cOut = c.sender().getOutputStream();
        InputStream cIn = c.sender().getInputStream();
        byte[] request = rawRequest(requestSize);
        CompletableFuture<Void> server = rawServer(c, n, requestSize, replySize, true);
        Semaphore replies = new Semaphore(0);
        CompletableFuture<Void> reader = start(true, "raw-client-reader", () -> {
            byte[] buf = new byte[replySize];
            for (int i = 0; i < n; i++) {
                readFully(cIn, buf, replySize);
                replies.release();
            }
        });
        long[] lat = new long[n];
        long[] end = new long[1];
        Meter meter = Meter.start();
        start(true, "raw-client", () -> {
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                cOut.write(request);
                cOut.flush();
                replies.acquire();
                lat[i] = System.nanoTime() - t0;
            }
            end[0] = System.nanoTime();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        Sample s = Sample.of(meter.stop(end[0]), lat);
        reader.get(WAIT_SECONDS, TimeUnit.SECONDS);
        server.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return s;
    }

    /**
     * The encoded chunks of one ~64 KiB write, for {@link #rawStream}.
     *
     * @param bytes the encoded chunks back to back
     * @param chunks how many
     * @param chunkSize each one's encoded size
     */
    public record Batch(byte[] bytes, int chunks, int chunkSize) {

        /**
         * About 64 KiB of encoded messages.
         *
         * @param session the session whose transport encodes them
         * @param message makes each message
         * @return the batch
         */
        public static Batch of(MsrpSession session, Function<MsrpSession, MsrpChunk> message) {
            byte[] one = message.apply(session).encode();
            int k = Math.max(1, 64 * 1024 / one.length);
            byte[] all = new byte[k * one.length];
            for (int i = 0; i < k; i++) {
                System.arraycopy(message.apply(session).encode(), 0, all, i * one.length, one.length);
            }
            return new Batch(all, k, one.length);
        }
    }

    /**
     * A one-way stream of {@code n} encoded chunks over the raw link, about 64 KiB per write; the
     * receiver reads and discards (no parsing, no replies: the ceiling for pipelined messages).
     *
     * @param c the raw pair
     * @param n how many chunks
     * @param batch the encoded chunks
     * @return the round
     * @throws Exception if the link fails
     */
    public static Sample rawStream(RawLink c, int n, Batch batch) throws Exception {
        OutputStream out = c.sender().getOutputStream();
        InputStream in = c.receiver().getInputStream();
        long total = (long) n * batch.chunkSize();
        long[] end = new long[1];
        CompletableFuture<Void> rx = start(true, "raw-rx", () -> {
            byte[] buf = new byte[RAW_BLOCK];
            long left = total;
            while (left > 0) {
                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (r < 0) {
                    throw new IOException("raw peer closed");
                }
                left -= r;
            }
            end[0] = System.nanoTime();
        });
        Thread.sleep(20);
        Meter meter = Meter.start();
        start(true, "raw-tx", () -> {
            int left = n;
            while (left > 0) {
                int k = Math.min(left, batch.chunks());
                out.write(batch.bytes(), 0, k * batch.chunkSize());
                left -= k;
            }
            out.flush();
        }).get(WAIT_SECONDS, TimeUnit.SECONDS);
        rx.get(WAIT_SECONDS, TimeUnit.SECONDS);
        return Sample.of(meter.stop(end[0]), new long[0]);
    }
}
