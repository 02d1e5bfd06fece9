package org.msrp4j.connect;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Notices a WebSocket connection that died without a word: the JDK's {@code java.net.http.WebSocket}
 * reports nothing when TCP goes away without a close frame (or a relay stops answering), so after
 * {@code pingAfter} without a frame from the peer a ping goes out, and the connection is {@linkplain
 * Peer#lost lost} if nothing (a pong or any other frame) comes back within {@code pongWithin}. Silence
 * while the connection does not take frames (its reader is behind, see {@link Peer#listening}) is
 * not held against the peer. One timer task at a time, only while the connection is open: no thread
 * waits between checks.
 */
final class WebSocketKeepAlive {

    /** What the keep-alive needs of its connection. */
    interface Peer {
        /** Sends a ping; must not block. */
        void ping();

        /** Whether the connection takes frames from the peer now (it asked for more). */
        boolean listening();

        /** The peer did not answer a ping within {@code pongWithin}: the connection is to end. */
        void lost(Duration pongWithin);
    }

    private static final Executor THREADS = Thread::startVirtualThread;

    private final Peer peer;
    private final long pingAfter;
    private final long pongWithin;
    private volatile long lastHeard = System.nanoTime();
    private volatile long pingSentAt;
    private volatile boolean awaitingPong;
    private volatile boolean stopped;

    /**
     * @param peer the connection
     * @param pingAfter how long without a frame from the peer before a ping
     * @param pongWithin how long the peer has to answer it
     */
    WebSocketKeepAlive(Peer peer, Duration pingAfter, Duration pongWithin) {
        this.peer = peer;
        this.pingAfter = pingAfter.toNanos();
        this.pongWithin = pongWithin.toNanos();
    }

    /** Starts watching: the connection just opened. */
    void start() {
        heard();
        schedule(pingAfter);
    }

    /** A frame (of any kind) came from the peer. */
    void heard() {
        lastHeard = System.nanoTime();
    }

    /** Stops watching: the connection is closing. */
    void stop() {
        stopped = true;
    }

    private void schedule(long delayNanos) {
        if (!stopped) {
            CompletableFuture.delayedExecutor(delayNanos, TimeUnit.NANOSECONDS, THREADS).execute(this::check);
        }
    }

    private void check() {
        if (stopped) {
            return;
        }
        long now = System.nanoTime();
        if (awaitingPong) {
            awaitingPong = false;
            if (lastHeard - pingSentAt <= 0 && peer.listening()) {
                stopped = true;
                peer.lost(Duration.ofNanos(pongWithin));
                return;
            }
        }
        long quiet = now - lastHeard;
        if (quiet < pingAfter) {
            schedule(pingAfter - quiet);
        } else if (!peer.listening()) {
            schedule(pingAfter); // the peer's frames wait for this side's reader, not the other way round
        } else {
            pingSentAt = now;
            awaitingPong = true;
            peer.ping();
            schedule(pongWithin);
        }
    }
}
