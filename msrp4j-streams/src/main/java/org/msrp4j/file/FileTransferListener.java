package org.msrp4j.file;

import org.msrp4j.sdp.MsrpMedia;

/**
 * What a {@link FileTransferStream} tells its application: the stream's life cycle as the chat
 * stream's ({@code didInitialize}, {@code didStart}, {@code willEnd}, {@code didEnd}, {@code
 * didFail}) and the transfer's ({@code transferStarted}, {@code progress}, then exactly one of
 * {@code completed}, {@code failed} or {@code cancelled}). Every method has an empty default.
 *
 * <p>Threading: every call runs on the stream's own event thread, one at a time, in order; never
 * on the session's reader, so a listener may block or call back into the stream (e.g. {@link
 * FileTransferStream#cancel()}).
 */
public interface FileTransferListener {

    /**
     * {@code initialize} is done: {@code localMedia} goes in the SDP offer or answer.
     *
     * @param localMedia the description to put in the SDP offer or answer
     */
    default void didInitialize(MsrpMedia localMedia) {
    }

    /** The connection is bound and the session runs. */
    default void didStart() {
    }

    /** The stream is about to end. */
    default void willEnd() {
    }

    /** The stream has ended; always the last call. */
    default void didEnd() {
    }

    /**
     * The stream failed (initialize or start failed, or the session broke); {@link #didEnd} follows.
     *
     * @param reason the error that ended the stream
     */
    default void didFail(Exception reason) {
    }

    /**
     * The transfer started: {@code info} describes the file, {@code offset} is where this session
     * starts (more than 0 when resumed).
     *
     * @param info the direction, the file's selector and its transfer id
     * @param offset the octets already there before this session, 0 unless resumed
     */
    default void transferStarted(FileInfo info, long offset) {
    }

    /**
     * Progress, at most every {@link FileTransferSettings#progressInterval()}.
     *
     * @param progress the octets moved so far, the total, the rate and an estimate of the time left
     */
    default void progress(TransferProgress progress) {
    }

    /**
     * The transfer completed and, on the receiving side, the file was verified and moved into place.
     *
     * @param result the file's path, size and hashes, and where a resumed transfer began
     */
    default void completed(TransferResult result) {
    }

    /**
     * The transfer failed; on the receiving side no file was presented.
     *
     * @param code the MSRP status or one of {@link FileTransferException}'s codes
     * @param reason what went wrong
     */
    default void failed(int code, String reason) {
    }

    /**
     * The transfer was cancelled, by the peer ({@code byPeer}: {@code #} or 413) or by this side.
     *
     * @param byPeer true if the peer cancelled
     */
    default void cancelled(boolean byPeer) {
    }
}
