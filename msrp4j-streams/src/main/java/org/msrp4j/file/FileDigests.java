package org.msrp4j.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.msrp4j.sdp.FileHash;

/** SHA-1 and SHA-256 of a byte stream, updated as it goes, in constant memory. */
final class FileDigests {

    static final String SHA_256 = "sha-256";

    private final MessageDigest sha1;
    private final MessageDigest sha256;

    FileDigests() {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1 or SHA-256", e);
        }
    }

    /** Both digests of the first {@code length} bytes of {@code path}. */
    static FileDigests of(Path path, long length) throws IOException {
        FileDigests d = new FileDigests();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
            long left = length;
            while (left > 0) {
                buffer.clear().limit((int) Math.min(buffer.capacity(), left));
                int n = ch.read(buffer);
                if (n < 0) {
                    throw new IOException(path + " ended at byte " + (length - left) + " of " + length);
                }
                buffer.flip();
                d.update(buffer);
                left -= n;
            }
        }
        return d;
    }

    /** Updates both with the remaining bytes of {@code data} (consumed). */
    void update(ByteBuffer data) {
        ByteBuffer copy = data.duplicate();
        sha1.update(data);
        sha256.update(copy);
    }

    /** The SHA-1 digest itself, for a {@link DigestPipeline} to continue. */
    MessageDigest sha1Digest() {
        return sha1;
    }

    /** The SHA-256 digest itself, for a {@link DigestPipeline} to continue. */
    MessageDigest sha256Digest() {
        return sha256;
    }

    /** The SHA-1 so far (this object is spent after). */
    FileHash sha1() {
        return FileHash.of(FileHash.SHA_1, sha1.digest());
    }

    /** The SHA-256 so far (this object is spent after). */
    FileHash sha256() {
        return FileHash.of(SHA_256, sha256.digest());
    }
}
