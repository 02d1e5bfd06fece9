package org.msrp4j.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.transport.ChunkBuilder;
import org.msrp4j.transport.MsrpTransport;

/**
 * Makes the chunks of the files an {@link MsrpSession} sends, one at a time as its writer needs
 * them: how many body bytes a chunk takes, reading them from the source (into one reused buffer
 * for full chunks of files of known size), and the chunk with its Byte-Range and the file's
 * headers. Used by the writer only, so not thread-safe.
 */
final class FileChunks {

    /** The most plaintext one TLS record carries (RFC 8446 and RFC 5246). */
    private static final int TLS_RECORD = 16 * 1024;
    /** The longest chunk body that may carry a numeric Byte-Range end though it could be interrupted. */
    private static final int INTERRUPTIBLE = 2048;

    private final MsrpTransport transport;
    private final int chunkSize;
    /** The buffer for full chunks of files of known size, reused once each is written. */
    private byte[] buffer;

    FileChunks(MsrpTransport transport, int chunkSize) {
        this.transport = transport;
        this.chunkSize = chunkSize;
    }

    /**
     * The next chunk of {@code f}, from {@code f.offset}; {@code $} on the last (for a stream of
     * unknown length, found by reading one chunk ahead). Leaves {@code f.offset} to the caller.
     *
     * @throws IOException if the source fails, or ends before the file's size
     */
    MsrpChunk next(FileTransfer f) throws IOException {
        OutgoingFile file = f.file;
        if (f.body == 0) {
            f.body = bodySize(file);
        }
        byte[] data;
        boolean last;
        if (file.size() != ByteRange.UNKNOWN) {
            data = read(file, f.offset, f.body, true);
            last = f.offset + data.length >= file.size();
            if (!last && data.length < f.body) {
                throw new IOException("the source of " + file + " ended at byte " + (f.offset + data.length));
            }
        } else {
            data = f.lookahead != null ? f.lookahead : read(file, f.offset, f.body, false);
            f.lookahead = null;
            byte[] ahead = data.length < f.body ? new byte[0] : read(file, f.offset + data.length, f.body, false);
            last = ahead.length == 0;
            f.lookahead = last ? null : ahead;
        }
        long total = file.size() != ByteRange.UNKNOWN ? file.size() : last ? f.offset + data.length : ByteRange.UNKNOWN;
        return chunk(file, f.offset, data, total, last);
    }

    /**
     * A chunk of {@code file}. One over {@link #INTERRUPTIBLE} bytes says {@code *} for its range
     * end: a file may be aborted, and RFC 4975 §7.1.1 wants {@code *} on any chunk that long that
     * the sender might interrupt; the receiver takes the length from the payload.
     */
    private MsrpChunk chunk(OutgoingFile file, long offset, byte[] data, long total, boolean last) {
        long end = data.length > INTERRUPTIBLE ? ByteRange.UNKNOWN : offset + data.length;
        ChunkBuilder builder = transport.newChunk().messageId(file.messageId()).data(data)
                .contentType(file.contentType()).start(offset + 1).end(end).total(total)
                .continuation(last ? Continuation.END : Continuation.MORE);
        for (MsrpHeader<?> h : file.headers()) {
            builder.header(h);
        }
        return builder.build();
    }

    /**
     * Body bytes per full chunk of {@code file}: the chunk size, or over TLS, when that is a whole
     * number of TLS records (16 KiB), as much less as the headers and end-line take, so that every
     * frame fits whole records; a frame just over them would cost each side one more
     * record per chunk, a tiny one that the cipher's slow path handles.
     */
    private int bodySize(OutgoingFile file) {
        if (!transport.isTls() || file.size() == ByteRange.UNKNOWN || chunkSize % TLS_RECORD != 0) {
            return chunkSize;
        }
        // the longest Byte-Range this file's chunks can have; all else is the same for each chunk
        MsrpChunk widest = chunk(file, file.size() - 1, new byte[INTERRUPTIBLE + 1], file.size(), false);
        int framing = widest.encodeStart().length + widest.encodeEnd(Continuation.MORE).length;
        return chunkSize - framing > chunkSize / 2 ? chunkSize - framing : chunkSize;
    }

    /**
     * Reads the next chunk's bytes, {@code size} or what is left; with {@code reuse}, a full chunk
     * goes into {@link #buffer} (the transport has copied or written the previous one by the
     * time the writer reads again).
     */
    private byte[] read(OutgoingFile file, long offset, int size, boolean reuse) throws IOException {
        int want = size;
        if (file.size() != ByteRange.UNKNOWN) {
            want = (int) Math.min(want, file.size() - offset);
        }
        ByteBuffer into;
        if (reuse && want == size) {
            if (buffer == null || buffer.length != size) {
                buffer = new byte[size];
            }
            into = ByteBuffer.wrap(buffer);
        } else {
            into = ByteBuffer.allocate(want);
        }
        while (into.hasRemaining()) {
            if (file.source().read(into) < 0) {
                break;
            }
        }
        return into.position() == want ? into.array() : Arrays.copyOf(into.array(), into.position());
    }
}
