package org.msrp4j.session;

import java.util.ArrayDeque;
import java.util.concurrent.Semaphore;
import org.msrp4j.protocol.MsrpChunk;

/**
 * The hand-off between a session's two readers: one permit, held by the reader that reads while
 * the other waits for it; a permit rather than a lock, so that the {@link StallWatch} can give it
 * up for a reader whose own write stalls, and the other reads on. It also holds the requests read
 * by a reader that waits for a response on its own thread (a blocking {@code deliverChunk} from a
 * callback), to be handled in order before anything newer is read; those are used by the reader
 * holding the role only.
 */
final class ReadRole {

    /** The most body bytes of requests held while a reader waits for a response. */
    static final long HELD_LIMIT = 4L * 1024 * 1024;

    private final Semaphore permit = new Semaphore(1);
    private final ArrayDeque<MsrpChunk> held = new ArrayDeque<>();
    private long heldBytes;

    /** Waits for the role. */
    void acquire() throws InterruptedException {
        permit.acquire();
    }

    /** Waits for the role, through interrupts. */
    void acquireUninterruptibly() {
        permit.acquireUninterruptibly();
    }

    /** Gives the role up. */
    void release() {
        permit.release();
    }

    /**
     * Runs {@code write} watched by the shared {@link StallWatch}: should it stall, the role goes
     * to the other reader meanwhile.
     *
     * @return whether this thread still holds the role (the write did not stall)
     */
    boolean writeWatched(Runnable write) {
        StallWatch.Watched watch = StallWatch.SHARED.watch(permit::release);
        write.run();
        return watch.finish();
    }

    /** Holds a request read while waiting for a response. */
    void hold(MsrpChunk request) {
        held.add(request);
        heldBytes += request.size();
    }

    /** The oldest held request, removed, or null. */
    MsrpChunk nextHeld() {
        MsrpChunk c = held.poll();
        if (c != null) {
            heldBytes -= c.size();
        }
        return c;
    }

    /** Whether requests are held. */
    boolean holdsRequests() {
        return !held.isEmpty();
    }

    /** Whether the held requests reached {@link #HELD_LIMIT}: then reading for a response stops. */
    boolean full() {
        return heldBytes >= HELD_LIMIT;
    }
}
