package org.msrp4j.session;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches blocking writes and runs a stall action for any that lasts longer than the stall time,
 * from one daemon thread that ticks only while there are (or lately were) writes to watch, and
 * ends after an idle spell. Watching a write costs no thread wake-up, so a session's reader can
 * write its answers itself while it keeps the read role, and gives the role up (the stall action)
 * only when the peer stops reading.
 */
final class StallWatch {

    /** The watch the sessions share: stall after 10 ms, tick every 5 ms, end after 1 s idle. */
    static final StallWatch SHARED = new StallWatch("msrp-stall-watch", Duration.ofMillis(10), Duration.ofMillis(5),
            Duration.ofSeconds(1));

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
         * action ran (or runs now on the watch's thread).
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

    private final String name;
    private final long stallNanos;
    private final long tickNanos;
    private final long idleNanos;
    private final Set<Watched> watched = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();

    StallWatch(String name, Duration stall, Duration tick, Duration idle) {
        this.name = name;
        this.stallNanos = stall.toNanos();
        this.tickNanos = tick.toNanos();
        this.idleNanos = idle.toNanos();
    }

    /** Starts watching a write; {@code onStall} must be quick (it runs on the watch's thread). */
    Watched watch(Runnable onStall) {
        Watched w = new Watched(this, onStall);
        watched.add(w);
        if (!running.get() && running.compareAndSet(false, true)) {
            Thread.ofPlatform().daemon().name(name).start(this::run);
        }
        return w;
    }

    private void run() {
        long busy = System.nanoTime();
        while (true) {
            LockSupport.parkNanos(tickNanos);
            long now = System.nanoTime();
            if (!watched.isEmpty()) {
                busy = now;
                for (Watched w : watched) {
                    if (now - w.since >= stallNanos) {
                        watched.remove(w);
                        stallSafely(w);
                    }
                }
            } else if (now - busy >= idleNanos) {
                running.set(false);
                // a write watched after the check above and before running was cleared found the
                // thread still running: keep going for it unless a new thread took over
                if (watched.isEmpty() || !running.compareAndSet(false, true)) {
                    return;
                }
            }
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
