package org.msrp4j.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.MsrpSession;

/**
 * Small-message rounds for {@link RelayBench}: 100-byte text/plain SENDs from a sender session to
 * a receiver whose handler reports each one to an {@link Arrivals}, so a round ends when the
 * receiver has them all, not when the first hop has answered (a relay answers each SEND itself).
 */
final class MessageRounds {

    /** The body every message carries: 100 ASCII bytes. */
    static final byte[] TEXT = text100();

    /** The content type of the messages, which the receiver's handler counts. */
    static final String CONTENT_TYPE = "text/plain";

    private MessageRounds() {
    }

    /** Counts the messages a receiver gets during one round. */
    static final class Arrivals {
        private final int expected;
        private final AtomicInteger count = new AtomicInteger();
        private final Semaphore each = new Semaphore(0);
        private final CompletableFuture<Long> all = new CompletableFuture<>();

        Arrivals(int expected) {
            this.expected = expected;
        }

        /** Called by the receiver's handler for every message. */
        void arrived() {
            each.release();
            if (count.incrementAndGet() == expected) {
                all.complete(System.nanoTime());
            }
        }
    }

    /** Where a round's {@link Arrivals} is handed to the receiver's handler (null when the round ends). */
    interface Receiving {
        void count(Arrivals arrivals);
    }

    /**
     * Sends {@code n} messages one at a time: each waits for its 200 and for the receiver to have
     * it before the next goes; returns messages per second.
     */
    static double sequential(MsrpSession sender, Receiving receiver, int n, Duration wait) throws Exception {
        Arrivals arrivals = new Arrivals(n);
        receiver.count(arrivals);
        try {
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                MsrpChunk response = sender.deliverChunk(message(sender));
                if (response == null || response.code() != 200) {
                    throw new IllegalStateException("sequential message " + i + " answered " + response);
                }
                if (!arrivals.each.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("sequential message " + i + " did not reach the receiver");
                }
            }
            return n / ((System.nanoTime() - t0) / 1e9);
        } finally {
            receiver.count(null);
        }
    }

    /**
     * Sends {@code n} messages with at most {@code window} awaiting their 200s; returns messages per
     * second until the receiver has the last one, after checking every message was answered 200.
     */
    static double pipelined(MsrpSession sender, Receiving receiver, int n, int window, Duration wait)
            throws Exception {
        Arrivals arrivals = new Arrivals(n);
        receiver.count(arrivals);
        try {
            Semaphore room = new Semaphore(window);
            AtomicInteger failures = new AtomicInteger();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                if (!room.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("pipelined: no response for " + wait + " after " + i + " sent");
                }
                sender.sendChunk(message(sender), response -> {
                    if (response.code() != 200) {
                        failures.incrementAndGet();
                    }
                    room.release();
                });
            }
            long end = arrivals.all.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (!room.tryAcquire(window, wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("pipelined: responses missing");
            }
            if (failures.get() > 0) {
                throw new IllegalStateException("pipelined: " + failures.get() + " messages were not answered 200");
            }
            return n / ((end - t0) / 1e9);
        } finally {
            receiver.count(null);
        }
    }

    private static MsrpChunk message(MsrpSession sender) {
        return sender.transport().newChunk().data(TEXT).contentType(CONTENT_TYPE).build();
    }

    private static byte[] text100() {
        StringBuilder b = new StringBuilder("The quick brown fox jumps over the lazy dog; one relayed 100-byte"
                + " text/plain message.");
        while (b.length() < 100) {
            b.append('.');
        }
        return b.substring(0, 100).getBytes(StandardCharsets.US_ASCII);
    }
}
