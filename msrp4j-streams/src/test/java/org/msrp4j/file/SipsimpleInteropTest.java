package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.assertSameContent;
import static org.msrp4j.file.FileTransferTest.randomFile;
import static org.msrp4j.file.FileTransferTest.settings;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.OutgoingFile;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.transport.MsrpTransport;

/**
 * The file stream against peers that behave as AG Projects' sipsimple does (raw msrp4j parts
 * writing what it writes): its selector form and {@code a=x-file-offset}, 64 KiB chunks with {@code
 * Byte-Range: s-*}{@code /total}, and its {@code FILE_OFFSET} resume, both ways.
 */
class SipsimpleInteropTest {

    @TempDir
    Path tmp;

    private static String path(MsrpUri uri) {
        return uri.encode();
    }

    @Test
    void aSipsimplePushResumesByFileOffsetAndIsCheckedBySha1Alone() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "sip file.txt", 200_000, 21);
        FileHash sha1 = FileDigests.of(file, Files.size(file)).sha1();
        ConnectorDirect connector = new ConnectorDirect();
        MsrpUri local = connector.prepare(null).get(0);
        MsrpMedia offer = MsrpMedia.parse("m=message " + local.port() + " TCP/MSRP *\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "a=path:" + path(local) + "\r\n"
                + "a=accept-types:*\r\n"
                + "a=file-selector:name:\"sip file.txt\" type:text/plain size:200000 hash:" + sha1.encode() + "\r\n"
                + "a=x-file-offset\r\n"
                + "a=sendonly\r\n");
        Path downloads = Files.createDirectories(tmp.resolve("in"));
        Files.write(downloads.resolve("." + HexFormat.of().formatHex(sha1.digest()) + ".msrp4j-part"),
                Arrays.copyOf(Files.readAllBytes(file), 77_777));
        FileEvents bobEvents = new FileEvents();
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false), bobEvents);
        MsrpMedia answer = MsrpMedia.parse(bob.initialize(offer).encode());
        assertThat(answer.attribute("recvonly")).isPresent();
        assertThat(answer.hasAttribute(FileTransferStream.X_FILE_OFFSET)).isTrue();
        assertThat(answer.fileSelector()).isEqualTo(offer.fileSelector());
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                bob.start(offer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        MsrpTransport t = connector.complete(answer.path());
        started.get(60, TimeUnit.SECONDS);
        try (MsrpSession sipsimple = MsrpSession.start(t, SessionSettings.builder().fileChunkSize(64 * 1024).build(),
                chunk -> { })) {
            MsrpChunk offset = sipsimple.deliverChunk(t.newChunk().method(FileOffset.METHOD).build());
            assertThat(offset.header(FileOffset.HEADER).encode()).isEqualTo("77777");
            OutgoingFile f = OutgoingFile.of(file, "text/plain", 77_777, null);
            sipsimple.sendFile(f);
            f.completion().get(60, TimeUnit.SECONDS);
            TransferResult got = bob.result().get(60, TimeUnit.SECONDS);
            assertSameContent(file, got.path());
            assertThat(got.sha1()).isEqualTo(sha1);
            assertThat(got.sha256()).isEmpty();
            assertThat(got.resumedFrom()).isEqualTo(77_777);
        } finally {
            bob.close();
        }
    }

    @Test
    void aPushToSipsimpleResumesWhereItsFileOffsetAnswerSays() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "movie.mkv", 300_000, 22);
        byte[] content = Files.readAllBytes(file);
        FileEvents aliceEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), aliceEvents);
        MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
        assertThat(offer.fileSelector().orElseThrow().encode())
                .matches("name:\"movie\\.mkv\" type:application/octet-stream size:300000 hash:sha-1:"
                        + "([0-9A-F]{2}:){19}[0-9A-F]{2}");
        AcceptorDirect acceptor = new AcceptorDirect();
        MsrpUri local = acceptor.prepare(null).get(0);
        MsrpMedia answer = MsrpMedia.parse("m=message " + local.port() + " TCP/MSRP *\r\n"
                + "c=IN IP4 127.0.0.1\r\n"
                + "a=path:" + path(local) + "\r\n"
                + "a=accept-types:*\r\n"
                + "a=file-selector:" + offer.fileSelector().orElseThrow().encode() + "\r\n"
                + "a=x-file-offset\r\n"
                + "a=recvonly\r\n");
        CompletableFuture<MsrpTransport> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return acceptor.complete(offer.path());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
            try {
                alice.start(answer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        MsrpTransport t = accepted.get(60, TimeUnit.SECONDS);
        try {
            MsrpChunk ask = t.readChunk();
            assertThat(ask.method()).isEqualTo(FileOffset.METHOD);
            MsrpChunk ok = t.makeResponse(ask, 200, "OK");
            ok.addHeader(MsrpHeader.of(FileOffset.HEADER, "120000"));
            t.writeChunk(ok);
            started.get(60, TimeUnit.SECONDS);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            long first = -1;
            while (true) {
                MsrpChunk c = t.readChunk();
                assertThat(c.method()).isEqualTo("SEND");
                ByteRange range = c.byteRange();
                if (first < 0) {
                    first = range.start();
                }
                assertThat(range.total()).isEqualTo(300_000);
                received.writeBytes(c.data());
                t.writeChunk(t.makeResponse(c, 200, "OK"));
                if (c.continuation() == Continuation.END) {
                    break;
                }
            }
            assertThat(first).isEqualTo(120_001);
            assertThat(received.toByteArray()).isEqualTo(Arrays.copyOfRange(content, 120_000, content.length));
            TransferResult sent = alice.result().get(60, TimeUnit.SECONDS);
            assertThat(sent.resumedFrom()).isEqualTo(120_000);
            assertThat(aliceEvents.await(FileEvents.Started.class, FilePair.WAIT).offset()).isEqualTo(120_000);
        } finally {
            t.close();
            alice.close();
            acceptor.cleanup();
        }
    }

    @Test
    void aSipsimpleReceiverThatAnswers501GetsTheWholeFile() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "a.bin", 50_000, 23);
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
        AcceptorDirect acceptor = new AcceptorDirect();
        MsrpUri local = acceptor.prepare(null).get(0);
        MsrpMedia answer = MsrpMedia.parse("m=message " + local.port() + " TCP/MSRP *\r\n"
                + "c=IN IP4 127.0.0.1\r\na=path:" + path(local) + "\r\na=accept-types:*\r\n"
                + "a=file-selector:" + offer.fileSelector().orElseThrow().encode() + "\r\n"
                + "a=x-file-offset\r\na=recvonly\r\n");
        CompletableFuture<MsrpTransport> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                return acceptor.complete(offer.path());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        Thread.ofVirtual().start(() -> {
            try {
                alice.start(answer);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        MsrpTransport t = accepted.get(60, TimeUnit.SECONDS);
        CompletableFuture<byte[]> got = new CompletableFuture<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try (MsrpSession sipsimple = MsrpSession.start(t, SessionSettings.DEFAULT, new IncomingHandler() {
            @Override
            public void onChunk(MsrpChunk c) {
                received.writeBytes(c.data());
                if (!c.hasMoreSegments() && c.continuation() == Continuation.END) {
                    got.complete(received.toByteArray());
                }
            }
        })) {
            assertThat(got.get(60, TimeUnit.SECONDS)).isEqualTo(Files.readAllBytes(file));
            assertThat(alice.result().get(60, TimeUnit.SECONDS).resumedFrom()).isZero();
        } finally {
            alice.close();
            acceptor.cleanup();
        }
    }
}
