package org.msrp4j.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file four times the heap streams through a push and its receiver (the quick form of issue 19's
 * 1 GiB at {@code -Xmx64m}): 64 MiB in a forked JVM limited to 16 MiB of heap.
 */
class ConstantMemoryTest {

    private static final int MIB = 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void aFileFourTimesTheHeapIsSentAndVerified() throws Exception {
        Path file = tmp.resolve("big.bin");
        writeRandom(file, 64 * MIB);
        Path downloads = Files.createDirectories(tmp.resolve("in"));
        Path log = tmp.resolve("child.log");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx16m", "-cp", System.getProperty("java.class.path"), ConstantMemoryTransfer.class.getName(),
                file.toString(), downloads.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean exited = child.waitFor(5, TimeUnit.MINUTES);
        if (!exited) {
            child.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(exited).as("the child finished within 5 minutes: %s", output).isTrue();
        assertThat(child.exitValue()).as("the child's exit code; its output: %s", output).isZero();
        Path received = downloads.resolve("big.bin");
        assertThat(output).contains(received.toString());
        assertThat(Files.mismatch(file, received)).as("first differing byte").isEqualTo(-1L);
    }

    private static void writeRandom(Path file, int size) throws IOException {
        Random random = new Random(19);
        byte[] block = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }
}
