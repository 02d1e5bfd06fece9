package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.msrp4j.file.FileTransferTest.assertSameContent;
import static org.msrp4j.file.FileTransferTest.assertVisibleFiles;
import static org.msrp4j.file.FileTransferTest.randomFile;
import static org.msrp4j.file.FileTransferTest.settings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.connect.AcceptorDirect;
import org.msrp4j.connect.ConnectSettings;
import org.msrp4j.connect.ConnectorDirect;
import org.msrp4j.protocol.MsrpUri;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.stream.StreamException;
import org.msrp4j.stream.StreamState;
import org.msrp4j.transport.MsrpTransport;

/**
 * {@link FileTransferStream#initialize(MsrpTransport)} and {@link
 * FileTransferStream#initialize(MsrpTransport, MsrpMedia)}: file transfers on connections the
 * application bound itself (as {@code msrp send --to} and {@code msrp receive} do), real sockets on
 * loopback, the descriptions passed as SDP text.
 */
class FileOnBoundTransportTest {

    @TempDir
    Path tmp;

    private MsrpTransport[] pair;

    @AfterEach
    void closePair() {
        if (pair != null) {
            for (MsrpTransport t : pair) {
                t.close();
            }
        }
    }

    @Test
    void pushesAndResumesOnBoundTransports() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "notes.bin", 400_000, 7);
        Path downloads = tmp.resolve("in");
        Files.createDirectories(downloads);
        FileHash sha1 = FileDigests.of(file, 400_000).sha1();
        Path partial = downloads.resolve("." + HexFormat.of().formatHex(sha1.digest()) + ".msrp4j-part");
        Files.write(partial, Arrays.copyOf(Files.readAllBytes(file), 150_000));

        pair = boundPair();
        FileEvents bobEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false), bobEvents);
        MsrpMedia offer = MsrpMedia.parse(alice.initialize(pair[1]).encode());
        assertThat(offer.path()).isEqualTo(pair[1].fullLocalPath());
        MsrpMedia answer = MsrpMedia.parse(bob.initialize(pair[0], offer).encode());
        assertThat(answer.path()).isEqualTo(pair[0].fullLocalPath());
        assertThat(answer.fileRange().orElseThrow().start()).isEqualTo(150_001);
        startBoth(alice, answer, bob, offer);

        assertThat(bobEvents.await(FileEvents.Started.class, FilePair.WAIT).offset()).isEqualTo(150_000);
        TransferResult sent = alice.result().get(60, TimeUnit.SECONDS);
        TransferResult got = bob.result().get(60, TimeUnit.SECONDS);
        assertThat(sent.resumedFrom()).isEqualTo(150_000);
        assertThat(got.path()).isEqualTo(downloads.resolve("notes.bin"));
        assertSameContent(file, got.path());
        assertVisibleFiles(downloads, "notes.bin");
        assertThat(alice.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(bob.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(pair[1].closeFuture()).succeedsWithin(FilePair.WAIT);
    }

    @Test
    void pullsOnBoundTransports() throws Exception {
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "report.pdf", 200_000, 8);
        Path downloads = tmp.resolve("in");
        pair = boundPair();
        FileTransferStream bob = FileTransferStream.pull(FileSelector.builder().name("report.pdf").build(),
                settings(downloads, false), new FileEvents());
        FileTransferStream alice = FileTransferStream.answerer(FileProvider.directory(shared),
                settings(tmp.resolve("x"), false), new FileEvents());
        MsrpMedia offer = MsrpMedia.parse(bob.initialize(pair[0]).encode());
        MsrpMedia answer = MsrpMedia.parse(alice.initialize(pair[1], offer).encode());
        startBoth(bob, answer, alice, offer);
        assertSameContent(file, bob.result().get(60, TimeUnit.SECONDS).path());
        assertThat(alice.result()).succeedsWithin(FilePair.WAIT);
    }

    @Test
    void anUnusableOfferClosesTheTransportAndFails() throws Exception {
        pair = boundPair();
        FileEvents events = new FileEvents();
        FileTransferStream bob = FileTransferStream.answerer(null, settings(tmp.resolve("in"), false), events);
        MsrpMedia chat = MsrpMedia.parse("m=message 2855 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
                + "a=path:" + pair[1].fullLocalPath().get(0) + "\r\n");
        assertThatThrownBy(() -> bob.initialize(pair[0], chat)).isInstanceOf(StreamException.class)
                .hasMessageContaining("sendonly or recvonly");
        assertThat(pair[0].closeFuture()).succeedsWithin(FilePair.WAIT);
        assertThat(bob.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(events.all()).contains(FileEvents.DID_END);
    }

    @Test
    void theWrongRoleOrAStreamNotNewLeavesTheTransportAlone() throws Exception {
        pair = boundPair();
        FileTransferStream answerer = FileTransferStream.answerer(null, settings(tmp.resolve("in"), false),
                new FileEvents());
        assertThatThrownBy(() -> answerer.initialize(pair[0])).isInstanceOf(StreamException.class);
        Path file = randomFile(tmp.resolve("out"), "a.bin", 10, 1);
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        alice.initialize(pair[1]);
        assertThat(alice.state()).isEqualTo(StreamState.INITIALIZED);
        assertThatThrownBy(() -> alice.initialize(pair[0])).isInstanceOf(StreamException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair[0].isClosed()).isFalse();
        alice.end().get(60, TimeUnit.SECONDS);
        assertThat(pair[1].closeFuture()).succeedsWithin(FilePair.WAIT);
        assertThat(pair[0].isClosed()).isFalse();
    }

    /** Starts {@code offerer} with {@code answer} and {@code answerer} with {@code offer}, at once. */
    private static void startBoth(FileTransferStream offerer, MsrpMedia answer, FileTransferStream answerer,
            MsrpMedia offer) throws Exception {
        CompletableFuture<Void> answererStarted = CompletableFuture.runAsync(() -> {
            try {
                answerer.start(offer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, runnable -> Thread.ofVirtual().start(runnable));
        offerer.start(answer);
        answererStarted.get(60, TimeUnit.SECONDS);
    }

    /** A bound connection on loopback TCP: the acceptor's transport first, then the connector's. */
    private static MsrpTransport[] boundPair() throws Exception {
        MsrpUri local = MsrpUri.builder().host("127.0.0.1").port(0).build();
        AcceptorDirect acceptor = new AcceptorDirect(ConnectSettings.DEFAULT);
        ConnectorDirect connector = new ConnectorDirect(ConnectSettings.DEFAULT);
        try {
            List<MsrpUri> acceptorPath = acceptor.prepare(local);
            connector.prepare(local);
            CompletableFuture<MsrpTransport> accepted = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.complete(acceptor.completeWithFirstPeer());
                } catch (Exception e) {
                    accepted.completeExceptionally(e);
                }
            });
            MsrpTransport connected = connector.complete(acceptorPath);
            return new MsrpTransport[] {accepted.get(60, TimeUnit.SECONDS), connected};
        } finally {
            acceptor.cleanup();
            connector.cleanup();
        }
    }
}
