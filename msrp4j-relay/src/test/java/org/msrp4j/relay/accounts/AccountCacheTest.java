package org.msrp4j.relay.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AccountCacheTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    /** Near the wrap-around, which System.nanoTime may reach. */
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - 5 * SECOND);

    @Test
    void foundAccountsLiveForTheTtlAndUnknownOnesForTheShorterOne() {
        AccountCache cache = new AccountCache(60 * SECOND, 10 * SECOND, 100, now::get);
        cache.put("alice", "example.org", "0123456789abcdef0123456789abcdef");
        cache.put("nobody", "example.org", null);
        assertThat(cache.get("alice", "example.org").ha1()).isEqualTo("0123456789abcdef0123456789abcdef");
        assertThat(cache.get("nobody", "example.org").ha1()).as("known to be absent").isNull();
        assertThat(cache.get("alice", "example.net")).as("another realm is another account").isNull();

        now.addAndGet(10 * SECOND);
        assertThat(cache.get("nobody", "example.org")).as("absence expired").isNull();
        assertThat(cache.get("alice", "example.org")).isNotNull();
        now.addAndGet(50 * SECOND);
        assertThat(cache.get("alice", "example.org")).as("expired").isNull();
        assertThat(cache.size()).isZero();
    }

    @Test
    void theLeastRecentlyUsedGoesFirstWhenFull() {
        AccountCache cache = new AccountCache(60 * SECOND, 60 * SECOND, 2, now::get);
        cache.put("a", "r", null);
        cache.put("b", "r", null);
        assertThat(cache.get("a", "r")).isNotNull();
        cache.put("c", "r", null);
        assertThat(cache.size()).isEqualTo(2);
        assertThat(cache.get("b", "r")).as("least recently used").isNull();
        assertThat(cache.get("a", "r")).isNotNull();
        assertThat(cache.get("c", "r")).isNotNull();
    }

    @Test
    void aZeroTtlCachesNothingOfItsKind() {
        AccountCache cache = new AccountCache(60 * SECOND, 0, 10, now::get);
        cache.put("nobody", "r", null);
        cache.put("alice", "r", "0123456789abcdef0123456789abcdef");
        assertThat(cache.get("nobody", "r")).isNull();
        assertThat(cache.get("alice", "r")).isNotNull();
        AccountCache none = new AccountCache(0, 0, 10, now::get);
        none.put("alice", "r", "0123456789abcdef0123456789abcdef");
        assertThat(none.size()).isZero();
    }
}
