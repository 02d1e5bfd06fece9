package org.msrp4j.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.msrp4j.protocol.MsrpGrammar;
import org.msrp4j.sdp.Direction;
import org.msrp4j.sdp.FileDate;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.sdp.FileRange;
import org.msrp4j.sdp.FileSelector;
import org.msrp4j.sdp.MediaSettings;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.sdp.SdpAttribute;
import org.msrp4j.sdp.SdpException;
import org.msrp4j.stream.StreamException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RFC 5547 side of a file transfer's offer/answer: what each kind of stream writes in its media
 * description, and what it learns from the peer's about the file (see {@link FileTransferStream}).
 */
final class FileMedia {

    /**
     * What the exchange settles about the file.
     *
     * @param media the local media settings (null once the exchange is done)
     * @param sending whether this side sends
     * @param source the file sent, or null
     * @param sha1 the SHA-1 the file has (sending) or must have (receiving), or null if unknown
     * @param sha256 the SHA-256 likewise, or null
     * @param info the file, or null until known (a pull's offer)
     * @param partial the partial file being received, or null
     */
    record Plan(MediaSettings media, boolean sending, Path source, FileHash sha1, FileHash sha256, FileInfo info,
            PartialFile partial) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(FileMedia.class);

    private FileMedia() {
    }

    /** A push offer: the file hashed, {@code sendonly}, its selector and attributes. */
    static Plan push(Path file, String type, String disposition, String icon) throws IOException {
        return sending(file, type, disposition, icon, null, MsrpGrammar.randomIdent(32), null);
    }

    /**
     * A pull offer: {@code recvonly} with the selector; when it names a SHA-1 whose partial file is in
     * {@code downloads}, a file-range asking only for the rest.
     */
    static Plan pull(FileSelector wanted, Path downloads) throws IOException {
        MediaSettings.Builder b = MediaSettings.builder().acceptTypes(List.of("*")).direction(Direction.RECVONLY)
                .addAttribute(new SdpAttribute("file-selector", wanted.encode()))
                .addAttribute(new SdpAttribute("file-transfer-id", MsrpGrammar.randomIdent(32)));
        Optional<FileHash> hash = wanted.hash(FileHash.SHA_1);
        if (hash.isPresent()) {
            long held = PartialFile.heldFor(downloads, hash.get());
            if (held > 0) {
                b.addAttribute(new SdpAttribute("file-range", FileRange.from(held + 1).encode()));
            }
        }
        return new Plan(b.build(), false, null, null, null, null, null);
    }

    /**
     * The answer to {@code offer}: a {@code sendonly} offer is received into a partial file in {@code
     * downloads} (its held bytes named in the file-range), a {@code recvonly} one served with the file
     * {@code provider} finds.
     */
    static Plan answer(MsrpMedia offer, FileProvider provider, Path downloads) throws IOException {
        Direction direction = offer.directionAttribute().orElse(null);
        if (direction != Direction.SENDONLY && direction != Direction.RECVONLY) {
            throw new StreamException("a file transfer offer must be sendonly or recvonly, not "
                    + (direction == null ? "(none)" : direction));
        }
        FileSelector selector = offer.fileSelector().orElseThrow(() -> new StreamException(
                "a file transfer offer needs a=file-selector"));
        String transferId = offer.fileTransferId().orElseGet(() -> MsrpGrammar.randomIdent(32));
        FileRange range = offer.fileRange().orElse(null);
        if (direction == Direction.RECVONLY) {
            if (provider == null) {
                throw new FileTransferException(FileTransferException.NOT_FOUND, "this side serves no pulls");
            }
            if (selector.name().isEmpty() && selector.hash(FileHash.SHA_1).isEmpty()) {
                throw new StreamException("a pull must select the file by name or hash:sha-1: " + selector);
            }
            Path found = provider.find(selector).orElseThrow(() -> new FileTransferException(
                    FileTransferException.NOT_FOUND, "no file matches " + selector));
            String type = selector.type().orElseGet(() -> probeType(found));
            return sending(found, type, offer.fileDisposition().orElse("attachment"), null, selector, transferId,
                    range);
        }
        long size = selector.size().orElseThrow(() -> new StreamException(
                "a pushed file's selector needs its size: " + selector));
        FileHash sha1 = selector.hash(FileHash.SHA_1).orElse(null);
        FileHash sha256 = sha256Of(offer);
        PartialFile partial = PartialFile.open(downloads, selector.name().orElse(null), size, sha1);
        MediaSettings.Builder b = MediaSettings.builder().acceptTypes(List.of("*")).direction(Direction.RECVONLY)
                .addAttribute(new SdpAttribute("file-selector", selector.encode()))
                .addAttribute(new SdpAttribute("file-transfer-id", transferId))
                .addAttribute(SdpAttribute.flag(FileTransferStream.X_FILE_OFFSET));
        if (sha256 != null) {
            b.addAttribute(new SdpAttribute(FileTransferStream.SHA_256_ATTRIBUTE,
                    offer.attribute(FileTransferStream.SHA_256_ATTRIBUTE).orElseThrow()));
        }
        if (partial.heldAtStart() > 0 && partial.heldAtStart() < size) {
            b.addAttribute(new SdpAttribute("file-range", new FileRange(partial.heldAtStart() + 1, size).encode()));
        } else if (range != null) {
            b.addAttribute(new SdpAttribute("file-range", range.encode()));
        }
        FileInfo info = new FileInfo(false, selector, Optional.ofNullable(sha256), transferId,
                offer.fileDisposition().orElse("render"), offer.fileDate(), offer.fileIcon());
        return new Plan(b.build(), false, null, sha1, sha256, info, partial);
    }

    /**
     * What the answer to a pull says: the sender's full selector, which must be the file asked for,
     * received into a partial file in {@code downloads} from the range agreed.
     */
    static Plan pullAnswered(FileSelector wanted, MsrpMedia offer, MsrpMedia answer, Path downloads)
            throws IOException {
        FileSelector got = answer.fileSelector().orElseThrow(() -> new StreamException(
                "the answer to a pull needs a=file-selector"));
        long size = got.size().orElseThrow(() -> new StreamException("the answer's file-selector has no size: "
                + got));
        FileHash sha1 = got.hash(FileHash.SHA_1).orElse(null);
        Optional<FileHash> askedSha1 = wanted.hash(FileHash.SHA_1);
        boolean otherHash = askedSha1.isPresent() && !askedSha1.get().equals(sha1);
        boolean otherName = wanted.name().isPresent() && got.name().isPresent() && !wanted.name().equals(got.name());
        if (otherHash || otherName) {
            throw new StreamException("the answer offers another file (" + got + ") than the one asked for: "
                    + wanted);
        }
        FileHash sha256 = sha256Of(answer);
        PartialFile partial = PartialFile.open(downloads, got.name().or(wanted::name).orElse(null), size, sha1);
        long askedFrom = offer.fileRange().map(r -> r.start() - 1).orElse(0L);
        long from = answer.fileRange().map(r -> r.start() - 1).orElse(askedFrom);
        if (from > partial.heldAtStart()) {
            throw new StreamException("the answer's file-range starts at " + (from + 1) + " but only "
                    + partial.heldAtStart() + " bytes are held");
        }
        FileInfo info = new FileInfo(false, got, Optional.ofNullable(sha256), answer.fileTransferId().orElse(""),
                answer.fileDisposition().orElse("render"), answer.fileDate(), answer.fileIcon());
        return new Plan(null, false, null, sha1, sha256, info, partial);
    }

    /**
     * The sending side: hashes the file (SHA-1 and SHA-256 in one pass) and describes it; {@code
     * asked} is a pull's selector (its SHA-1, if any, must match) and {@code range} its file-range.
     */
    private static Plan sending(Path path, String type, String disposition, String icon, FileSelector asked,
            String transferId, FileRange range) throws IOException {
        long size = Files.size(path);
        FileDigests digests = FileDigests.of(path, size);
        FileHash sha1 = digests.sha1();
        FileHash sha256 = digests.sha256();
        if (asked != null && asked.hash(FileHash.SHA_1).filter(h -> !h.equals(sha1)).isPresent()) {
            throw new FileTransferException(FileTransferException.NOT_FOUND, "the file found for " + asked
                    + " has another SHA-1: " + sha1);
        }
        FileSelector selector = FileSelector.builder().name(path.getFileName().toString()).type(type).size(size)
                .hash(sha1).build();
        FileDate date = FileDate.of(null, ZonedDateTime.ofInstant(Files.getLastModifiedTime(path).toInstant(),
                ZoneOffset.UTC), null);
        MediaSettings.Builder b = MediaSettings.builder().acceptTypes(List.of("*")).direction(Direction.SENDONLY)
                .addAttribute(new SdpAttribute("file-selector", selector.encode()))
                .addAttribute(new SdpAttribute("file-transfer-id", transferId))
                .addAttribute(new SdpAttribute("file-disposition", disposition))
                .addAttribute(new SdpAttribute("file-date", date.encode()));
        if (icon != null) {
            b.addAttribute(new SdpAttribute("file-icon", icon));
        }
        FileRange sent = range != null ? range : size > 0 ? new FileRange(1, size) : null;
        if (sent != null) {
            b.addAttribute(new SdpAttribute("file-range", sent.encode()));
        }
        String hex = sha256.encode().substring(FileDigests.SHA_256.length() + 1);
        b.addAttribute(new SdpAttribute(FileTransferStream.SHA_256_ATTRIBUTE, hex));
        FileInfo info = new FileInfo(true, selector, Optional.of(sha256), transferId, disposition, Optional.of(date),
                Optional.ofNullable(icon));
        return new Plan(b.build(), true, path, sha1, sha256, info, null);
    }

    private static String probeType(Path path) {
        try {
            String t = Files.probeContentType(path);
            return t != null && t.indexOf('/') > 0 ? t : "application/octet-stream";
        } catch (IOException e) {
            return "application/octet-stream";
        }
    }

    /** The SHA-256 an msrp4j sender put beside the selector, or null (also when malformed). */
    static FileHash sha256Of(MsrpMedia media) {
        Optional<String> text = media.attribute(FileTransferStream.SHA_256_ATTRIBUTE);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return FileSelector.parse("hash:" + FileDigests.SHA_256 + ":" + text.get().strip())
                    .hash(FileDigests.SHA_256).orElse(null);
        } catch (SdpException e) {
            LOG.debug("file transfer: ignoring a malformed a={}: {}", FileTransferStream.SHA_256_ATTRIBUTE,
                    e.getMessage());
            return null;
        }
    }
}
