package org.msrp4j.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;
import org.msrp4j.protocol.ByteRange;
import org.msrp4j.protocol.Continuation;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.protocol.header.MsrpHeader;
import org.msrp4j.sdp.FileHash;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;

/**
 * The receiving side's handler: writes the one message's chunks (or their segments) to the partial
 * file as they arrive, and settles the transfer when it ends ({@code $}: verified and moved into
 * place before the last chunk is answered, which a mismatch answers 400 {@code mismatch
 * sha-256=HEX} (or {@code sha-1=}), so that the sender learns the verdict; {@code #}: cancelled by
 * the sender), when this side cancels or cannot store the bytes (the
 * message is refused: 413), or when the bytes do not fit the file. Any other message is refused.
 * sipsimple's {@code FILE_OFFSET} is answered with the bytes held. Runs on the session's reader;
 * a lock serialises it with {@link #cancel()} and {@link #keep()}.
 */
final class FileReceiver implements IncomingHandler {

    private final FileTransferStream stream;
    private final PartialFile partial;
    private final FileHash sha1;
    private final FileHash sha256;
    private final ReentrantLock lock = new ReentrantLock();
    private MsrpSession session;
    private String messageId;
    private boolean done;
    private boolean cancelRequested;
    private volatile long held;

    /**
     * A receiver writing to {@code partial}, the complete file to match {@code sha1} (null if not
     * announced) and {@code sha256} (null unless the sender is msrp4j).
     */
    FileReceiver(FileTransferStream stream, PartialFile partial, FileHash sha1, FileHash sha256) {
        this.stream = stream;
        this.partial = partial;
        this.sha1 = sha1;
        this.sha256 = sha256;
        this.held = partial.heldAtStart();
    }

    /** The bytes of the file held now. */
    long held() {
        return held;
    }

    @Override
    public void onStart(MsrpSession s) {
        lock.lock();
        try {
            session = s;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onChunk(MsrpChunk chunk) {
        if (!"SEND".equals(chunk.method())) {
            return;
        }
        lock.lock();
        try {
            String id = chunk.messageId();
            if (done || cancelRequested || id == null || messageId != null && !messageId.equals(id)) {
                refuse(id);
                return;
            }
            messageId = id;
            take(chunk);
        } finally {
            lock.unlock();
        }
    }

    private void take(MsrpChunk chunk) {
        ByteRange range = chunk.byteRange();
        long offset = range == null ? 0 : range.start() - 1;
        if (range != null && range.hasTotal() && range.total() != partial.size()) {
            fail(new FileTransferException(FileTransferException.INTEGRITY, "the chunks say the file has "
                    + range.total() + " bytes, the selector " + partial.size()));
            return;
        }
        try {
            partial.write(offset, ByteBuffer.wrap(chunk.data()));
        } catch (FileTransferException e) {
            fail(e);
            return;
        } catch (IOException e) {
            fail(new FileTransferException(FileTransferException.LOCAL_IO, "cannot store the file in "
                    + partial.path().getParent() + ": " + e.getMessage(), e));
            return;
        }
        held = partial.held();
        if (chunk.hasMoreSegments()) {
            return;
        }
        if (chunk.continuation() == Continuation.ABORT) {
            cancelled(true);
        } else if (chunk.continuation() == Continuation.END) {
            finishMessage();
        }
    }

    private void finishMessage() {
        done = true;
        if (!partial.complete()) {
            partial.keep();
            stream.settle(null, new FileTransferException(FileTransferException.INTEGRITY, "the sender ended the"
                    + " file after " + partial.held() + " of " + partial.size() + " bytes"));
            return;
        }
        try {
            stream.settle(partial.publish(sha1, sha256), null);
        } catch (FileTransferException e) {
            if (session != null && partial.mismatch() != null) {
                session.refuseMessage(messageId, FileTransferException.INTEGRITY, "mismatch " + partial.mismatch());
            }
            stream.settle(null, e);
        } catch (IOException e) {
            partial.keep();
            stream.settle(null, new FileTransferException(FileTransferException.LOCAL_IO, "cannot move the"
                    + " verified file into place: " + e.getMessage(), e));
        }
    }

    /** Refuses the message (413 to this chunk and the rest), keeps what is held, settles with {@code error}. */
    private void fail(FileTransferException error) {
        done = true;
        refuse(messageId);
        partial.keep();
        stream.settle(null, error);
    }

    private void cancelled(boolean byPeer) {
        done = true;
        partial.discard();
        stream.settle(null, byPeer
                ? new FileTransferException(FileTransferException.REFUSED, "the sender cancelled the transfer")
                : new FileTransferException(FileTransferException.CANCELLED, "cancelled by this side"));
    }

    private void refuse(String id) {
        if (session != null && id != null) {
            session.refuseMessage(id);
        }
    }

    /** Cancels: the message is refused (413 to its next chunk), the partial file deleted. */
    void cancel() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            cancelRequested = true;
            refuse(messageId);
            cancelled(false);
        } finally {
            lock.unlock();
        }
    }

    /** Closes the partial file, keeping the bytes held, unless the transfer is done. */
    void keep() {
        lock.lock();
        try {
            if (!done) {
                done = true;
                partial.keep();
            }
        } finally {
            lock.unlock();
        }
    }

    /** sipsimple's {@code FILE_OFFSET}: 200 with the bytes held in {@code Offset}, where the sender starts. */
    @Override
    public MsrpChunk answerRequest(MsrpChunk request) {
        if (!FileOffset.METHOD.equals(request.method())) {
            return null;
        }
        lock.lock();
        try {
            if (session == null) {
                return null;
            }
            MsrpChunk ok = session.transport().makeResponse(request, 200, "OK");
            if (ok != null) {
                ok.addHeader(MsrpHeader.of(FileOffset.HEADER, Long.toString(partial.held())));
            }
            return ok;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void onError(IOException error) {
        stream.sessionFailed(error);
    }
}
