package org.msrp4j.session;

/**
 * A file an {@link MsrpSession} is sending: its reading state (kept by {@link FileChunks}, on the
 * writer), and how many of its chunks await responses (under the session's lock).
 */
final class FileTransfer {

    final OutgoingFile file;
    long offset;
    /** Body bytes of a full chunk, set before the first (see {@link FileChunks}). */
    int body;
    byte[] lookahead;
    boolean allSent;
    boolean finished;
    /** Set when the peer refuses the file (413): the chunk being written ends early (RFC 4975 §7.3.2). */
    volatile boolean refused;
    int inFlight;

    FileTransfer(OutgoingFile file) {
        this.file = file;
        this.offset = file.position();
    }
}
