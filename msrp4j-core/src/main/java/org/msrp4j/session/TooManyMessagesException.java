package org.msrp4j.session;

/**
 * A chunk would start a new message while a {@link MessageAssembler} already holds its limit of
 * open messages. The new message is refused (answer 413), the open ones are untouched; {@link
 * MessageAssembler#discardIdle} makes room from messages whose senders went quiet.
 */
public class TooManyMessagesException extends MessageRefusedException {

    /** The most messages in progress at once. */
    private final int limit;

    /**
     * Creates the exception for message {@code messageId} and the assembler's {@code limit}.
     *
     * @param messageId the Message-ID
     * @param limit the limit
     */
    public TooManyMessagesException(String messageId, int limit) {
        super(messageId, "message " + messageId + " refused: " + limit + " messages are open already");
        this.limit = limit;
    }

    /**
     * The most messages an assembler keeps open.
     *
     * @return the most messages an assembler keeps open
     */
    public int limit() {
        return limit;
    }
}
