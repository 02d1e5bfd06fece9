package org.msrp4j.stream;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stream's listener calls one at a time, in the order posted, on a thread of their own, so
 * that a listener never runs on the session's reader. What the peer causes ({@link #postFromPeer})
 * is bounded: when the listener falls {@code capacity} such calls behind, the posting reader waits
 * (and TCP slows the peer down; nothing is lost). Calls caused by the application or by timers
 * ({@link #post}) never wait; there are at most a few per call the application makes. Listener
 * exceptions are logged and do not stop the dispatcher. {@link #finish} lets the calls posted so far
 * run, then ends the thread.
 */
public final class EventDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(EventDispatcher.class);
    private static final Runnable END = () -> { };

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Semaphore peerRoom;
    private final Thread thread;

    /**
     * Starts the listener thread at once.
     *
     * @param capacity how many peer-caused calls may wait before {@link #postFromPeer} waits
     * @param threads makes the listener thread
     * @param name the listener thread's name
     */
    public EventDispatcher(int capacity, ThreadFactory threads, String name) {
        this.peerRoom = new Semaphore(capacity);
        this.thread = threads.newThread(this::run);
        thread.setName(name);
        thread.start();
    }

    /**
     * Queues a listener call caused by the application or a timer; never waits.
     *
     * @param call the listener call
     */
    public void post(Runnable call) {
        queue.add(call);
    }

    /**
     * Queues a listener call caused by the peer, waiting while {@code capacity} such calls are
     * queued; from the dispatcher's own thread (a listener's call into its stream) it never waits.
     *
     * @param call the listener call
     */
    public void postFromPeer(Runnable call) {
        if (Thread.currentThread() == thread) {
            queue.add(call);
            return;
        }
        try {
            peerRoom.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        queue.add(() -> {
            peerRoom.release();
            call.run();
        });
    }

    /** Ends the thread once the calls posted so far have run. */
    public void finish() {
        queue.add(END);
    }

    private void run() {
        try {
            while (true) {
                Runnable call = queue.take();
                if (call == END) {
                    return;
                }
                try {
                    call.run();
                } catch (RuntimeException e) {
                    LOG.warn("a stream listener threw", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
