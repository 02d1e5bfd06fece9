package org.msrp4j.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.session.SessionTestKit.WAIT;
import static org.msrp4j.session.SessionTestKit.quick;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.session.SessionTestKit.GeneratedChannel;
import org.msrp4j.session.SessionTestKit.RawPeerCase;

/**
 * How a file sender paces itself: the window in bytes beside the one in chunks, and, for a file
 * sent with {@code Success-Report: yes}, the bound on bytes the success REPORTs have not covered
 * yet (a peer or relay that answers each chunk at once says nothing of the receiver; the REPORTs
 * do), with a peer that never reports and one that stops reporting.
 */
@Timeout(60)
class MsrpSessionPacingTest extends RawPeerCase {

    private MsrpSession other;

    @AfterEach
    void closeOther() {
        if (other != null) {
            other.shutdown(false);
        }
    }

    private static OutgoingFile reported(long size, String messageId) {
        return new OutgoingFile(new GeneratedChannel(size, 0), size, null, 0, messageId)
                .addHeader(new SuccessReportHeader(ReportMode.YES));
    }

    /** A success REPORT from the raw peer on bytes {@code start}..{@code end} of {@code messageId}. */
    private void report(String messageId, long start, long end, long total) throws IOException {
        peer.send(pair.passive().newChunk().method("REPORT").messageId(messageId).start(start).end(end)
                .total(total).header(new StatusHeader(new Status(200, "OK"))).continuation(Continuation.END)
                .build());
    }

    /** Sends {@code file}, answers each of its chunks 200 and checks it completes, every byte acknowledged. */
    private void answerWholeFile(OutgoingFile file, long size) throws Exception {
        session.sendFile(file);
        long got = 0;
        while (got < size) {
            MsrpChunk c = peer.next(Duration.ofSeconds(10));
            peer.answer(c, 200, "OK");
            got = end(c);
        }
        file.completion().get(10, TimeUnit.SECONDS);
        assertThat(file.bytesAcknowledged()).isEqualTo(size);
    }

    private static long end(MsrpChunk c) {
        return c.byteRange().start() - 1 + c.size();
    }

    // ---------------------------------------------------------------- the window in bytes

    @Test
    void theByteWindowBoundsChunksAwaitingResponses() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(1000).window(64).windowBytes(3000)
                .build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(20_000, 0), 20_000, null, 0, "bytes");
        session.sendFile(file);
        List<MsrpChunk> first = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            first.add(peer.next());
        }
        peer.expectNothing(Duration.ofMillis(400));
        peer.answer(first.get(0), 200, "OK");
        assertThat(peer.next().byteRange().start()).isEqualTo(3001);
        peer.expectNothing(Duration.ofMillis(300));
        assertThat(file.completion()).isNotDone();
    }

    @Test
    void oneChunkGoesEvenWhenItIsLargerThanTheByteWindow() throws Exception {
        start(quick().responseTimeout(Duration.ofSeconds(10)).fileChunkSize(1000).window(64).windowBytes(10)
                .build());
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(3000, 0), 3000, null, 0, "tiny-window");
        session.sendFile(file);
        MsrpChunk one = peer.next();
        peer.expectNothing(Duration.ofMillis(300));
        peer.answer(one, 200, "OK");
        MsrpChunk two = peer.next();
        assertThat(two.byteRange().start()).isEqualTo(1001);
    }

    // ---------------------------------------------------------------- success REPORTs

    /**
     * A peer that answers every chunk at once (as Kamailio does) but reports slowly: the sender
     * stops at the bound, goes on as far as each REPORT allows, and never has more unreported.
     */
    @Test
    void successReportsBoundTheBytesInFlightEndToEnd() throws Exception {
        int bound = 5000;
        start(quick().responseTimeout(Duration.ofSeconds(20)).fileChunkSize(1000).window(64).reportWindow(bound)
                .reportProbeInterval(Duration.ZERO).build());
        long size = 30_000;
        OutgoingFile file = reported(size, "paced");
        session.sendFile(file);
        List<MsrpChunk> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            MsrpChunk c = peer.next();
            peer.answer(c, 200, "OK");
            held.add(c);
        }
        peer.expectNothing(Duration.ofMillis(500));
        assertThat(file.bytesAcknowledged()).isEqualTo(5000);

        report("paced", 1, 2000, size);
        for (int i = 0; i < 2; i++) {
            MsrpChunk c = peer.next();
            peer.answer(c, 200, "OK");
            held.add(c);
        }
        peer.expectNothing(Duration.ofMillis(400));

        long reportedUpTo = 2000;
        while (reportedUpTo < size) {
            List<MsrpChunk> more = new ArrayList<>();
            if (held.isEmpty()) {
                more.add(peer.next());
            } else {
                MsrpChunk oldest = held.remove(0);
                if (end(oldest) > reportedUpTo) {
                    report("paced", reportedUpTo + 1, end(oldest), size);
                    reportedUpTo = end(oldest);
                }
                more.addAll(peer.drain(Duration.ofMillis(50)));
            }
            for (MsrpChunk m : more) {
                peer.answer(m, 200, "OK");
                assertThat(end(m) - reportedUpTo).as("bytes sent beyond the success REPORTs")
                        .isLessThanOrEqualTo(bound);
                held.add(m);
            }
        }
        file.completion().get(10, TimeUnit.SECONDS);
        assertThat(file.bytesSent()).isEqualTo(size);
    }

    /** Between two sessions the receiver's own success REPORTs pace a resumed file, which arrives whole. */
    @Test
    void aReceivingSessionsReportsPaceAResumedFile() throws Exception {
        SessionSettings options = quick().responseTimeout(Duration.ofSeconds(20)).fileChunkSize(1000).window(64)
                .reportWindow(4000).build();
        AtomicLong received = new AtomicLong();
        AtomicLong highest = new AtomicLong();
        other = MsrpSession.start(pair.passive(), options, c -> {
            if (c.isRequest() && "SEND".equals(c.method()) && c.byteRange() != null) {
                received.addAndGet(c.size());
                highest.accumulateAndGet(c.byteRange().start() - 1 + c.size(), Math::max);
            }
        });
        session = MsrpSession.start(pair.active(), options, c -> { });
        long size = 200_000;
        long from = 50_000;
        OutgoingFile file = new OutgoingFile(new GeneratedChannel(size, from), size, null, from, "resumed")
                .addHeader(new SuccessReportHeader(ReportMode.YES));
        session.sendFile(file);
        file.completion().get(20, TimeUnit.SECONDS);
        SessionTestKit.await("the whole rest of the file", WAIT, () -> received.get() == size - from);
        assertThat(highest.get()).isEqualTo(size);
    }

    /** A peer that answers but never reports: after the response timeout the file goes on by its 200s. */
    @Test
    void aPeerThatNeverReportsIsWaitedForOnlyOnce() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(500)).fileChunkSize(1000).window(64).reportWindow(3000)
                .build());
        long size = 20_000;
        answerWholeFile(reported(size, "unreported"), size);
    }

    /**
     * A peer that reported and then stops while the sender waits for it: after the response
     * timeout the file fails with a 408 and the peer gets a {@code #} chunk.
     */
    @Test
    void reportsThatStopEndTheFileWith408() throws Exception {
        start(quick().responseTimeout(Duration.ofMillis(800)).fileChunkSize(1000).window(64).reportWindow(3000)
                .build());
        long size = 20_000;
        OutgoingFile file = reported(size, "silenced");
        session.sendFile(file);
        for (int i = 0; i < 3; i++) {
            peer.answer(peer.next(), 200, "OK");
        }
        report("silenced", 1, 1000, size);
        peer.answer(peer.next(), 200, "OK");
        ExecutionException failed = null;
        try {
            file.completion().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            failed = e;
        }
        assertThat(failed).as("the file fails").isNotNull();
        assertThat(failed.getCause()).isInstanceOf(MsrpTransactionException.class)
                .hasMessageContaining("success report");
        assertThat(((MsrpTransactionException) failed.getCause()).code()).isEqualTo(408);
        MsrpChunk abort = peer.nextWhere(c -> c.continuation() == Continuation.ABORT, WAIT, null);
        assertThat(abort.messageId()).isEqualTo("silenced");
        assertThat(file.bytesSent()).isEqualTo(4000);
    }

    // ---------------------------------------------------------------- probes while waiting for REPORTs

    /** Options for the probe tests: 1000-byte chunks, 3000 bytes beyond the REPORTs, probes from 50 ms. */
    private static SessionSettings.Builder probing(Duration responseTimeout) {
        return quick().responseTimeout(responseTimeout).fileChunkSize(1000).window(64).reportWindow(3000)
                .reportProbeInterval(Duration.ofMillis(50));
    }

    /** Starts a session with {@link #probing} options and sends a file of {@code size} asking for success REPORTs. */
    private OutgoingFile sendProbing(Duration responseTimeout, long size, String messageId) throws Exception {
        start(probing(responseTimeout).build());
        OutgoingFile file = reported(size, messageId);
        session.sendFile(file);
        return file;
    }

    /**
     * A receiver gone while the file waits for its success REPORTs: the next chunk goes after the
     * probe interval, and the relay's 481 to it ends the file at once, long before the response
     * timeout.
     */
    @Test
    void aReceiverGoneWhileTheFileWaitsIsNoticedByTheNextProbe() throws Exception {
        OutgoingFile file = sendProbing(Duration.ofSeconds(50), 50_000, "gone");
        for (int i = 0; i < 3; i++) {
            peer.answer(peer.next(), 200, "OK");
        }
        MsrpChunk probe = peer.next();
        assertThat(probe.byteRange().start()).isEqualTo(3001);
        peer.answer(probe, 481, "No session");
        Throwable failed = null;
        try {
            file.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            failed = e.getCause();
        }
        assertThat(failed).as("the file fails at the 481").isInstanceOf(MsrpTransactionException.class);
        assertThat(((MsrpTransactionException) failed).code()).isEqualTo(481);
    }

    /**
     * A receiver that stops reporting but whose relay answers every chunk: it gets at most {@value
     * SessionSettings#REPORT_PROBES} probe chunks beyond the window, each further one later than the
     * one before, and a file to the same peer that asks for no REPORTs goes on meanwhile. Once its
     * REPORTs cover the probes, the file goes on and arrives whole.
     */
    @Test
    void aStalledReceiverGetsABoundedNumberOfProbes() throws Exception {
        long size = 40_000;
        OutgoingFile file = sendProbing(Duration.ofSeconds(50), size, "stalled");
        for (int i = 0; i < 3; i++) {
            peer.answer(peer.next(), 200, "OK");
        }
        long probed = 3000;
        List<Long> gaps = new ArrayList<>();
        long last = System.nanoTime();
        for (int i = 0; i < SessionSettings.REPORT_PROBES; i++) {
            MsrpChunk probe = peer.next(Duration.ofSeconds(20));
            long now = System.nanoTime();
            gaps.add(now - last);
            last = now;
            peer.answer(probe, 200, "OK");
            assertThat(probe.byteRange().start()).isEqualTo(probed + 1);
            probed = end(probe);
        }
        assertThat(gaps.get(gaps.size() - 1)).as("the last probe waited longer than the first")
                .isGreaterThan(gaps.get(0));

        OutgoingFile plain = new OutgoingFile(new GeneratedChannel(5000, 0), 5000, null, 0, "plain");
        session.sendFile(plain);
        long plainEnd = 0;
        while (plainEnd < 5000) {
            MsrpChunk c = peer.next();
            assertThat(c.messageId()).as("only the file without REPORTs goes on").isEqualTo("plain");
            peer.answer(c, 200, "OK");
            plainEnd = end(c);
        }
        plain.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        peer.expectNothing(Duration.ofMillis(50L << SessionSettings.REPORT_PROBES));
        assertThat(file.bytesSent()).as("the window and the probes")
                .isEqualTo(3000 + SessionSettings.REPORT_PROBES * 1000L);

        report("stalled", 1, probed, size);
        long reportedUpTo = probed;
        while (reportedUpTo < size) {
            MsrpChunk c = peer.next();
            peer.answer(c, 200, "OK");
            assertThat(end(c) - reportedUpTo).isLessThanOrEqualTo(3000 + SessionSettings.REPORT_PROBES * 1000L);
            report("stalled", c.byteRange().start(), end(c), size);
            reportedUpTo = end(c);
        }
        file.completion().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * A peer that never reports, with probes going before the response timeout: the file is still
     * waited for only once, and then goes on by its 200s.
     */
    @Test
    void aPeerThatNeverReportsIsWaitedForOnlyOnceWithProbes() throws Exception {
        start(probing(Duration.ofMillis(1500)).build());
        long size = 30_000;
        answerWholeFile(reported(size, "never"), size);
    }

    /**
     * Success REPORTs on bytes not sent yet or on another message, and failure REPORTs, make
     * no room beyond the bytes sent when they came: the file stays within the window and its probes, and
     * ends at the response timeout with a 408 rather than waiting for ever.
     */
    @Test
    void wrongAndFailureReportsMakeNoRoomAndDoNotStallTheFileForEver() throws Exception {
        long size = 100_000;
        OutgoingFile file = sendProbing(Duration.ofMillis(2500), size, "lied-to");
        MsrpChunk first = peer.next();
        peer.answer(first, 200, "OK");
        report("lied-to", 1, size, size);
        report("lied-to", 50_000, 60_000, size);
        report("someone-else", 1, size, size);
        peer.send(pair.passive().newChunk().method("REPORT").messageId("lied-to").start(1).end(size).total(size)
                .header(new StatusHeader(new Status(413, "Too big"))).continuation(Continuation.END).build());
        long bound = 3000 + 3000 + SessionSettings.REPORT_PROBES * 1000L;
        ExecutionException failed = null;
        while (failed == null) {
            for (MsrpChunk c : peer.drain(Duration.ofMillis(50))) {
                if (c.isRequest() && "lied-to".equals(c.messageId()) && c.continuation() != Continuation.ABORT) {
                    peer.answer(c, 200, "OK");
                    assertThat(end(c)).as("bytes sent beyond the true REPORT").isLessThanOrEqualTo(bound);
                }
            }
            try {
                file.completion().get(10, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                failed = e;
            } catch (TimeoutException e) {
                assertThat(file.bytesSent()).isLessThanOrEqualTo(bound);
            }
        }
        assertThat(((MsrpTransactionException) failed.getCause()).code()).isEqualTo(408);
    }
}
