package org.msrp4j.relay;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The transaction ids of the pieces one reader forwards: 16 alphanumeric characters (RFC 4975's
 * ident) from an AES-CTR key stream whose key and counter are drawn once from {@link SecureRandom}.
 *
 * <p>A body must never hold the end-line of the piece that carries it (RFC 4975 §7.1), and the
 * relay passes bodies on without scanning them, so the ids must be unpredictable even to a sender
 * who sees every id this reader gave before (by sending to a connection of its own): a counter, or a
 * generator whose state its outputs reveal, would let it end a piece it sends to someone else early
 * and forge the frame after. The key stream costs about 0.1 µs an id, where a {@link SecureRandom}
 * draw takes a lock and microseconds. State of that reader thread only.
 */
final class TransactionIds {

    private static final byte[] ALPHABET =
            "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".getBytes(StandardCharsets.US_ASCII);
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int LENGTH = 16;

    private final Cipher keyStream;
    private final byte[] zeros = new byte[LENGTH];
    private final byte[] stream = new byte[LENGTH];
    private final byte[] id = new byte[LENGTH];

    TransactionIds() {
        byte[] key = new byte[16];
        byte[] counter = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(counter);
        try {
            keyStream = Cipher.getInstance("AES/CTR/NoPadding");
            keyStream.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(counter));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR, which every JDK has, is missing", e);
        }
    }

    /** A fresh transaction id: about 95 bits from the key stream (62 symbols a character). */
    String next() {
        try {
            keyStream.update(zeros, 0, LENGTH, stream, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CTR refused a 16-byte block", e);
        }
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[(stream[i] & 0xff) % ALPHABET.length];
        }
        return new String(id, StandardCharsets.ISO_8859_1);
    }
}
