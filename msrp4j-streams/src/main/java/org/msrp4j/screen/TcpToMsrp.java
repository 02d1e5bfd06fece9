package org.msrp4j.screen;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.msrp4j.MsrpTransactionException;
import org.msrp4j.protocol.MsrpChunk;
import org.msrp4j.session.MsrpSession;

/**
 * Carries the bytes the local TCP side sends to the peer: each read of at most {@code chunkSize}
 * bytes goes out, in order, as one MSRP message in one SEND chunk of {@code application/x-rfb}
 * (sipsimple's framing: its reader passes on each chunk's body and ignores message boundaries).
 * The chunks ask for responses (Failure-Report absent: {@code yes}) and at most {@code window} of
 * them await theirs: while the window is full TCP is not read, so a peer (or relay) that takes the
 * data slowly slows the local program down through TCP and nothing piles up here. A response other
 * than 200, or none within the session's response timeout, fails the stream.
 */
final class TcpToMsrp {

    /** The MIME type of RFB over MSRP. */
    static final String RFB = "application/x-rfb";

    private final InputStream in;
    private final MsrpSession session;
    private final int chunkSize;
    private final Semaphore window;
    private final ScreenSharingStream stream;

    TcpToMsrp(InputStream in, MsrpSession session, int chunkSize, int window, ScreenSharingStream stream) {
        this.in = in;
        this.session = session;
        int limit = session.transport().maxChunkSize();
        this.chunkSize = limit > 0 ? Math.min(limit, chunkSize) : chunkSize;
        this.window = new Semaphore(window);
        this.stream = stream;
    }

    /** Reads and sends until the TCP side ends (then the stream ends) or fails, or the stream ends. */
    void run() {
        byte[] buffer = new byte[chunkSize];
        try {
            while (true) {
                window.acquire();
                int n = in.read(buffer);
                if (n < 0) {
                    stream.tcpClosed();
                    return;
                }
                MsrpChunk chunk = session.transport().newChunk().contentType(RFB).data(Arrays.copyOf(buffer, n))
                        .build();
                session.sendChunk(chunk, this::answered);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            stream.failed(e);
        }
    }

    /** On a reader (or the timer) thread: frees a place in the window, or fails the stream. */
    private void answered(MsrpChunk response) {
        window.release();
        if (response.code() != 200) {
            stream.failed(new MsrpTransactionException(response.code(), response.comment(), "the peer did not take"
                    + " the screen data: " + response.code() + (response.comment() == null ? ""
                    : " " + response.comment())));
        }
    }
}
