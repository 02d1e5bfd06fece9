package org.msrp4j.screen;

import java.io.IOException;
import java.io.OutputStream;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.IncomingHandler;

/**
 * Carries the bytes the peer sends to the local TCP side: the body of every SEND (whole chunk or
 * segment, in arrival order, whatever its Message-ID) goes into a {@link ByteQueue} of at most the
 * receive buffer, which {@link #drainTo} writes to TCP. While the queue is full the session's
 * reader waits here, so MSRP is not read faster than TCP takes it; the peer's window fills and it
 * stops reading its own TCP side. When the TCP side takes nothing for {@code stallNanos} the
 * stream fails rather than hold the session's reader for ever. Other requests need nothing from
 * the stream (the session answers them; REPORTs are not asked for).
 */
final class MsrpToTcp implements IncomingHandler {

    private final ByteQueue queue;
    private final long stallNanos;
    private final ScreenSharingStream stream;

    MsrpToTcp(int receiveBuffer, long stallNanos, ScreenSharingStream stream) {
        this.queue = new ByteQueue(receiveBuffer);
        this.stallNanos = stallNanos;
        this.stream = stream;
    }

    @Override
    public void onChunk(MsrpChunk chunk) {
        if (!"SEND".equals(chunk.method()) || chunk.data().length == 0) {
            return;
        }
        try {
            queue.put(chunk.data(), stallNanos);
        } catch (ByteQueue.QueueStalledException e) {
            stream.failed(new ScreenException("the local TCP side stalled: " + e.getMessage(), e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void onError(IOException error) {
        stream.sessionEnded(error);
    }

    /**
     * Writes what arrives to {@code out} until the queue is finished and empty, or closed.
     *
     * @throws IOException if writing fails
     * @throws InterruptedException if interrupted while waiting
     */
    void drainTo(OutputStream out) throws IOException, InterruptedException {
        byte[] data;
        while ((data = queue.take()) != null) {
            out.write(data);
        }
        out.flush();
    }

    /** No more bytes come from the peer: what is queued is still written. */
    void finish() {
        queue.finish();
    }

    /** Drops what is queued and stops {@link #drainTo}. */
    void close() {
        queue.close();
    }

    /** Bytes waiting for the TCP side now. */
    long queuedBytes() {
        return queue.queuedBytes();
    }
}
