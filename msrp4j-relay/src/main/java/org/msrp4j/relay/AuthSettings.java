package org.msrp4j.relay;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link MsrpRelay} answers AUTH: the Expires it grants and its bounds, and its digest
 * nonces. Part of {@link RelayConfig}, whose builder sets each value.
 *
 * @param defaultExpires Expires granted when AUTH has none, in seconds ({@code expires.default})
 * @param minExpires the smallest Expires accepted, in seconds; smaller gets 423 with Min-Expires
 *     ({@code expires.min})
 * @param maxExpires the largest Expires accepted, in seconds; larger gets 423 with Max-Expires
 *     ({@code expires.max})
 * @param nonceLifetime how long a nonce is good for before it is answered with {@code stale=true}
 *     ({@code nonce.lifetime})
 * @param maxNonces how many nonces are remembered for nonce-count replay checks; the oldest are
 *     forgotten first ({@code nonce.max})
 * @param maxAuthFailures failed AUTHs on one connection before the relay closes it ({@code
 *     auth.max-failures})
 */
public record AuthSettings(long defaultExpires, long minExpires, long maxExpires, Duration nonceLifetime,
        int maxNonces, int maxAuthFailures) {

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException naming the setting that is out of range
     */
    public AuthSettings {
        Objects.requireNonNull(nonceLifetime, "nonceLifetime");
        if (minExpires < 0 || minExpires > maxExpires || defaultExpires < minExpires || defaultExpires > maxExpires) {
            throw new IllegalArgumentException("need 0 <= expires.min <= expires.default <= expires.max: "
                    + minExpires + ", " + defaultExpires + ", " + maxExpires);
        }
        if (nonceLifetime.isNegative() || nonceLifetime.isZero()) {
            throw new IllegalArgumentException("nonce.lifetime must be positive: " + nonceLifetime);
        }
        if (maxNonces < 1) {
            throw new IllegalArgumentException("nonce.max must be positive: " + maxNonces);
        }
        if (maxAuthFailures < 1) {
            throw new IllegalArgumentException("auth.max-failures must be positive: " + maxAuthFailures);
        }
    }
}
