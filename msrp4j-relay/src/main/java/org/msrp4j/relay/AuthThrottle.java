package org.msrp4j.relay;

import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Limits password guessing across connections. Each failed AUTH (a digest that does not match)
 * counts against its source address (see {@link SourceAddresses}) and, for an existing account,
 * against that account. A count drains evenly over {@link AbuseLimits#failureWindow()}; when it
 * reaches the budget ({@link AbuseLimits#addressFailures()}, {@link AbuseLimits#userFailures()})
 * the address or account is banned for {@link AbuseLimits#ban()}: its AUTHs are refused without
 * the credentials being looked at, so a right guess during the ban is worth nothing. The count
 * keeps draining through the ban, not reset at its end, so however a guesser paces itself, it
 * gets no more than the budget per window in the long run.
 *
 * <p>An account's ban would let anyone lock its owner out; so an address the account has logged
 * in from before (remembered for {@link #KNOWN_GOOD_FOR}) is not held back by the account's ban,
 * only by its own address's. Unknown user names are counted per address only, so they cannot
 * fill the account table.
 *
 * <p>Both tables and the known-good table hold at most {@link AbuseLimits#throttleEntries()}
 * entries, the least recently touched dropped first. Each ban is logged once when it begins and
 * once when it is found over, with the number of AUTHs it refused: a summary, not a line per
 * guess. Thread-safe.
 */
final class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);

    /** How long a successful login keeps its address exempt from its account's ban. */
    static final Duration KNOWN_GOOD_FOR = Duration.ofDays(1);

    /** Why an AUTH may not be checked now. */
    enum Verdict {
        /** Go ahead and check the credentials. */
        ALLOWED,
        /** The source address spent its budget. */
        ADDRESS_BANNED,
        /** The account spent its budget, and this address has not logged in to it before. */
        USER_BANNED
    }

    private final LongSupplier clock;
    private final Budgets addresses;
    private final Budgets users;
    private final ReentrantLock knownLock = new ReentrantLock();
    private final LinkedHashMap<String, Long> knownGood;

    AuthThrottle(AbuseLimits limits) {
        this(limits, System::nanoTime);
    }

    AuthThrottle(AbuseLimits limits, LongSupplier clock) {
        this.clock = clock;
        this.addresses = new Budgets("source address", limits.addressFailures(), limits);
        this.users = new Budgets("account", limits.userFailures(), limits);
        this.knownGood = lru(limits.throttleEntries());
    }

    /** Whether an AUTH as {@code user} from {@code address} may have its credentials checked now. */
    Verdict check(InetAddress address, String user) {
        long now = clock.getAsLong();
        if (addresses.banned(SourceAddresses.key(address), now)) {
            return Verdict.ADDRESS_BANNED;
        }
        if (users.banned(user, now) && !knownGood(user, address, now)) {
            return Verdict.USER_BANNED;
        }
        return Verdict.ALLOWED;
    }

    /** The credentials of an AUTH as {@code user} from {@code address} were wrong. */
    void failed(InetAddress address, String user, boolean accountExists) {
        long now = clock.getAsLong();
        addresses.fail(SourceAddresses.key(address), now);
        if (accountExists) {
            users.fail(user, now);
        }
    }

    /** {@code user} logged in from {@code address}: that address is exempt from the account's ban. */
    void succeeded(InetAddress address, String user) {
        knownLock.lock();
        try {
            knownGood.put(user + " " + SourceAddresses.key(address), clock.getAsLong());
        } finally {
            knownLock.unlock();
        }
    }

    private boolean knownGood(String user, InetAddress address, long now) {
        knownLock.lock();
        try {
            Long at = knownGood.get(user + " " + SourceAddresses.key(address));
            return at != null && now - at < KNOWN_GOOD_FOR.toNanos();
        } finally {
            knownLock.unlock();
        }
    }

    private static <V> LinkedHashMap<String, V> lru(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > max;
            }
        };
    }

    /** The failure counts of one kind of key (addresses or accounts), bounded, least recently used dropped. */
    private static final class Budgets {
        private final String kind;
        private final double budget;
        private final double drainPerNano;
        private final long banNanos;
        private final ReentrantLock lock = new ReentrantLock();
        private final LinkedHashMap<String, Count> counts;

        Budgets(String kind, int budget, AbuseLimits limits) {
            this.kind = kind;
            this.budget = budget;
            this.drainPerNano = budget / (double) limits.failureWindow().toNanos();
            this.banNanos = limits.ban().toNanos();
            this.counts = lru(limits.throttleEntries());
        }

        boolean banned(String key, long now) {
            long refused;
            lock.lock();
            try {
                Count c = counts.get(key);
                if (c == null || c.bannedUntil == 0) {
                    return false;
                }
                if (now - c.bannedUntil < 0) {
                    c.refused++;
                    return true;
                }
                refused = c.refused;
                c.bannedUntil = 0;
                c.refused = 0;
            } finally {
                lock.unlock();
            }
            LOG.info("AUTH throttle: the ban of {} {} is over; it refused {} AUTH(s)", kind, key, refused);
            return false;
        }

        void fail(String key, long now) {
            lock.lock();
            try {
                Count c = counts.computeIfAbsent(key, k -> new Count(now));
                c.level = Math.max(0, c.level - (now - c.at) * drainPerNano) + 1;
                c.at = now;
                if (c.level < budget || c.bannedUntil != 0) {
                    return;
                }
                c.bannedUntil = (now + banNanos) | 1;
            } finally {
                lock.unlock();
            }
            LOG.warn("AUTH throttle: {} {} banned for {} s after {} failed AUTHs", kind, key,
                    TimeUnit.NANOSECONDS.toSeconds(banNanos), (long) budget);
        }
    }

    private static final class Count {
        double level;
        long at;
        /** System.nanoTime() when the ban ends (odd), 0 when not banned. */
        long bannedUntil;
        long refused;

        Count(long now) {
            this.at = now;
        }
    }
}
