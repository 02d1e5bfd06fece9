package org.msrp4j.bench.workload;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.IncomingHandler;

/** What the receiving session checks during a round: one task at a time. */
final class Arrivals {

    private Arrivals() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The receiving session's handler: hands each SEND to the current task, set before the sender
     * starts (a volatile write the reader thread sees at its next chunk).
     */
    static final class Receiver implements IncomingHandler {
        volatile Task task;

        @Override
        public void onChunk(MsrpChunk chunk) {
            Task t = task;
            if (t == null || !"SEND".equals(chunk.method())) {
                return;
            }
            try {
                t.onChunk(chunk);
            } catch (Throwable e) {
                t.fail(e);
            }
        }

        @Override
        public void onError(IOException e) {
            Task t = task;
            if (t != null) {
                t.fail(e);
            }
        }
    }

    abstract static class Task {
        /** Completes with the System.nanoTime() of the last expected arrival. */
        final CompletableFuture<Long> done = new CompletableFuture<>();

        abstract void onChunk(MsrpChunk chunk) throws Exception;

        void fail(Throwable e) {
            done.completeExceptionally(e);
        }

        long await() throws Exception {
            return done.get(SessionWorkload.WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    /** Digests (or only counts) one incoming file, checking that the Byte-Ranges follow each other. */
    static final class FileTask extends Task {
        final String messageId;
        final long total;
        final MessageDigest md;
        long next = 1;
        byte[] digest;

        FileTask(String messageId, long total, boolean digesting) {
            this.messageId = messageId;
            this.total = total;
            this.md = digesting ? sha256() : null;
        }

        @Override
        void onChunk(MsrpChunk chunk) {
            if (!messageId.equals(chunk.messageId())) {
                throw new IllegalStateException("a chunk of another message: " + chunk);
            }
            ByteRange r = chunk.byteRange();
            byte[] data = chunk.data();
            if (r == null || r.start() != next || r.total() != total) {
                throw new IllegalStateException("expected bytes from " + next + " of " + total + ", got " + r);
            }
            if (md != null) {
                md.update(data);
            }
            next += data.length;
            if (next - 1 > total) {
                throw new IllegalStateException("more than " + total + " bytes");
            }
            if (next - 1 == total && !chunk.hasMoreSegments()) {
                if (chunk.continuation() != Continuation.END) {
                    throw new IllegalStateException("the last chunk is not flagged $: " + chunk);
                }
                long now = System.nanoTime();
                digest = md == null ? null : md.digest();
                done.complete(now);
            }
        }
    }

    /** Counts incoming small messages; done at the {@code expected}-th. */
    static final class CountTask extends Task {
        final int expected;
        int seen;

        CountTask(int expected) {
            this.expected = expected;
        }

        @Override
        void onChunk(MsrpChunk chunk) {
            if (++seen == expected) {
                done.complete(System.nanoTime());
            }
        }
    }
}
