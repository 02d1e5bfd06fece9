package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.file.FileTransferStream;
import org.msrp4j.sdp.FileHash;

/** {@code msrp send} and {@code msrp receive} as two processes: checksums, resuming, refusals. */
class TransferProcessTest {

    @TempDir
    Path dir;

    @Test
    void sendsAFileThatArrivesVerified() throws Exception {
        Path file = randomFile(dir.resolve("report.bin"), 5_000_000);
        Path out = dir.resolve("inbox");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            send.endInput();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            String hash = sha256(file);
            assertThat(sha256(out.resolve("report.bin"))).isEqualTo(hash);
            assertThat(send.stdout())
                    .contains("sent report.bin (5000000 bytes), SHA-256 " + hash + " verified by the receiver");
            assertThat(receive.stdout()).contains("(5000000 bytes), SHA-256 " + hash + " verified");
            assertThat(receive.stderr()).containsPattern("report.bin: 100%  5.0 MB / 5.0 MB .* in \\d+:\\d\\d");
            assertThat(out.resolve("report.bin.part")).doesNotExist();
            assertThat(out.resolve("report.bin.part.offer")).doesNotExist();
        }
    }

    @Test
    void resumesAfterTheSenderWasKilledMidTransfer() throws Exception {
        long size = 150_000_000;
        Path file = randomFile(dir.resolve("big.bin"), size);
        Path out = dir.resolve("inbox");
        Path part = FileTransferStream.partialFile(out, sha1(file));
        long kept;
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            long deadline = System.nanoTime() + CliProcess.WAIT.toNanos();
            while (!(Files.exists(part) && Files.size(part) > 10_000_000) && System.nanoTime() < deadline) {
                Thread.sleep(2);
            }
            send.kill();
            assertThat(receive.exitCode()).as(receive.stderr()).isEqualTo(ExitCode.LOST);
            assertThat(receive.stderrLines().get(receive.stderrLines().size() - 1))
                    .startsWith("msrp receive: the transfer was interrupted after ")
                    .contains(part.getFileName() + " is kept: send the same file again to resume");
            kept = Files.size(part);
            assertThat(kept).isBetween(10_000_000L, size - 1);
            assertThat(out.resolve("big.bin")).doesNotExist();
        }
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            send.endInput();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            assertThat(receive.exitCode()).as(receive.stderr()).isZero();
            assertThat(send.stderr()).contains("resuming at byte " + (kept + 1));
            assertThat(receive.stderr()).contains("resuming: " + part + " holds ");
        }
        assertThat(sha256(out.resolve("big.bin"))).isEqualTo(sha256(file));
        assertThat(part).doesNotExist();
    }

    @Test
    void aCorruptPartialFileEndsInAChecksumMismatchOnBothSides() throws Exception {
        Path file = randomFile(dir.resolve("data.bin"), 1_000_000);
        Path out = Files.createDirectories(dir.resolve("inbox"));
        Path part = FileTransferStream.partialFile(out, sha1(file));
        Files.write(part, new byte[400_000]);
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            send.endInput();
            assertThat(send.exitCode()).isEqualTo(ExitCode.CHECKSUM);
            assertThat(receive.exitCode()).isEqualTo(ExitCode.CHECKSUM);
            assertThat(send.stderr()).contains("resuming at byte 400001")
                    .contains("msrp send: the receiver's SHA-256 differs: mismatch sha-256=");
            assertThat(receive.stderr()).contains("msrp receive: SHA-256 mismatch: received ")
                    .contains("the received data was deleted");
        }
        assertThat(part).doesNotExist();
        assertThat(out.resolve("data.bin")).doesNotExist();
    }

    @Test
    void anExistingFileIsNotOverwritten() throws Exception {
        Path file = randomFile(dir.resolve("same.bin"), 1000);
        Path out = Files.createDirectories(dir.resolve("inbox"));
        Files.writeString(out.resolve("same.bin"), "mine");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            send.endInput();
            assertThat(send.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(receive.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(send.stderr()).contains("msrp send: the receiver refused the file: " + out.resolve("same.bin")
                    + " exists");
        }
        assertThat(Files.readString(out.resolve("same.bin"))).isEqualTo("mine");
    }

    @Test
    void anEmptyFileMovesToo() throws Exception {
        Path file = Files.createFile(dir.resolve("empty.txt"));
        Path out = dir.resolve("inbox");
        try (CliProcess receive = CliProcess.start("receive", "--timeout", CliProcess.PATIENT, "--out",
                out.toString(), "--host", "127.0.0.1");
                CliProcess send = CliProcess.start("send", "--timeout", CliProcess.PATIENT, file.toString(), "--to",
                        receive.path())) {
            send.endInput();
            assertThat(send.exitCode()).as(send.stderr()).isZero();
            assertThat(receive.exitCode()).as(receive.stderr()).isZero();
        }
        assertThat(out.resolve("empty.txt")).isEmptyFile();
    }

    static Path randomFile(Path path, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(size);
        byte[] block = new byte[1 << 20];
        try (OutputStream o = Files.newOutputStream(path)) {
            for (long done = 0; done < size; done += block.length) {
                random.nextBytes(block);
                o.write(block, 0, (int) Math.min(block.length, size - done));
            }
        }
        return path;
    }

    /** The SHA-1 of a file, as its RFC 5547 selector gives it. */
    static FileHash sha1(Path file) throws Exception {
        return FileHash.of(FileHash.SHA_1, HexFormat.of().parseHex(digest(file, "SHA-1")));
    }

    static String sha256(Path file) throws Exception {
        return digest(file, "SHA-256");
    }

    private static String digest(Path file, String algorithm) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (var in = Files.newInputStream(file)) {
            byte[] b = new byte[1 << 16];
            for (int n; (n = in.read(b)) > 0; ) {
                digest.update(b, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
