package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.assertSameContent;
import static org.msrp4j.file.FileTransferTest.randomFile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.relay.MsrpRelay;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.stream.TestRelays;

/** Push and pull through msrp4j's own relay (embedded, on loopback, accounts alice and bob), 8 KiB chunks. */
class FileRelayTest {

    @TempDir
    Path tmp;

    private MsrpRelay relay;

    @BeforeEach
    void startRelay() throws Exception {
        relay = TestRelays.embedded();
    }

    @AfterEach
    void stopRelay() {
        relay.close();
    }

    private FileTransferSettings via(String user, boolean tls, Path downloads) throws Exception {
        Files.createDirectories(downloads);
        return FileTransferSettings.builder().downloadDirectory(downloads).chunkSize(8 * 1024)
                .connection(ConnectionSettings.builder().relay(TestRelays.via(relay, user, "secret", tls).build())
                        .build()).build();
    }

    @Test
    void pushWithBothBehindTheRelayOverTls() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "slides.odp", 500_000, 11);
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.push(file, via("alice", true, tmp.resolve("x")),
                new FileEvents()), new FileEvents(), FileTransferStream.answerer(null, via("bob", true, downloads),
                new FileEvents()), new FileEvents()).start()) {
            assertThat(p.offer.path()).hasSize(2);
            assertThat(p.answer.path()).hasSize(2);
            TransferResult got = p.answerer.result().get(60, TimeUnit.SECONDS);
            assertSameContent(file, got.path());
            assertThat(got.sha256()).isPresent();
            p.offerer.result().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void pullWithTheSenderBehindTheRelayOverTcp() throws Exception {
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "song.ogg", 300_000, 12);
        Path downloads = tmp.resolve("in");
        Files.createDirectories(downloads);
        try (FilePair p = new FilePair(FileTransferStream.pull(FileSelector.builder().name("song.ogg").build(),
                FileTransferTest.settings(downloads, false), new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(FileProvider.directory(shared), via("bob", false, tmp.resolve("x")),
                        new FileEvents()), new FileEvents()).start()) {
            assertThat(p.answer.path()).hasSize(2);
            TransferResult got = p.offerer.result().get(60, TimeUnit.SECONDS);
            assertSameContent(file, got.path());
            p.answerer.result().get(60, TimeUnit.SECONDS);
        }
    }
}
