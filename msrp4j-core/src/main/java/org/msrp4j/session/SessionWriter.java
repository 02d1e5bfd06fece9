package org.msrp4j.session;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The writing of an {@link MsrpSession}: its writer thread's loop (the other responses and REPORTs
 * first, then queued chunks in order, then file chunks round-robin), and writes on other threads
 * that save the hand-over to it.
 */
final class SessionWriter {

    private final SessionCore core;

    SessionWriter(SessionCore core) {
        this.core = core;
    }

    /**
     * Under the lock: whether a caller may write on its own thread, nothing being queued or
     * written. It then counts its write in {@link SessionCore#directWrites} before unlocking.
     */
    boolean mayWriteDirectly() {
        return !core.writerBusy && core.directWrites == 0 && core.queue.isEmpty();
    }

    /** The writer thread's loop, until the session ends. */
    void writeLoop() {
        List<MsrpChunk> batch = new ArrayList<>();
        while (true) {
            FileTransfer file = null;
            batch.clear();
            core.lock.lock();
            try {
                while (true) {
                    core.writerBusy = false;
                    if (core.state == SessionCore.State.CLOSED) {
                        return;
                    }
                    core.queue.takeBatch(batch);
                    if (!batch.isEmpty()) {
                        break;
                    }
                    file = core.fileSender.next();
                    if (file != null) {
                        break;
                    }
                    if (core.drained()) {
                        core.idle.signalAll();
                    }
                    core.writerWork.await();
                }
                core.writerBusy = true;
            } catch (InterruptedException e) {
                return;
            } finally {
                core.lock.unlock();
            }
            try {
                if (file == null) {
                    core.transport.writeChunks(batch);
                    core.lastTraffic = System.nanoTime();
                } else if (core.fileSender.writeChunk(file)) {
                    core.lastTraffic = System.nanoTime();
                }
            } catch (IOException e) {
                core.end(e);
                return;
            }
        }
    }

    /**
     * Writes on the calling thread, saving the hand-over to the writer: for the caller of the
     * blocking {@link MsrpSession#deliverChunk} (who waits anyway) when nothing else is queued, for
     * the caller of {@link MsrpSession#sendMessage(List)} on the terms it gives, or for a reader's
     * {@code replies} (the {@link StallWatch} lets the other reader read should it stall). The
     * caller counted the write in {@link SessionCore#directWrites} (and, for replies, set {@link
     * SessionCore#replying}); this undoes that.
     */
    void writeDirectly(List<MsrpChunk> chunks, boolean replies) {
        try {
            core.transport.writeChunks(chunks);
            core.lastTraffic = System.nanoTime();
        } catch (IOException e) {
            core.end(e);
        } finally {
            core.lock.lock();
            try {
                if (replies) {
                    core.replying = false;
                }
                core.directWrites--;
                if (!core.queue.isEmpty() || !core.fileSender.isEmpty()) {
                    core.writerWork.signal();
                }
                if (core.drained()) {
                    core.idle.signalAll();
                }
            } finally {
                core.lock.unlock();
            }
        }
    }
}
