package org.msrp4j.connect;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * What one listener's accept loop does after {@code accept()} fails while the listener is open
 * (running out of file descriptors, most often): it waits, 10 ms after the first failure and twice
 * as long after each next one up to 1 s, and logs at most one warning per 10 s, counting the
 * failures in between; once an accept succeeds again it says so and starts over. Used by the
 * listener's own thread only.
 */
final class AcceptErrors {

    static final long FIRST_DELAY_MILLIS = 10;
    static final long MAX_DELAY_MILLIS = 1000;
    static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Logger log;
    private final String listener;
    private long delayMillis;
    private long failures;
    private long unlogged;
    private boolean logged;
    private boolean reported;
    private long nextLog;

    /** @param listener the listener, for log lines, e.g. {@code "127.0.0.1:2855"} */
    AcceptErrors(Logger log, String listener) {
        this.log = log;
        this.listener = listener;
    }

    /** Counts a failed accept, logs it when a line is due, and returns how long to wait, in milliseconds. */
    long failed(IOException e) {
        delayMillis = delayMillis == 0 ? FIRST_DELAY_MILLIS : Math.min(MAX_DELAY_MILLIS, delayMillis * 2);
        failures++;
        long now = System.nanoTime();
        if (!logged || now - nextLog >= 0) {
            log.warn("MsrpServer: accepting a connection on {} failed{}: {}; still listening, next try in {} ms",
                    listener, unlogged == 0 ? "" : " (and " + unlogged + " times since the last report)",
                    e.getMessage(), delayMillis);
            unlogged = 0;
            logged = true;
            reported = true;
            nextLog = now + LOG_INTERVAL_NANOS;
        } else {
            unlogged++;
        }
        return delayMillis;
    }

    /**
     * Notes a successful accept: ends a run of failures, saying so when that run was reported (so
     * that a listener flapping between failing and working logs no more than the warnings allow).
     */
    void succeeded() {
        if (failures > 0) {
            if (reported) {
                log.info("MsrpServer: accepting connections on {} again after {} failed accepts", listener, failures);
            }
            failures = 0;
            reported = false;
            delayMillis = 0;
        }
    }
}
