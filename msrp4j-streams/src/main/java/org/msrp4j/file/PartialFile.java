package org.msrp4j.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.msrp4j.sdp.FileHash;

/**
 * A file being received, kept as a hidden partial file in the download directory and moved into
 * place only once complete and verified. Bytes are taken in order: each write continues the
 * contiguous prefix (repeated bytes are skipped, a gap is refused), so the digests are computed as
 * the bytes arrive (beside the writes, see {@link DigestPipeline}) and the prefix is exactly what a
 * later transfer resumes from. Every {@value #FLUSH_EVERY} bytes the disk is made to write what has
 * come (on a thread of its own, beside the transfer), so that the flush that makes the complete file
 * durable before it is moved into place has little left to do. The partial file is
 * named by the file's SHA-1 when it is known, so that a new session for the same file finds it;
 * without one it gets a unique name and is not resumed. Not thread-safe: the receiver serialises
 * calls.
 */
final class PartialFile {

    private static final String SUFFIX = ".msrp4j-part";
    private static final int MAX_NAME = 160;
    private static final long FLUSH_EVERY = 32L * 1024 * 1024;
    private static final Executor FLUSHER = r -> Thread.ofVirtual().name("file-flush").start(r);

    private final Path directory;
    private final Path path;
    private final String name;
    private final long size;
    private final long heldAtStart;
    private FileChannel channel;
    /** The digests of the bytes held at the start, which {@link #digests} continues. */
    private final FileDigests prefix;
    private DigestPipeline digests;
    private long contiguous;
    /** What {@link #publish} found on a mismatch, e.g. {@code sha-256=ab12…}; null otherwise. */
    private String mismatch;
    private long flushRequested;
    private CompletableFuture<Void> flushing = CompletableFuture.completedFuture(null);

    private PartialFile(Path directory, Path path, String name, long size, long held, FileDigests prefix) {
        this.directory = directory;
        this.prefix = prefix;
        this.path = path;
        this.name = name;
        this.size = size;
        this.heldAtStart = held;
        this.contiguous = held;
        this.flushRequested = held;
    }

    /**
     * The partial file for a file of {@code size} bytes with the given SHA-1 (may be null) and
     * suggested name, in {@code directory}: an existing one for the same SHA-1 is resumed from the
     * bytes it holds (cut to {@code size} if longer, which a verified file never is). The digests of
     * the bytes held are computed here, before the answer that lets the sender start: done at the
     * first write instead, they kept the receiver from reading while the sender's chunks piled up at
     * a relay (Kamailio closes a connection whose write queue passes 32 KiB).
     */
    static PartialFile open(Path directory, String suggestedName, long size, FileHash sha1) throws IOException {
        String name = safeName(suggestedName);
        Path p;
        long held = 0;
        if (sha1 != null) {
            p = pathFor(directory, sha1);
            if (Files.isRegularFile(p)) {
                held = Files.size(p);
                if (held > size) {
                    held = 0;
                }
            }
        } else {
            p = Files.createTempFile(directory, ".", SUFFIX);
        }
        return new PartialFile(directory, p, name, size, held, held > 0 ? FileDigests.of(p, held) : new FileDigests());
    }

    /** The hidden partial file of the file with {@code sha1} in {@code directory}. */
    static Path pathFor(Path directory, FileHash sha1) {
        return directory.resolve("." + HexFormat.of().formatHex(sha1.digest()) + SUFFIX);
    }

    /** The bytes a partial file of the file with this SHA-1 holds in {@code directory}, 0 if none. */
    static long heldFor(Path directory, FileHash sha1) throws IOException {
        Path p = pathFor(directory, sha1);
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    /** The bytes held before this session: where the transfer resumes. */
    long heldAtStart() {
        return heldAtStart;
    }

    /** The bytes held now. */
    long held() {
        return contiguous;
    }

    /** The file's size. */
    long size() {
        return size;
    }

    /** The partial file's path. */
    Path path() {
        return path;
    }

    /**
     * Writes the bytes of {@code data} meant for {@code offset}: those past the prefix continue it;
     * those already held are skipped.
     *
     * @throws FileTransferException ({@link FileTransferException#INTEGRITY}) if the bytes leave a
     *     gap or go past the size
     * @throws IOException if the disk write fails
     */
    void write(long offset, ByteBuffer data) throws IOException {
        long end = offset + data.remaining();
        if (offset > contiguous) {
            throw new FileTransferException(FileTransferException.INTEGRITY, "bytes from " + offset
                    + " arrived while only " + contiguous + " are held: a gap");
        }
        if (end > size) {
            throw new FileTransferException(FileTransferException.INTEGRITY, "bytes up to " + end
                    + " arrived for a file of " + size);
        }
        if (end <= contiguous) {
            return;
        }
        data.position(data.position() + (int) (contiguous - offset));
        FileChannel ch = channel();
        ByteBuffer hashed = data.duplicate();
        long at = contiguous;
        while (data.hasRemaining()) {
            at += ch.write(data, at);
        }
        digests.update(hashed);
        contiguous = end;
        if (contiguous - flushRequested >= FLUSH_EVERY && flushing.isDone()) {
            checkFlushed();
            flushRequested = contiguous;
            flushing = CompletableFuture.runAsync(() -> flush(ch), FLUSHER);
        }
    }

    private static void flush(FileChannel ch) {
        try {
            ch.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits for the flush running beside the transfer and throws its failure: the kernel reports a
     * failed write-back once, to that flush, so it must not be lost.
     */
    private void checkFlushed() throws IOException {
        try {
            flushing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause()
                    : new IOException("flushing " + path + " failed", e.getCause());
        }
    }

    private FileChannel channel() throws IOException {
        if (channel == null) {
            digests = new DigestPipeline(prefix);
            channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            channel.truncate(heldAtStart);
        }
        return channel;
    }

    /** Whether every byte is held. */
    boolean complete() {
        return contiguous == size;
    }

    /**
     * Checks the complete file against the expected digests and moves it into place under its name
     * (or {@code name (1).ext} and so on: an existing file is never replaced).
     *
     * @throws FileTransferException ({@link FileTransferException#INTEGRITY}) on a mismatch; the
     *     partial file is deleted then
     */
    TransferResult publish(FileHash sha1, FileHash sha256) throws IOException {
        mismatch = null;
        channel();
        checkFlushed();
        channel.force(false);
        channel.close();
        FileDigests done = digests.finish();
        FileHash gotSha1 = done.sha1();
        FileHash gotSha256 = done.sha256();
        FileHash expected = sha256 != null && !sha256.equals(gotSha256) ? sha256
                : sha1 != null && !sha1.equals(gotSha1) ? sha1 : null;
        if (expected != null) {
            Files.deleteIfExists(path);
            FileHash got = expected == sha256 ? gotSha256 : gotSha1;
            mismatch = got.algorithm().toLowerCase(Locale.ROOT) + "=" + HexFormat.of().formatHex(got.digest());
            throw new FileTransferException(FileTransferException.INTEGRITY, got.algorithm().toUpperCase(Locale.ROOT)
                    + " mismatch: received " + HexFormat.of().formatHex(got.digest()) + ", announced "
                    + HexFormat.of().formatHex(expected.digest()));
        }
        Path target = place();
        return new TransferResult(target, size, gotSha1, Optional.ofNullable(sha256 == null ? null : gotSha256),
                heldAtStart);
    }

    /**
     * The digest {@link #publish} found where it differed from the announced one, as {@code
     * ALGORITHM=HEX} in lower case (e.g. {@code sha-256=ab12…}), or null when it did not.
     */
    String mismatch() {
        return mismatch;
    }

    /** Links the partial file under a free name (atomic, never replacing), then removes the partial name. */
    private Path place() throws IOException {
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        String ext = dot > 0 ? name.substring(dot) : "";
        for (int i = 0; i < 10_000; i++) {
            Path target = directory.resolve(i == 0 ? name : base + " (" + i + ")" + ext);
            try {
                Files.createLink(target, path);
                Files.delete(path);
                return target;
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (UnsupportedOperationException e) {
                if (!Files.exists(target)) {
                    Files.move(path, target);
                    return target;
                }
            }
        }
        throw new FileAlreadyExistsException(directory.resolve(name).toString(), null, "no free name");
    }

    /** Closes the partial file, cut to the contiguous prefix, and keeps it to resume later. */
    void keep() {
        closeQuietly(true);
    }

    /** Closes and deletes the partial file. */
    void discard() {
        closeQuietly(false);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }

    private void closeQuietly(boolean truncate) {
        FileChannel ch = channel;
        if (ch == null || !ch.isOpen()) {
            return;
        }
        digests.cancel();
        try {
            if (truncate) {
                ch.truncate(contiguous);
            }
            ch.close();
        } catch (IOException e) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the partial file stays hidden and is checked when resumed
            }
        }
    }

    /** The last path element of a peer's name, without separators or control characters; "file" if none is left. */
    static String safeName(String suggested) {
        String s = suggested == null ? "" : suggested;
        int cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf('\\'));
        s = s.substring(cut + 1);
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length() && b.length() < MAX_NAME; i++) {
            char c = s.charAt(i);
            b.append(c < 0x20 || c == 0x7f || c == ':' ? '_' : c);
        }
        String out = b.toString().strip();
        while (out.startsWith(".")) {
            out = out.substring(1);
        }
        return out.isEmpty() ? "file" : out;
    }
}
