package org.msrp4j.chat;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The remote side of RFC 3994 (§4): the peer's composing state as its indications tell it. An
 * active indication holds for its refresh interval (120 s when it gives none) and lapses to idle
 * unless refreshed; an idle indication or a content message from the peer makes it idle at once.
 * Every change of state, and only a change, is reported. Thread-safe; reports are made outside the
 * lock. Once the timer is shut down (the stream ended) an active state no longer lapses.
 */
final class ComposingReceiver {

    /** The refresh interval assumed when an active indication gives none (RFC 3994 §4). */
    static final Duration DEFAULT_REFRESH = Duration.ofSeconds(120);

    /** Told of each change: now active or idle. */
    interface Changes {
        void changed(boolean active);
    }

    private final ScheduledExecutorService timer;
    private final Changes changes;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean active;
    private ScheduledFuture<?> expiry;
    private long generation;

    ComposingReceiver(ScheduledExecutorService timer, Changes changes) {
        this.timer = timer;
        this.changes = changes;
    }

    /** Whether the peer is composing. */
    boolean isActive() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    /** An indication arrived: active (with its refresh interval, or null) or idle. */
    void indication(boolean nowActive, Duration refresh) {
        if (!nowActive) {
            becomeIdle();
            return;
        }
        boolean changed;
        lock.lock();
        try {
            changed = !active;
            active = true;
            if (expiry != null) {
                expiry.cancel(false);
            }
            Duration lapse = refresh == null || refresh.isZero() || refresh.isNegative() ? DEFAULT_REFRESH : refresh;
            long current = ++generation;
            try {
                expiry = timer.schedule(() -> lapsed(current), lapse.toNanos(), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                expiry = null;
            }
        } finally {
            lock.unlock();
        }
        if (changed) {
            changes.changed(true);
        }
    }

    /** A content message arrived from the peer. */
    void messageReceived() {
        becomeIdle();
    }

    /** The active indication of {@code gen} was not refreshed in time (a later one cancels it). */
    private void lapsed(long gen) {
        idle(gen);
    }

    private void becomeIdle() {
        idle(-1);
    }

    /** Goes idle, reporting the change; when {@code gen} is not -1, only if no indication came since. */
    private void idle(long gen) {
        lock.lock();
        try {
            if (!active || (gen != -1 && gen != generation)) {
                return;
            }
            active = false;
            if (expiry != null) {
                expiry.cancel(false);
            }
            expiry = null;
        } finally {
            lock.unlock();
        }
        changes.changed(false);
    }
}
