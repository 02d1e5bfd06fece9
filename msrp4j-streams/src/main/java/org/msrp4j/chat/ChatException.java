package org.msrp4j.chat;

import org.msrp4j.stream.StreamException;

/**
 * A chat operation cannot be done (the seed's {@code MSRPChatError}): e.g. a private message to a
 * peer that does not offer private messages, a content type the peer does not accept, a nickname
 * to a peer that does not offer nicknames, or a stream in the wrong state.
 */
public class ChatException extends StreamException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public ChatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what went wrong
     * @param cause the error that caused it
     */
    public ChatException(String message, Throwable cause) {
        super(message, cause);
    }
}
