package org.msrp4j.file;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;

/**
 * Finds the file a pull asks for (RFC 5547 §8.3: the offerer's {@code recvonly} file selector),
 * on the answering side.
 */
@FunctionalInterface
public interface FileProvider {

    /**
     * The file that matches {@code wanted}, or empty when there is none.
     *
     * @param wanted the peer's {@code a=file-selector}
     * @return the file's path, or empty
     * @throws IOException if looking fails
     */
    Optional<Path> find(FileSelector wanted) throws IOException;

    /**
     * Offers the regular files directly in {@code dir}: one matches when every selector given
     * matches, the name exactly, the size, and the SHA-1 (hashed only for files that pass the
     * others). The type is not compared (peers name types differently).
     *
     * @param dir the directory to offer
     * @return a provider that looks in {@code dir} on each call
     */
    static FileProvider directory(Path dir) {
        return wanted -> {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path f : files) {
                    if (matches(f, wanted)) {
                        return Optional.of(f);
                    }
                }
            }
            return Optional.empty();
        };
    }

    private static boolean matches(Path f, FileSelector wanted) throws IOException {
        if (!Files.isRegularFile(f) || f.getFileName().toString().startsWith(".")) {
            return false;
        }
        if (wanted.name().isPresent() && !wanted.name().get().equals(f.getFileName().toString())) {
            return false;
        }
        long size = Files.size(f);
        if (wanted.size().isPresent() && wanted.size().getAsLong() != size) {
            return false;
        }
        Optional<FileHash> sha1 = wanted.hash(FileHash.SHA_1);
        return sha1.isEmpty() || FileDigests.of(f, size).sha1().equals(sha1.get());
    }
}
