package org.msrp4j.session;

import java.io.IOException;
import org.msrp4j.protocol.MsrpChunk;

/**
 * Receives what arrives on a callback-style {@link MsrpSession} (msrplib's {@code
 * on_incoming_cb(chunk, error)}): accepted SEND chunks (or their segments), REPORTs and NICKNAME
 * requests, then at most one error when the session fails.
 *
 * <p>All methods run on one of the session's two reader threads, one call at a time, in arrival
 * order (one reader reads and writes the answers; the other takes over the reading only while such
 * a write is held up by a peer that does not read): return quickly, since nothing else is read
 * meanwhile (a slow handler slows the peer down through TCP, it loses nothing). To refuse a message in progress, call
 * {@link MsrpSession#refuseMessage} from {@link #onChunk}; its chunk is then answered 413.
 */
public interface IncomingHandler {

    /**
     * Called once, before any other method, on a reader thread, with the session that will call
     * this handler. A handler that answers, echoes or {@linkplain MsrpSession#refuseMessage refuses}
     * from {@link #onChunk} should take the session from here: chunks that arrived before {@link
     * MsrpSession#start} returned are handled at once, possibly before its result is stored. The
     * default does nothing.
     *
     * @param session the session
     */
    default void onStart(MsrpSession session) {
    }

    /**
     * A SEND (whole, or a segment: see {@link MsrpChunk#segment()}), REPORT or NICKNAME arrived. An
     * exception thrown here is logged through SLF4J with its stack trace and the chunk is answered
     * as not taken: a SEND's message is refused (413), a NICKNAME gets 403; the session goes on.
     * {@link MsrpSession#deliverChunk} may be called from here: this thread then reads on until
     * its response is in, and the requests read meanwhile come to this method once it has returned.
     *
     * @param chunk the chunk
     */
    void onChunk(MsrpChunk chunk);

    /**
     * A request of a method the session does not handle itself (not SEND, REPORT or NICKNAME)
     * arrived, e.g. sipsimple's {@code FILE_OFFSET}: returns its response, made with {@link
     * org.msrp4j.transport.MsrpTransport#makeResponse} from the session's transport (headers may be
     * added), or null to answer 501 (the default). An exception, or anything but a response to this
     * request, is logged and answered 500. Runs on a reader thread: return quickly.
     *
     * @param request the request
     * @return a request of a method the session does not handle itself (not SEND, REPORT or NICKNAME) arrived, e.g.
     *     sipsimple's {@code FILE_OFFSET}: returns its response, made with {@link
     *     org.msrp4j.transport.MsrpTransport#makeResponse} from the session's transport (headers may be added), or null
     *     to answer 501 (the default)
     */
    default MsrpChunk answerRequest(MsrpChunk request) {
        return null;
    }

    /**
     * The session failed and is closed: the connection was lost or closed by the peer ({@link
     * org.msrp4j.transport.ConnectionClosedException}), the input could not be parsed, or keep-alive
     * found the peer dead. Not called after a local {@link MsrpSession#shutdown}. The default does
     * nothing.
     *
     * @param error the error
     */
    default void onError(IOException error) {
    }
}
