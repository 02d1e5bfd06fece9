package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.FailureReportHeader;
import org.msrp4j.protocol.header.MessageIdHeader;

/** {@link Transactions} without sockets: the local-response rule, deadlines, keep-alive and stall. */
class TransactionsTest {

    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);
    private static final long KEEP_ALIVE = TimeUnit.SECONDS.toNanos(10);

    private static MsrpChunk request(String tid) {
        return MsrpChunk.request(tid, "SEND");
    }

    @ParameterizedTest(name = "Failure-Report {0}: {1}")
    @CsvSource({"yes, 408", "partial, 200", "no, 200"})
    void aRequestWithoutResponseGets408OnlyWhenItAskedForFailureResponses(String mode, int code) {
        ReportMode failureReport = ReportMode.valueOf(mode.toUpperCase(Locale.ROOT));

        MsrpChunk local = Transactions.localResponse("tid1", failureReport, "no response within 30000 ms");

        assertThat(local.isResponse()).isTrue();
        assertThat(local.transactionId()).isEqualTo("tid1");
        assertThat(local.code()).isEqualTo(code);
        assertThat(local.comment()).contains("no response within 30000 ms");
    }

    @Test
    void transactionsExpireOldestFirstAndOnlyOnceTheirDeadlineHasPassed() {
        Transactions t = new Transactions(TIMEOUT, 0);
        long before = System.nanoTime();
        t.register(request("tid1"), r -> { }, null, 0, false);
        t.register(request("tid2").addHeader(new FailureReportHeader(ReportMode.PARTIAL)), null, null, 0, false);
        long after = System.nanoTime();

        assertThat(t.expire(before)).isEmpty();
        assertThat(t.untilNextCheck(after, 0)).isBetween(TIMEOUT - (after - before), TIMEOUT);
        List<Map.Entry<String, Transactions.Pending>> expired = t.expire(after + TIMEOUT);
        assertThat(expired).extracting(Map.Entry::getKey).containsExactly("tid1", "tid2");
        assertThat(expired.get(1).getValue().failureReport()).isEqualTo(ReportMode.PARTIAL);
        assertThat(t.expire(after + 2 * TIMEOUT)).isEmpty();
        assertThat(t.untilNextCheck(after, 0)).isEqualTo(TIMEOUT);
    }

    @Test
    void anAnsweredOrReleasedTransactionIsForgotten() {
        Transactions t = new Transactions(TIMEOUT, 0);
        t.register(request("tid1"), null, null, 0, false);
        t.register(request("tid2"), null, null, 0, false);

        assertThat(t.answered("tid1")).isNotNull();
        assertThat(t.answered("tid1")).isNull();
        t.release(List.of("tid2"));
        assertThat(t.awaitsResponses()).isFalse();
        assertThat(t.clear()).isEmpty();
    }

    @Test
    void aKeepAliveAloneIsNotAwaitedByAShutdown() {
        Transactions t = new Transactions(TIMEOUT, KEEP_ALIVE);
        t.register(request("kalive1"), null, null, 0, true);

        assertThat(t.awaitsResponses()).isFalse();
        t.register(request("tid1"), null, null, 0, false);
        assertThat(t.awaitsResponses()).isTrue();
    }

    @Test
    void aChunkWithMoreToComeNamesItsMessage() {
        Transactions t = new Transactions(TIMEOUT, 0);
        t.register(request("tid1").addHeader(new MessageIdHeader("msg1")).setContinuation(Continuation.MORE), null,
                null, 0, false);
        t.register(request("tid2").addHeader(new MessageIdHeader("msg1")), null, null, 0, false);

        assertThat(t.answered("tid1").unfinished()).isEqualTo("msg1");
        assertThat(t.answered("tid2").unfinished()).isNull();
    }

    @Test
    void oneKeepAliveGoesOutAnIntervalAfterTheLastTrafficAndTheNextOnlyOnceItIsAnswered() {
        Transactions t = new Transactions(TIMEOUT, KEEP_ALIVE);
        long traffic = 1_000_000_000L;

        assertThat(t.keepAliveDue(traffic + KEEP_ALIVE - 5, traffic)).isEqualTo(5);
        assertThat(t.keepAliveDue(traffic + KEEP_ALIVE, traffic)).isZero();
        assertThat(t.keepAliveDue(traffic + 3 * KEEP_ALIVE, traffic)).isEqualTo(Long.MAX_VALUE);
        t.keepAliveAnswered();
        assertThat(t.keepAliveDue(traffic + 3 * KEEP_ALIVE, traffic)).isZero();
        assertThat(new Transactions(TIMEOUT, 0).keepAliveDue(traffic + 3 * KEEP_ALIVE, traffic))
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aWriteStalledForTheResponseTimeoutEndsTheSessionAndIsCheckedInTime() {
        Transactions t = new Transactions(TIMEOUT, 0);

        assertThat(t.writeStalledTooLong(0)).isFalse();
        assertThat(t.writeStalledTooLong(TIMEOUT - 1)).isFalse();
        assertThat(t.writeStalledTooLong(TIMEOUT)).isTrue();
        assertThat(t.untilNextCheck(System.nanoTime(), TIMEOUT - 7)).isEqualTo(7);
    }
}
