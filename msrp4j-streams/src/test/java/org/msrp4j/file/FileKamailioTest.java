package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.assertSameContent;
import static org.msrp4j.file.FileTransferTest.randomFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.stream.TestRelays;
import org.msrp4j.testing.Kamailio;

/**
 * Push and pull through Debian's Kamailio msrp relay ({@code interop/kamailio}: TCP 127.0.0.1:2865,
 * TLS 2866, users alice and bob with password {@code secret}), 8 KiB chunks. Skipped, visibly, when
 * it is not running, unless {@code MSRP4J_INTEROP=required}.
 */
class FileKamailioTest {

    private static final int TCP_PORT = Kamailio.TCP_PORT;
    private static final int TLS_PORT = Kamailio.TLS_PORT;

    @TempDir
    Path tmp;

    @BeforeAll
    static void relayIsUp() {
        Kamailio.requireListening("Kamailio's MSRP relay on 127.0.0.1:" + TCP_PORT + " and " + TLS_PORT
                + " (interop/kamailio/start.sh)", TCP_PORT, TLS_PORT);
    }

    private static FileTransferSettings via(String user, boolean tls, Path downloads) throws IOException {
        Files.createDirectories(downloads);
        return FileTransferSettings.builder().downloadDirectory(downloads).chunkSize(8 * 1024)
                .connection(ConnectionSettings.builder().relay(TestRelays.kamailio(user, tls ? TLS_PORT : TCP_PORT, tls)
                        .build()).build()).build();
    }

    @Test
    void pushWithTheReceiverBehindKamailioOverTcp() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "photo.png", 400_000, 13);
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.push(file, FileTransferTest.settings(tmp.resolve("x"),
                false), new FileEvents()), new FileEvents(), FileTransferStream.answerer(null,
                via("bob", false, downloads), new FileEvents()), new FileEvents()).start()) {
            assertThat(p.answer.path().get(0).port()).isEqualTo(TCP_PORT);
            assertSameContent(file, p.answerer.result().get(60, TimeUnit.SECONDS).path());
            p.offerer.result().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void pullWithBothBehindKamailioOverTls() throws Exception {
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "book.epub", 250_000, 14);
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.pull(FileSelector.builder().name("book.epub").build(),
                via("alice", true, downloads), new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(FileProvider.directory(shared), via("bob", true, tmp.resolve("x")),
                        new FileEvents()), new FileEvents()).start()) {
            assertThat(p.offer.path().get(0).useTls()).isTrue();
            assertSameContent(file, p.offerer.result().get(60, TimeUnit.SECONDS).path());
            p.answerer.result().get(60, TimeUnit.SECONDS);
        }
    }
}
