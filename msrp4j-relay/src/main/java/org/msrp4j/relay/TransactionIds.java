package org.msrp4j.relay;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The transaction ids of the pieces one reader forwards: a random prefix drawn once from a {@link
 * SecureRandom}, then a counter, 16 alphanumeric characters in all (RFC 4975's ident). Unique
 * without a draw from the system's random source per chunk; a next hop learns no more from them
 * than that they come from one connection. State of that reader thread only.
 */
final class TransactionIds {

    private static final byte[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Characters of the random prefix; the counter takes the rest of {@link #LENGTH}. */
    static final int PREFIX = 6;
    static final int LENGTH = 16;

    private final byte[] id = new byte[LENGTH];
    private long count;

    TransactionIds() {
        for (int i = 0; i < PREFIX; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        count = RANDOM.nextLong() >>> 8; // where the counter starts is random too; never negative
    }

    /** A transaction id this reader has not given before (62^10 of them before the counter wraps). */
    String next() {
        long n = count++;
        for (int i = LENGTH - 1; i >= PREFIX; i--) {
            id[i] = ALPHABET[(int) (n % ALPHABET.length)];
            n /= ALPHABET.length;
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }
}
