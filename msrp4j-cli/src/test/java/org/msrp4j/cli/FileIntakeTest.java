package org.msrp4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.ByteRangeHeader;
import org.msrp4j.protocol.header.MessageIdHeader;

/** The receiver stores the offered bytes, in order, from one message, and nothing else. */
class FileIntakeTest {

    @TempDir
    Path dir;

    @Test
    void storesTheOfferedBytesInOrderFromWhereItResumes() throws Exception {
        Path part = Files.write(dir.resolve("f.part"), "hel".getBytes(StandardCharsets.US_ASCII));
        try (RandomAccessFile file = open(part, 3)) {
            FileIntake intake = intake(file, 3, 10);
            intake.accept(chunk("message1", 4, "lo, ", 10, Continuation.MORE));
            assertThat(intake.done()).isNotDone();
            intake.accept(chunk("message1", 8, "you", ByteRange.UNKNOWN, Continuation.END));
            assertThat(intake.done().get()).isEqualTo(10);
        }
        assertThat(Files.readString(part)).isEqualTo("hello, you");
    }

    @Test
    void aGapAnOverlapAnotherMessageOrBytesPastTheSizeAreRefusedUnwritten() throws Exception {
        assertRefused("bytes from 3 while byte 2 was due", chunk("message1", 3, "cd", 5, Continuation.END));
        assertRefused("bytes from 1 while byte 2 was due", chunk("message1", 1, "ab", 5, Continuation.END));
        assertRefused("a second message, message2, while message1 is arriving",
                chunk("message2", 2, "b", 5, Continuation.END));
        assertRefused("bytes 2-6 past the offered 5", chunk("message1", 2, "bcdef", ByteRange.UNKNOWN,
                Continuation.END));
        assertRefused("Byte-Range total 6 while 5 bytes were offered", chunk("message1", 2, "b", 6,
                Continuation.END));
    }

    @Test
    void anAbortEndsTheTransferAsLostAndNothingAfterTheEndIsStored() throws Exception {
        Path part = Files.createFile(dir.resolve("f.part"));
        try (RandomAccessFile file = open(part, 0)) {
            FileIntake intake = intake(file, 0, 4);
            intake.accept(chunk("message1", 1, "ab", 4, Continuation.ABORT));
            assertThat(failure(intake).exitCode()).isEqualTo(ExitCode.LOST);
            intake.accept(chunk("message1", 1, "abcd", 4, Continuation.END));
        }
        assertThat(part).isEmptyFile();
    }

    private void assertRefused(String why, MsrpChunk bad) throws Exception {
        Path part = Files.createTempFile(dir, "f", ".part");
        try (RandomAccessFile file = open(part, 0)) {
            FileIntake intake = intake(file, 0, 5);
            intake.accept(chunk("message1", 1, "a", 5, Continuation.MORE));
            intake.accept(bad);
            CliException refused = failure(intake);
            assertThat(refused.exitCode()).isEqualTo(ExitCode.REFUSED);
            assertThat(refused).hasMessage("refused data outside the offer (413): " + why
                    + "; nothing of it was stored");
            intake.accept(chunk("message1", 2, "bcde", 5, Continuation.END));
        }
        assertThat(Files.readString(part)).isEqualTo("a");
    }

    private static CliException failure(FileIntake intake) throws InterruptedException {
        try {
            intake.done().get();
        } catch (ExecutionException e) {
            return (CliException) e.getCause();
        }
        throw new AssertionError("the intake did not fail");
    }

    private static RandomAccessFile open(Path part, long have) throws Exception {
        RandomAccessFile file = new RandomAccessFile(part.toFile(), "rw");
        file.seek(have);
        return file;
    }

    private static FileIntake intake(RandomAccessFile file, long have, long size) {
        return new FileIntake(new TransferInbox(), file, have, size,
                new Progress(new PrintWriter(new StringWriter()), "f", size, have, Progress.Mode.NONE));
    }

    private static MsrpChunk chunk(String messageId, long start, String data, long total, Continuation end) {
        byte[] bytes = data.getBytes(StandardCharsets.US_ASCII);
        MsrpChunk c = MsrpChunk.request("t" + messageId + start, "SEND").setData(bytes).setContinuation(end);
        c.addHeader(new MessageIdHeader(messageId));
        c.addHeader(new ByteRangeHeader(new ByteRange(start, start + bytes.length - 1, total)));
        return c;
    }
}
