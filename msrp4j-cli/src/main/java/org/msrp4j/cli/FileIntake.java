package org.msrp4j.cli;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;

/**
 * Where {@code msrp receive} writes the offered file's bytes, on the session's reader thread as
 * they arrive, so a chunk is answered (200, and a Success-Report when asked) only once its bytes
 * are written. Only the offered range is ever stored: the bytes after those already held, in
 * order, up to the offered size, from one message. A chunk that goes elsewhere (past the offered
 * size, a Byte-Range total other than the offered size, a gap or an overlap, another message) is
 * refused with 413, which stops the sender's whole message (RFC 4975 §10: 413, the recipient
 * wishes the sender to stop sending the message; 400 would say the request is unintelligible, which
 * it is not: it is good MSRP that contradicts the offer), and nothing of it is written. {@link
 * #done()} then fails with the reason.
 */
final class FileIntake implements Consumer<MsrpChunk> {

    private final TransferInbox inbox;
    private final RandomAccessFile file;
    private final long size;
    private final Progress bar;
    private final CompletableFuture<Long> done = new CompletableFuture<>();
    private long next;
    private String messageId;

    /**
     * @param file the partial file, holding {@code have} bytes, its file pointer after them
     * @param size the offered size
     */
    FileIntake(TransferInbox inbox, RandomAccessFile file, long have, long size, Progress bar) {
        this.inbox = inbox;
        this.file = file;
        this.next = have;
        this.size = size;
        this.bar = bar;
        if (have >= size) {
            done.complete(have);
        }
    }

    /**
     * Completes with the bytes held once all have arrived; fails with a {@link CliException} when the
     * sender aborted or sent bytes outside the offer, or the write failed, and with the session's
     * error when it failed first.
     */
    CompletableFuture<Long> done() {
        return done;
    }

    /** The session failed: the transfer ends with {@code error}. */
    void fail(IOException error) {
        done.completeExceptionally(error);
    }

    /** The bytes held so far; read by the reader thread, or by another once {@link #done()} is complete. */
    long held() {
        return next;
    }

    @Override
    public void accept(MsrpChunk chunk) {
        if (!"SEND".equals(chunk.method())) {
            return;
        }
        String problem = problem(chunk);
        if (problem != null) {
            inbox.refuse(chunk);
            done.completeExceptionally(new CliException(ExitCode.REFUSED, "refused data outside the offer (413): "
                    + problem + "; nothing of it was stored"));
            return;
        }
        if (chunk.continuation() == Continuation.ABORT) {
            done.completeExceptionally(new CliException(ExitCode.LOST, "the sender aborted the transfer after "
                    + Progress.bytes(next)));
            return;
        }
        try {
            // not a FileChannel: the session may interrupt its reader threads, which would close one
            file.write(chunk.data());
            next += chunk.size();
        } catch (IOException e) {
            inbox.refuse(chunk);
            done.completeExceptionally(new CliException(ExitCode.FAILURE, "cannot write the file: "
                    + Main.message(e), e));
            return;
        }
        bar.update(next);
        if (next == size) {
            done.complete(next);
        }
    }

    /** Why the chunk's bytes may not be stored, or null when they may. */
    private String problem(MsrpChunk chunk) {
        if (done.isDone()) {
            return "a chunk after " + (next == size ? "the whole file" : "the end of the transfer");
        }
        if (chunk.messageId() == null) {
            return "a chunk without Message-ID";
        }
        if (messageId == null) {
            messageId = chunk.messageId();
        } else if (!messageId.equals(chunk.messageId())) {
            return "a second message, " + chunk.messageId() + ", while " + messageId + " is arriving";
        }
        ByteRange range = chunk.byteRange();
        long start = range == null ? 1 : range.start();
        long total = range == null ? ByteRange.UNKNOWN : range.total();
        if (total != ByteRange.UNKNOWN && total != size) {
            return "Byte-Range total " + total + " while " + size + " bytes were offered";
        }
        if (start - 1 != next) {
            return "bytes from " + start + " while byte " + (next + 1) + " was due";
        }
        if (chunk.size() > size - next) {
            return "bytes " + start + "-" + (start - 1 + chunk.size()) + " past the offered " + size;
        }
        return null;
    }
}
