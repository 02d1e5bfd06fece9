package org.msrp4j.relay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digest nonces of one relay. A nonce is {@code base64url(time ‖ random ‖ HMAC(time ‖
 * random))} under a secret drawn at start, so a forged one is told from a genuine one without
 * remembering it, and an old genuine one is answered {@code stale=true}. The highest nonce count
 * seen for each live nonce is kept for replay checks in a map bounded by {@code max} entries,
 * oldest dropped first; a genuine nonce that was dropped is treated as stale, so the client just
 * retries with a fresh one.
 */
final class Nonces {

    /** What a nonce in an Authorization header is worth. */
    enum Verdict {
        /** Issued by us and still fresh. */
        FRESH,
        /** Issued by us but too old (or forgotten): answer with stale=true. */
        STALE,
        /** Not ours. */
        INVALID
    }

    private static final int RANDOM_BYTES = 16;
    private static final int MAC_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;
    private final long lifetimeMillis;
    private final int max;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<String, long[]> counts = new LinkedHashMap<>();

    Nonces(Duration lifetime, int max) {
        this(lifetime, max, System::currentTimeMillis);
    }

    Nonces(Duration lifetime, int max, LongSupplier clock) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.lifetimeMillis = lifetime.toMillis();
        this.max = max;
        this.clock = clock;
    }

    /** A fresh nonce, remembered with nonce count 0. */
    String issue() {
        long now = clock.getAsLong();
        ByteBuffer b = ByteBuffer.allocate(8 + RANDOM_BYTES + MAC_BYTES);
        b.putLong(now);
        byte[] noise = new byte[RANDOM_BYTES];
        random.nextBytes(noise);
        b.put(noise);
        b.put(mac(b.array(), 8 + RANDOM_BYTES));
        String nonce = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
        lock.lock();
        try {
            // [issued at, highest nc]
            counts.put(nonce, new long[] {now, 0});
            Iterator<Map.Entry<String, long[]>> it = counts.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, long[]> e = it.next();
                if (counts.size() > max || now - e.getValue()[0] > lifetimeMillis) {
                    it.remove();
                } else {
                    break;
                }
            }
        } finally {
            lock.unlock();
        }
        return nonce;
    }

    /** Checks a nonce's origin and age; does not touch its count. */
    Verdict check(String nonce) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(nonce);
        } catch (IllegalArgumentException e) {
            return Verdict.INVALID;
        }
        if (raw.length != 8 + RANDOM_BYTES + MAC_BYTES) {
            return Verdict.INVALID;
        }
        byte[] expected = mac(raw, 8 + RANDOM_BYTES);
        byte[] got = Arrays.copyOfRange(raw, 8 + RANDOM_BYTES, raw.length);
        if (!MessageDigest.isEqual(expected, got)) {
            return Verdict.INVALID;
        }
        long issued = ByteBuffer.wrap(raw).getLong();
        if (clock.getAsLong() - issued > lifetimeMillis) {
            return Verdict.STALE;
        }
        lock.lock();
        try {
            return counts.containsKey(nonce) ? Verdict.FRESH : Verdict.STALE;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Records nonce count {@code nc} for {@code nonce}: true if it is higher than any seen before
     * (RFC 2617 §3.2.2 replay protection), false for a replay or a forgotten nonce.
     */
    boolean advance(String nonce, long nc) {
        lock.lock();
        try {
            long[] entry = counts.get(nonce);
            if (entry == null || nc <= entry[1]) {
                return false;
            }
            entry[1] = nc;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** The {@code opaque} of the challenge carrying {@code nonce}: derived from it, so nothing is stored. */
    String opaque(String nonce) {
        byte[] n = ("opaque " + nonce).getBytes(StandardCharsets.US_ASCII);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac(n, n.length));
    }

    /** Whether {@code opaque} is the one issued with {@code nonce}. */
    boolean opaqueMatches(String nonce, String opaque) {
        return MessageDigest.isEqual(opaque(nonce).getBytes(StandardCharsets.US_ASCII),
                opaque.getBytes(StandardCharsets.US_ASCII));
    }

    /** How many nonces are remembered now. */
    int size() {
        lock.lock();
        try {
            return counts.size();
        } finally {
            lock.unlock();
        }
    }

    private byte[] mac(byte[] data, int length) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(data, 0, length);
            return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }
}
