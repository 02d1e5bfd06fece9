package org.msrp4j.relay;

/**
 * The buffers of one {@link PeerConnection}'s reader and its waits without a socket timeout (see
 * {@link UntimedWait}). The read buffer starts at {@link CapacitySettings#bufferSize()} and, each
 * time a read fills it, grows fourfold up to {@link CapacitySettings#maxBufferSize()}; the
 * forwarder's and the answers' buffers follow it. All go back to the small size after {@link
 * PeerConnection#SHRINK_AFTER_MILLIS} between chunks without input; while they are grown, the
 * reader waits for the next chunk in a small buffer of its own, so that {@link WaitSweep} can
 * shrink them during the wait. State of the reader thread (and of the sweep while the reader
 * waits, as {@link UntimedWait} hands it over), but for {@link #bytes()}.
 */
final class ReaderBuffers {

    private final int smallBuffer;
    private final int maxBuffer;
    private final ChunkForwarder forwarder;
    private final PeerReplies replies;
    /** The route the connection's last request took: forgotten with the buffers. */
    private final Router.Last lastRoute;
    private final UntimedWait untimed = new UntimedWait();
    private byte[] readBuffer;
    /** While the read buffer is grown: the small one the reader waits in between chunks, or null. */
    private byte[] idleBuffer;
    /** Bytes of the read buffers; with the forwarder's, for {@link MsrpRelay#bufferBytes()}. */
    private volatile int bytes;

    ReaderBuffers(CapacitySettings capacity, ChunkForwarder forwarder, PeerReplies replies, Router.Last lastRoute) {
        this.smallBuffer = capacity.bufferSize();
        this.maxBuffer = capacity.maxBufferSize();
        this.forwarder = forwarder;
        this.replies = replies;
        this.lastRoute = lastRoute;
        this.readBuffer = new byte[smallBuffer];
        this.bytes = smallBuffer;
    }

    /** The read buffer. */
    byte[] read() {
        return readBuffer;
    }

    /** Bytes of the read buffers now (any thread). */
    int bytes() {
        return bytes;
    }

    /** Whether any of the reader's buffers is larger than the small size. */
    boolean grown() {
        return forwarder.hasBuffer() || replies.hasBuffer() || readBuffer.length > smallBuffer;
    }

    /** A read (or batch of reads) of {@code n} bytes ended: if it filled the buffer, a larger one. */
    void afterRead(int n) {
        if (n == readBuffer.length && readBuffer.length < maxBuffer) {
            readBuffer = new byte[Math.min(maxBuffer, readBuffer.length * 4)];
            forwarder.dropBuffer(); // empty after each read; made again at the new size
            account();
        }
    }

    /** Nothing came for a while between chunks: back to the small read buffer, no forwarding buffer. */
    void shrink() {
        readBuffer = new byte[smallBuffer];
        idleBuffer = null;
        dropOthers();
        bytes = smallBuffer;
    }

    /**
     * The reader is about to wait, untimed, between chunks, its buffers grown: returns the buffer to
     * wait in, the small one while the read buffer is grown, which {@link WaitSweep} may shrink.
     */
    byte[] waitBetween() {
        untimed.between(System.nanoTime());
        if (readBuffer.length <= smallBuffer) {
            return readBuffer;
        }
        if (idleBuffer == null) {
            idleBuffer = new byte[smallBuffer];
            account();
        }
        return idleBuffer;
    }

    /**
     * The reader is about to wait, untimed, inside a chunk: at {@code deadline} the sweep closes the
     * connection ({@code tooSlow}: for the chunk's rate or length, else for a stall).
     */
    void waitInside(long deadline, boolean tooSlow) {
        untimed.inside(deadline, tooSlow);
    }

    /** A read returned (or the reader ends): an untimed wait is over, and the sweep done with the buffers. */
    void waitEnded() {
        untimed.end();
    }

    /**
     * For {@link WaitSweep}: true if the reader waits inside a chunk past its deadline (the caller
     * closes the connection); else shrinks the buffers if the reader has waited between chunks for
     * {@code shrinkAfter} nanoseconds, and returns false.
     */
    boolean sweep(long now, long shrinkAfter) {
        if (untimed.claimOverdue(now)) {
            return true;
        }
        if (untimed.beginShrink(now, shrinkAfter)) {
            if (readBuffer.length > smallBuffer) {
                readBuffer = idleBuffer; // the one the reader waits in
            }
            idleBuffer = null;
            dropOthers();
            account();
            untimed.shrunk();
        }
        return false;
    }

    /** Whether the reader waits untimed with something for the sweep to do (any thread). */
    boolean awaitsSweep() {
        return untimed.awaitsSweep();
    }

    /** Whether the overdue wait {@link #sweep} reported was for the chunk's rate or length, not a stall. */
    boolean overdueTooSlow() {
        return untimed.tooSlow();
    }

    private void dropOthers() {
        forwarder.dropBuffer();
        replies.dropBuffer();
        lastRoute.forget();
    }

    private void account() {
        bytes = readBuffer.length + (idleBuffer == null ? 0 : idleBuffer.length);
    }
}
