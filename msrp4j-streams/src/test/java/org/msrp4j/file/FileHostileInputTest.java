package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.assertVisibleFiles;
import static org.msrp4j.file.FileTransferTest.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/** A hostile sender: a name that climbs out of the download directory, chunks that skip or overrun bytes. */
class FileHostileInputTest {

    @TempDir
    Path tmp;

    private record Sender(FileTransferStream receiver, MsrpTransport transport, MsrpSession session) {
    }

    /** A raw sender offering {@code selector} to a receiving stream, connected and bound. */
    private Sender offer(String selector, Path downloads) throws Exception {
        ConnectorDirect connector = new ConnectorDirect();
        MsrpUri local = connector.prepare(null).get(0);
        MsrpMedia offer = MsrpMedia.parse("m=message " + local.port() + " TCP/MSRP *\r\nc=IN IP4 127.0.0.1\r\n"
                + "a=path:" + local.encode() + "\r\na=accept-types:*\r\na=file-selector:" + selector + "\r\n"
                + "a=sendonly\r\n");
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false), new FileEvents());
        MsrpMedia answer = MsrpMedia.parse(bob.initialize(offer).encode());
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                bob.start(offer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        MsrpTransport t = connector.complete(answer.path());
        started.get(60, TimeUnit.SECONDS);
        return new Sender(bob, t, MsrpSession.start(t, SessionSettings.DEFAULT, chunk -> { }));
    }

    private static MsrpChunk chunk(MsrpTransport t, long start, byte[] data, long total, Continuation c) {
        return t.newChunk().messageId("hostile-1").contentType("application/octet-stream").data(data).start(start)
                .end(start + data.length - 1).total(total).continuation(c).build();
    }

    @Test
    void aNameThatClimbsOutOfTheDownloadDirectoryStaysInIt() throws Exception {
        byte[] data = "owned".getBytes();
        Path downloads = Files.createDirectories(tmp.resolve("in"));
        Sender s = offer("name:\"../../etc/evil.sh\" size:5", downloads);
        try {
            s.session().deliverChunk(chunk(s.transport(), 1, data, 5, Continuation.END));
            TransferResult got = s.receiver().result().get(60, TimeUnit.SECONDS);
            assertThat(got.path()).isEqualTo(downloads.resolve("evil.sh"));
            assertThat(Files.exists(tmp.resolve("etc"))).isFalse();
        } finally {
            s.session().close();
            s.receiver().close();
        }
    }

    @Test
    void chunksThatSkipBytesAreRefusedAndNoFileIsPresented() throws Exception {
        byte[] data = new byte[1000];
        new Random(1).nextBytes(data);
        Path downloads = Files.createDirectories(tmp.resolve("in"));
        Sender s = offer("name:\"gap.bin\" size:3000", downloads);
        try {
            try {
                s.session().deliverChunk(chunk(s.transport(), 1001, data, 3000, Continuation.MORE));
                throw new AssertionError("a chunk past a gap was accepted");
            } catch (MsrpTransactionException e) {
                assertThat(e.code()).isEqualTo(413);
            }
            assertFailed(s.receiver(), "a gap");
            assertVisibleFiles(downloads);
        } finally {
            s.session().close();
            s.receiver().close();
        }
    }

    @Test
    void bytesPastTheAnnouncedSizeAreRefused() throws Exception {
        byte[] data = new byte[100];
        Path downloads = Files.createDirectories(tmp.resolve("in"));
        Sender s = offer("name:\"small.bin\" size:50", downloads);
        try {
            try {
                s.session().deliverChunk(chunk(s.transport(), 1, data, 100, Continuation.END));
                throw new AssertionError("bytes past the size were accepted");
            } catch (MsrpTransactionException e) {
                assertThat(e.code()).isEqualTo(413);
            }
            assertFailed(s.receiver(), "100 bytes");
            assertVisibleFiles(downloads);
        } finally {
            s.session().close();
            s.receiver().close();
        }
    }

    private static void assertFailed(FileTransferStream receiver, String reason) throws Exception {
        try {
            receiver.result().get(60, TimeUnit.SECONDS);
            throw new AssertionError("the transfer completed");
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(FileTransferException.class).hasMessageContaining(reason);
            assertThat(((FileTransferException) e.getCause()).code()).isEqualTo(FileTransferException.INTEGRITY);
        }
    }
}
