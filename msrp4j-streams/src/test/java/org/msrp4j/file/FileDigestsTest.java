package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.sdp.FileHash;

/** The digests of a file's prefix, read in buffers and hashed on two threads, against the JDK's of the whole. */
class FileDigestsTest {

    @TempDir
    Path tmp;

    @Test
    void digestsOfAFileAndOfItsPrefixMatchTheJdks() throws Exception {
        byte[] data = new byte[1_000_003];
        new Random(5).nextBytes(data);
        Path file = Files.write(tmp.resolve("f.bin"), data);
        for (int length : new int[] {0, 1, 128 * 1024, 128 * 1024 + 1, 777_777, data.length}) {
            FileDigests d = FileDigests.of(file, length);
            byte[] prefix = Arrays.copyOf(data, length);
            assertThat(d.sha1()).as("SHA-1 of %d bytes", length)
                    .isEqualTo(FileHash.of(FileHash.SHA_1, MessageDigest.getInstance("SHA-1").digest(prefix)));
            assertThat(d.sha256()).as("SHA-256 of %d bytes", length).isEqualTo(FileHash.of(FileDigests.SHA_256,
                    MessageDigest.getInstance("SHA-256").digest(prefix)));
        }
    }

    @Test
    void aFileShorterThanAskedIsAnError() throws Exception {
        Path file = Files.write(tmp.resolve("short.bin"), new byte[1000]);
        assertThatThrownBy(() -> FileDigests.of(file, 1001)).isInstanceOf(IOException.class)
                .hasMessageContaining("ended at byte 1000 of 1001");
    }
}
