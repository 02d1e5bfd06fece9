package org.msrp4j.screen;

import java.net.InetSocketAddress;
import org.msrp4j.sdp.MsrpMedia;

/**
 * What a {@link ScreenSharingStream} tells its application. Every method has an empty default.
 *
 * <p>Threading: every call runs on the stream's own event thread, one at a time, in the order the
 * events happened; never on the session's reader or a bridging thread, so a listener may block or
 * call back into the stream (e.g. {@link ScreenSharingStream#end()}).
 */
public interface ScreenListener {

    /**
     * {@code initialize} is done: {@code localMedia} goes in the SDP offer or answer.
     *
     * @param localMedia the description to put in the SDP offer or answer
     */
    default void didInitialize(MsrpMedia localMedia) {
    }

    /** The MSRP connection is bound and the session runs; the local TCP side is being connected. */
    default void didStart() {
    }

    /**
     * The local TCP side is connected and bytes flow: the server role reached its VNC server, or
     * the viewer role accepted its viewer; {@code peer} is that program's address.
     *
     * @param peer the VNC server's or viewer's address
     */
    default void didConnect(InetSocketAddress peer) {
    }

    /** The stream is about to end: the first thing {@link ScreenSharingStream#end()} does. */
    default void willEnd() {
    }

    /**
     * The stream has ended, for {@code reason}; always the last call.
     *
     * @param reason who or what ended it: this side, the peer, the local TCP side, or a failure
     */
    default void didEnd(EndReason reason) {
    }

    /**
     * The stream failed: initialize or start failed, the VNC server could not be reached, no viewer
     * came in time, the peer refused the data or took none within the response timeout, or a
     * connection broke; {@link #didEnd} ({@link EndReason#FAILED}) follows.
     *
     * @param reason the error that ended the stream
     */
    default void didFail(Exception reason) {
    }
}
