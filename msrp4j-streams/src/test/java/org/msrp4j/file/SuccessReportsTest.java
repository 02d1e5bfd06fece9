package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.MessageIdHeader;
import org.msrp4j.protocol.header.StatusHeader;

/** Counting what the receiver confirmed: each byte once, only success REPORTs of the one message. */
class SuccessReportsTest {

    private static final String ID = "file0001";

    @Test
    void overlappingAndRepeatedReportsCountEachByteOnce() {
        SuccessReports reports = new SuccessReports(ID, 100);
        assertThat(reports.any()).isFalse();
        reports.accept(report(ID, 1, 10, 200));
        reports.accept(report(ID, 21, 30, 200));
        reports.accept(report(ID, 5, 25, 200));
        reports.accept(report(ID, 1, 10, 200));
        reports.accept(report(ID, 31, 40, 200));
        assertThat(reports.any()).isTrue();
        assertThat(reports.bytes()).isEqualTo(40);
        reports.accept(report(ID, 60, 70, 200));
        reports.accept(report(ID, 41, 59, 200));
        assertThat(reports.bytes()).isEqualTo(70);
    }

    @Test
    void otherMessagesFailuresAndRangesOutsideTheFileDoNotCount() {
        SuccessReports reports = new SuccessReports(ID, 100);
        reports.accept(report("other001", 1, 50, 200));
        reports.accept(report(ID, 1, 50, 413));
        assertThat(reports.any()).isFalse();
        reports.accept(report(ID, 90, 500, 200));
        assertThat(reports.bytes()).isEqualTo(11);
        reports.accept(report(ID, 101, 200, 200));
        assertThat(reports.bytes()).isEqualTo(11);
    }

    private static MsrpChunk report(String messageId, long start, long end, int code) {
        MsrpChunk chunk = MsrpChunk.request("tr" + start + "x" + end, "REPORT");
        chunk.addHeader(new MessageIdHeader(messageId));
        chunk.addHeader(new ByteRangeHeader(new ByteRange(start, end, ByteRange.UNKNOWN)));
        chunk.addHeader(new StatusHeader(new Status(code, null)));
        return chunk;
    }
}
