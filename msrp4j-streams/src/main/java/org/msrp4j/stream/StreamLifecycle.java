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

    /**
     * A life cycle under {@code lock}, which its owner may hold to check the state with its own fields.
     *
     * @param lock the owner's lock, under which the state changes
     */
    public StreamLifecycle(ReentrantLock lock) {
        this.lock = Objects.requireNonNull(lock, "lock");
    }

    /**
     * The current state.
     *
     * @return the state now
     */
    public StreamState state() {
        lock.lock();
        try {
            return state;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Whether the stream is in {@code expected}.
     *
     * @param expected a state
     * @return true if the state is {@code expected} now
     */
    public boolean is(StreamState expected) {
        return state() == expected;
    }

    /**
     * Whether the stream is ending or has ended.
     *
     * @return true in {@code ENDING} or {@code ENDED}
     */
    public boolean isEnding() {
        StreamState s = state();
        return s == StreamState.ENDING || s == StreamState.ENDED;
    }

    /**
     * Moves from {@code from} to {@code to} for the application's call {@code what}.
     *
     * @param from the state the call needs
     * @param to the state it moves to
     * @param what the call's name, for the error message
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
     * @param from the state the step began in
     * @param to the state it moves to
     * @param commit runs under the lock with the state change
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

    /**
     * Moves to {@code ENDING}; false if the stream is ending or has ended already.
     *
     * @return true if this call moved the stream to {@code ENDING}
     */
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

    /**
     * Moves to {@code ENDED}; false if it had ended already.
     *
     * @return true if this call moved the stream to {@code ENDED}
     */
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
