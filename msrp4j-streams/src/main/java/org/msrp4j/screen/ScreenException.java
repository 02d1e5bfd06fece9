package org.msrp4j.screen;

import org.msrp4j.stream.StreamException;

/**
 * A screen sharing stream cannot do what was asked: it is in the wrong state, or the peer's media
 * description does not describe screen sharing this stream can meet (not {@code m=application}, no
 * {@code application/x-rfb}, an {@code a=rfbsetup} that gives both ends the same role or an unknown
 * one), or an {@link org.msrp4j.sdp.SdpException} (its cause) makes it unusable.
 */
public class ScreenException extends StreamException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public ScreenException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong
     * @param cause the error that caused it
     */
    public ScreenException(String message, Throwable cause) {
        super(message, cause);
    }
}
