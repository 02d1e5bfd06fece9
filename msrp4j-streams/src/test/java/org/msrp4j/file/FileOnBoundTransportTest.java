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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.stream.StreamException;
import org.msrp4j.stream.StreamState;
import org.msrp4j.testing.BoundPair;
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

    private BoundPair pair;

    @AfterEach
    void closePair() {
        if (pair != null) {
            pair.close();
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

        pair = BoundPair.direct();
        FileEvents bobEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false), bobEvents);
        MsrpMedia offer = MsrpMedia.parse(alice.initialize(pair.active()).encode());
        assertThat(offer.path()).isEqualTo(pair.active().fullLocalPath());
        MsrpMedia answer = MsrpMedia.parse(bob.initialize(pair.passive(), offer).encode());
        assertThat(answer.path()).isEqualTo(pair.passive().fullLocalPath());
        assertThat(answer.fileRange().orElseThrow().start()).isEqualTo(150_001);
        FilePair.startBoth(alice, answer, bob, offer);

        assertThat(bobEvents.await(FileEvents.Started.class, FilePair.WAIT).offset()).isEqualTo(150_000);
        TransferResult sent = alice.result().get(60, TimeUnit.SECONDS);
        TransferResult got = bob.result().get(60, TimeUnit.SECONDS);
        assertThat(sent.resumedFrom()).isEqualTo(150_000);
        assertThat(got.path()).isEqualTo(downloads.resolve("notes.bin"));
        assertSameContent(file, got.path());
        assertVisibleFiles(downloads, "notes.bin");
        assertThat(alice.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(bob.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(pair.active().closeFuture()).succeedsWithin(FilePair.WAIT);
    }

    @Test
    void pullsOnBoundTransports() throws Exception {
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "report.pdf", 200_000, 8);
        Path downloads = tmp.resolve("in");
        pair = BoundPair.direct();
        FileTransferStream bob = FileTransferStream.pull(FileSelector.builder().name("report.pdf").build(),
                settings(downloads, false), new FileEvents());
        FileTransferStream alice = FileTransferStream.answerer(FileProvider.directory(shared),
                settings(tmp.resolve("x"), false), new FileEvents());
        MsrpMedia offer = MsrpMedia.parse(bob.initialize(pair.passive()).encode());
        MsrpMedia answer = MsrpMedia.parse(alice.initialize(pair.active(), offer).encode());
        FilePair.startBoth(bob, answer, alice, offer);
        assertSameContent(file, bob.result().get(60, TimeUnit.SECONDS).path());
        assertThat(alice.result()).succeedsWithin(FilePair.WAIT);
    }

    @Test
    void anUnusableOfferClosesTheTransportAndFails() throws Exception {
        pair = BoundPair.direct();
        FileEvents events = new FileEvents();
        FileTransferStream bob = FileTransferStream.answerer(null, settings(tmp.resolve("in"), false), events);
        MsrpMedia chat = MsrpMedia.parse("m=message 2855 TCP/MSRP *\r\na=accept-types:text/plain\r\n"
                + "a=path:" + pair.active().fullLocalPath().get(0) + "\r\n");
        assertThatThrownBy(() -> bob.initialize(pair.passive(), chat)).isInstanceOf(StreamException.class)
                .hasMessageContaining("sendonly or recvonly");
        assertThat(pair.passive().closeFuture()).succeedsWithin(FilePair.WAIT);
        assertThat(bob.ended()).succeedsWithin(FilePair.WAIT);
        assertThat(events.all()).contains(FileEvents.DID_END);
    }

    @Test
    void theWrongRoleOrAStreamNotNewLeavesTheTransportAlone() throws Exception {
        pair = BoundPair.direct();
        FileTransferStream answerer = FileTransferStream.answerer(null, settings(tmp.resolve("in"), false),
                new FileEvents());
        assertThatThrownBy(() -> answerer.initialize(pair.passive())).isInstanceOf(StreamException.class);
        Path file = randomFile(tmp.resolve("out"), "a.bin", 10, 1);
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        alice.initialize(pair.active());
        assertThat(alice.state()).isEqualTo(StreamState.INITIALIZED);
        assertThatThrownBy(() -> alice.initialize(pair.passive())).isInstanceOf(StreamException.class)
                .hasMessageContaining("not allowed now");
        assertThat(pair.passive().isClosed()).isFalse();
        alice.end().get(60, TimeUnit.SECONDS);
        assertThat(pair.active().closeFuture()).succeedsWithin(FilePair.WAIT);
        assertThat(pair.passive().isClosed()).isFalse();
    }
}
