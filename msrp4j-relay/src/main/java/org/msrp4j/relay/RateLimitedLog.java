package org.msrp4j.relay;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * One kind of log line that a peer can make the relay write over and over (a refused connection,
 * a failed accept, a refused AUTH): written at most once per interval, with the number of lines
 * left out since the last one, so an attack costs a few lines a minute rather than a disk.
 */
final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final LongSupplier clock;
    private final AtomicLong next;
    private final AtomicLong suppressed = new AtomicLong();

    RateLimitedLog(Logger log, Duration interval) {
        this(log, interval, System::nanoTime);
    }

    RateLimitedLog(Logger log, Duration interval, LongSupplier clock) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.clock = clock;
        this.next = new AtomicLong(clock.getAsLong());
    }

    /** Writes {@code message} (SLF4J format) at WARN unless a line was written less than the interval ago. */
    void warn(String message, Object... args) {
        write(Level.WARN, message, args);
    }

    /** Writes {@code message} (SLF4J format) at INFO unless a line was written less than the interval ago. */
    void info(String message, Object... args) {
        write(Level.INFO, message, args);
    }

    private void write(Level level, String message, Object... args) {
        long now = clock.getAsLong();
        long due = next.get();
        if (now - due < 0 || !next.compareAndSet(due, now + intervalNanos)) {
            suppressed.incrementAndGet();
            return;
        }
        long left = suppressed.getAndSet(0);
        if (left == 0) {
            log.atLevel(level).log(message, args);
        } else if (log.isEnabledForLevel(level)) {
            Object[] all = new Object[args.length + 1];
            System.arraycopy(args, 0, all, 0, args.length);
            all[args.length] = left;
            log.atLevel(level).log(message + " ({} more like this since the last)", all);
        }
    }
}
