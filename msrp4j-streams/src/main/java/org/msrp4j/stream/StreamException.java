package org.msrp4j.stream;

import org.msrp4j.MsrpException;

/**
 * A stream operation cannot be done: the stream is in the wrong state for it, or the peer's media
 * description cannot be used (then the cause is the {@link org.msrp4j.sdp.SdpException}).
 */
public class StreamException extends MsrpException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public StreamException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong
     * @param cause the error that caused it
     */
    public StreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
