package org.msrp4j.relay;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.msrp4j.protocol.ChunkParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The socket timeouts of one {@link PeerConnection}'s reader: the one each read gets, what a read
 * that timed out means, and the chunk rate and time limits checked after each read. An established
 * connection reads without a timeout unless it streams a piece of a chunk (then it must look for
 * other writers every {@link ChunkForwarder#SLICE_MILLIS}): {@link WaitSweep} stands in for the
 * timeout (see {@link UntimedWait}). State of the reader thread only, but for {@link #waitingUntimed()}.
 */
final class ReadTimeouts {

    private static final Logger LOG = LoggerFactory.getLogger(PeerConnection.class);

    private final PeerConnection conn;
    private final MsrpRelay relay;
    private final Socket socket;
    private final InputStream in;
    /** The TCP socket's input under a TLS connection, or null. */
    private final InputStream rawIn;
    private final ChunkParser parser;
    private final ChunkForwarder forwarder;
    private final ReaderBuffers buffers;
    private int soTimeout = -1;
    /** The socket timeout set is the one after which grown buffers shrink. */
    private boolean shrinkTimeout;
    /** The reader waits between chunks, without a socket timeout: {@link IdleSweep} watches it meanwhile. */
    private volatile boolean waitingUntimed;

    ReadTimeouts(PeerConnection conn, Socket socket, InputStream in, InputStream rawIn, ChunkParser parser,
            ChunkForwarder forwarder, ReaderBuffers buffers) {
        this.conn = conn;
        this.relay = conn.relay;
        this.socket = socket;
        this.in = in;
        this.rawIn = rawIn;
        this.parser = parser;
        this.forwarder = forwarder;
        this.buffers = buffers;
    }

    /** Whether the reader waits between chunks without a socket timeout. */
    boolean waitingUntimed() {
        return waitingUntimed;
    }

    /** Sets the socket timeout for the next read and returns the buffer to read into. */
    byte[] beforeRead() throws IOException {
        int want;
        ForwardedChunk current = forwarder.current();
        boolean between = current == null && parser.isIdle();
        boolean grown = buffers.grown();
        if (conn.isEstablished() && (current == null || !current.open)) {
            shrinkTimeout = false;
            set(0);
            waitingUntimed = between;
            if (!between) {
                waitInside(current);
                relay.waitSweep().watch(conn);
                return buffers.read();
            }
            if (!grown || in.available() > 0 || rawIn != null && rawIn.available() > 0) {
                return buffers.read();
            }
            byte[] wait = buffers.waitBetween();
            relay.waitSweep().watch(conn);
            return wait;
        }
        if (!between) {
            want = (int) relay.configInternal().timeouts().stall().toMillis();
            if (current != null && current.open) {
                want = Math.min(want, ChunkForwarder.SLICE_MILLIS); // to give the destination up if others wait
            }
        } else if (!conn.isEstablished()) {
            want = (int) relay.configInternal().timeouts().auth().toMillis();
        } else {
            want = 0; // no timer per read: IdleSweep closes the connections idle too long
        }
        shrinkTimeout = between && grown && (want == 0 || want > PeerConnection.SHRINK_AFTER_MILLIS);
        set(shrinkTimeout ? PeerConnection.SHRINK_AFTER_MILLIS : want);
        waitingUntimed = false;
        return buffers.read();
    }

    /** A read returned: the reader no longer waits. */
    void readReturned() {
        waitingUntimed = false;
        buffers.waitEnded();
    }

    /**
     * The reader is about to wait, untimed, inside a chunk ({@code current}, or a header block if
     * null): the deadline for {@link WaitSweep} is when the sender has stalled, or when {@link
     * #tooSlow()} would hold if nothing more came.
     */
    private void waitInside(ForwardedChunk current) {
        RelayConfig config = relay.configInternal();
        long stall = config.timeouts().stall().toNanos();
        long stalledAt = System.nanoTime() + stall; // as a socket timeout: the reader may have been writing
        long slowAt = current == null ? stalledAt
                : current.tooSlowAt(config.capacity().chunkMaxTime().toNanos(), stall,
                        config.capacity().chunkMinRate(), stalledAt);
        buffers.waitInside(slowAt - stalledAt < 0 ? slowAt : stalledAt, slowAt - stalledAt < 0);
    }

    /** Sets the socket timeout to {@code millis} (0: none) unless it is that already. */
    void set(int millis) throws IOException {
        if (millis != soTimeout) {
            socket.setSoTimeout(millis);
            soTimeout = millis;
        }
    }

    /**
     * A read timed out, the last input having come at {@code lastActivity}: true to keep reading
     * (grown buffers shrunk, or a sender inside a chunk not stalled yet), false to close.
     */
    boolean timedOut(long lastActivity) {
        if (shrinkTimeout) {
            buffers.shrink();
            return true;
        }
        if (forwarder.current() != null || !parser.isIdle()) {
            long now = System.nanoTime();
            if (now - lastActivity < relay.configInternal().timeouts().stall().toNanos()) {
                forwarder.yieldDestination(now);
                return !tooSlow();
            }
            LOG.debug("{}: sender stalled inside a chunk, closing", conn);
            return false;
        }
        if (!conn.isEstablished()) {
            LOG.debug("{}: nothing useful within the AUTH timeout, closing", conn);
            return false;
        }
        return true;
    }

    /**
     * Whether the chunk being read has taken longer than {@link CapacitySettings#chunkMaxTime()} or
     * fallen below {@link CapacitySettings#chunkMinRate()}: then the connection is closed (and what
     * went on of the chunk is cut).
     */
    boolean tooSlow() {
        ForwardedChunk c = forwarder.current();
        RelayConfig config = relay.configInternal();
        if (c == null || !c.tooSlow(System.nanoTime(), config.capacity().chunkMaxTime().toNanos(),
                config.timeouts().stall().toNanos(), config.capacity().chunkMinRate())) {
            return false;
        }
        relay.metrics().refused(RelayMetrics.Refusal.CHUNK_TOO_SLOW);
        LOG.debug("{}: chunk {} too slow ({} bytes in {} ms), closing", conn, c.request.transactionId(), c.bodyBytes(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - c.startedAt));
        return true;
    }
}
