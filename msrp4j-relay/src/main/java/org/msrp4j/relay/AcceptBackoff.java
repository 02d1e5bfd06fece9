package org.msrp4j.relay;

import java.io.IOException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a listener's accept loop does when accept fails (most often: the process is out of file
 * descriptors, and the kernel keeps the pending connection, so retrying at once fails at once
 * again): it waits, from {@link #FIRST} doubling to {@link #MOST} while the failures go on, and
 * keeps the listener. Failures are logged at most once a minute with a count. One per accept
 * loop; used by that loop's thread only.
 */
final class AcceptBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptBackoff.class);

    /** The wait after the first failure of a run. */
    static final Duration FIRST = Duration.ofMillis(10);

    /** The longest wait between attempts. */
    static final Duration MOST = Duration.ofSeconds(1);

    private final String listener;
    private final RateLimitedLog log = new RateLimitedLog(LOG, Duration.ofMinutes(1));
    private long waitMillis;

    AcceptBackoff(String listener) {
        this.listener = listener;
    }

    /** Accept succeeded: the next failure waits {@link #FIRST} again. */
    void succeeded() {
        waitMillis = 0;
    }

    /**
     * Accept failed with {@code error}: logs (rate-limited) and waits before the next attempt.
     *
     * @return false if the wait was interrupted (the loop should stop)
     */
    boolean failed(IOException error) {
        waitMillis = waitMillis == 0 ? FIRST.toMillis() : Math.min(MOST.toMillis(), waitMillis * 2);
        log.warn("accept on {} failed, retrying with back-off up to {} ms: {}", listener, MOST.toMillis(),
                error.toString());
        try {
            Thread.sleep(waitMillis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
