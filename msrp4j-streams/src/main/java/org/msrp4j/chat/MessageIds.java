package org.msrp4j.chat;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Message-IDs for chat messages: 16 alphanumeric characters (about 95 random bits), cheap enough
 * to draw one per message. A Message-ID names a message within its session, for its REPORTs and
 * IMDNs; it has to be unique, not secret (whoever can send on the session sees them all; what guards
 * the session is its session id, drawn from {@link SecureRandom} by the session layer, and TLS). So
 * instead of a {@link SecureRandom} draw per message (a lock and a digest each time), the ids come
 * from SplitMix64 (the generator of {@code SplittableRandom}) over one counter seeded once from
 * {@link SecureRandom}: a different sequence in every JVM, and within one a collision as unlikely
 * as between two {@link SecureRandom} draws of 95 bits. Thread-safe, lock-free.
 */
final class MessageIds {

    private static final char[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".toCharArray();
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private static final AtomicLong STATE = new AtomicLong(new SecureRandom().nextLong());
    private static final int HALF = 8;

    private MessageIds() {
    }

    /** A fresh Message-ID. */
    static String next() {
        long high = mix(STATE.addAndGet(GOLDEN_GAMMA));
        long low = mix(STATE.addAndGet(GOLDEN_GAMMA));
        char[] out = new char[2 * HALF];
        for (int i = 0; i < HALF; i++) {
            out[i] = ALPHABET[(int) Long.remainderUnsigned(high, ALPHABET.length)];
            high = Long.divideUnsigned(high, ALPHABET.length);
            out[HALF + i] = ALPHABET[(int) Long.remainderUnsigned(low, ALPHABET.length)];
            low = Long.divideUnsigned(low, ALPHABET.length);
        }
        return new String(out);
    }

    /** SplitMix64's output function, a bijection on 64 bits. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
