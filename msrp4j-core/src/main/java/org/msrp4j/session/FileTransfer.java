package org.msrp4j.session;

/**
 * A file an {@link MsrpSession} is sending: its reading state (kept by {@link FileChunks}, on the
 * writer), how many of its chunks await responses, and, when it asks for success REPORTs, what they
 * have covered (under the session's lock).
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
    /** Whether success REPORTs pace it: it asks for them, and the peer has not shown it sends none. */
    boolean paced;
    /** The bytes its success REPORTs covered, among those sent (positions from 1). */
    final RangeSet reported = new RangeSet();
    /** Whether it waits for success REPORTs to go on, since {@link #waitingSince}. */
    boolean waiting;
    long waitingSince;
    /** Probe chunks sent beyond the REPORT window since the REPORTs last left room (see {@link FileSender}). */
    int probes;
    /** When the next probe may be marked ready (while it waits). */
    long probeDue;
    /** Whether the timer found a probe due: the next chunk goes although the REPORTs leave no room. */
    boolean probeReady;

    FileTransfer(OutgoingFile file) {
        this.file = file;
        this.offset = file.position();
    }

    /** Bytes sent that no success REPORT has covered yet. */
    long unreported() {
        return offset - file.position() - reported.covered();
    }
}
