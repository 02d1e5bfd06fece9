package org.msrp4j.relay;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.msrp4j.relay.AuthThrottle.Verdict;

/** The AUTH throttle's arithmetic on a clock the test moves. */
class AuthThrottleTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AbuseLimits limits = AbuseLimits.builder().addressFailures(4).userFailures(6)
            .failureWindow(Duration.ofSeconds(40)).ban(Duration.ofSeconds(100)).throttleEntries(50).build();
    private final AuthThrottle throttle = new AuthThrottle(limits, now::get);

    @Test
    void anAddressIsBannedWhenItsBudgetIsSpentUntilTheBanEnds() {
        InetAddress a = RelayPasswordGuessingTest.address("192.0.2.1");
        for (int i = 0; i < 3; i++) {
            throttle.failed(a, "alice", true);
            assertThat(throttle.check(a, "alice")).isEqualTo(Verdict.ALLOWED);
        }
        throttle.failed(a, "alice", true);
        assertThat(throttle.check(a, "bob")).isEqualTo(Verdict.ADDRESS_BANNED);
        assertThat(throttle.check(RelayPasswordGuessingTest.address("192.0.2.2"), "bob")).isEqualTo(Verdict.ALLOWED);
        advance(Duration.ofSeconds(99));
        assertThat(throttle.check(a, "bob")).isEqualTo(Verdict.ADDRESS_BANNED);
        advance(Duration.ofSeconds(2));
        assertThat(throttle.check(a, "bob")).isEqualTo(Verdict.ALLOWED);
        throttle.failed(a, "bob", true);
        assertThat(throttle.check(a, "bob")).as("a fresh budget after the ban").isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void failuresDrainOverTheWindow() {
        InetAddress a = RelayPasswordGuessingTest.address("192.0.2.1");
        // one failure every 10 s drains as fast as it comes (budget 4 per 40 s): never banned
        for (int i = 0; i < 50; i++) {
            throttle.failed(a, "nobody", false);
            advance(Duration.ofSeconds(10));
            assertThat(throttle.check(a, "nobody")).isEqualTo(Verdict.ALLOWED);
        }
    }

    @Test
    void aGuesserGetsNoMoreThanTheBudgetPerWindowHoweverItPacesItself() {
        // a ban shorter than the window: the count must keep draining through it, not start afresh after it
        AuthThrottle quick = new AuthThrottle(limits.toBuilder().ban(Duration.ofSeconds(10)).build(), now::get);
        InetAddress a = RelayPasswordGuessingTest.address("192.0.2.1");
        int checked = 0;
        for (int second = 0; second < 4000; second++) {
            if (quick.check(a, "alice") == Verdict.ALLOWED) {
                quick.failed(a, "alice", true);
                checked++;
            }
            advance(Duration.ofSeconds(1));
        }
        assertThat(checked).as("guesses checked in 4000 s at 4 per 40 s").isBetween(300, 4 + 4000 / 40 * 4);
    }

    @Test
    void anAccountIsBannedAcrossAddressesExceptWhereItLoggedInBefore() {
        InetAddress home = RelayPasswordGuessingTest.address("198.51.100.7");
        throttle.succeeded(home, "alice");
        for (int i = 0; i < 6; i++) {
            throttle.failed(RelayPasswordGuessingTest.address("203.0.113." + i), "alice", true);
        }
        assertThat(throttle.check(RelayPasswordGuessingTest.address("203.0.113.99"), "alice"))
                .isEqualTo(Verdict.USER_BANNED);
        assertThat(throttle.check(home, "alice")).isEqualTo(Verdict.ALLOWED);
        assertThat(throttle.check(RelayPasswordGuessingTest.address("203.0.113.99"), "bob")).isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void unknownUserNamesCountAgainstTheAddressOnly() {
        for (int i = 0; i < 6; i++) {
            throttle.failed(RelayPasswordGuessingTest.address("203.0.113." + i), "ghost", false);
        }
        assertThat(throttle.check(RelayPasswordGuessingTest.address("203.0.113.99"), "ghost"))
                .isEqualTo(Verdict.ALLOWED);
    }

    @Test
    void anIpv6SubscriberIsOneSourceAndTheTablesAreBounded() {
        for (int i = 0; i < 4; i++) {
            throttle.failed(RelayPasswordGuessingTest.address("2001:db8:1:2::" + (i + 1)), "x", false);
        }
        assertThat(throttle.check(RelayPasswordGuessingTest.address("2001:db8:1:2:ffff::1"), "x"))
                .isEqualTo(Verdict.ADDRESS_BANNED);
        assertThat(throttle.check(RelayPasswordGuessingTest.address("2001:db8:1:3::1"), "x"))
                .isEqualTo(Verdict.ALLOWED);
        assertThat(SourceAddresses.key(RelayPasswordGuessingTest.address("::ffff:192.0.2.9"))).isEqualTo("192.0.2.9");
        // 50 entries at most: the banned subscriber is forgotten after 50 others failed once
        for (int i = 0; i < 50; i++) {
            throttle.failed(RelayPasswordGuessingTest.address("198.51.100." + i), "x", false);
        }
        assertThat(throttle.check(RelayPasswordGuessingTest.address("2001:db8:1:2::1"), "x"))
                .isEqualTo(Verdict.ALLOWED);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
