package org.msrp4j.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.sdp.MsrpMedia;
import org.msrp4j.session.IncomingHandler;
import org.msrp4j.session.MsrpSession;
import org.msrp4j.session.MsrpSessionException;
import org.msrp4j.session.SessionSettings;
import org.msrp4j.stream.StreamException;
import org.msrp4j.transport.MsrpTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the sending side of a {@link FileTransferStream} does beside sending: its session, which
 * takes nothing from the receiver; where the transfer starts, as the peer says; and the transfer's
 * failure from the sent file's.
 */
final class FileSender {

    private static final Logger LOG = LoggerFactory.getLogger(FileSender.class);

    private FileSender() {
    }

    /**
     * Starts the sender's session on {@code transport}: REPORTs go to {@code reports}, a message the
     * receiver sends is refused (413), anything else ignored; {@code failed} hears if it breaks.
     */
    static MsrpSession start(MsrpTransport transport, SessionSettings options, Consumer<MsrpChunk> reports,
            Consumer<IOException> failed) throws IOException {
        return MsrpSession.start(transport, options, new IncomingHandler() {
            private MsrpSession session;

            @Override
            public void onStart(MsrpSession s) {
                session = s;
            }

            @Override
            public void onChunk(MsrpChunk chunk) {
                if ("REPORT".equals(chunk.method())) {
                    reports.accept(chunk);
                } else if ("SEND".equals(chunk.method()) && chunk.messageId() != null) {
                    session.refuseMessage(chunk.messageId());
                } else {
                    LOG.debug("file transfer: the receiver sent {} {}, ignored", chunk.method(),
                            chunk.transactionId());
                }
            }

            @Override
            public void onError(IOException error) {
                failed.accept(error);
            }
        });
    }

    /**
     * Where sending a file of {@code size} bytes starts: where the peer's {@code a=file-range}
     * starts, else, when it shows sipsimple's {@code a=x-file-offset}, its answer to {@code
     * FILE_OFFSET} on {@code session}, else 0.
     *
     * @throws StreamException if the peer asks for bytes past the end
     */
    static long startOffset(MsrpSession session, MsrpMedia remote, long size) throws IOException {
        long offset = remote.fileRange().map(r -> r.start() - 1).orElse(-1L);
        if (offset < 0) {
            offset = remote.hasAttribute(FileTransferStream.X_FILE_OFFSET) ? FileOffset.ask(session, size) : 0;
        }
        if (offset > size) {
            throw new StreamException("the peer asks for bytes from " + (offset + 1) + " of a file of " + size);
        }
        return offset;
    }

    /** Why sending {@code source} failed, from the sent file's {@code cause}. */
    static FileTransferException failure(Throwable cause, Path source) {
        if (cause instanceof CancellationException) {
            return new FileTransferException(FileTransferException.CANCELLED, "cancelled by this side");
        } else if (cause instanceof MsrpTransactionException m) {
            return new FileTransferException(m.code(), m.code() == FileTransferException.REFUSED
                    ? "the receiver refused the file (" + m.code() + " " + m.comment() + ")"
                    : "the receiver answered " + m.code() + (m.comment() == null ? "" : " " + m.comment()), m);
        } else if (cause instanceof TimeoutException) {
            return new FileTransferException(FileTransferException.LOST, "the receiver did not confirm every byte in "
                    + "time", cause);
        } else if (cause instanceof MsrpSessionException) {
            return new FileTransferException(FileTransferException.LOST, "the session ended: " + cause.getMessage(),
                    cause);
        }
        return new FileTransferException(FileTransferException.LOCAL_IO, "reading " + source + " failed: "
                + cause.getMessage(), cause);
    }
}
