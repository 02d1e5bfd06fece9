package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DeliveryTrackerTest {

    private final List<String> settled = new ArrayList<>();
    private final DeliveryTracker tracker = new DeliveryTracker((m, s) -> settled.add(m.messageId() + " " + s.code()));

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
}
