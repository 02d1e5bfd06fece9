package org.msrp4j.transport.websocket;

import org.msrp4j.MsrpException;

/**
 * A WebSocket peer broke RFC 7977's framing: a message held more than one MSRP chunk, ended in the
 * middle of one, was larger than allowed, or did not hold MSRP at all. The connection cannot go on.
 */
public class WebSocketFramingException extends MsrpException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what the peer did
     * @param cause the parse error behind it, or null
     */
    public WebSocketFramingException(String message, Throwable cause) {
        super(message, cause);
    }
}
