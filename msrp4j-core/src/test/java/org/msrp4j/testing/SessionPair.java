package org.msrp4j.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.ReportMode;
import org.msrp4j.protocol.header.SuccessReportHeader;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * A queued {@link MsrpSession} on each transport of a {@link BoundPair}, and the checked exchanges
 * the interop tests run over them: a message with a success report, a multi-chunk file. {@link
 * #close()} closes the sessions (both at once), then the transports.
 *
 * @param active the session on the active side
 * @param passive the session on the passive side
 * @param transports the bound transports under the sessions
 */
public record SessionPair(MsrpSession active, MsrpSession passive, BoundPair transports) implements AutoCloseable {

    /** Starts a queued session on each transport of {@code bound}, with the options {@code options} gives for it. */
    public static SessionPair start(BoundPair bound, Function<MsrpTransport, SessionSettings> options) {
        MsrpSession a = MsrpSession.startQueued(bound.active(), options.apply(bound.active()));
        MsrpSession p;
        try {
            p = MsrpSession.startQueued(bound.passive(), options.apply(bound.passive()));
        } catch (RuntimeException e) {
            a.close();
            bound.close();
            throw e;
        }
        return new SessionPair(a, p, bound);
    }

    /**
     * Sends {@code text} with {@code contentType} and Success-Report: yes from {@code from}; checks its
     * 200, that {@code to} gets the same body and Message-ID, and that a 200 REPORT comes back.
     */
    public static void message(MsrpSession from, MsrpSession to, String text, String contentType) throws Exception {
        MsrpChunk chunk = from.transport().newChunk().data(text).contentType(contentType)
                .header(new SuccessReportHeader(ReportMode.YES)).build();
        assertThat(from.deliverChunk(chunk).code()).isEqualTo(200);
        MsrpChunk got = next(to, "SEND");
        assertThat(new String(got.data(), StandardCharsets.UTF_8)).isEqualTo(text);
        assertThat(got.messageId()).isEqualTo(chunk.messageId());
        MsrpChunk report = next(from, "REPORT");
        assertThat(report.messageId()).isEqualTo(chunk.messageId());
        assertThat(report.status().code()).isEqualTo(200);
    }

    /**
     * Sends {@code size} random bytes as a file (Message-ID {@code file-<size>}) from {@code from};
     * checks that {@code to} gets them all, in more than one chunk, each passed to {@code eachChunk}
     * as well, and that the sender sees every byte acknowledged.
     */
    public static void file(MsrpSession from, MsrpSession to, int size, Consumer<MsrpChunk> eachChunk)
            throws Exception {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        OutgoingFile file = new OutgoingFile(new ByteArrayInputStream(data), size, "application/octet-stream", 0,
                "file-" + size);
        from.sendFile(file);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        int chunks = 0;
        while (received.size() < size) {
            MsrpChunk c = next(to, "SEND");
            assertThat(c.messageId()).isEqualTo("file-" + size);
            eachChunk.accept(c);
            received.writeBytes(c.data());
            chunks++;
        }
        assertThat(received.toByteArray()).isEqualTo(data);
        assertThat(chunks).isGreaterThan(1);
        file.completion().get(Async.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(file.bytesAcknowledged()).isEqualTo(size);
    }

    /** The next chunk of {@code method} on a queued session, skipping others; within {@link Async#WAIT}. */
    public static MsrpChunk next(MsrpSession session, String method) throws Exception {
        long deadline = System.nanoTime() + Async.WAIT.toNanos();
        while (true) {
            MsrpChunk c = session.receiveChunk(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
            if (method.equals(c.method())) {
                return c;
            }
        }
    }

    @Override
    public void close() {
        Async.closeTogether(active::close, passive::close);
        transports.close();
    }
}
