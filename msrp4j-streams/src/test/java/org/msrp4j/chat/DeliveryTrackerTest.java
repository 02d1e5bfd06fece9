package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private final List<String> settled = Collections.synchronizedList(new ArrayList<>());
    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);
    private final DeliveryTracker tracker = new DeliveryTracker((m, s) -> settled.add(m.messageId() + " " + s.code()),
            timer, Duration.ofHours(1));

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private static OutgoingChatMessage message(String id) {
        return new OutgoingChatMessage(id, new byte[1], "text/plain", null, null, Set.of());
    }

    @Test
    void eachMessageIsSettledOnceByWhateverComesFirst() {
        tracker.track(message("msg1"));

        assertThat(tracker.settle("msg1", new DeliveryStatus(408, "timeout"))).isTrue();
        assertThat(tracker.settle("msg1", DeliveryStatus.DELIVERED)).isFalse();

        assertThat(settled).containsExactly("msg1 408");
    }

    @Test
    void settleAllTakesTheRestInSendingOrder() {
        tracker.track(message("msg1"));
        tracker.track(message("msg2"));
        tracker.track(message("msg3"));
        tracker.settle("msg2", DeliveryStatus.DELIVERED);

        tracker.settleAll(new DeliveryStatus(408, "ended"));

        assertThat(settled).containsExactly("msg2 200", "msg1 408", "msg3 408");
        assertThat(tracker.size()).isZero();
    }

    @Test
    void manyPendingMessagesShareOneTimerTask() {
        for (int i = 0; i < 1000; i++) {
            tracker.track(message("msg" + i));
            if (i % 2 == 0) {
                tracker.settle("msg" + i, DeliveryStatus.DELIVERED);
            }
        }

        assertThat(timer.getQueue()).hasSize(1);
        assertThat(tracker.size()).isEqualTo(500);
    }

    @Test
    void overdueMessagesTimeOutInSendingOrderAndTheTaskReArmsForLaterOnes() throws Exception {
        CountDownLatch done = new CountDownLatch(4);
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        DeliveryTracker shortOne = new DeliveryTracker((m, s) -> {
            order.add(m.messageId() + " " + s.code());
            done.countDown();
        }, timer, Duration.ofMillis(300));
        shortOne.track(message("msg1"));
        shortOne.track(message("msg2"));
        shortOne.settle("msg2", DeliveryStatus.DELIVERED);
        Thread.sleep(150);
        shortOne.track(message("msg3"));
        shortOne.track(message("msg4"));

        assertThat(done.await(30, TimeUnit.SECONDS)).isTrue();
        assertThat(order).containsExactly("msg2 200", "msg1 408", "msg3 408", "msg4 408");
        assertThat(shortOne.size()).isZero();
    }
}
