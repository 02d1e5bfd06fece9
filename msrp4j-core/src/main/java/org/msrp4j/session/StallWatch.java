package org.msrp4j.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Watches blocking writes and runs a stall action for any that lasts longer than the stall time.
 * Nothing ticks: a watched write that finds no deadline armed arms one, a one-shot task on the
 * scheduler due when that write would stall; when it runs it stalls the writes that are due and,
 * while others are still watched, arms the next deadline for the oldest of them, else none. Watching a
 * write costs no thread wake-up while a deadline is armed, so a session's reader can write its
 * answers itself while it keeps the read role, and gives the role up (the stall action) only when
 * the peer stops reading.
 */
final class StallWatch {

    /** How long the shared scheduler's thread stays when no deadline is armed. */
    private static final long IDLE_SECONDS = 1;

    /**
     * The watch the sessions share: stall after 10 ms, on one daemon thread that exists only while
     * a deadline is armed (and one idle second after).
     */
    static final StallWatch SHARED = new StallWatch(Duration.ofMillis(10), sharedScheduler("msrp-stall-watch"));

    /** A watched write, settled once: finished by its writer, or stalled by the watch. */
    static final class Watched {
        private final long since = System.nanoTime();
        private final Runnable onStall;
        private final AtomicBoolean settled = new AtomicBoolean();
        private final StallWatch watch;

        private Watched(StallWatch watch, Runnable onStall) {
            this.watch = watch;
            this.onStall = onStall;
        }

        /**
         * Ends the watch over this write; true when it finished in time, false when the stall
         * action ran (or runs now on the scheduler's thread).
         */
        boolean finish() {
            watch.watched.remove(this);
            return settled.compareAndSet(false, true);
        }

        private void stall() {
            if (settled.compareAndSet(false, true)) {
                onStall.run();
            }
        }
    }

    private final long stallNanos;
    private final ScheduledExecutorService scheduler;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    /** Whether a deadline task is scheduled (or running): at most one is. */
    private final AtomicBoolean armed = new AtomicBoolean();

    /**
     * A watch that stalls writes after {@code stall}, running the stall actions on {@code scheduler}
     * (a single-threaded one keeps them in order).
     */
    StallWatch(Duration stall, ScheduledExecutorService scheduler) {
        this.stallNanos = stall.toNanos();
        this.scheduler = scheduler;
    }

    /**
     * A scheduler with one daemon thread named {@code name}, made when a task is scheduled and ended
     * after an idle second.
     */
    static ScheduledExecutorService sharedScheduler(String name) {
        ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1,
                r -> Thread.ofPlatform().daemon().name(name).unstarted(r));
        s.setKeepAliveTime(IDLE_SECONDS, TimeUnit.SECONDS);
        s.allowCoreThreadTimeOut(true);
        s.setRemoveOnCancelPolicy(true);
        return s;
    }

    /** Starts watching a write; {@code onStall} must be quick (it runs on the scheduler's thread). */
    Watched watch(Runnable onStall) {
        Watched w = new Watched(this, onStall);
        watched.add(w);
        if (!armed.get() && armed.compareAndSet(false, true)) {
            arm(stallNanos);
        }
        return w;
    }

    private void arm(long delayNanos) {
        try {
            scheduler.schedule(this::deadline, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            armed.set(false);
        }
    }

    /** The armed deadline is due: stalls the writes that are, and arms the next one for the rest. */
    private void deadline() {
        long now = System.nanoTime();
        long next = Long.MAX_VALUE;
        for (Watched w : watched) {
            long left = w.since + stallNanos - now;
            if (left <= 0) {
                watched.remove(w);
                stallSafely(w);
            } else {
                next = Math.min(next, left);
            }
        }
        armed.set(false);
        // a write watched after the loop above found the deadline still armed: arm it for that one
        if (!watched.isEmpty() && armed.compareAndSet(false, true)) {
            arm(next == Long.MAX_VALUE ? stallNanos : next);
        }
    }

    private static void stallSafely(Watched w) {
        try {
            w.stall();
        } catch (RuntimeException e) {
            Thread t = Thread.currentThread();
            t.getUncaughtExceptionHandler().uncaughtException(t, e);
        }
    }
}
