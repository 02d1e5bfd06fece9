package org.msrp4j.file;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Pushes one file from a stream to another on loopback and prints where the verified copy went; the
 * {@code main} of {@link ConstantMemoryTest}'s forked JVM, whose heap is a fraction of the file.
 *
 * <p>Usage: {@code ConstantMemoryTransfer FILE DOWNLOAD_DIRECTORY}; exits 0 once the copy is verified.
 */
final class ConstantMemoryTransfer {

    private ConstantMemoryTransfer() {
    }

    public static void main(String[] args) throws Exception {
        FileTransferSettings settings = FileTransferSettings.builder().downloadDirectory(Path.of(args[1])).build();
        try (FilePair p = new FilePair(FileTransferStream.push(Path.of(args[0]), settings, new FileEvents()),
                new FileEvents(), FileTransferStream.answerer(null, settings, new FileEvents()), new FileEvents())
                .start()) {
            TransferResult got = p.answerer.result().get(FilePair.WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.println(got.path());
        }
        System.exit(0);
    }
}
