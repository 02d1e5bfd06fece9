package org.msrp4j.file.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.file.TransferResult;

/** Runs the README's file transfer examples against each other on loopback. */
class FileExamplesTest {

    @TempDir
    Path tmp;

    @Test
    void aliceSendsBobAFile() throws Exception {
        byte[] picture = new byte[1_000_000];
        new Random(42).nextBytes(picture);
        Path file = Files.write(tmp.resolve("beach.jpg"), picture);
        Path downloads = Files.createDirectories(tmp.resolve("bob"));
        Sip sip = new Sip();
        CompletableFuture<TransferResult> bob = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                bob.complete(BobReceivesFiles.run(sip, downloads));
            } catch (Exception e) {
                bob.completeExceptionally(e);
            }
        });

        TransferResult sent = AliceSendsAFile.run(sip, file);

        TransferResult got = bob.get(60, TimeUnit.SECONDS);
        assertThat(got.path()).isEqualTo(downloads.resolve("beach.jpg"));
        assertThat(Files.readAllBytes(got.path())).isEqualTo(picture);
        assertThat(got.sha1()).isEqualTo(sent.sha1());
        assertThat(got.sha256()).isEqualTo(sent.sha256()).isPresent();
    }
}
