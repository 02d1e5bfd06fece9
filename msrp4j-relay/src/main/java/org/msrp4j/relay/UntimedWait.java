package org.msrp4j.relay;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the reader of one established {@link PeerConnection} is waiting in a socket read without a
 * timeout, for {@link WaitSweep} to act on in its place: a timed read makes the JDK schedule and
 * cancel a timer each time it blocks, two wake-ups of its timer thread per chunk relayed, so
 * these reads are untimed and one sweep for the whole relay does what their timeouts did. Inside
 * a chunk the reader leaves a deadline (the sender stalls, or its chunk becomes too slow, if
 * nothing more comes by then) at which the sweep closes the connection; between chunks, with
 * grown buffers, the sweep may shrink them (see {@link ReaderBuffers#sweep}) while
 * the reader waits in a small buffer of its own. The hand-over is a compare-and-set on the state,
 * so the sweep touches the reader's buffers only while the reader is blocked and cannot.
 */
final class UntimedWait {

    /** Not waiting untimed, or waiting with nothing for the sweep to do. */
    static final int NONE = 0;
    /** Waiting between chunks with grown buffers, which the sweep may shrink. */
    static final int BETWEEN = 1;
    /** Waiting inside a chunk: the sweep closes the connection at the deadline. */
    static final int INSIDE = 2;
    /** The sweep is shrinking the buffers: the reader waits for it to finish. */
    private static final int SHRINKING = 3;
    /** The sweep shrank the buffers. */
    private static final int SHRUNK = 4;

    private final AtomicInteger state = new AtomicInteger(NONE);
    /** System.nanoTime() at which the sweep acts on a wait {@link #INSIDE} a chunk. */
    private volatile long deadline;
    /** System.nanoTime() when the wait {@link #BETWEEN} chunks began. */
    private volatile long since;
    /** Whether that deadline is the chunk's minimum rate or maximum time, not a stall. */
    private volatile boolean tooSlow;

    /** The reader is about to wait between chunks, from {@code now}, with buffers the sweep may shrink. */
    void between(long now) {
        since = now;
        state.set(BETWEEN);
    }

    /**
     * The reader is about to wait inside a chunk: at {@code deadline}, unless input came, the sweep
     * closes the connection ({@code tooSlow}: for the chunk's rate or length, else for a stall).
     */
    void inside(long deadline, boolean tooSlow) {
        this.deadline = deadline;
        this.tooSlow = tooSlow;
        state.set(INSIDE);
    }

    /**
     * The reader's read returned: the wait is over. True if the sweep shrank the buffers
     * meanwhile (it may be doing so now: then this waits the few instructions it takes).
     */
    boolean end() {
        while (true) {
            int s = state.get();
            if (s == SHRINKING) {
                Thread.onSpinWait();
            } else if (s == NONE || state.compareAndSet(s, NONE)) {
                return s == SHRUNK;
            }
        }
    }

    /**
     * For the sweep: true if the reader waits inside a chunk and its deadline has passed; the wait
     * is then taken over (the sweep closes the connection), so a read that returns meanwhile
     * cannot race it.
     */
    boolean claimOverdue(long now) {
        return state.get() == INSIDE && now - deadline >= 0 && state.compareAndSet(INSIDE, NONE);
    }

    /** For the sweep: whether the reader waits with something for it to do, inside or between chunks. */
    boolean awaitsSweep() {
        int s = state.get();
        return s == INSIDE || s == BETWEEN;
    }

    /** For the sweep: whether the overdue wait's deadline was the chunk's rate or length. */
    boolean tooSlow() {
        return tooSlow;
    }

    /**
     * For the sweep: takes the buffers of a reader that has waited between chunks for {@code
     * after} nanoseconds; false if it has not.
     */
    boolean beginShrink(long now, long after) {
        return state.get() == BETWEEN && now - since >= after && state.compareAndSet(BETWEEN, SHRINKING);
    }

    /** For the sweep: the buffers taken by {@link #beginShrink} are shrunk. */
    void shrunk() {
        state.set(SHRUNK);
    }
}
