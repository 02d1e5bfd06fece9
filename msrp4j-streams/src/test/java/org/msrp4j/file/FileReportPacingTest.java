package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.randomFile;
import static org.msrp4j.file.FileTransferTest.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.Status;
import org.msrp4j.protocol.header.StatusHeader;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.testing.Async;
import org.msrp4j.transport.MsrpTransport;

/**
 * A push to a receiver whose answer says it reports as it goes (it echoes {@value
 * FileTransferStream#SHA_256_ATTRIBUTE}, as an msrp4j receiver does) is paced by its success
 * REPORTs: a raw receiver that answers every chunk at once, as a queueing relay does, gets no more
 * than {@link SessionSettings#REPORT_WINDOW} beyond what it reported.
 */
@Timeout(120)
class FileReportPacingTest {

    @TempDir
    Path tmp;

    @Test
    void aPushToAReportingReceiverWaitsForItsSuccessReports() throws Exception {
        long size = 4L * 1024 * 1024;
        Path file = randomFile(tmp.resolve("out"), "big.bin", (int) size, 5);
        FileTransferSettings options = settings(tmp.resolve("unused"), false).toBuilder()
                .sessionSettings(SessionSettings.builder().reportProbeInterval(Duration.ZERO).build()).build();
        FileTransferStream alice = FileTransferStream.push(file, options, new FileEvents());
        MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
        AcceptorDirect acceptor = new AcceptorDirect();
        MsrpUri local = acceptor.prepare(null).get(0);
        MsrpMedia answer = MsrpMedia.parse("m=message " + local.port() + " TCP/MSRP *\r\nc=IN IP4 127.0.0.1\r\n"
                + "a=path:" + local.encode() + "\r\na=accept-types:*\r\na=file-selector:"
                + offer.fileSelector().orElseThrow().encode() + "\r\na=" + FileTransferStream.SHA_256_ATTRIBUTE + ":"
                + offer.attribute(FileTransferStream.SHA_256_ATTRIBUTE).orElseThrow() + "\r\na=recvonly\r\n");
        CompletableFuture<Void> started = Async.async(() -> {
            alice.start(answer);
            return null;
        });
        MsrpTransport t = acceptor.complete(offer.path());
        try {
            Async.await(started, FilePair.WAIT);
            MsrpChunk first = fileChunk(t);
            long reported = first.byteRange().start() - 1 + first.size();
            t.writeChunk(t.newChunk().method("REPORT").messageId(first.messageId()).start(1).end(reported)
                    .total(size).header(new StatusHeader(new Status(200, "OK"))).continuation(Continuation.END)
                    .build());
            long received = reported;
            while (received < reported + SessionSettings.REPORT_WINDOW) {
                MsrpChunk c = fileChunk(t);
                received = c.byteRange().start() - 1 + c.size();
            }
            assertThat(received).isEqualTo(reported + SessionSettings.REPORT_WINDOW);
            CompletableFuture<MsrpChunk> more = Async.async(() -> fileChunk(t));
            Thread.sleep(1000);
            assertThat(more).as("a chunk past the success REPORTs' window").isNotDone();
            t.writeChunk(t.newChunk().method("REPORT").messageId(first.messageId()).start(1).end(received)
                    .total(size).header(new StatusHeader(new Status(200, "OK"))).continuation(Continuation.END)
                    .build());
            assertThat(more.get(60, TimeUnit.SECONDS).byteRange().start()).isEqualTo(received + 1);
        } finally {
            t.close();
            alice.close();
        }
    }

    /** The next chunk of the file (answered 200, as a relay would), answering and skipping any other SEND. */
    private static MsrpChunk fileChunk(MsrpTransport t) throws IOException {
        while (true) {
            MsrpChunk c = t.readChunk();
            if (c.isRequest() && "SEND".equals(c.method())) {
                t.writeChunk(t.newChunk().transactionId(c.transactionId()).response(200, "OK").build());
                if (c.byteRange() != null && c.size() > 0) {
                    return c;
                }
            }
        }
    }
}
