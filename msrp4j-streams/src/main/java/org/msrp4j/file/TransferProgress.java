package org.msrp4j.file;

import java.time.Duration;
import java.util.Optional;

/**
 * How far a transfer is.
 *
 * @param bytes the bytes of the file done: sent and acknowledged, or received and stored (a
 *     resumed transfer counts the bytes held before it)
 * @param total the file's size
 * @param bytesPerSecond the rate of this session's transfer so far
 * @param eta the time left at that rate, if there is a rate
 */
public record TransferProgress(long bytes, long total, long bytesPerSecond, Optional<Duration> eta) {

    /** Progress from {@code bytes} done of {@code total}, {@code moved} of them in {@code elapsedNanos}. */
    static TransferProgress of(long bytes, long total, long moved, long elapsedNanos) {
        long rate = elapsedNanos <= 0 ? 0 : (long) (moved * 1e9 / elapsedNanos);
        Optional<Duration> eta = rate <= 0 ? Optional.empty()
                : Optional.of(Duration.ofMillis((long) ((total - bytes) * 1000.0 / rate)));
        return new TransferProgress(bytes, total, rate, eta);
    }

    /**
     * The fraction done, 0 to 1 (1 for an empty file).
     *
     * @return a number from 0 to 1
     */
    public double fraction() {
        return total <= 0 ? 1 : (double) bytes / total;
    }
}
