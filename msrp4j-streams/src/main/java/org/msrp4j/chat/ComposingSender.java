package org.msrp4j.chat;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local side of RFC 3994 (§3.2): the user's composing state and the indications it sends. The
 * first keystroke makes it active and sends an active indication carrying the refresh interval,
 * repeated every refresh interval while it stays active; {@code idleTimeout} without a keystroke
 * makes it idle and sends an idle indication; sending a message makes it idle silently (the message
 * says it). Thread-safe; the indications are sent outside the lock.
 */
final class ComposingSender {

    /** Sends an indication: active (with the refresh interval) or idle. */
    interface Indications {
        void send(boolean active, Duration refresh);
    }

    private final ScheduledExecutorService timer;
    private final Duration idleTimeout;
    private final Duration refresh;
    private final Indications out;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean active;
    private ScheduledFuture<?> idleTask;
    private ScheduledFuture<?> refreshTask;

    ComposingSender(ScheduledExecutorService timer, Duration idleTimeout, Duration refresh, Indications out) {
        this.timer = timer;
        this.idleTimeout = idleTimeout;
        this.refresh = refresh;
        this.out = out;
    }

    /** Whether the local user is composing. */
    boolean isActive() {
        lock.lock();
        try {
            return active;
        } finally {
            lock.unlock();
        }
    }

    /** The user typed: active now (sending an indication if it was idle), idle after the idle timeout. */
    void typing() {
        boolean send;
        lock.lock();
        try {
            send = !active;
            active = true;
            if (idleTask != null) {
                idleTask.cancel(false);
            }
            idleTask = timer.schedule(this::idleTimedOut, idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (send) {
                long every = refresh.toNanos();
                refreshTask = timer.scheduleAtFixedRate(this::refreshDue, every, every, TimeUnit.NANOSECONDS);
            }
        } finally {
            lock.unlock();
        }
        if (send) {
            out.send(true, refresh);
        }
    }

    /** The user stopped composing: idle now, with an idle indication if it was active. */
    void stop() {
        if (becomeIdle()) {
            out.send(false, null);
        }
    }

    /** A message went out: idle without an indication. */
    void messageSent() {
        becomeIdle();
    }

    private void idleTimedOut() {
        stop();
    }

    private void refreshDue() {
        if (isActive()) {
            out.send(true, refresh);
        }
    }

    private boolean becomeIdle() {
        lock.lock();
        try {
            if (!active) {
                return false;
            }
            active = false;
            idleTask.cancel(false);
            refreshTask.cancel(false);
            idleTask = null;
            refreshTask = null;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
