package org.msrp4j.relay;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.MsrpChunk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The writing side of one {@link PeerConnection}: everything the relay writes to that peer (the
 * pieces other connections' readers forward, the connection's own answers, failure REPORTs and
 * passed-back responses) goes out under its write lock, so chunks never interleave. The lock is
 * fair, so that a piece's writer that gave it up to waiting writers queues behind them. Each
 * socket write is watched by the relay's {@link WriteWatchdog}.
 */
final class PeerWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PeerWriter.class);

    private final PeerConnection conn;
    private final MsrpRelay relay;
    private final OutputStream out;
    private final ReentrantLock lock = new ReentrantLock(true);
    /** System.nanoTime() when a blocking write began, 0 outside writes. */
    private volatile long blockedSince;

    PeerWriter(PeerConnection conn, MsrpRelay relay, OutputStream out) {
        this.conn = conn;
        this.relay = relay;
        this.out = out;
    }

    /**
     * Takes the write lock for {@code waiter}'s reader (null for a one-off write), waiting while
     * another chunk is being streamed here; gives up when either side closes or the wait exceeds
     * the response timeout.
     */
    boolean acquire(PeerConnection waiter) {
        long deadline = System.nanoTime() + relay.configInternal().timeouts().response().toNanos();
        try {
            while (true) {
                if (conn.isClosed() || waiter != null && waiter.isClosed()) {
                    return false;
                }
                if (lock.tryLock(200, TimeUnit.MILLISECONDS)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (conn.isClosed()) {
            lock.unlock();
            return false;
        }
        return true;
    }

    /** Takes the write lock if it is free at once. */
    boolean tryAcquire() {
        return lock.tryLock();
    }

    /** Whether writers wait for the write lock (the one who holds it should give it up soon). */
    boolean hasWaiters() {
        return lock.hasQueuedThreads();
    }

    void release() {
        lock.unlock();
    }

    /** Writes under the write lock held by the caller; the relay's write watchdog sees it meanwhile. */
    void write(byte[] b, int off, int len) throws IOException {
        blockedSince = System.nanoTime() | 1;
        relay.watchdog().writeStarted();
        try {
            out.write(b, off, len);
        } finally {
            blockedSince = 0;
        }
        conn.wroteTo();
    }

    /**
     * A socket write outside {@link #write} began (a WebSocket frame the connection's reader sends,
     * such as a pong): the watchdog sees it as it sees those.
     */
    void rawWriteStarted() {
        blockedSince = System.nanoTime() | 1;
        relay.watchdog().writeStarted();
    }

    /** The socket write {@link #rawWriteStarted()} announced is over. */
    void rawWriteEnded() {
        blockedSince = 0;
    }

    /** Whether a socket write is under way. */
    boolean isWriting() {
        return blockedSince != 0;
    }

    /**
     * Closes the connection if a write has been blocked longer than the stall timeout (the
     * receiver stopped reading); true if a write is under way.
     */
    boolean checkStall(long now) {
        if (isStalled(now)) {
            LOG.debug("{}: receiver stopped reading, closing", conn);
            conn.close();
        }
        return blockedSince != 0;
    }

    /** Whether a socket write has been blocked longer than the stall timeout: the receiver stopped reading. */
    boolean isStalled(long now) {
        long since = blockedSince;
        return since != 0 && now - since > relay.configInternal().timeouts().stall().toNanos();
    }

    /** Sends one whole chunk the relay made (a response or REPORT); false if it could not. */
    boolean send(MsrpChunk chunk) {
        byte[] bytes = chunk.encode();
        if (!acquire(null)) {
            return false;
        }
        try {
            write(bytes, 0, bytes.length);
            return true;
        } catch (IOException e) {
            LOG.debug("{}: write failed: {}", conn, e.toString());
            conn.close();
            return false;
        } finally {
            release();
        }
    }

    /**
     * Sends {@code chunk} now if the write lock is free, else on a task thread: the caller (another
     * connection's reader) must not wait for this connection's writers.
     */
    void sendSoon(MsrpChunk chunk) {
        if (lock.tryLock()) {
            byte[] bytes = chunk.encode();
            try {
                if (!conn.isClosed()) {
                    write(bytes, 0, bytes.length);
                }
            } catch (IOException e) {
                LOG.debug("{}: write failed: {}", conn, e.toString());
                conn.close();
            } finally {
                lock.unlock();
            }
            return;
        }
        relay.execute(() -> send(chunk));
    }
}
