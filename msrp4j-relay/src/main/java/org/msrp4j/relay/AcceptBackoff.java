package org.msrp4j.relay;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
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

    /**
     * Accepts the next connection on {@code server}, waiting with back-off after each failure.
     *
     * @param server the listening socket this back-off belongs to
     * @return the accepted socket, or null once {@code server} is closed or a wait is interrupted
     *     (the accept loop should end)
     */
    Socket accept(ServerSocket server) {
        while (true) {
            try {
                Socket s = server.accept();
                waitMillis = 0;
                return s;
            } catch (IOException e) {
                if (server.isClosed() || !failed(e)) {
                    return null;
                }
            }
        }
    }

    /**
     * Accept failed with {@code error}: logs (rate-limited) and waits before the next attempt.
     *
     * @return false if the wait was interrupted (the loop should stop)
     */
    private boolean failed(IOException error) {
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
