package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.sdp.Direction;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.ConnectionSettings;
import org.msrp4j.stream.StreamState;

/** Two file transfer streams on loopback, directly: push and pull over TCP and TLS, and what goes wrong. */
class FileTransferTest {

    @TempDir
    Path tmp;

    static Path randomFile(Path dir, String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        Files.createDirectories(dir);
        return Files.write(dir.resolve(name), data);
    }

    static FileTransferSettings settings(Path downloads, boolean tls) throws IOException {
        Files.createDirectories(downloads);
        return FileTransferSettings.builder().downloadDirectory(downloads).chunkSize(8 * 1024)
                .connection(ConnectionSettings.builder().useTls(tls).build()).build();
    }

    static void assertVisibleFiles(Path dir, String... names) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")))
                    .containsExactlyInAnyOrder(names);
        }
    }

    static void assertSameContent(Path a, Path b) throws IOException {
        assertThat(Files.mismatch(a, b)).as("first differing byte of %s and %s", a, b).isEqualTo(-1L);
    }

    @Test
    void pushOverTcp() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "holiday photo.jpg", 300_000, 1);
        FileEvents aliceEvents = new FileEvents();
        FileEvents bobEvents = new FileEvents();
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.push(file, "image/jpeg", "render", "cid:icon@alice",
                settings(tmp.resolve("unused"), false), aliceEvents), aliceEvents,
                FileTransferStream.answerer(null, settings(downloads, false), bobEvents), bobEvents).start()) {
            assertThat(p.offer.direction()).isEqualTo(Direction.SENDONLY);
            FileSelector selector = p.offer.fileSelector().orElseThrow();
            assertThat(selector.encode()).startsWith("name:\"holiday photo.jpg\" type:image/jpeg size:300000 "
                    + "hash:sha-1:");
            assertThat(p.offer.fileDisposition()).contains("render");
            assertThat(p.offer.fileIcon()).contains("cid:icon@alice");
            assertThat(p.offer.fileDate()).isPresent();
            assertThat(p.offer.fileRange().orElseThrow().encode()).isEqualTo("1-300000");
            assertThat(p.offer.attribute(FileTransferStream.SHA_256_ATTRIBUTE)).isPresent();
            assertThat(p.answer.direction()).isEqualTo(Direction.RECVONLY);
            assertThat(p.answer.fileSelector()).contains(selector);
            assertThat(p.answer.fileTransferId()).isEqualTo(p.offer.fileTransferId());

            TransferResult got = p.answerer.result().get(60, TimeUnit.SECONDS);
            TransferResult sent = p.offerer.result().get(60, TimeUnit.SECONDS);
            assertThat(got.path()).isEqualTo(downloads.resolve("holiday photo.jpg"));
            assertSameContent(file, got.path());
            assertThat(got.sha1()).isEqualTo(sent.sha1()).isEqualTo(selector.hash(FileHash.SHA_1).orElseThrow());
            assertThat(got.sha256()).isPresent().isEqualTo(sent.sha256());
            assertThat(got.resumedFrom()).isZero();
            FileEvents.Started started = bobEvents.await(FileEvents.Started.class, FilePair.WAIT);
            assertThat(started.info().sending()).isFalse();
            assertThat(started.info().icon()).contains("cid:icon@alice");
            bobEvents.await(FileEvents.Completed.class, FilePair.WAIT);
            aliceEvents.await(FileEvents.Completed.class, FilePair.WAIT);
            aliceEvents.await(FileEvents.DID_END.getClass(), FilePair.WAIT);
            p.answerer.ended().get(60, TimeUnit.SECONDS);
            assertThat(bobEvents.all()).doesNotHaveAnyElementsOfTypes(FileEvents.DidFail.class)
                    .endsWith(FileEvents.WILL_END, FileEvents.DID_END);
            assertVisibleFiles(downloads, "holiday photo.jpg");
            assertThat(p.answerer.state()).isEqualTo(StreamState.ENDED);
        }
    }

    @Test
    void pullOverTls() throws Exception {
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "report.pdf", 200_001, 2);
        randomFile(shared, "other.pdf", 1000, 3);
        FileHash sha1 = FileDigests.of(file, Files.size(file)).sha1();
        FileEvents bobEvents = new FileEvents();
        FileEvents aliceEvents = new FileEvents();
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.pull(FileSelector.builder().hash(sha1).build(),
                settings(downloads, true), bobEvents), bobEvents,
                FileTransferStream.answerer(FileProvider.directory(shared), settings(tmp.resolve("x"), true),
                        aliceEvents), aliceEvents).start()) {
            assertThat(p.offer.direction()).isEqualTo(Direction.RECVONLY);
            assertThat(p.offer.protocol().useTls()).isTrue();
            assertThat(p.offer.fileRange()).isEmpty();
            assertThat(p.answer.direction()).isEqualTo(Direction.SENDONLY);
            assertThat(p.answer.fileSelector().orElseThrow().name()).contains("report.pdf");
            assertThat(p.answer.fileSelector().orElseThrow().size()).hasValue(200_001);

            TransferResult got = p.offerer.result().get(60, TimeUnit.SECONDS);
            assertSameContent(file, got.path());
            assertThat(got.path().getFileName().toString()).isEqualTo("report.pdf");
            assertThat(got.sha256()).isPresent();
            p.answerer.result().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void pullByNameOfAMissingFileIsRefusedAtOnce() throws Exception {
        FileEvents bobEvents = new FileEvents();
        FileTransferStream bob = FileTransferStream.pull(FileSelector.builder().name("nothing.txt").build(),
                settings(tmp.resolve("in"), false), bobEvents);
        FileTransferStream alice = FileTransferStream.answerer(FileProvider.directory(tmp),
                settings(tmp.resolve("x"), false), new FileEvents());
        MsrpMedia offer = MsrpMedia.parse(bob.initialize().encode());
        assertThatThrownBy(() -> alice.initialize(offer)).isInstanceOf(FileTransferException.class)
                .satisfies(e -> assertThat(((FileTransferException) e).code())
                        .isEqualTo(FileTransferException.NOT_FOUND));
        assertThat(alice.ended().get(60, TimeUnit.SECONDS)).isNull();
        bob.close();
    }

    @Test
    void anEmptyFileArrivesToo() throws Exception {
        Path file = Files.write(tmp.resolve("empty.txt"), new byte[0]);
        FileEvents bobEvents = new FileEvents();
        Path downloads = tmp.resolve("in");
        try (FilePair p = new FilePair(FileTransferStream.push(file, settings(tmp.resolve("x"), false),
                new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(null, settings(downloads, false), bobEvents), bobEvents).start()) {
            TransferResult got = p.answerer.result().get(60, TimeUnit.SECONDS);
            assertThat(got.size()).isZero();
            assertThat(Files.size(got.path())).isZero();
        }
    }

    @Test
    void aNameInUseIsNeverOverwritten() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "notes.txt", 5000, 4);
        Path downloads = tmp.resolve("in");
        Files.createDirectories(downloads);
        Files.writeString(downloads.resolve("notes.txt"), "mine");
        FileEvents bobEvents = new FileEvents();
        try (FilePair p = new FilePair(FileTransferStream.push(file, settings(tmp.resolve("x"), false),
                new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(null, settings(downloads, false), bobEvents), bobEvents).start()) {
            TransferResult got = p.answerer.result().get(60, TimeUnit.SECONDS);
            assertThat(got.path().getFileName().toString()).isEqualTo("notes (1).txt");
            assertThat(Files.readString(downloads.resolve("notes.txt"))).isEqualTo("mine");
            assertSameContent(file, got.path());
        }
    }

    @Test
    void aFileThatChangedAfterTheOfferFailsTheHashCheckAndIsNotPresented() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "data.bin", 100_000, 5);
        Path downloads = tmp.resolve("in");
        FileEvents bobEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false), new FileEvents());
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false), bobEvents);
        try (FilePair p = new FilePair(alice, new FileEvents(), bob, bobEvents)) {
            MsrpMedia offer = MsrpMedia.parse(alice.initialize().encode());
            MsrpMedia answer = MsrpMedia.parse(bob.initialize(offer).encode());
            byte[] changed = Files.readAllBytes(file);
            changed[50_000] ^= 1;
            Files.write(file, changed);
            Thread.ofVirtual().start(() -> {
                try {
                    bob.start(offer);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            alice.start(answer);
            assertThatThrownBy(() -> bob.result().get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(FileTransferException.class).hasMessageContaining("SHA-256 mismatch");
            FileEvents.Failed failed = bobEvents.await(FileEvents.Failed.class, FilePair.WAIT);
            assertThat(failed.code()).isEqualTo(FileTransferException.INTEGRITY);
            // the last chunk is answered after the check: the sender learns the verdict
            assertThatThrownBy(() -> alice.result().get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(FileTransferException.class).hasMessageContaining("400 mismatch sha-256=")
                    .extracting(e -> ((FileTransferException) e).code()).isEqualTo(FileTransferException.INTEGRITY);
            bob.ended().get(60, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.list(downloads)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void progressCountsUpWithARateAndAnEta() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "progress.bin", 2 * 1024 * 1024, 15);
        FileEvents bobEvents = new FileEvents();
        FileTransferSettings slow = settings(tmp.resolve("x"), false).toBuilder()
                .sessionSettings(SessionSettings.builder().window(1).build()).build();
        try (FilePair p = new FilePair(FileTransferStream.push(file, slow, new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(null, settings(tmp.resolve("in"), false).toBuilder()
                        .progressInterval(Duration.ofMillis(1)).build(), bobEvents), bobEvents).start()) {
            p.answerer.result().get(60, TimeUnit.SECONDS);
            bobEvents.await(FileEvents.Completed.class, FilePair.WAIT);
            List<TransferProgress> progress = bobEvents.progress();
            assertThat(progress).isNotEmpty().allSatisfy(pr -> {
                assertThat(pr.total()).isEqualTo(2 * 1024 * 1024);
                assertThat(pr.bytes()).isPositive().isLessThanOrEqualTo(pr.total());
                assertThat(pr.bytesPerSecond()).isPositive();
                assertThat(pr.eta()).isPresent();
            });
            assertThat(progress).extracting(TransferProgress::bytes).isSorted();
        }
    }

    @Test
    void theSenderCancels() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "big.bin", 4 * 1024 * 1024, 6);
        Path downloads = tmp.resolve("in");
        FileEvents aliceEvents = new FileEvents();
        FileEvents bobEvents = new FileEvents();
        FileTransferSettings slow = settings(tmp.resolve("x"), false).toBuilder()
                .sessionSettings(SessionSettings.builder().window(1).build()).build();
        FileTransferStream alice = FileTransferStream.push(file, slow, aliceEvents);
        bobEvents.onProgress = pr -> alice.cancel();
        try (FilePair p = new FilePair(alice, aliceEvents, FileTransferStream.answerer(null,
                settings(downloads, false).toBuilder().progressInterval(Duration.ofMillis(1)).build(),
                bobEvents), bobEvents).start()) {
            assertThat(aliceEvents.await(FileEvents.Cancelled.class, FilePair.WAIT).byPeer()).isFalse();
            assertThat(bobEvents.await(FileEvents.Cancelled.class, FilePair.WAIT).byPeer()).isTrue();
            assertCancelled(alice.result(), FileTransferException.CANCELLED);
            assertCancelled(p.answerer.result(), FileTransferException.REFUSED);
            p.answerer.ended().get(60, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.list(downloads)) {
                assertThat(files).isEmpty();
            }
        }
    }

    @Test
    void theReceiverCancels() throws Exception {
        Path file = randomFile(tmp.resolve("out"), "big.bin", 4 * 1024 * 1024, 7);
        Path downloads = tmp.resolve("in");
        FileEvents aliceEvents = new FileEvents();
        FileEvents bobEvents = new FileEvents();
        FileTransferSettings slow = settings(tmp.resolve("x"), false).toBuilder()
                .sessionSettings(SessionSettings.builder().window(1).build()).build();
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false).toBuilder()
                .progressInterval(Duration.ofMillis(1)).build(), bobEvents);
        bobEvents.onProgress = pr -> bob.cancel();
        try (FilePair p = new FilePair(FileTransferStream.push(file, slow, aliceEvents), aliceEvents, bob,
                bobEvents).start()) {
            assertThat(bobEvents.await(FileEvents.Cancelled.class, FilePair.WAIT).byPeer()).isFalse();
            assertThat(aliceEvents.await(FileEvents.Cancelled.class, FilePair.WAIT).byPeer()).isTrue();
            assertCancelled(p.offerer.result(), FileTransferException.REFUSED);
            assertCancelled(bob.result(), FileTransferException.CANCELLED);
            p.offerer.ended().get(60, TimeUnit.SECONDS);
            bob.ended().get(60, TimeUnit.SECONDS);
            try (Stream<Path> files = Files.list(downloads)) {
                assertThat(files).isEmpty();
            }
        }
    }

    static void assertCancelled(CompletableFuture<TransferResult> result, int code) {
        assertThatThrownBy(() -> result.get(60, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(FileTransferException.class)
                .satisfies(e -> assertThat(((FileTransferException) e).code()).isEqualTo(code));
    }
}
