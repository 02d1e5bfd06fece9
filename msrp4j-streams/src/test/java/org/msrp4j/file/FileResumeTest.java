package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.msrp4j.file.FileTransferTest.assertSameContent;
import static org.msrp4j.file.FileTransferTest.assertVisibleFiles;
import static org.msrp4j.file.FileTransferTest.randomFile;
import static org.msrp4j.file.FileTransferTest.settings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.session.SessionSettings;

/**
 * Resume (RFC 5547 {@code a=file-range}): the sender's connection is closed abruptly at a random
 * point, then a new session moves the rest, as a push (the receiving answerer's range) and as a
 * pull (the receiving offerer's range); the result is byte-identical each time.
 */
class FileResumeTest {

    private static final int SIZE = 6 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void resumesTenTimesAfterTheSenderIsKilledAtARandomPoint() throws Exception {
        SecureRandom random = new SecureRandom();
        Path shared = tmp.resolve("shared");
        Path file = randomFile(shared, "video.mp4", SIZE, random.nextLong());
        FileHash sha1 = FileDigests.of(file, SIZE).sha1();
        for (int round = 0; round < 10; round++) {
            Path downloads = tmp.resolve("in-" + round);
            long killAt = SIZE / 10 + random.nextInt(SIZE / 2);
            long held = interrupt(file, downloads, killAt);
            for (int retry = 0; held < 0 && retry < 3; retry++) {
                // the whole file arrived before the listener saw killAt: a loaded machine; try earlier
                deleteAll(downloads);
                killAt = SIZE / 20;
                held = interrupt(file, downloads, killAt);
            }
            assertThat(held).as("round %d: bytes held after the kill at %d", round, killAt).isPositive()
                    .isLessThan(SIZE);
            assertVisibleFiles(downloads);
            boolean push = round % 2 == 0;
            TransferResult result = push ? resumePush(file, downloads) : resumePull(shared, sha1, downloads);
            assertThat(result.resumedFrom()).as("round %d (%s)", round, push ? "push" : "pull").isEqualTo(held);
            assertSameContent(file, result.path());
            assertVisibleFiles(downloads, "video.mp4");
            try (var left = Files.list(downloads)) {
                assertThat(left).hasSize(1);
            }
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
    }

    /**
     * Pushes {@code file} and kills the sender's connection once the receiver holds {@code killAt};
     * returns what the receiver's partial file holds then, or -1 if the whole file arrived first.
     */
    private long interrupt(Path file, Path downloads, long killAt) throws Exception {
        FileEvents aliceEvents = new FileEvents();
        FileEvents bobEvents = new FileEvents();
        FileTransferStream alice = FileTransferStream.push(file, settings(tmp.resolve("x"), false).toBuilder()
                .sessionSettings(SessionSettings.builder().window(1).build()).build(), aliceEvents);
        AtomicBoolean killed = new AtomicBoolean();
        CompletableFuture<Object> kill = new CompletableFuture<>();
        bobEvents.onProgress = p -> {
            if (p.bytes() >= killAt && killed.compareAndSet(false, true)) {
                kill.complete(p);
                alice.killConnection();
            }
        };
        FileTransferStream bob = FileTransferStream.answerer(null, settings(downloads, false).toBuilder()
                .progressInterval(Duration.ofMillis(1)).build(), bobEvents);
        try (FilePair p = new FilePair(alice, aliceEvents, bob, bobEvents).start()) {
            CompletableFuture.anyOf(kill, bob.result()).exceptionally(e -> null).get(60, TimeUnit.SECONDS);
            if (!kill.isDone()) {
                assertThat(bob.result()).isCompleted();
                return -1;
            }
            FileEvents.Failed failed = bobEvents.await(FileEvents.Failed.class, FilePair.WAIT);
            assertThat(failed.code()).isEqualTo(FileTransferException.LOST);
            bob.ended().get(60, TimeUnit.SECONDS);
            alice.ended().get(60, TimeUnit.SECONDS);
        }
        Path partial = downloads.resolve("." + HexFormat.of().formatHex(
                FileDigests.of(file, SIZE).sha1().digest()) + ".msrp4j-part");
        return Files.size(partial);
    }

    private TransferResult resumePush(Path file, Path downloads) throws Exception {
        FileEvents bobEvents = new FileEvents();
        try (FilePair p = new FilePair(FileTransferStream.push(file, settings(tmp.resolve("x"), false),
                new FileEvents()), new FileEvents(), FileTransferStream.answerer(null, settings(downloads, false),
                bobEvents), bobEvents).start()) {
            assertThat(p.offer.fileRange().orElseThrow().start()).isEqualTo(1);
            long from = p.answer.fileRange().orElseThrow().start();
            assertThat(bobEvents.await(FileEvents.Started.class, FilePair.WAIT).offset()).isEqualTo(from - 1);
            TransferResult sent = p.offerer.result().get(60, TimeUnit.SECONDS);
            assertThat(sent.resumedFrom()).isEqualTo(from - 1);
            return p.answerer.result().get(60, TimeUnit.SECONDS);
        }
    }

    private TransferResult resumePull(Path shared, FileHash sha1, Path downloads) throws Exception {
        try (FilePair p = new FilePair(FileTransferStream.pull(FileSelector.builder().hash(sha1).build(),
                settings(downloads, false), new FileEvents()), new FileEvents(),
                FileTransferStream.answerer(FileProvider.directory(shared), settings(tmp.resolve("x"), false),
                        new FileEvents()), new FileEvents()).start()) {
            assertThat(p.offer.fileRange().orElseThrow().toEnd()).isTrue();
            assertThat(p.answer.fileRange()).isEqualTo(p.offer.fileRange());
            return p.offerer.result().get(60, TimeUnit.SECONDS);
        }
    }
}
