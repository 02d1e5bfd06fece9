package org.msrp4j.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.StatusHeader;

class DeliveryTrackerTest {

    private final List<String> settled = new ArrayList<>();
    private final DeliveryTracker tracker = new DeliveryTracker((m, s) -> settled.add(m.messageId() + " " + s.code()));

    private static OutgoingChatMessage message(String id, int size) {
        return new OutgoingChatMessage(id, new byte[size], "text/plain", null, null);
    }

    private static MsrpChunk report(String id, long start, long end, long total, int code) {
        return MsrpChunk.request("tr1234", "REPORT").addHeader(new MessageIdHeader(id))
                .addHeader(new ByteRangeHeader(new ByteRange(start, end, total)))
                .addHeader(new StatusHeader(new Status(code, null)));
    }

    @Test
    void deliveredOnlyWhenSuccessReportsCoverTheWholeMessageInAnyOrder() {
        tracker.track(message("msg1", 30), 30);

        assertThat(tracker.onReport(report("msg1", 21, 30, 30, 200))).isTrue();
        assertThat(tracker.onReport(report("msg1", 1, 10, 30, 200))).isTrue();
        assertThat(settled).isEmpty();
        assertThat(tracker.onReport(report("msg1", 8, 22, 30, 200))).isTrue();

        assertThat(settled).containsExactly("msg1 200");
        assertThat(tracker.size()).isZero();
    }

    @Test
    void aFailureReportSettlesAtOnceAndLaterReportsAreIgnored() {
        tracker.track(message("msg1", 10), 10);

        tracker.onReport(report("msg1", 1, 10, 10, 413));
        tracker.onReport(report("msg1", 1, 10, 10, 200));

        assertThat(settled).containsExactly("msg1 413");
    }

    @Test
    void reportsForUnknownMessagesOrOutOfRangeAreIgnored() {
        tracker.track(message("msg1", 10), 10);

        assertThat(tracker.onReport(report("other1", 1, 10, 10, 200))).isFalse();
        tracker.onReport(report("msg1", 1, 11, 11, 200));
        tracker.onReport(report("msg1", 5, 12, 12, 200));

        assertThat(settled).isEmpty();
        assertThat(tracker.size()).isOne();
    }

    @Test
    void failSettlesOnceAndFailAllTheRest() {
        tracker.track(message("msg1", 1), 1);
        tracker.track(message("msg2", 1), 1);

        assertThat(tracker.fail("msg1", 408, "timeout")).isTrue();
        assertThat(tracker.fail("msg1", 408, "timeout")).isFalse();
        tracker.failAll(481, "ended");

        assertThat(settled).containsExactly("msg1 408", "msg2 481");
    }
}
