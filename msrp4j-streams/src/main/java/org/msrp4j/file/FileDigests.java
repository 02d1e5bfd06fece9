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

    /** Bytes per read when hashing a file: each read's buffer goes to the digests' threads as it is. */
    private static final int READ_SIZE = 128 * 1024;

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

    /**
     * Both digests of the first {@code length} bytes of {@code path}, each computed on a thread of
     * its own while the file is read ({@link DigestPipeline}): a file takes as long as its slower
     * digest, not both in turn.
     */
    static FileDigests of(Path path, long length) throws IOException {
        FileDigests d = new FileDigests();
        DigestPipeline pipeline = new DigestPipeline(d);
        boolean hashed = false;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long left = length;
            while (left > 0) {
                ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(READ_SIZE, left));
                int n = ch.read(buffer);
                if (n < 0) {
                    throw new IOException(path + " ended at byte " + (length - left) + " of " + length);
                }
                pipeline.update(buffer.flip());
                left -= n;
            }
            pipeline.finish();
            hashed = true;
        } finally {
            if (!hashed) {
                pipeline.cancel();
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
