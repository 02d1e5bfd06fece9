package org.msrp4j.file;

import java.nio.file.Path;
import java.util.Optional;
import org.msrp4j.sdp.FileHash;

/**
 * A completed, verified transfer.
 *
 * @param path the file: the one sent, or the one received, moved into place after verification
 * @param size its size in bytes
 * @param sha1 its SHA-1 (RFC 5547's hash)
 * @param sha256 its SHA-256, when both sides are msrp4j (see {@link FileTransferStream#SHA_256_ATTRIBUTE})
 * @param resumedFrom the offset this session started at (0 unless resumed)
 */
public record TransferResult(Path path, long size, FileHash sha1, Optional<FileHash> sha256, long resumedFrom) {
}
