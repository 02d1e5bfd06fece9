package org.msrp4j.stream;

import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of a stream and its allowed moves, under one lock: {@code NEW → INITIALIZING →
 * INITIALIZED → STARTING → STARTED}, and from anywhere to {@code ENDING} (once) and {@code ENDED}
 * (once). Thread-safe; the lock is not held while a caller does I/O.
 */
public final class StreamLifecycle {

    private final ReentrantLock lock;
    private StreamState state = StreamState.NEW;

    /** A life cycle under {@code lock}, which its owner may hold to check the state with its own fields. */
    public StreamLifecycle(ReentrantLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /** The current state. */
    public StreamState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stream is in {@code expected}. */
    public boolean is(StreamState expected) {
        return state() == expected;
    }

    /** Whether the stream is ending or has ended. */
    public boolean isEnding() {
        StreamState s = state();
        return s == StreamState.ENDING || s == StreamState.ENDED;
    }

    /**
     * Moves from {@code from} to {@code to} for the application's call {@code what}.
     *
     * @throws StreamException if the stream is not in {@code from}
     */
    public void begin(StreamState from, StreamState to, String what) throws StreamException {
        lock.lock();
        try {
            if (state != from) {
                throw new StreamException(what + " is not allowed now: the stream is " + state);
            }
            state = to;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Completes a step begun with {@link #begin}: moves from {@code from} to {@code to} and runs
     * {@code commit} under the lock, so that what the step made is published with the state.
     *
     * @throws StreamException if the stream left {@code from} meanwhile (it was ended)
     */
    public void complete(StreamState from, StreamState to, Runnable commit) throws StreamException {
        lock.lock();
        try {
            if (state != from) {
                throw new StreamException("the stream ended while it was " + from.name().toLowerCase(Locale.ROOT));
            }
            state = to;
            commit.run();
        } finally {
            lock.unlock();
        }
    }

    /** Moves to {@code ENDING}; false if the stream is ending or has ended already. */
    public boolean startEnding() {
        lock.lock();
        try {
            if (state == StreamState.ENDING || state == StreamState.ENDED) {
                return false;
            }
            state = StreamState.ENDING;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Moves to {@code ENDED}; false if it had ended already. */
    public boolean finish() {
        lock.lock();
        try {
            if (state == StreamState.ENDED) {
                return false;
            }
            state = StreamState.ENDED;
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return state().toString();
    }
}
