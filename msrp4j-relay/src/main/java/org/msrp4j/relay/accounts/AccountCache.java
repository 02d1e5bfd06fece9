package org.msrp4j.relay.accounts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Recent account lookups: found accounts for {@code ttl}, unknown ones for {@code negativeTtl}
 * (shorter, so a new account works soon), at most {@code maxEntries} of them, the least recently
 * used dropped first. A zero TTL caches nothing of that kind. Thread-safe.
 */
final class AccountCache {

    /** A cached answer: {@code ha1} null means "no such account". */
    record Cached(String ha1) {
    }

    private record Key(String user, String realm) {
    }

    private record Held(Cached value, long expiresAt) {
    }

    private final long ttlNanos;
    private final long negativeTtlNanos;
    private final LongSupplier nanoClock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<Key, Held> entries;

    AccountCache(long ttlNanos, long negativeTtlNanos, int maxEntries, LongSupplier nanoClock) {
        if (ttlNanos < 0 || negativeTtlNanos < 0 || maxEntries < 1) {
            throw new IllegalArgumentException("cache TTLs must not be negative, its size must be positive");
        }
        this.ttlNanos = ttlNanos;
        this.negativeTtlNanos = negativeTtlNanos;
        this.nanoClock = nanoClock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Held> eldest) {
                return size() > maxEntries;
            }
        };
    }

    /** The cached answer for {@code user} in {@code realm}, or null when there is none or it expired. */
    Cached get(String user, String realm) {
        Key key = new Key(user, realm);
        lock.lock();
        try {
            Held e = entries.get(key);
            if (e == null) {
                return null;
            }
            if (nanoClock.getAsLong() - e.expiresAt >= 0) {
                entries.remove(key);
                return null;
            }
            return e.value;
        } finally {
            lock.unlock();
        }
    }

    /** Remembers the answer for {@code user} in {@code realm}: its HA1, or null for no such account. */
    void put(String user, String realm, String ha1) {
        long ttl = ha1 != null ? ttlNanos : negativeTtlNanos;
        if (ttl == 0) {
            return;
        }
        Held e = new Held(new Cached(ha1), nanoClock.getAsLong() + ttl);
        lock.lock();
        try {
            entries.put(new Key(user, realm), e);
        } finally {
            lock.unlock();
        }
    }

    /** How many answers are held (expired ones included until they are looked up or pushed out). */
    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
