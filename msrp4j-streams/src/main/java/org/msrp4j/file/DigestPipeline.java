package org.msrp4j.file;

import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Feeds the bytes of a file being received to its SHA-1 and its SHA-256, each on a virtual thread of
 * its own, so that hashing runs beside the disk writes and the reading of the next chunk instead of
 * after them. The caller hands over buffers whose bytes it no longer changes (a received chunk's
 * body is its own array); at most {@value #CAPACITY} wait per digest, after which {@link #update}
 * waits (the session reads no further meanwhile: backpressure, constant memory).
 */
final class DigestPipeline {

    private static final int CAPACITY = 16;
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final FileDigests digests;
    private final Worker sha1;
    private final Worker sha256;

    /** Continues {@code digests} (which may hold a resumed prefix already) with what {@link #update} gets. */
    DigestPipeline(FileDigests digests) {
        this.digests = digests;
        this.sha1 = new Worker(digests.sha1Digest(), "file-sha-1");
        this.sha256 = new Worker(digests.sha256Digest(), "file-sha-256");
    }

    /**
     * Queues the remaining bytes of {@code data} (not consumed) for both digests. Each gets a
     * duplicate of the same array: a read-only view would hide the array, and {@link MessageDigest}
     * would copy every byte out of it.
     */
    void update(ByteBuffer data) throws InterruptedIOException {
        sha1.put(data.duplicate());
        sha256.put(data.duplicate());
    }

    /** Waits until every queued byte is hashed; then {@link FileDigests#sha1()} and the other are final. */
    FileDigests finish() throws InterruptedIOException {
        sha1.put(END);
        sha256.put(END);
        sha1.join();
        sha256.join();
        return digests;
    }

    /** Stops both threads without waiting; the digests are of no use after. */
    void cancel() {
        sha1.thread.interrupt();
        sha256.thread.interrupt();
    }

    private static final class Worker {
        private final BlockingQueue<ByteBuffer> queue = new ArrayBlockingQueue<>(CAPACITY);
        private final MessageDigest digest;
        private final Thread thread;

        Worker(MessageDigest digest, String name) {
            this.digest = digest;
            this.thread = Thread.ofVirtual().name(name).start(this::run);
        }

        private void run() {
            try {
                while (true) {
                    ByteBuffer next = queue.take();
                    if (next == END) {
                        return;
                    }
                    digest.update(next);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void put(ByteBuffer data) throws InterruptedIOException {
            try {
                queue.put(data);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while handing bytes to " + thread.getName());
            }
        }

        void join() throws InterruptedIOException {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for " + thread.getName());
            }
        }
    }
}
