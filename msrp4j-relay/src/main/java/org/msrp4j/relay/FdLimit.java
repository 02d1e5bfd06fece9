package org.msrp4j.relay;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * The process's file descriptor limit and the connection cap derived from it: every relay
 * connection holds one descriptor, and the JVM, its jars, the listeners and the log need some
 * more, so the default {@code connections.max} leaves a margin below the limit. Without a limit
 * to read (not a Unix JVM) the cap is {@link #FALLBACK}.
 */
final class FdLimit {

    /** The cap when the descriptor limit cannot be read, and the highest default. */
    static final int FALLBACK = 20_000;

    /** Descriptors kept free for everything but connections: this many at least, or a tenth of the limit. */
    static final int MIN_MARGIN = 64;

    private FdLimit() {
    }

    /** The process's descriptor limit, or -1 if it cannot be read. */
    static long processLimit() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof UnixOperatingSystemMXBean unix ? unix.getMaxFileDescriptorCount() : -1;
    }

    /** The default connection cap: the descriptor limit less its margin, at most {@link #FALLBACK}. */
    static int defaultMaxConnections() {
        return capFor(processLimit());
    }

    /** The cap for a descriptor limit of {@code limit} (-1: unknown). */
    static int capFor(long limit) {
        if (limit < 0) {
            return FALLBACK;
        }
        long margin = Math.max(MIN_MARGIN, limit / 10);
        return (int) Math.max(1, Math.min(FALLBACK, limit - margin));
    }
}
