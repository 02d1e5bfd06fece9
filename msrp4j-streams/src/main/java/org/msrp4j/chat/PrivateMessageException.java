package org.msrp4j.chat;

/**
 * A private message (a CPIM To other than the peer) to a peer that does not offer private messages
 * ({@code a=chatroom:private-messages}, RFC 7701): the seed's {@code MSRPChatError} for {@code to_uri}.
 */
public class PrivateMessageException extends ChatException {

    /**
     * Creates the exception.
     *
     * @param message what went wrong
     */
    public PrivateMessageException(String message) {
        super(message);
    }
}
