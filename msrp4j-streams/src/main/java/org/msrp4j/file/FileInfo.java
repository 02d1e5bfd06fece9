package org.msrp4j.file;

import java.util.Optional;
import org.msrp4j.sdp.FileDate;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileSelector;

/**
 * The file a transfer moves, as its media descriptions describe it (RFC 5547 §6).
 *
 * @param sending whether this side sends it
 * @param selector the file selector: name, type, size, SHA-1
 * @param sha256 the SHA-256 an msrp4j sender gives beside it, if any
 * @param transferId the {@code a=file-transfer-id}
 * @param disposition the {@code a=file-disposition}, {@code render} when absent (RFC 5547 §6)
 * @param date the {@code a=file-date}, if any
 * @param icon the {@code a=file-icon} ({@code cid:} URL), if any
 */
public record FileInfo(boolean sending, FileSelector selector, Optional<FileHash> sha256, String transferId,
        String disposition, Optional<FileDate> date, Optional<String> icon) {

    /**
     * The file's size, or -1 when the selector gives none.
     *
     * @return octets, or -1
     */
    public long size() {
        return selector.size().orElse(-1);
    }

    /**
     * The file's name, if given.
     *
     * @return the name, or empty
     */
    public Optional<String> name() {
        return selector.name();
    }

    /**
     * The SHA-1 from the selector, if given.
     *
     * @return the hash, or empty
     */
    public Optional<FileHash> sha1() {
        return selector.hash(FileHash.SHA_1);
    }
}
